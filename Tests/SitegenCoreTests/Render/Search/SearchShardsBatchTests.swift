import Foundation
import Testing
@testable import SitegenCore

/// A full build gathers the term shards a batch of shards at a time
/// (`SearchShards.init(…batches:…)`), each plan's postings given once and
/// the later batches' read back from the gather's spill or tokenized again
/// (`remake`): the same bytes and layout as one gather of every shard.
@Suite struct SearchShardsBatchTests {
    /// The numbers' alphabet, in its three places: the table, the digit
    /// worked out, and the script that reads the files.
    @Test func theDigitsAgreeWithTheTableAndTheScript() {
        #expect((0..<64).allSatisfy { SearchShards.digit(UInt32($0)) == SearchShards.digits[$0] })
        #expect(SearchScript.body.contains("var DIGITS = \"" + String(decoding: SearchShards.digits, as: UTF8.self) + "\";"))
    }

    /// 40 plans, and one of words that all fall in the last of its 32 shards,
    /// so only a later batch needs twice the shards (the batches before are made again).
    static let sites: [SearchIndex] = {
        let words = (0..<100_000).map { "w\($0)" }.filter { SearchShards.hash($0.utf16) & 31 == 31 }.prefix(3000)
        var groups = SearchShardsTouchedTests.plans.groups
        let plain = SearchIndex(groups: groups)
        groups[3].sections[0].text = Data(words.joined(separator: " ").utf8)
        return [plain, SearchIndex(groups: groups), SearchIndexTests.longPostings]
    }()

    /// Without a spill, the later batches tokenize each plan again
    /// (`remake`), and the memo is asked for each plan once.
    @Test(arguments: [2, 3, 16, 64])
    func shardsGatheredInBatchesRemadeAreTheWholeGather(batches: Int) throws {
        for index in Self.sites {
            let plans = index.groups.count
            let whole = SearchShards(index)
            try withTemporaryFolder("search-batches") { folder in
                let url = folder.appendingPathComponent("memo")
                let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
                let memo = SearchPostingsMemoTests.memo(index, cache: .empty, keep: writer)
                let made = Counter(), reread = Counter()
                let batched = SearchShards(plans: plans, plansAtOnce: 7, batches: batches,
                                           postings: { p in made.add(); return memo.postings(p) { index.postings(p) } },
                                           remake: { p in reread.add(); return index.postings(p) },
                                           digests: { p, d in memo.keep(digests: d, of: p) })
                #expect(batched.termShards == whole.termShards)
                #expect(batched.termFiles == whole.termFiles)
                #expect(batched.layout == whole.layout)
                #expect(made.value == plans)
                #expect(reread.value >= plans * (min(batches, SearchShards.shardCount(plans: plans)) - 1))
                #expect(writer?.checked == plans)
                _ = writer?.finish(keep: false)
            }
        }
    }

    /// A large site's full build: the first batch spills each plan's
    /// postings of the later batches' shards (`SearchShards.init(…spill:…)`)
    /// and they read them back from there: each plan's postings made once,
    /// none tokenized again (but by a first batch made again at a larger
    /// count, the second site), the whole gather's bytes and layout.
    @Test(arguments: [2, 3, 16, 64])
    func shardsGatheredInBatchesFromTheSpillAreTheWholeGather(batches: Int) {
        for (n, index) in Self.sites.enumerated() {
            let plans = index.groups.count
            let whole = SearchShards(index)
            let spill = SearchFileStore(spill: FileManager.default.temporaryDirectory.appendingPathComponent("search-spill-\(UUID().uuidString)"))
            let made = Counter(), reread = Counter()
            let batched = SearchShards(plans: plans, plansAtOnce: 7, batches: batches, spill: spill,
                                       postings: { p in made.add(); return index.postings(p) },
                                       remake: { p in reread.add(); return index.postings(p) })
            #expect(batched.termShards == whole.termShards)
            #expect(batched.termFiles == whole.termFiles)
            #expect(batched.layout == whole.layout)
            #expect(made.value == plans)
            if n != 1 { #expect(reread.value == 0, "site \(n)") }
        }
    }

    @Test func aLaterBatchThatNeedsMoreShardsMakesTheOthersAgain() {
        let index = Self.sites[1], reread = Counter()
        let batched = SearchShards(plans: index.groups.count, batches: 16, postings: { index.postings($0) },
                                   remake: { p in reread.add(); return index.postings(p) })
        #expect(batched.termShards.count > SearchShards.shardCount(plans: index.groups.count))
        #expect(batched.layout == SearchShards(index).layout)
        #expect(reread.value > index.groups.count * 15)
    }

    /// Each batch's bytes handed to a spill file as made (the last site
    /// makes its first batches again at a larger count): the files read
    /// back are the whole gather's, with its hashes, none held by the shards.
    @Test(arguments: [1, 3, 16])
    func shardsHandedToAStoreAsMadeReadBackTheWholeGather(batches: Int) {
        for index in Self.sites {
            let whole = SearchShards(index)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("search-store-\(UUID().uuidString)")
            let store = SearchFileStore(spill: url)
            #expect(!FileManager.default.fileExists(atPath: url.path))  // unlinked once opened
            let stored = SearchShards(plans: index.groups.count, plansAtOnce: 7, batches: batches, store: store,
                                      postings: { index.postings($0) }, remake: { index.postings($0) })
            #expect(stored.layout == whole.layout)
            #expect(stored.termShards.allSatisfy(\.isEmpty) && stored.termFiles.allSatisfy(\.bytes.isEmpty))
            let files = SearchFiles(stored), all = whole.termShards + whole.termFiles.map(\.bytes)
            #expect(files.count == all.count && files.names == whole.termFiles.map(\.name))
            for i in all.indices {
                #expect(files.bytes(i) == all[i])
                #expect(files.hashes[i] == ContentHash.of(all[i]))
            }
        }
    }

    /// A count from many threads.
    // @unchecked: `count` is read and written only under `lock`.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
