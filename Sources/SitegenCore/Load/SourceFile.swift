import Foundation

/// A text file of the site, decoded and normalised: no BOM, LF line ends.
struct SourceFile: Sendable {
    /// Relative to the site folder, `/`-separated.
    var path: String
    var text: String
    /// Hash of the file's bytes as read.
    var hash = ContentHash()
    /// Set when the load stage left the text on disk (`text` is then
    /// empty): `withText()` reads it again when it is needed, one file at
    /// a time, so a large site's text is never all in memory.
    var unread: Unread? = nil
    /// Set when the load stage listed the file but could not take its
    /// text (it cannot be read, or is not text): the file still counts as
    /// there (a plan of its name exists), and this is its one problem,
    /// which `withText()` gives.
    var problem: Diagnostic? = nil

    /// A listed file whose text the load stage could not take, for `problem`.
    static func failed(_ path: String, _ problem: Diagnostic) -> SourceFile {
        SourceFile(path: path, text: "", problem: problem)
    }

    /// Whether `hash` is the hash of the file's bytes: false for a file the
    /// load stage could not read or did not read (`unreadUntilChecked`).
    var isHashed: Bool { problem == nil && unread?.hashed != false }

    /// Where a file left on disk is, what it was when it was read (a
    /// stamp that differs before the build publishes is a change: see
    /// `SourceChanges.verify`), and where a later read that finds it
    /// changed is told.
    struct Unread: Sendable {
        var url: URL
        var changes: SourceChanges
        var stamp: FileStamp? = nil
        /// True when `stamp` is known to change with any write after the
        /// read that gave `hash` (its change time is older than the moment
        /// this build began reading, as `ContentStamps` believes a kept
        /// hash): a read that finds the same stamp finds the bytes hashed,
        /// and `withText()` does not hash them again.
        var settled = false
        /// False when the load stage did not read the file at all (a
        /// `check` with no earlier results to look up by hash): `hash` is
        /// then no hash, and `withText()` is the file's one read.
        var hashed = true
    }

    /// The file without its text, to be read again by `withText()`.
    func leftOnDisk(at url: URL, changes: SourceChanges, stamp: FileStamp? = nil, settled: Bool = false) -> SourceFile {
        SourceFile(path: path, text: "", hash: hash, unread: Unread(url: url, changes: changes, stamp: stamp, settled: settled && stamp != nil))
    }

    /// A file the load stage only listed: `withText()` reads it, once,
    /// and takes it as it finds it (nothing was read before to compare).
    static func unreadUntilChecked(_ path: String, at url: URL, changes: SourceChanges) -> SourceFile {
        SourceFile(path: path, text: "", unread: Unread(url: url, changes: changes, hashed: false))
    }

    /// The file with its text: itself, or read again from disk when the
    /// load stage left it there, decoded (`decode`: a file the load stage
    /// only hashed is checked here, its problem returned). A file that is
    /// gone or whose bytes are not those the load stage hashed is an error
    /// (told to `changes` as well), never another text taken silently. A
    /// settled file (`Unread.settled`) found with its stamp as it was is
    /// not hashed again.
    func withText() -> (file: SourceFile?, problem: Diagnostic?) {
        if let problem { return (nil, problem) }
        guard let unread else { return (self, nil) }
        guard unread.hashed else {
            // Its first read: the load stage's error when it cannot be read;
            // no hash, which nothing will ask for.
            guard let read = FileStamp.read(unread.url.path) else { return (nil, SiteLoader.unreadable(path, at: unread.url)) }
            return Self.decode(read.data, path: path, hashing: false)
        }
        guard let data = hashedBytes(unread) else { return (nil, changed(unread)) }
        let (file, problem) = Self.decode(data, path: path, hashing: false)
        guard var file else { return (nil, problem) }
        file.hash = hash
        return (file, nil)
    }

    /// The UTF-8 bytes of the file's text (`withText()`'s `text.utf8`)
    /// for a reader of bytes, with no String made: a file left on disk
    /// whose bytes are those the load stage hashed is given as read (not
    /// checked as UTF-8 again: they were when the file was validated),
    /// unless decoding makes them another text (a BOM, CR line ends), which
    /// goes through `decode`. nil when the file has a problem or changed
    /// (told to `changes`, as by `withText()`). A reader of these bytes
    /// must take any bytes: a settled file is taken by its stamp.
    func textBytes() -> Data? {
        guard problem == nil, let unread, unread.hashed else { return withText().file.map { Data($0.text.utf8) } }
        guard let data = hashedBytes(unread) else {
            _ = changed(unread)
            return nil
        }
        let plain = data.withUnsafeBytes { Self.needsOnlyUTF8Check($0.bindMemory(to: UInt8.self)) }
        return plain ? data : Self.decode(data, path: path, hashing: false).0.map { Data($0.text.utf8) }
    }

