import Foundation

/// Everything below a folder, read with `readdir` (Foundation's enumerator
/// takes seconds on the tens of thousands of folders of a large site).
enum FileTree {
    enum Kind { case file, other }

    /// Every entry that is not a folder, by relative path (`/`-separated,
    /// unsorted): plain files, and `other` for symbolic links and the rest.
    /// Folders are walked into, never followed through a link; the folders
    /// two levels down (one per page) are walked on every core.
    static func entries(_ root: String) -> [(path: String, kind: Kind)] {
        var result: [(String, Kind)] = []
        var deeper: [String] = []
        for (top, kind) in list(root, "") {
            guard kind == nil else { result.append((top, kind!)); continue }
            for (second, kind) in list(root, top + "/") {
                if let kind { result.append((second, kind)) } else { deeper.append(second) }
            }
        }
        for part in Parallel.map(deeper, { walk(root, $0 + "/") }) { result += part }
        return result
    }

    /// Everything below `root/prefix`, folders walked into.
    private static func walk(_ root: String, _ prefix: String) -> [(String, Kind)] {
        var result: [(String, Kind)] = []
        for (path, kind) in list(root, prefix) {
            if let kind { result.append((path, kind)) } else { result += walk(root, path + "/") }
        }
        return result
    }

    /// The entries of one folder (`root/prefix`): a kind, or nil for a folder.
    static func list(_ root: String, _ prefix: String) -> [(String, Kind?)] {
        let path = root + "/" + prefix
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var result: [(String, Kind?)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path + name, &info) == 0 else { continue }
                let mode = info.st_mode & S_IFMT
                type = mode == S_IFDIR ? UInt8(DT_DIR) : mode == S_IFREG ? UInt8(DT_REG) : 0
            }
            result.append((prefix + name, type == UInt8(DT_DIR) ? nil : type == UInt8(DT_REG) ? .file : .other))
        }
        return result
    }
}
