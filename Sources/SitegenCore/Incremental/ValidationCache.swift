import Foundation

/// What validating each plan and indicator file found (the model and the
/// file's own problems), kept from one build of an output folder to the
/// next, so that a rebuild checks only the files that changed.
///
/// An entry is used only when its key matches: the hash of the file's bytes
/// (for a plan also of the attachment list it was checked against), and the
/// whole cache belongs to one sitegen binary. Everything that looks across
/// files (unique ids, plan and section references) is checked on every
/// build. Anything unreadable is a miss, never an error.
struct ValidationCache {
    static let header = "sitegen validation cache v8\n"

    /// The cache file, open: an entry's payload is read from it when it
    /// is asked for, so the cache is held whole only when read with
    /// `whole` and at most `wholeLimit` bytes (a large site's is hundreds
    /// of megabytes). Nil for the empty cache.
    private var file: OpenFile?
    /// Path → (key, payload's place in the file).
    private var index: [String: (key: String, range: Range<Int>)] = [:]
    /// Where the last whole entry ends (what follows, if anything, is an
    /// entry cut short: an append that did not finish).
    private(set) var end = 0
    /// The bytes of the entries `index` holds (the others were replaced by later ones).
    private var live = 0
    /// The whole file, read at once when `read` was asked to (`whole`):
    /// each payload is then a part of it, no read or copy of its own.
    private var bytes: [UInt8]?

    /// The largest file `read(_:whole:)` holds whole.
    static let wholeLimit = 64 << 20

    static let empty = ValidationCache()

    var isEmpty: Bool { index.isEmpty }

    /// The cache at `url`, made by the sitegen whose identity is `tool`;
    /// empty when there is none, it is unreadable or another sitegen made
    /// it. Only the entries' paths and keys are read here, a window at a
    /// time; or, with `whole` (a build that reads nearly every payload),
    /// the whole file at once when it is at most `wholeLimit` bytes.
    static func read(_ url: URL, tool: @autoclosure () -> ContentHash, whole: Bool = false) -> ValidationCache {
        guard let file = OpenFile(url.path) else { return .empty }
        var cache = ValidationCache()
        cache.file = file
        var window = Window(file)
        if whole, file.size <= wholeLimit {
            guard let all = file.bytes(0..<file.size) else { return .empty }
            window.bytes = all
            cache.bytes = all
        }
        let head = Array(header.utf8)
        guard var r = window.reader(at: 0), r.take(head.count).map({ Array(r.bytes[$0]) }) == head,
              r.string() == tool().description else { return .empty }
        var offset = window.offset(of: r)
        cache.end = offset
        var sizes: [String: Int] = [:]
        while offset < file.size {
            // An entry cut short ends the cache (`Writer(appendingTo:)` writes over it).
            // Its heading read from a few hundred bytes, or from more when longer.
            func heading(_ size: Int) -> (path: String, key: String, n: Int, payload: Int)? {
                guard var r = window.reader(at: offset, size: size), let path = r.string(), let key = r.string(),
                      let n = r.int(), n >= 0 else { return nil }
                return (path, key, n, window.offset(of: r))
            }
            guard let (path, key, n, payload) = heading(Window.headingSize) ?? heading(Window.longest) else { break }
            guard payload <= file.size - n else { break }
            cache.index[path] = (key, payload..<payload + n)
            sizes[path] = payload + n - offset
            offset = payload + n
            cache.end = offset
        }
        cache.live = sizes.values.reduce(0, +)
        return cache
    }

    /// True when a build may add its new entries at the end of this
    /// cache's file (`Writer(appendingTo:)`) rather than write it anew:
    /// the entries replaced by later ones take at most as many bytes as
    /// the others (and a megabyte more), so the file stays within about
    /// twice what it holds.
    var canAppend: Bool { !isEmpty && end - live <= live + (1 << 20) }

    /// The payload of `path` when it was stored under `key`.
    func payload(_ path: String, key: ContentHash) -> ByteReader? {
        // The key's text made only for a path the cache holds.
        guard let entry = index[path], entry.key == key.description else { return nil }
        return payload(path)
    }

    /// Whether the cache holds `path` stored under `key` (its payload not read).
    func holds(_ path: String, key: ContentHash) -> Bool { index[path].map { $0.key == key.description } ?? false }

    /// The payload of `path`, whatever its key.
    func payload(_ path: String) -> ByteReader? {
        guard let entry = index[path] else { return nil }
        if let bytes { return ByteReader(bytes, from: entry.range.lowerBound, to: entry.range.upperBound) }
        guard let bytes = file?.bytes(entry.range) else { return nil }
        return ByteReader(bytes)
    }

    /// A part of the file in memory, for reading the entries' headings:
    /// the file whole (`read(whole:)`), or the few bytes at an entry
    /// (its heading: path, key, size): the payloads between are not read.
    private struct Window {
        /// The bytes read first at an entry: a heading is mostly a hundred.
        static let headingSize = 512
        /// The most a heading may take (a path is at most 4 KiB).
        static let longest = 8192
        let file: OpenFile
        var start = 0
        var bytes: [UInt8] = []

