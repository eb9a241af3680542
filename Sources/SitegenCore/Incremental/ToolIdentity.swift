import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The identity of the running sitegen (`BuildOptions.identity`): a hash of
/// its executable's bytes, kept in the workspace (`BuildState.tool`) with
/// the executable's stamp (`FileStamp`: device, inode, size, modification
/// and change times), so a rebuild does not read the 14 MB executable
/// again. Writing the executable, or putting another in its place, gives
/// another stamp (a write moves the change time, which no program can set
/// back), so a changed sitegen is hashed anew. Worked out once, when first
/// asked (`hash`).
// @unchecked: `value` is read and written only under `lock`.
public final class ToolIdentity: @unchecked Sendable {
    private let executable: String
    private let kept: URL
    private let keeps: Bool
    private let lock = NSLock()
    private var value: ContentHash?

    static let header = "sitegen tool identity v1"

    /// `executable`: a path that opens the running program (`/proc/self/exe`
    /// opens it even when a new file took its name); `workspace`: see
    /// `BuildOptions.workspace` (the identity is kept there only when it
    /// exists, and `keeps`: `check` writes nothing).
    public init(executable: String, workspace: URL, keeps: Bool = true) {
        self.executable = executable
        kept = BuildState(folder: workspace).tool
        self.keeps = keeps
    }

    public var hash: ContentHash {
        lock.withLock {
            if let value { return value }
            let made = Self.identity(executable, kept: kept, keeps: keeps)
            value = made
            return made
        }
    }

    static func identity(_ executable: String, kept: URL, keeps: Bool = true) -> ContentHash {
        if let stamp = FileStamp(path: executable), let hash = read(kept, stamp: stamp) { return hash }
        guard let (data, stamp) = FileStamp.read(executable) else {
            return ContentHash("unknown tool \(getpid())")  // never matches
        }
        let hash = ContentHash(data)
        if keeps { write(hash, stamp: stamp, to: kept) }
        return hash
    }

    /// The hash kept at `url` for an executable of `stamp`; nil otherwise.
    static func read(_ url: URL, stamp: FileStamp) -> ContentHash? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[0] == header, lines[1] == stamp.line, lines[3].isEmpty else { return nil }
        return ContentHash(hex: lines[2])
    }

    /// Kept beside the other files of the workspace when it exists (an
    /// atomic write: a reader never sees half of it; none without the folder).
    static func write(_ hash: ContentHash, stamp: FileStamp, to url: URL) {
        try? Data("\(header)\n\(stamp.line)\n\(hash)\n".utf8).write(to: url, options: .atomic)
    }
}
