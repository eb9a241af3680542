import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The open data files of a rebuild made from the last build's bytes where
/// they can be. Each is written in parts (`OpenData`): a header, one part
/// per indicator in site order (`SiteRenderer.rows`), and perhaps a closing
/// part. An indicator's part shows that indicator and its evaluation, so it
/// depends on what its indicator page does (`rowKeys`); a part whose key was
/// in the file of the tree in place is read from there instead of made.
///
/// What a file was made of (each part's key and length, by the file's page
/// key) is kept in the workspace (`BuildState.dataParts`) with the file's
/// stamp as written (device, inode, size, modification time); it is
/// believed only for a file the record of the tree in place gives that key
/// and whose stamp is still that one (a hand edit of the published file,
/// even one that keeps its size, is never carried forward).
// @unchecked: `made` changes only under `lock`.
final class DataFileSplice: @unchecked Sendable {
    static let header = "sitegen data parts v2"

    /// One file: each part's key (nil: made every time) and length, and
    /// the file's stamp once written.
    struct Layout {
        var keys: [ContentHash?]
        var lengths: [Int]
        var stamp = Stamp()
    }

    /// What must not have changed in a file since it was written: a write
    /// in place moves the modification time, a replacement the inode.
    struct Stamp: Equatable {
        var device: UInt64 = 0, inode: UInt64 = 0, size: Int = -1, modified: Int64 = 0

        init() {}

        init(_ info: stat) {
            let file = FileStamp(info)
            device = file.device
            inode = file.inode
            size = Int(file.size)
            modified = file.modified
        }