        init(_ file: OpenFile) { self.file = file }

        /// A reader at `offset` with at least `size` bytes (or the rest of the file) after it.
        mutating func reader(at offset: Int, size: Int = longest) -> ByteReader? {
            let end = min(file.size, offset + size)
            if offset < start || end > start + bytes.count {
                guard let read = file.bytes(offset..<end) else { return nil }
                start = offset
                bytes = read
            }
            return ByteReader(bytes, from: offset - start, to: end - start)
        }

        /// Where `r` (made by `reader(at:)`) is in the file.
        func offset(of r: ByteReader) -> Int { start + r.offset }
    }


    /// Writes a new cache beside the old one under a temporary name, an
    /// entry at a time from any thread as files are validated (nothing is
    /// held for the end); `finish` hands it to the build, which moves it in
    /// place once it has published (`commit`). A failure only means the
    /// next build checks every file.
    // @unchecked: `failed` and `fresh` change only under `lock`; `fd` and `pending` never change.
    final class Writer: @unchecked Sendable {
        let pending: URL
        private let fd: Int32
        private let lock = NSLock()
        private var failed = false
        private var fresh = 0
        /// The bytes written so far.
        private var written = 0
        /// The cache this writer adds to in place (`init(appendingTo:)`):
        /// what it holds already is not written again (an entry's place is
        /// where it is), and nothing waits to be moved in. Nil: a new file.
        private let appendingTo: ValidationCache?

        /// Adds this build's new entries at the end of the file of
        /// `cache` (read from `url`), after its last whole entry; each
        /// entry is one write, so a reader meanwhile (`check`) sees whole
        /// entries or one cut short at the end. Nil when it cannot be opened.
        init?(appendingTo url: URL, cache: ValidationCache) {
            pending = url
            appendingTo = cache
            fd = open(url.path, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            guard ftruncate(fd, off_t(cache.end)) == 0, lseek(fd, off_t(cache.end), SEEK_SET) == off_t(cache.end) else {
                close(fd)
                return nil
            }
            written = cache.end
        }

        init?(for url: URL, tool: ContentHash) {
            appendingTo = nil
            pending = URL(fileURLWithPath: url.path + ".new")
            unlink(pending.path)
            fd = open(pending.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            var w = ByteWriter()
            w.raw(Array(ValidationCache.header.utf8))
            w.string(tool.description)
            write(w.bytes)
        }

        /// One file's result; `fresh` when this build validated it. When
        /// appending, an entry not `fresh` is in the file already.
        func add(_ path: String, key: ContentHash, payload: some Collection<UInt8>, fresh: Bool) {
            if appendingTo != nil, !fresh { return }
            var w = ByteWriter()
            w.string(path)
            w.string(key.description)
            w.int(payload.count)
            w.bytes.append(contentsOf: payload)
            lock.withLock { if fresh { self.fresh += 1 } }
            write(w.bytes)
        }

        /// Whether it adds to a cache's file in place (then an entry not
        /// added again is still there for the next build).
        var appends: Bool { appendingTo != nil }

        /// Files validated anew so far.
        var checked: Int { lock.withLock { fresh } }

        /// Where `bytes` start in the file; nil when not written.
        @discardableResult
        private func write(_ bytes: [UInt8]) -> Int? {
            lock.withLock {
                guard !failed else { return nil }
                failed = !bytes.withUnsafeBufferPointer { TreeWriter.writeAll(fd, $0) }
                written += bytes.count
                return failed ? nil : written - bytes.count
            }
        }

        /// The written file, or nil (and nothing left) when it failed or is
        /// not wanted; nil too when appending (the file is in place: an
        /// entry is right whatever the build's outcome, its key being the file's bytes).
        func finish(keep: Bool) -> URL? {
            if appendingTo != nil {
                close(fd)
                return nil
            }
            let ok = lock.withLock { !failed } && close(fd) == 0
            guard ok && keep else { unlink(pending.path); return nil }
            return pending
        }
    }

    /// Puts a pending cache in place (`published`) or drops it.
    static func commit(_ pending: URL?, to url: URL, published: Bool) {
        guard let pending else { return }
        if !published || rename(pending.path, url.path) != 0 { unlink(pending.path) }
    }

    // MARK: Keys

    static func indicatorKey(_ file: SourceFile) -> ContentHash {
        var key = ContentHash("indicator file")
        key.add(file.hash)
        return key
    }

    /// A plan's attachments are checked against content/files.
    static func planKey(_ file: SourceFile, files: ContentHash) -> ContentHash {
        var key = ContentHash("plan file")
        key.add(file.hash)
        key.add(files)
        return key
    }

    static func filesHash(_ files: [String: Int]) -> ContentHash {
        var h = ContentHash("files")
        for (name, size) in files.sorted(by: { $0.key < $1.key }) {
            h.add(name)
            h.add(String(size))
        }
        return h
    }
}
