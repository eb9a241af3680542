import Foundation

/// Each content file's hash by its stamp (`FileStamp`: device, inode,
/// size, modification and change times), kept in the workspace
/// (`BuildState.stamps`) so that a rebuild reads and hashes only the files
/// whose stamp moved, not all of content/ (`BuildRecord.inputKey`).
///
/// A kept hash is believed only when the file's stamp now is the kept one
/// and its change time is older than the moment the build that kept it
/// began reading (`taken`, the change time of a file made just before). A
/// write after that moment gives the file a change time no older than
/// `taken` (no program can set a change time), so it cannot keep the
/// stamp; a write in the same clock tick as the one before it, which could
/// leave the stamp as it was, is never believed (its change time is not
/// older than `taken`). The file is unreadable, damaged or of another
/// version: nothing is believed, every file is read. What this assumes:
/// the file system keeps a true change time (set by the kernel on every
/// write, as ext4, XFS and btrfs do; some FUSE file systems report the
/// modification time instead, where `--no-cache` reads everything).
struct ContentStamps {
    static let header = "sitegen content stamps v2"

    /// The change time (nanoseconds) of the file made when the build that
    /// kept these began reading.
    var taken: Int64
    /// The device of that file: only files on it are believed.
    var device: UInt64
    /// Path (relative to the site folder) → stamp and hash.
    var entries: [String: (stamp: FileStamp, hash: ContentHash)]

    static let none = ContentStamps(taken: Int64.min, device: 0, entries: [:])

    /// The hash kept for `path` when it is believed for a file of `stamp`.
    func hash(_ path: String, stamp: FileStamp) -> ContentHash? {
        guard let entry = entries[path], entry.stamp == stamp, stamp.device == device, stamp.changed < taken else { return nil }
        return entry.hash
    }

    /// The stamps at `url`; `none` when there are none or they cannot be read.
    /// Read as bytes: a large site keeps thousands of lines, read before
    /// anything else of a build can start.
    static func read(_ url: URL) -> ContentStamps {
        guard let data = FileManager.default.contents(atPath: url.path) else { return .none }
        return [UInt8](data).withUnsafeBufferPointer(parse) ?? .none
    }

    /// What `write` wrote; nil when anything is not as it writes it.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ContentStamps? {
        var i = 0
        /// The next line, without its line break (every line has one).
        func line() -> Range<Int>? {
            guard i < bytes.count, let end = bytes[i...].firstIndex(of: 10) else { return nil }
            defer { i = end + 1 }
            return i..<end
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        /// A decimal number at `j` (a sign only where `signed`), ended by `end`.
        func number(_ j: inout Int, signed: Bool, _ end: UInt8) -> (magnitude: UInt64, negative: Bool)? {
            var negative = false
            if signed, j < bytes.count, bytes[j] == 0x2D { negative = true; j += 1 }
            var value: UInt64 = 0, digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(UInt64(bytes[j] - 0x30))
                guard !o1, !o2 else { return nil }
                value = sum
                digits += 1
                j += 1
            }
            guard digits > 0, j < bytes.count, bytes[j] == end else { return nil }
            j += 1
            return (value, negative)
        }
        func unsigned(_ j: inout Int, _ end: UInt8) -> UInt64? { number(&j, signed: false, end)?.magnitude }
        func signed(_ j: inout Int, _ end: UInt8) -> Int64? {
            guard let (m, negative) = number(&j, signed: true, end) else { return nil }
            if negative { return m <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- m) : nil }
            return m <= UInt64(Int64.max) ? Int64(m) : nil
        }
        guard let head = line(), text(head) == header, let takenLine = line(),
              takenLine.count > 6, text(takenLine.lowerBound..<takenLine.lowerBound + 6) == "taken\t" else { return nil }
        var j = takenLine.lowerBound + 6
        guard let taken = signed(&j, 0x20), let device = unsigned(&j, 10), j == takenLine.upperBound + 1 else { return nil }
        var entries: [String: (stamp: FileStamp, hash: ContentHash)] = [:]
        entries.reserveCapacity(bytes.count / 120)
        while i < bytes.count {
            // stamp fields, hash, path: a path may hold spaces, never a tab or line break.
            guard let l = line() else { return nil }
            j = l.lowerBound
            guard let d = unsigned(&j, 0x20), let inode = unsigned(&j, 0x20), let size = signed(&j, 0x20),
                  let modified = signed(&j, 0x20), let changed = signed(&j, 9),
                  l.upperBound - j >= 33, bytes[j + 32] == 9,
                  let hash = ContentHash(hexDigits: UnsafeBufferPointer(rebasing: bytes[j..<j + 32])) else { return nil }
            let stamp = FileStamp(device: d, inode: inode, size: size, modified: modified, changed: changed)
            entries[text(j + 33..<l.upperBound)] = (stamp, hash)
        }
        return ContentStamps(taken: taken, device: device, entries: entries)
    }

    /// Whether `path` can be kept (a line holds it after a tab): a path
    /// with a tab or line break is read on every build.
    /// By byte: Foundation's search for a text is slow, and a site has thousands of paths.
    static func keeps(_ path: String) -> Bool { !path.utf8.contains { $0 == 10 || $0 == 9 } }

    /// Written whole beside `url` and moved in place (a reader never sees
    /// half of it); a failure only means the next build reads every file.
    func write(to url: URL) { Self.write(encoded(), to: url) }

    /// The text `write` writes (a build makes it before its tree is in place).
    func encoded() -> String {
        var out = "\(Self.header)\ntaken\t\(taken) \(device)\n"
        out.reserveCapacity(entries.count * 120)
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) where Self.keeps(path) {
            out += entry.stamp.line
            out += "\t"
            out += entry.hash.description
            out += "\t"
            out += path
            out += "\n"
        }
        return out
    }

    /// `encoded()` text, written as `write(to:)` does.
    static func write(_ text: String, to url: URL) { try? Data(text.utf8).write(to: url, options: .atomic) }
}
