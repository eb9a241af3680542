import Foundation
import Testing
@testable import SitegenCore

/// A content file's hash is kept in the workspace by its stamp
/// (`ContentStamps`): a rebuild takes it from there instead of reading the
/// file while its stamp is the kept one and older than the moment the
/// kept hashes were read; otherwise the file is read.
@Suite struct ContentStampsTests {
    /// Runs `body` with a site of one plan in a temporary folder (removed
    /// afterwards): its options, a path for the stamps, the plan's file.
    static func withSite(_ body: (_ options: BuildOptions, _ stamps: URL, _ plan: URL) throws -> Void) throws {
        try withTemporaryFolder("content-stamps") { folder in
            let plans = folder.appendingPathComponent("site/content/plans")
            try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
            let plan = plans.appendingPathComponent("a.md")
            try Data("one plan".utf8).write(to: plan)
            try Data("title: x\n".utf8).write(to: folder.appendingPathComponent("site/content/site.yaml"))
            try body(BuildOptions(root: folder.appendingPathComponent("site")), folder.appendingPathComponent("stamps"), plan)
        }
    }

    static let path = "content/plans/a.md"

    @Test func aKeptHashIsBelievedOnlyUnderItsStampAndWhenOlderThanItsReading() throws {
        try Self.withSite { options, stamps, plan in
            let real = ContentHash(Data("one plan".utf8))
            let first = BuildRecord.inputKey(options, stamps: stamps)
            #expect(first.known[Self.path]?.hash == real)
            first.stamps?.write(to: stamps)
            #expect(ContentStamps.read(stamps).entries[Self.path]?.hash == real)
            #expect(BuildRecord.inputKey(options, stamps: stamps).key == first.key)

            // Believed: another hash kept under the file's stamp, read before it changed.
            let stamp = try #require(FileStamp(path: plan.path))
            let other = ContentHash("another")
            ContentStamps(taken: stamp.changed + 1, device: stamp.device, entries: [Self.path: (stamp, other)]).write(to: stamps)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == other)
            // Not believed for a file on another device than the reading's mark (another clock, another tick).
            ContentStamps(taken: stamp.changed + 1, device: stamp.device &+ 1, entries: [Self.path: (stamp, other)]).write(to: stamps)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == real)
            // Not believed when the file's change time is not older than the reading (one tick could hold both).
            ContentStamps(taken: stamp.changed, device: stamp.device, entries: [Self.path: (stamp, other)]).write(to: stamps)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == real)
            // Nor under another stamp.
            var moved = stamp
            moved.modified += 1
            ContentStamps(taken: Int64.max, device: stamp.device, entries: [Self.path: (moved, other)]).write(to: stamps)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == real)

            // The file written again (same size) after the stamps were kept: read again.
            BuildRecord.inputKey(options, stamps: stamps).stamps?.write(to: stamps)
            try Data("two plan".utf8).write(to: plan)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == ContentHash(Data("two plan".utf8)))

            // Damaged: nothing believed, every file read.
            try "sitegen content stamps v2\ntaken\t9 1\n1 2 3\tx\t\(Self.path)\n".write(to: stamps, atomically: true, encoding: .utf8)
            #expect(ContentStamps.read(stamps).entries.isEmpty)
            #expect(BuildRecord.inputKey(options, stamps: stamps).known[Self.path]?.hash == ContentHash(Data("two plan".utf8)))
        }
    }

    @Test func stampsReadBackAsWritten() throws {
        try Self.withSite { _, stamps, plan in
            let stamp = try #require(FileStamp(path: plan.path))
            let hash = ContentHash("x")
            ContentStamps(taken: 42, device: 7, entries: ["content/plans/a b.md": (stamp, hash)]).write(to: stamps)
            let read = ContentStamps.read(stamps)
            #expect(read.taken == 42 && read.device == 7 && read.entries.count == 1)
            #expect(read.entries["content/plans/a b.md"]?.stamp == stamp && read.entries["content/plans/a b.md"]?.hash == hash)
            for text in ["", "sitegen content stamps v0\ntaken\t1\n", "sitegen content stamps v2\ntaken\tx 1\n", "sitegen content stamps v2\ntaken\t1\n", "sitegen content stamps v2\ntaken\t1 1"] {
                try text.write(to: stamps, atomically: true, encoding: .utf8)
                #expect(ContentStamps.read(stamps).taken == Int64.min)
            }
        }
    }

    /// Every field at its limits, times before 1970 (negative), read back
    /// as written; a hash or number not as `write` writes it is damage.
    @Test func stampsAtTheirLimitsReadBack() throws {
        try withTemporaryFolder("content-stamps") { folder in
            let stamps = folder.appendingPathComponent("stamps")
            let low = FileStamp(device: 0, inode: UInt64.max, size: Int64.min, modified: -1, changed: Int64.min)
            let high = FileStamp(device: UInt64.max, inode: 0, size: Int64.max, modified: Int64.max, changed: 0)
            var hash = ContentHash()
            (hash.a, hash.b) = (UInt64.max, 0x0123_4567_89AB_CDEF)
            let entries = ["content/plans/计划 一.md": (low, hash), "content/files/x.csv": (high, ContentHash("x"))]
            ContentStamps(taken: -5, device: UInt64.max, entries: entries).write(to: stamps)
            let read = ContentStamps.read(stamps)
            #expect(read.taken == -5 && read.device == UInt64.max && read.entries.count == 2)
            for (path, entry) in entries {
                #expect(read.entries[path]?.stamp == entry.0 && read.entries[path]?.hash == entry.1)
            }
            let line = "1 2 3 4 5\t\(ContentHash("x").description)\tcontent/a.md\n"
            try "sitegen content stamps v2\ntaken\t9 1\n\(line)".write(to: stamps, atomically: true, encoding: .utf8)
            #expect(ContentStamps.read(stamps).entries.count == 1)
            for damaged in [line.uppercased(), line.replacingOccurrences(of: "1 2", with: "1  2"), line.replacingOccurrences(of: "1 2", with: "-1 2"),
                            line.replacingOccurrences(of: "5\t", with: "5"), "18446744073709551616 " + line.dropFirst(2), String(line.dropLast())] {
                try "sitegen content stamps v2\ntaken\t9 1\n\(damaged)".write(to: stamps, atomically: true, encoding: .utf8)
                #expect(ContentStamps.read(stamps).entries.isEmpty, "\(damaged)")
            }
        }
    }

    /// A file dated past what nanoseconds in 64 bits hold (after 2262) is
    /// still stamped (the times wrap), not a trap.
    @Test func aFileOfAFarTimeIsStamped() throws {
        try Self.withSite { options, _, plan in
            var times = [timespec(tv_sec: 10_000_000_000, tv_nsec: 0), timespec(tv_sec: 10_000_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, plan.path, &times, 0) == 0)
            var info = stat()
            #expect(stat(plan.path, &info) == 0)
            try #require(info.st_mtim.tv_sec == 10_000_000_000, "the file system keeps no time that far")
            #expect(FileStamp(path: plan.path) != nil)
            #expect(BuildRecord.inputKey(options).known[Self.path]?.hash == ContentHash(Data("one plan".utf8)))
        }
    }

    /// A file whose path cannot be kept (a tab in its name) is read on
    /// every build, and does not make the stamps be written again each time.
    @Test func aPathThatCannotBeKeptDoesNotRewriteTheStamps() throws {
        try Self.withSite { options, stamps, plan in
            try Data("x".utf8).write(to: plan.deletingLastPathComponent().appendingPathComponent("tab\there.txt"))
            let first = BuildRecord.inputKey(options, stamps: stamps)
            #expect(first.known["content/plans/tab\there.txt"] != nil)
            // Kept as read long after every write (no tick of the file system's clock in doubt).
            var kept = try #require(first.stamps)
            kept.taken = Int64.max
            kept.write(to: stamps)
            #expect(ContentStamps.read(stamps).entries.count == first.known.count - 1)
            // Every other file believed: nothing new to keep.
            #expect(BuildRecord.inputKey(options, stamps: stamps).stamps == nil)
        }
    }

    /// A path is kept unless a tab or line break (one of its bytes) is in it.
    @Test func aPathIsKeptWithoutATabOrLineBreak() {
        let paths = ["content/plans/a.md": true, "content/plans/计划 一.md": true, "content/plans/a\tb.md": false,
                     "content/plans/a\nb.md": false, "content/plans/a\r\nb.md": false, "content/\t": false]
        for (path, kept) in paths { #expect(ContentStamps.keeps(path) == kept, "\(path)") }
    }
}
