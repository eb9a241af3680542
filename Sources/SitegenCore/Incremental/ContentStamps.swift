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
    static func read(_ url: URL) -> ContentStamps {
        guard let data = FileManager.default.contents(atPath: url.path) else { return .none }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.popFirst() == Substring(header), let takenLine = lines.popFirst(),
              takenLine.hasPrefix("taken\t"), case let fields = takenLine.dropFirst(6).split(separator: " "), fields.count == 2,
              let taken = Int64(fields[0]), let device = UInt64(fields[1]), lines.popLast() == "" else { return .none }
        var entries: [String: (stamp: FileStamp, hash: ContentHash)] = [:]
        entries.reserveCapacity(lines.count)
        for line in lines {
            // stamp fields, hash, path: a path may hold spaces, never a tab or line break.
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let stamp = FileStamp(line: parts[0]), let hash = ContentHash(hex: parts[1]) else { return .none }
            entries[String(parts[2])] = (stamp, hash)
        }
        return ContentStamps(taken: taken, device: device, entries: entries)
    }

    /// Whether `path` can be kept (a line holds it after a tab): a path
    /// with a tab or line break is read on every build.
    static func keeps(_ path: String) -> Bool { !path.contains("\n") && !path.contains("\t") }

    /// Written whole beside `url` and moved in place (a reader never sees
    /// half of it); a failure only means the next build reads every file.
    func write(to url: URL) {
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
        try? Data(out.utf8).write(to: url, options: .atomic)
    }
}