        /// The stamp of the file at `path`; nil when it is not a plain file.
        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            self.init(info)
        }
    }

    /// Layouts of the files of the tree in place, by file key.
    private let previous: [String: Layout]
    /// Each row's key, made once when first needed.
    private let rowKeys: () -> [ContentHash]
    private let lock = NSLock()
    private var rowKeysMade: [ContentHash]?
    /// The files this build made, by file key: their path, each part's
    /// key, and its length once made.
    private var made: [String: (path: String, keys: [ContentHash?], lengths: LengthSlots)] = [:]
    /// Layouts of the files this build took unchanged, by file key, with their path.
    private var kept: [String: (path: String, layout: Layout)] = [:]

    init(previous: [String: Layout], rowKeys: @escaping () -> [ContentHash]) {
        self.previous = previous
        self.rowKeys = rowKeys
    }

    /// The keys of `count` parts of the file at `path` of a site with
    /// `rows` rows: part k (1…rows) shows row k − 1 (and whether it is the
    /// last one: a JSON array has no comma after it); nil when the file is
    /// not laid out that way.
    func partKeys(path: String, count: Int) -> [ContentHash?]? {
        let rows = lock.withLock {
            if rowKeysMade == nil { rowKeysMade = rowKeys() }
            return rowKeysMade ?? []
        }
        guard count == rows.count + 1 || count == rows.count + 2 else { return nil }
        return (0..<count).map { k in
            guard k >= 1, k <= rows.count else { return nil }
            var key = rows[k - 1]
            key.add(path)
            key.add(k == rows.count ? "last" : "-")
            return key
        }
    }

    /// `parts` of the file `fileKey` at `path`, each part found in the file
    /// `old` (the same path in the tree in place, whose record key is
    /// `oldKey`) read from there; the layout of what is written is kept.
    func splice(_ parts: TextParts, path: String, fileKey: String, old: String, oldKey: String?) -> TextParts {
        guard let keys = partKeys(path: path, count: parts.count) else { return parts }
        let lengths = LengthSlots(count: parts.count)
        lock.withLock { made[fileKey] = (path, keys, lengths) }
        let source = oldKey.flatMap { previous[$0] }.flatMap { OldFile(old, layout: $0) }
        let part = { @Sendable (k: Int) -> [UInt8] in
            let bytes = keys[k].flatMap { source?.part($0) } ?? parts.part(k)
            lengths.set(k, bytes.count)
            return bytes
        }
        guard let source else { return TextParts(count: parts.count, part: part) }
        // The writer copies the parts found from the file in place (or asks `part`).
        return TextParts(count: parts.count, part: part) { k in
            guard let piece = keys[k].flatMap(source.place) else { return nil }
            lengths.set(k, piece.length)
            return piece
        }
    }

    /// Keeps the layout of a file this build took unchanged from a tree (at `path`).
    func keep(fileKey: String, path: String) {
        lock.withLock { if let layout = previous[fileKey] { kept[fileKey] = (path, layout) } }
    }

    /// The layouts of this build's files in the tree at `root`, for `read`
    /// (once every file is written), each with the file's stamp now. A
    /// file taken unchanged keeps its layout only while it is the file
    /// that layout was written for.
    func encode(root: String) -> [UInt8] {
        var w = ByteWriter()
        w.string(Self.header)
        let (kept, made) = lock.withLock { (self.kept, self.made) }
        var files: [String: Layout] = [:]
        for (fileKey, (path, layout)) in kept where Stamp(path: root + "/" + path) == layout.stamp {
            files[fileKey] = layout
        }
        for (fileKey, file) in made {
            guard let stamp = Stamp(path: root + "/" + file.path) else { files[fileKey] = nil; continue }
            files[fileKey] = Layout(keys: file.keys, lengths: file.lengths.all, stamp: stamp)
        }
        w.int(files.count)
        for (fileKey, layout) in files.sorted(by: { $0.key < $1.key }) {
            w.string(fileKey)
            w.int(Int(bitPattern: UInt(layout.stamp.device)))
            w.int(Int(bitPattern: UInt(layout.stamp.inode)))
            w.int(layout.stamp.size)
            w.int(Int(layout.stamp.modified))
            w.int(layout.keys.count)
            for (key, length) in zip(layout.keys, layout.lengths) {
                w.int(length)
                w.bool(key != nil)
                if let key {
                    w.int(Int(bitPattern: UInt(key.a)))
                    w.int(Int(bitPattern: UInt(key.b)))
                }
            }
        }
        return w.bytes
    }

    /// The layouts `encode` wrote to `url`; empty when there are none or
    /// they cannot be read.
    static func read(_ url: URL) -> [String: Layout] {
        // Read straight into the bytes read (a large site's layouts are megabytes).
        guard let file = OpenFile(url.path), let bytes = file.bytes(0..<file.size) else { return [:] }
        var r = ByteReader(bytes)
        guard r.string() == header, let files = r.count() else { return [:] }
        var layouts: [String: Layout] = [:]
        layouts.reserveCapacity(files)
        for _ in 0..<files {
            guard let fileKey = r.string(), let device = r.int(), let inode = r.int(), let size = r.int(),
                  let modified = r.int(), let count = r.count() else { return [:] }
            var layout = Layout(keys: [], lengths: [])
            layout.stamp.device = UInt64(UInt(bitPattern: device))
            layout.stamp.inode = UInt64(UInt(bitPattern: inode))
            layout.stamp.size = size
            layout.stamp.modified = Int64(modified)
            layout.keys.reserveCapacity(count)
            layout.lengths.reserveCapacity(count)
            for _ in 0..<count {
                guard let length = r.int(), length >= 0, let hasKey = r.bool() else { return [:] }
                var key: ContentHash?
                if hasKey {
                    guard let a = r.int(), let b = r.int() else { return [:] }
                    var h = ContentHash()
                    h.a = UInt64(UInt(bitPattern: a))
                    h.b = UInt64(UInt(bitPattern: b))
                    key = h
                }
                layout.keys.append(key)
                layout.lengths.append(length)
            }
            layouts[fileKey] = layout
        }
        return r.isAtEnd ? layouts : [:]
    }

    /// The lengths of the parts as they are made, on any thread.
    // @unchecked: each slot is written once, by the thread making that part.
    private final class LengthSlots: @unchecked Sendable {
        private var slots: [Int]
        private let lock = NSLock()
        init(count: Int) { slots = [Int](repeating: 0, count: count) }
        func set(_ k: Int, _ n: Int) { lock.withLock { slots[k] = n } }
        var all: [Int] { lock.withLock { slots } }
    }

    /// A file of the tree in place, its parts found by key.
    private final class OldFile: @unchecked Sendable {
        let fd: Int32
        let parts: [ContentHash: (offset: Int, length: Int)]

        /// Nil when the file cannot be opened, is not the one the layout was
        /// written for (its stamp), or its size is not the layout's.
        init?(_ path: String, layout: Layout) {
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { return nil }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Stamp(info) == layout.stamp,
                  Int(info.st_size) == layout.lengths.reduce(0, +) else {
                close(fd)
                return nil
            }
            self.fd = fd
            var parts: [ContentHash: (offset: Int, length: Int)] = [:]
            parts.reserveCapacity(layout.keys.count)
            var offset = 0
            for (key, length) in zip(layout.keys, layout.lengths) {
                if let key { parts[key] = (offset, length) }
                offset += length
            }
            self.parts = parts
        }

        deinit { close(fd) }

        /// The bytes of the part `key`; nil when there is none or it cannot be read.
        func part(_ key: ContentHash) -> [UInt8]? {
            guard let (offset, length) = parts[key] else { return nil }
            return TreeWriter.readAll(fd, offset: offset, count: length)
        }

        /// Where the part `key` is in the file; nil when there is none.
        func place(_ key: ContentHash) -> FilePiece? {
            parts[key].map { FilePiece(fd: fd, offset: $0.offset, length: $0.length) }
        }
    }
}
