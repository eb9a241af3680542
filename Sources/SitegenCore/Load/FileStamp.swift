import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the system says of a file when it was read (device, inode, size,
/// modification and change times, to the nanosecond): a later stamp that
/// differs means the file was written, replaced or removed since. A build
/// that read a file once compares stamps before it publishes instead of
/// reading the file again (`SourceChanges.verify`).
struct FileStamp: Equatable, Sendable {
    var device: UInt64, inode: UInt64, size: Int64
    var modified: Int64, changed: Int64

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        // Wrapping: a time past 2262 (or before 1677) is still a stamp, compared for equality.
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
    }

    /// The stamp of the file at `path` now; nil when it is gone.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The stamps of the files at `paths` now (nil for one gone), as
    /// `init(path:)` gives them, on every core: each looked up by name in
    /// its folder, opened once for all its files (a site's plan and
    /// indicator files are in two), not by its whole path (a lookup of
    /// each of its folders costs more than the stat itself). Paths of one
    /// folder are best given together: a folder is opened again when it
    /// comes back after another.
    static func stamps(of paths: [String]) -> [FileStamp?] {
        // Each path's open folder (or -1: looked up whole) and name.
        var folders: [Int32] = []
        defer { for fd in folders where fd >= 0 { close(fd) } }
        var lastFolder: Substring?, fd: Int32 = -1
        let targets = paths.map { path -> (folder: Int32, name: String) in
            guard let slash = path.utf8.lastIndex(of: 0x2F), slash != path.startIndex else { return (-1, path) }
            let folder = path[..<slash]
            if folder != lastFolder {
                // A folder that cannot be opened leaves its files to `init(path:)`.
                fd = open(String(folder), Self.pathOnly | O_DIRECTORY | O_CLOEXEC)
                folders.append(fd)
                lastFolder = folder
            }
            return fd < 0 ? (-1, path) : (fd, String(path[path.utf8.index(after: slash)...]))
        }
        return Parallel.map(targets) { target -> FileStamp? in
            guard target.folder >= 0 else { return FileStamp(path: target.name) }
            var info = stat()
            guard fstatat(target.folder, target.name, &info, 0) == 0 else { return nil }
            return FileStamp(info)
        }
    }

    /// Linux's `O_PATH` (not in Swift's Glibc module): a folder opened
    /// only to look up names in it, which needs no permission to read it.
    static let pathOnly: Int32 = 0o10000000

    /// A file's bytes with its stamp taken before they were read (a write
    /// during the read changes the stamp a later look finds); nil when it
    /// cannot be read.
    static func read(_ path: String) -> (data: Data, stamp: FileStamp)? {
        read(path, steady: false).flatMap { read in read.stamp.map { (read.data, $0) } }
    }

    /// `read(_:)`, and with `steady` the stamp only when the file's stamp
    /// after the read is the same (nil for the stamp otherwise: the bytes
    /// may be a write's, which no stamp names).
    static func read(_ path: String, steady: Bool) -> (data: Data, stamp: FileStamp?)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var data = Data(count: size)
        var done = 0
        while done < size {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        let stamp = FileStamp(info)
        guard steady else { return (data, stamp) }
        var after = stat()
        return (data, fstat(fd, &after) == 0 && FileStamp(after) == stamp ? stamp : nil)
    }
}

extension FileStamp {
    /// The stamp as one line of numbers (`ContentStamps`, `ToolIdentity`).
    var line: String { "\(device) \(inode) \(size) \(modified) \(changed)" }
}