    /// The bytes of a file left on disk, read again, when they are those
    /// the load stage hashed: hashed again, unless the file is settled
    /// (`Unread.settled`) and found with its stamp as it was. A settled
    /// file's stamp is compared after the read too (`steady`): a write
    /// during it could otherwise pass for the bytes the load hashed.
    private func hashedBytes(_ unread: Unread) -> Data? {
        guard let (data, stamp) = FileStamp.read(unread.url.path, steady: unread.settled) else { return nil }
        let same = unread.settled && stamp != nil && stamp == unread.stamp
        return same || ContentHash(data) == hash ? data : nil
    }

    /// The error on this file changed or gone since the load stage read it, told to `changes` too.
    private func changed(_ unread: Unread) -> Diagnostic {
        let problem = Self.changed(path)
        unread.changes.add(problem)
        return problem
    }

    /// The error on a file that changed (or went) after it was read.
    static func changed(_ path: String) -> Diagnostic {
        .error(SourceLocation(path: path), "the file changed (or went) while the site was being built: build again once it is saved")
    }

    /// Files larger than this are refused rather than parsed.
    static let sizeLimit = 8 * 1024 * 1024

    /// Decodes `data` as UTF-8 (a BOM and CRLF are accepted); invalid UTF-8
    /// is a diagnostic pointing at the first bad byte. `hashing: false`
    /// leaves `hash` empty (a file no cache will look up).
    static func decode(_ data: Data, path: String, hashing: Bool = true) -> (SourceFile?, Diagnostic?) {
        if data.count > sizeLimit {
            let mib = NumberText.fixed(Double(data.count) / 1_048_576, digits: 1)
            return (nil, .error(SourceLocation(path: path), "file is \(mib) MiB; a content file may be at most 8 MiB"))
        }
        let hash = hashing ? ContentHash(data) : ContentHash()
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
        // The usual file, checked where it lies: valid UTF-8 (the standard
        // library's check is fast), no NUL, no CR.
        let plain = data.withUnsafeBytes { raw -> String? in
            let all = raw.bindMemory(to: UInt8.self)
            let body = UnsafeBufferPointer(rebasing: all[(bom ? 3 : 0)...])
            guard !hasNULOrCR(body) else { return nil }
            return String(validating: body, as: UTF8.self)
        }
        if let plain { return (SourceFile(path: path, text: plain, hash: hash), nil) }
        var bytes = [UInt8](data)
        if bom { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(ofByte: bad, in: bytes)
            return (nil, .error(SourceLocation(path: path, line: line, column: column),
                                "file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)); save it as UTF-8"))
        }
        if bytes.contains(0) {
            let (line, column) = position(ofByte: bytes.firstIndex(of: 0) ?? 0, in: bytes)
            return (nil, .error(SourceLocation(path: path, line: line, column: column), "file contains a NUL character; is it a text file?"))
        }
        if bytes.contains(0x0D) {
            // CRLF and lone CR become LF.
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0D {
                    out.append(0x0A)
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    out.append(bytes[i])
                }
                i += 1
            }
            return (SourceFile(path: path, text: String(decoding: out, as: UTF8.self), hash: hash), nil)
        }
        return (SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self), hash: hash), nil)
    }

    /// Whether `bytes` hold a NUL or a CR. (memchr rather than `contains`:
    /// a byte loop with an early exit is not vectorised, memchr reads
    /// sixteen or more bytes a step.)
    static func hasNULOrCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
    }

    /// Whether `bytes` as read need nothing of `decode` but its UTF-8
    /// check: at most `sizeLimit`, no BOM, no NUL, no CR.
    static func needsOnlyUTF8Check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= sizeLimit && !bytes.starts(with: [0xEF, 0xBB, 0xBF]) && !hasNULOrCR(bytes)
    }

    /// Index of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            var minNext: UInt8 = 0x80, maxNext: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; minNext = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED: len = 3; maxNext = 0x9F
            case 0xF0: len = 4; minNext = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; maxNext = 0x8F
            default: return i
            }
            guard i + len <= n else { return i }
            if b[i + 1] < minNext || b[i + 1] > maxNext { return i }
            for k in 2..<len where b[i + k] & 0xC0 != 0x80 { return i }
            i += len
        }
        return nil
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func position(ofByte offset: Int, in b: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        var i = 0
        while i < offset && i < b.count {
            if b[i] == 0x0A { line += 1; column = 1 } else if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}
