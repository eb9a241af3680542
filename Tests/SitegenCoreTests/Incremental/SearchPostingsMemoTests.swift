import Foundation
import Testing
@testable import SitegenCore

/// What the search index keeps of each plan between builds
/// (`SearchPostingsMemo`): its postings' digests, keyed by its texts' files,
/// and the layout; a rebuild's index is the bytes a build from scratch gives.
@Suite struct SearchPostingsMemoTests {
    static let groups = [
        SearchIndexTests.group("大气工作", sections: [("概述", "保障饮用水安全，PM2.5下降")]),
        SearchIndexTests.group("水务", indicators: [SearchIndexTests.item("饮用水水源达标率", ["水环境"])]),
    ]

    /// A cache holding what `memo` kept.
    static func reread(_ url: URL, _ writer: ValidationCache.Writer?) -> ValidationCache {
        let kept = writer?.finish(keep: true)
        ValidationCache.commit(kept, to: url, published: true)
        return ValidationCache.read(url, tool: ContentHash("test"))
    }

    /// A memo of `index`'s plans, each keyed by a hash of its texts.
    static func memo(_ index: SearchIndex, cache: ValidationCache, keep: ValidationCache.Writer?, output: URL? = nil) -> SearchPostingsMemo {
        let keys = index.groups.map { g in
            var h = ContentHash(g.title)
            g.sections.forEach { h.add($0.heading); h.add(String(decoding: $0.text, as: UTF8.self)) }
            g.indicators.forEach { h.add($0.name); $0.fields.forEach { h.add($0) } }
            return h
        }
        return SearchPostingsMemo(cache: cache, keep: keep, slugs: index.groups.map(\.slug), keys: keys, output: output)
    }

    /// `index`'s shards gathered as a build gathers them with `memo`: each
    /// plan's postings asked of it, their digests given back to it.
    @discardableResult
    static func shards(_ index: SearchIndex, through memo: SearchPostingsMemo) -> SearchShards {
        SearchShards(plans: index.groups.count, postings: { p in memo.postings(p, make: { index.postings(p) }) },
                     digests: { p, d in memo.keep(digests: d, of: p) })
    }

