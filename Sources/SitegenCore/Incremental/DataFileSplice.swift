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
/// key) is kept in the workspace (`BuildState.dataParts`); it is believed
/// only for a file the record of the tree in place gives that key and whose
/// size is the sum of the lengths.
// @unchecked: `made` changes only under `lock`.
final class DataFileSplice: @unchecked Sendable {
    static let header = "sitegen data parts v1"

    /// One file: each part's key (nil: made every time) and length.
    struct Layout {
        var keys: [ContentHash?]
        var lengths: [Int]
    }

    /// Layouts of the files of the tree in place, by file key.
    private let previous: [String: Layout]
    /// Each row's key, made once when first needed.
    private let rowKeys: () -> [ContentHash]
    private let lock = NSLock()
    private var rowKeysMade: [ContentHash]?
    /// The files this build made, by file key: each part's key, and its
    /// length once made.
    private var made: [String: (keys: [ContentHash?], lengths: LengthSlots)] = [:]
    /// Layouts of the files this build took unchanged, by file key.
    private var kept: [String: Layout] = [:]

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
        lock.withLock { made[fileKey] = (keys, lengths) }
        let source = oldKey.flatMap { previous[$0] }.flatMap { OldFile(old, layout: $0) }
        return TextParts(count: parts.count) { k in
            let bytes = keys[k].flatMap { source?.part($0) } ?? parts.part(k)
            lengths.set(k, bytes.count)
            return bytes
        }
    }

    /// Keeps the layout of a file this build took unchanged from a tree.
    func keep(fileKey: String) {
        lock.withLock { if let layout = previous[fileKey] { kept[fileKey] = layout } }
    }

    /// The layouts of this build's files, for `read` (once every part is written).
    func encode() -> [UInt8] {
        var w = ByteWriter()
        w.string(Self.header)
        let files = lock.withLock {
            kept.merging(made.mapValues { Layout(keys: $0.keys, lengths: $0.lengths.all) }) { $1 }
        }
        w.int(files.count)
        for (fileKey, layout) in files.sorted(by: { $0.key < $1.key }) {
            w.string(fileKey)
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
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        var r = ByteReader([UInt8](data))
        guard r.string() == header, let files = r.count() else { return [:] }
        var layouts: [String: Layout] = [:]
        for _ in 0..<files {
            guard let fileKey = r.string(), let count = r.count() else { return [:] }
            var layout = Layout(keys: [], lengths: [])
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

        /// Nil when the file cannot be opened or its size is not the layout's.
        init?(_ path: String, layout: Layout) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var info = stat()
            guard fstat(fd, &info) == 0, Int(info.st_size) == layout.lengths.reduce(0, +) else {
                close(fd)
                return nil
            }
            self.fd = fd
            var parts: [ContentHash: (offset: Int, length: Int)] = [:]
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
    }
}
