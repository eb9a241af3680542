import Foundation
import Testing
@testable import SitegenCore

/// A build leaves plan and indicator text on disk after the load stage
/// (`SiteLoader.load(keepText: false)`) and reads each file again when it
/// is checked, and a plan's body when its page is made: the same site,
/// and a file changed in between is an error, never another page.
@Suite struct SourceFileRereadTests {
    let plan = "content/plans/test-plan.md"

    @Test func aFileLeftOnDiskIsReadAgainWhenChecked() throws {
        let site = try TestSite()
        let (lazy, lazyProblems) = SiteLoader.load(root: site.root, keepText: false)
        let (kept, keptProblems) = SiteLoader.load(root: site.root)
        #expect(lazy.planFiles.allSatisfy { $0.text.isEmpty && $0.unread != nil })
        #expect(lazy.indicatorFiles.allSatisfy { $0.text.isEmpty && $0.unread != nil })
        #expect(lazyProblems == keptProblems)
        let (fromDisk, d1) = SiteValidator.validate(lazy)
        let (inMemory, d2) = SiteValidator.validate(kept)
        #expect(d1 == d2)
        let a = try #require(fromDisk?.plans.first?.body), b = try #require(inMemory?.plans.first?.body)
        #expect(a.markdown.isEmpty && a.source != nil)
        #expect(!b.markdown.isEmpty)
        #expect(a.bytes() == Data(b.markdown.utf8) && b.bytes() == Data(b.markdown.utf8))
        #expect(a.start == b.start)
        #expect(fromDisk?.indicators.map(\.id) == inMemory?.indicators.map(\.id))
    }

    /// `check` with no earlier results to look up does not read the plan
    /// and indicator files in the load stage (`hashing: false`): each is
    /// read once, when checked, with the same result and problems; one
    /// gone by then is reported as the load stage reports it.
    @Test func aFileTheLoadDidNotReadIsReadWhenChecked() throws {
        let site = try TestSite()
        let (unread, unreadProblems) = SiteLoader.load(root: site.root, keepText: false, hashing: false)
        let (hashed, hashedProblems) = SiteLoader.load(root: site.root, keepText: false)
        let unreadFiles = unread.planFiles + unread.indicatorFiles
        #expect(!unread.planFiles.isEmpty && !unread.indicatorFiles.isEmpty)
        #expect(unreadFiles.allSatisfy { $0.unread?.hashed == false })
        #expect((hashed.planFiles + hashed.indicatorFiles).allSatisfy { $0.unread?.hashed == true })
        #expect(unreadProblems == hashedProblems)
        let (a, d1) = SiteValidator.validate(unread)
        let (b, d2) = SiteValidator.validate(hashed)
        #expect(d1 == d2)
        #expect(a?.plans.isEmpty == false && a?.plans.map(\.slug) == b?.plans.map(\.slug))
        #expect(a?.indicators.isEmpty == false && a?.indicators.map(\.id) == b?.indicators.map(\.id))
        for file in unreadFiles {
            let url = site.root.appendingPathComponent(file.path)
            try FileManager.default.removeItem(at: url)
            let (_, d3) = SiteValidator.validate(unread)
            #expect(d3.contains { $0.location.path == file.path && $0.message == SiteLoader.unreadable(file.path, at: url).message })
        }
    }