    /// A plan whose texts did not change keeps its digests (not written
    /// again: `checked`); the index is a build from scratch's.
    @Test func anUnchangedPlanKeepsItsDigestsAndTheIndexIsTheFreshOne() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            var writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let index = SearchIndex(groups: Self.groups)
            let first = Self.memo(index, cache: .empty, keep: writer)
            let fresh = Self.shards(index, through: first)
            #expect(writer?.checked == 2)
            // The second plan changes and moves to the front: only its digests are written anew.
            var changed = Self.groups
            changed[1].indicators[0].name = "饮用水水源水质达标率"
            let next = SearchIndex(groups: [changed[1], changed[0]])
            let cache = Self.reread(url, writer)
            writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let memo = Self.memo(next, cache: cache, keep: writer)
            let cached = Self.shards(next, through: memo)
            #expect(writer?.checked == 1)
            #expect(memo.isUnchanged(1) && !memo.isUnchanged(0))
            let scratch = SearchShards(next)
            #expect(cached.termShards == scratch.termShards && cached.termFiles == scratch.termFiles)
            #expect(fresh.termShards != scratch.termShards)
            _ = writer?.finish(keep: false)
        }
    }

    /// A memo keeping digests only takes them from the gather
    /// (`keep(digests:of:)`): for a plan whose postings it made, once; for
    /// any other (kept from the last build, or not asked for) never.
    @Test func givenDigestsAreKeptOnlyForAPlanMadeAndOnce() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let index = SearchIndex(groups: Self.groups)
            let memo = Self.memo(index, cache: .empty, keep: writer)
            #expect(memo.digestsGiven)
            let postings = memo.postings(0, make: { index.postings(0) })
            let digests = SearchShards.digests(postings, count: memo.shardCount)
            #expect(writer?.checked == 0)
            memo.keep(digests: digests, of: 1)
            #expect(writer?.checked == 0)
            memo.keep(digests: digests, of: 0)
            #expect(writer?.checked == 1)
            memo.keep(digests: digests, of: 0)
            #expect(writer?.checked == 1)
            _ = writer?.finish(keep: false)
        }
    }

    /// An entry an older build wrote with the plan's postings after its
    /// digests (the memo's "segments", no longer written) reads as its
    /// digests and is kept whole; one cut short in its digests, or of
    /// another shard count, is a miss, never a trap.
    @Test func anOlderEntryWithPostingsAfterItsDigestsReadsAsTheDigests() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            let index = SearchIndex(groups: Self.groups)
            let keys = Self.memo(index, cache: .empty, keep: nil).keys
            let count = SearchShards.shardCount(plans: 2)
            let digests = (0..<2).map { SearchShards.digests(index.postings($0), count: count) }
            var writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            for p in 0..<2 {
                var w = ByteWriter()
                SearchPostingsMemo.write(digests[p], to: &w)
                // The old header (shard count, batches, order, segment sizes) and a segment.
                if p == 0 { [count, 1, 0, 3, 0, 0, 0].forEach { w.int($0) } } else { w.bytes.removeLast(3) }
                writer?.add(index.groups[p].slug, key: keys[p], payload: w.bytes, fresh: true)
            }
            var cache = Self.reread(url, writer)
            writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let memo = Self.memo(index, cache: cache, keep: writer)
            #expect(memo.lastDigests(0) == digests[0] && memo.lastDigests(1) == nil)
            var made: [Int] = []
            for p in 0..<2 {
                let postings = memo.postings(p, make: { made.append(p); return index.postings(p) })
                memo.keep(digests: SearchShards.digests(postings, count: count), of: p)
            }
            #expect(made == [0, 1])
            #expect(writer?.checked == 1)
            cache = Self.reread(url, writer)
            // Of the older entry only its digests are carried forward, not the postings after them.
            let kept = try #require(cache.payload(index.groups[0].slug, key: keys[0]))
            var expected = ByteWriter()
            SearchPostingsMemo.write(digests[0], to: &expected)
            #expect(Array(kept.bytes[kept.range]) == expected.bytes)
            let next = Self.memo(index, cache: cache, keep: nil)
            #expect(next.lastDigests(0) == digests[0] && next.lastDigests(1) == digests[1])
            // Another shard count: a miss.
            let slugs = [index.groups[0].slug] + (1..<600).map { "plan-\($0)" }
            #expect(SearchShards.shardCount(plans: slugs.count) != count)
            let other = SearchPostingsMemo(cache: cache, keep: nil, slugs: slugs, keys: slugs.map { ContentHash($0) })
            #expect(other.lastDigests(0) == nil)
        }
    }

    /// A memo added to in place (`Writer(appendingTo:)`): only the changed
    /// plan and a changed layout are written, the kept entries stay where
    /// they were, and the next build takes it all.
    @Test func aMemoAddedToInPlaceKeepsItsEntriesWhereTheyAre() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            let index = SearchIndex(groups: Self.groups)
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let first = Self.memo(index, cache: .empty, keep: writer)
            Self.shards(index, through: first)
            first.keep(SearchShards(index).layout)
            var cache = Self.reread(url, writer)
            let before = try Data(contentsOf: url)

            var changed = Self.groups
            changed[1].indicators[0].name = "饮用水水源水质达标率"
            let next = SearchIndex(groups: changed)
            let appending = try #require(ValidationCache.Writer(appendingTo: url, cache: cache))
            let memo = Self.memo(next, cache: cache, keep: appending)
            for p in 0..<2 {
                let postings = memo.postings(p, make: { next.postings(p) })
                memo.keep(digests: SearchShards.digests(postings, count: memo.shardCount), of: p)
            }
            #expect(appending.checked == 1)
            memo.keep(SearchShards(index).layout)  // the same layout: not written again
            let grown = try Data(contentsOf: url)
            #expect(grown.count > before.count && grown.prefix(before.count) == before)
            memo.keep(SearchShards(next).layout)
            #expect(try Data(contentsOf: url).count > grown.count)
            cache = Self.reread(url, appending)

            let last = Self.memo(next, cache: cache, keep: nil)
            #expect(last.isUnchanged(0) && last.isUnchanged(1))
            #expect(last.lastLayout == SearchShards(next).layout)
            #expect(last.lastDigests(1) == SearchShards.digests(next.postings(1), count: 1))
        }
    }

    /// The basic site and 31 more plans (16 term shards).
    static func manyPlans() throws -> TestSite {
        var files: [String: String?] = [:]
        for n in 0..<31 {
            files["content/plans/plan-\(n).md"] = """
                ---
                title: 第\(n)号工作要点
                issuer: 测试局
                year: 2022
                published: 2022-03-01
                ---

                前言word\(n)。

                ## 水质第\(n)项

                保障饮用水安全，河流\(n % 4)号。
                """
        }
        return try TestSite(files: files)
    }

    @Test func anEditKeepsTheShardsItDidNotTouchAndGivesTheFreshIndex() throws {
        let site = try Self.manyPlans()
        #expect(try site.build().published)
        let shards = (0..<16).map { site.output.appendingPathComponent("search/t/\($0).js") }
        let before = shards.map(CacheTests.inode)
        #expect(!before.contains(nil))
        try site.edit("content/plans/plan-3.md") { $0 + "\n鲲鹏 newword。\n" }
        #expect(try site.build().published)
        try CacheTests.expectSameAsFresh(site)
        let kept = zip(before, shards.map(CacheTests.inode)).filter { $0 == $1 }.count
        #expect(kept >= 11 && kept < 16)
        // A plan removed: the plans are not the last build's, so every shard is gathered.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/plans/plan-5.md"))
        #expect(try site.build().published)
        try CacheTests.expectSameAsFresh(site)
        // A kept shard lost from the tree in place is made again.
        try site.edit("content/plans/plan-3.md") { $0 + "\n再加一段。\n" }
        try FileManager.default.removeItem(at: shards[0])
        #expect(try site.build().published)
        try CacheTests.expectSameAsFresh(site)
    }

    @Test func aPlanEditGivesTheIndexOfAFreshBuild() throws {
        let site = try TestSite.example()
        #expect(try site.build().published)
        #expect(FileManager.default.fileExists(atPath: site.state.searchPostings.path))
        try site.edit("content/plans/xiaogan-2022.md") { $0 + "\n新增一段：饮用水水源地保护与臭氧污染防治。\n" }
        #expect(try site.build().published)
        try CacheTests.expectSameAsFresh(site)
    }
}
