import Foundation
import Testing
@testable import SitegenCore

/// A build reads each plan and indicator file as few times as it can: the
/// input key's read gives the load stage its hashes, a file whose checked
/// result is remembered is not read to be checked, and the validation
/// cache is read an entry at a time. A file changed after its one read is
/// still found before anything is published (its stamp).
@Suite struct ReadOnceTests {
    let plan = "content/plans/test-plan.md", indicators = "content/indicators/test-plan.yaml"

    @Test func theLoadStageTakesTheHashesItIsGiven() throws {
        let site = try TestSite()
        let known = BuildRecord.inputKey(site.options).known
        let given = try #require(known[plan])
        try site.edit(plan)  // not read again: the hash is the one given
        let (raw, problems) = SiteLoader.load(root: site.root, keepText: false, known: known)
        #expect(problems.isEmpty)
        #expect(raw.planFiles.first?.hash == given.hash && raw.planFiles.first?.unread?.stamp == given.stamp)
        #expect(SiteLoader.load(root: site.root, keepText: false).0.planFiles.first?.hash != given.hash)
    }

    /// The tool's identity (the CLI hashes its executable for it) is
    /// asked for only when there are earlier results to read: a check of
    /// a site never built does without it, one after a build uses it.
    @Test func aCheckWithNoEarlierResultsDoesNotIdentifyTheTool() throws {
        let site = try TestSite()
        let asked = Counter()
        var options = site.options
        options.identity = { asked.add(); return ContentHash("sitegen library") }
        #expect(!Pipeline.check(options).diagnostics.hasErrors)
        #expect(asked.count == 0)
        _ = try site.build()
        _ = Pipeline.check(options)
        #expect(asked.count > 0)
    }

    /// A check with no earlier results reads each plan and indicator file
    /// once, when it checks it: a file rewritten between loading and
    /// checking is checked as it is then, not found changed since a first read.
    @Test func aCheckWithNoEarlierResultsReadsEachFileOnce() throws {
        let site = try TestSite()
        var options = site.options
        let root = site.root
        options.progress = { stage, _, _ in
            guard stage == "checking" else { return }
            for path in [plan, indicators] {
                let url = root.appendingPathComponent(path)
                if let text = try? String(contentsOf: url, encoding: .utf8) { try? (text + "\n").write(to: url, atomically: false, encoding: .utf8) }
            }
        }
        #expect(Pipeline.check(options).diagnostics.filter { $0.severity == .error }.map(\.description) == [])
    }

    /// Counts calls from any thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        var count: Int { lock.withLock { n } }
        func add() { lock.withLock { n += 1 } }
    }

    @Test func aRememberedFileIsNotReadToBeChecked() throws {
        let site = try TestSite()
        _ = try site.build()
        let (raw, _) = SiteLoader.load(root: site.root, keepText: false)
        // Gone after loading: a file that is read fails as changed.
        let saved = try Data(contentsOf: site.root.appendingPathComponent(indicators))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(indicators))
        let cache = ValidationCache.read(site.state.validation, tool: site.options.tool)
        let (validated, problems) = ValidationMemo(cache: cache, keep: nil).validate(raw)
        #expect(validated != nil && problems.filter { $0.severity == .error }.isEmpty)
        #expect(raw.changes?.first == nil)
        // Without the cache it is read, and found gone.
        #expect(ValidationMemo(cache: .empty, keep: nil).validate(raw).0 == nil)
        try saved.write(to: site.root.appendingPathComponent(indicators))
    }

    @Test func aFileChangedAfterItsOnlyReadPublishesNothing() throws {
        let site = try TestSite()
        _ = try site.build()
        try site.edit(plan)  // a rebuild, whose indicator file is remembered and its pages kept
        var options = site.options
        let url = site.root.appendingPathComponent(indicators)
        options.progress = { stage, _, _ in
            if stage == "indexing", let text = try? String(contentsOf: url, encoding: .utf8) {
                try? (text + "\n").write(to: url, atomically: false, encoding: .utf8)
            }
        }
        #expect { try Pipeline.build(options) } throws: { "\($0)".contains(indicators) && "\($0)".contains("changed") }
        #expect(try site.build().published)
    }

    @Test func theValidationCacheIsReadAnEntryAtATime() throws {
        let site = try TestSite()
        _ = try site.build()
        let url = site.state.validation
        let cache = ValidationCache.read(url, tool: site.options.tool)
        let (raw, _) = SiteLoader.load(root: site.root, keepText: false)
        let file = try #require(raw.indicatorFiles.first)
        let key = ValidationCache.indicatorKey(file)
        #expect(cache.payload(file.path, key: key) != nil)
        // Cut short in place after it was opened: the entries are read from the file, not held.
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 40)
        try handle.close()
        #expect(cache.payload(file.path, key: key) == nil)
        #expect(ValidationCache.read(url, tool: site.options.tool).isEmpty)
    }

    /// Read whole (a build's validate stage), the cache gives each payload
    /// as read an entry at a time, and an entry cut short at its end is
    /// no entry either way; the bytes are held, not read again.
    @Test func theValidationCacheReadWholeGivesTheSamePayloads() throws {
        let site = try TestSite()
        _ = try site.build()
        let url = site.state.validation
        let (raw, _) = SiteLoader.load(root: site.root, keepText: false)
        let files = raw.indicatorFiles + raw.planFiles
        let filesHash = ValidationCache.filesHash(raw.files)
        func key(_ file: SourceFile) -> ContentHash {
            raw.indicatorFiles.contains { $0.path == file.path } ? ValidationCache.indicatorKey(file)
                : ValidationCache.planKey(file, files: filesHash)
        }
        func payloads(_ cache: ValidationCache) -> [[UInt8]?] {
            files.map { file in cache.payload(file.path, key: key(file)).map { Array($0.bytes[$0.range]) } }
        }
        // An entry cut short after the last whole one.
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data([0x05, 0x61, 0x62]))
        try handle.close()
        let windowed = ValidationCache.read(url, tool: site.options.tool)
        let whole = ValidationCache.read(url, tool: site.options.tool, whole: true)
        #expect(!files.isEmpty && payloads(windowed).allSatisfy { $0 != nil })
        #expect(payloads(whole) == payloads(windowed) && whole.end == windowed.end)
        let truncate = try FileHandle(forWritingTo: url)
        try truncate.truncate(atOffset: 40)
        try truncate.close()
        #expect(payloads(whole).allSatisfy { $0 != nil })
    }
}