    /// A settled file (`SourceFile.Unread.settled`: its stamp's change time
    /// older than the moment the build began reading) read again with its
    /// stamp as it was is not hashed again: given a hash that is not its
    /// bytes', it is still taken, with that hash; not settled, the same file
    /// is a change. A settled file whose stamp moved is hashed, and found changed.
    @Test func aSettledFileFoundWithItsStampIsNotHashedAgain() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent(plan)
        let stamp = try #require(FileStamp(path: url.path))
        let other = ContentHash("not these bytes"), own = ContentHash(try Data(contentsOf: url))
        func file(_ hash: ContentHash, settled: Bool) -> SourceFile {
            SourceFile(path: plan, text: "", hash: hash).leftOnDisk(at: url, changes: SourceChanges(), stamp: stamp, settled: settled)
        }
        let taken = try #require(file(other, settled: true).withText().file)
        #expect(taken.hash == other && !taken.text.isEmpty)
        #expect(file(other, settled: false).withText().file == nil)
        #expect(file(own, settled: false).withText().file?.text == taken.text)
        try site.edit(plan)
        #expect(file(own, settled: true).withText().file == nil)
        // Without a workspace the input key has no moment to compare with: nothing is settled.
        #expect(BuildRecord.inputKey(site.options).known.values.allSatisfy { !$0.settled })
    }

    /// A file read again for its bytes (`SourceFile.textBytes`, search's
    /// plan texts) gives its text's UTF-8 as `withText()` does, with no
    /// String made when it needs no decoding: as read when plain, decoded
    /// with a BOM or CR line ends; nil, and a change told, when its bytes
    /// are not those hashed; a settled file with its stamp as it was is
    /// taken without a hash, as by `withText()`.
    @Test func aFileReadAgainAsBytesIsItsText() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent(plan)
        let plain = try Data(contentsOf: url)
        func file(_ hash: ContentHash, settled: Bool = false, changes: SourceChanges = SourceChanges()) throws -> SourceFile {
            let stamp = try #require(FileStamp(path: url.path))
            return SourceFile(path: plan, text: "", hash: hash).leftOnDisk(at: url, changes: changes, stamp: stamp, settled: settled)
        }
        #expect(try file(ContentHash(plain)).textBytes() == plain)
        let other = ContentHash("not these bytes")
        #expect(try file(other, settled: true).textBytes() == plain)
        let changes = SourceChanges()
        #expect(try file(other, changes: changes).textBytes() == nil)
        #expect(changes.first?.contains(plan) == true)
        // A BOM and CRLF line ends: the decoded text's bytes.
        let text = try #require(String(data: plain, encoding: .utf8))
        let windows = Data([0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        try windows.write(to: url)
        let decoded = try #require(file(ContentHash(windows)).withText().file)
        #expect(decoded.text == text)
        #expect(try file(ContentHash(windows)).textBytes() == plain)
        // A file kept in memory: its text's bytes.
        #expect(decoded.textBytes() == plain)
    }

    @Test func aFileChangedAfterLoadingIsAnErrorWhenChecked() throws {
        let site = try TestSite()
        let (raw, _) = SiteLoader.load(root: site.root, keepText: false)
        try site.edit(plan)
        let (result, diagnostics) = SiteValidator.validate(raw)
        #expect(result == nil)
        #expect(diagnostics.map(\.description).contains { $0.hasPrefix("\(plan):") && $0.contains("changed") })
        #expect(raw.changes?.first?.contains(plan) == true)
    }

    @Test func aPlanChangedBeforeItsPageIsMadePublishesNothing() throws {
        let site = try TestSite()
        var options = site.options
        let root = site.root, plan = plan
        let original = try Data(contentsOf: root.appendingPathComponent(plan))
        // After validation, before the pages are made.
        options.progress = { stage, _, _ in
            if stage == "indexing" { try? Data("changed\n".utf8).write(to: root.appendingPathComponent(plan)) }
        }
        #expect { try Pipeline.build(options) } throws: { "\($0)".contains(plan) && "\($0)".contains("changed") }
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
        try original.write(to: root.appendingPathComponent(plan))
        #expect(try site.build().published)
    }

    /// A file's change time moves when another hard link is made to it
    /// (`cp -al` of the site, a backup tool): its stamp then differs, but
    /// its bytes do not, and that is no change. New bytes still are.
    @Test func aFileLinkedButNotWrittenIsNoChange() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent(plan)
        let data = try Data(contentsOf: url)
        // The stamp as it was before a link moved the change time (the
        // clock's tick may be too coarse to see a real link move it here).
        var stamp = try #require(FileStamp(path: url.path))
        stamp.changed -= 1_000_000
        let changes = SourceChanges()
        let file = SourceFile(path: plan, text: "", hash: ContentHash(data)).leftOnDisk(at: url, changes: changes, stamp: stamp)
        changes.verify([file])
        #expect(changes.first == nil)
        try site.edit(plan)
        changes.verify([file])
        #expect(changes.first?.contains(plan) == true)
    }
}
