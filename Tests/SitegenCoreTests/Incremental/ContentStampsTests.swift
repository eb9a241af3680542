import Foundation
import Testing
@testable import SitegenCore

/// A content file's hash is kept in the workspace by its stamp
/// (`ContentStamps`): a rebuild takes it from there instead of reading the
/// file while its stamp is the kept one and older than the moment the
/// kept hashes were read; otherwise the file is read.
@Suite struct ContentStampsTests {
    static func site() throws -> (folder: URL, options: BuildOptions, stamps: URL, plan: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("content-stamps-\(UUID().uuidString)")
        let plans = folder.appendingPathComponent("site/content/plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        let plan = plans.appendingPathComponent("a.md")
        try Data("one plan".utf8).write(to: plan)
        try Data("title: x\n".utf8).write(to: folder.appendingPathComponent("site/content/site.yaml"))
        let options = BuildOptions(root: folder.appendingPathComponent("site"))
        return (folder, options, folder.appendingPathComponent("stamps"), plan)
    }

    static let path = "content/plans/a.md"

    @Test func aKeptHashIsBelievedOnlyUnderItsStampAndWhenOlderThanItsReading() throws {
        let (folder, options, stamps, plan) = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
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

    @Test func stampsReadBackAsWritten() throws {
        let (folder, _, stamps, plan) = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
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

    /// A file dated past what nanoseconds in 64 bits hold (after 2262) is
    /// still stamped (the times wrap), not a trap.
    @Test func aFileOfAFarTimeIsStamped() throws {
        let (folder, options, _, plan) = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
        var times = [timespec(tv_sec: 10_000_000_000, tv_nsec: 0), timespec(tv_sec: 10_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, plan.path, &times, 0) == 0)
        var info = stat()
        #expect(stat(plan.path, &info) == 0)
        try #require(info.st_mtim.tv_sec == 10_000_000_000, "the file system keeps no time that far")
        #expect(FileStamp(path: plan.path) != nil)
        #expect(BuildRecord.inputKey(options).known[Self.path]?.hash == ContentHash(Data("one plan".utf8)))
    }

    /// A file whose path cannot be kept (a tab in its name) is read on
    /// every build, and does not make the stamps be written again each time.
    @Test func aPathThatCannotBeKeptDoesNotRewriteTheStamps() throws {
        let (folder, options, stamps, plan) = try Self.site()
        defer { try? FileManager.default.removeItem(at: folder) }
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
