import Foundation

/// Everything below a folder, read with `readdir` (Foundation's enumerator
/// takes seconds on the tens of thousands of folders of a large site).
enum FileTree {
    enum Kind { case file, other }

    /// Every entry that is not a folder, by relative path (`/`-separated,
    /// unsorted): plain files, and `other` for symbolic links and the rest.
    /// Folders are walked into, never followed through a link.
    static func entries(_ root: String) -> [(path: String, kind: Kind)] {
        var result: [(String, Kind)] = []
        func walk(_ path: String, _ prefix: String) {
            guard let handle = opendir(path) else { return }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(path + "/" + name, &info) == 0 else { continue }
                    let mode = info.st_mode & S_IFMT
                    type = mode == S_IFDIR ? UInt8(DT_DIR) : mode == S_IFREG ? UInt8(DT_REG) : 0
                }
                if type == UInt8(DT_DIR) {
                    walk(path + "/" + name, prefix + name + "/")
                } else {
                    result.append((prefix + name, type == UInt8(DT_REG) ? .file : .other))
                }
            }
        }
        walk(root, "")
        return result
    }
}
