import Foundation
import Testing
@testable import SitegenCore

/// Each plan's search postings are kept between builds (`SearchPostingsMemo`):
/// a plan whose texts did not change is not tokenized again, and the index
/// is the bytes a build from scratch gives.
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

    /// A memo of `index`'s plans, each keyed by a hash of its texts; by
    /// default keeping their postings (`segments`) as a large site's does.
    static func memo(_ index: SearchIndex, cache: ValidationCache, keep: ValidationCache.Writer?, output: URL? = nil,
                     segments: Bool = true) -> SearchPostingsMemo {
        let keys = index.groups.map { g in
            var h = ContentHash(g.title)
            g.sections.forEach { h.add($0.heading); h.add(String(decoding: $0.text, as: UTF8.self)) }
            g.indicators.forEach { h.add($0.name); $0.fields.forEach { h.add($0) } }
            return h
        }
        return SearchPostingsMemo(cache: cache, keep: keep, slugs: index.groups.map(\.slug), keys: keys, output: output, segments: segments)
    }

    @Test func anUnchangedPlanIsNotTokenizedAgainAndGivesTheSamePostings() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            var writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let index = SearchIndex(groups: Self.groups)
            let first = Self.memo(index, cache: .empty, keep: writer)
            let fresh = SearchShards(plans: index.groups.count) { p in first.postings(p, keep: nil, make: { index.postings(p) }) }
            #expect(writer?.checked == 2)
            // The second plan changes and moves to the front: only it is made anew.
            var changed = Self.groups
            changed[1].indicators[0].name = "饮用水水源水质达标率"
            let next = SearchIndex(groups: [changed[1], changed[0]])
            let cache = Self.reread(url, writer)
            writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let memo = Self.memo(next, cache: cache, keep: writer)
            var made: [Int] = []
            let cached = SearchShards(plans: next.groups.count) { p in
                memo.postings(p, keep: nil, make: { made.append(p); return next.postings(p) })
            }
            #expect(made == [0])
            #expect(writer?.checked == 1)
            let scratch = SearchShards(next)
            #expect(cached.termShards == scratch.termShards && cached.termFiles == scratch.termFiles)
            #expect(fresh.termShards != scratch.termShards)
            _ = writer?.finish(keep: false)
        }
    }

    /// A build's memo keeps each plan's digests only, at every size: a
    /// site gathered in batches reads its later postings from the gather's
    /// spill (`SearchShards.init(…spill:…)`), not from the memo.
    @Test func aBuildsMemoKeepsDigestsOnlyAtEverySize() {
        for plans in [2, SearchShards.batchedFrom - 1, SearchShards.batchedFrom, 10_000] {
            let slugs = (0..<plans).map { "plan-\($0)" }
            let memo = SearchPostingsMemo(cache: .empty, keep: nil, slugs: slugs, keys: slugs.map { ContentHash($0) })
            #expect(!memo.segments, "\(plans) plans")
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
            let memo = Self.memo(index, cache: .empty, keep: writer, segments: false)
            #expect(memo.digestsGiven)
            let postings = memo.postings(0, keep: nil, make: { index.postings(0) })
            let digests = SearchShards.digests(postings, count: memo.batching.count)
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

    /// A memo added to in place (`Writer(appendingTo:)`): only the changed
    /// plan and a changed layout are written, the kept postings are read
    /// back from where they were (`again`), and the next build takes it all.
    @Test func aMemoAddedToInPlaceKeepsItsEntriesWhereTheyAre() throws {
        try withTemporaryFolder("search-postings") { folder in
            let url = folder.appendingPathComponent("memo")
            let index = SearchIndex(groups: Self.groups)
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let first = Self.memo(index, cache: .empty, keep: writer)
            _ = SearchShards(plans: 2) { p in first.postings(p, keep: nil, make: { index.postings(p) }) }
            first.keep(SearchShards(index).layout)
            var cache = Self.reread(url, writer)
            let before = try Data(contentsOf: url)

            var changed = Self.groups
            changed[1].indicators[0].name = "饮用水水源水质达标率"
            let next = SearchIndex(groups: changed)
            let appending = try #require(ValidationCache.Writer(appendingTo: url, cache: cache))
            let memo = Self.memo(next, cache: cache, keep: appending)
            for p in 0..<2 { _ = memo.postings(p, keep: nil, make: { next.postings(p) }) }
            #expect(appending.checked == 1)
            #expect(Self.same(memo.again(0, shards: 0..<1, of: 1), next.postings(0)))
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

    /// The same postings, whatever the order of their codes.
    static func same(_ a: SearchIndex.Postings?, _ b: SearchIndex.Postings) -> Bool {
        guard let a else { return false }
        return a.codes.sorted() == b.codes.sorted() && a.words.map { "\($0.0) \($0.1)" } == b.words.map { "\($0.0) \($0.1)" }
    }

    @Test func postingsReadBackAtAnotherPlace() throws {
        let index = SearchIndex(groups: Self.groups)
        let postings = index.postings(1)
        let batching = SearchShards.Batching(count: 8, batches: 4)
        let (bytes, _) = SearchPostingsMemo.encode(postings, base: SearchIndex.stride, batching)
        var r = ByteReader(bytes)
        let (read, ordered, segments) = try #require(SearchPostingsMemo.header(&r))
        #expect(read == batching && !ordered)
        let moved = try #require(SearchPostingsMemo.decode(bytes, segments: segments, base: 5 * SearchIndex.stride))
        let shift = UInt64(4 * SearchIndex.stride) << 1
        #expect(moved.codes.sorted() == postings.codes.map { $0 + shift })
        #expect(moved.words.map(\.0).sorted() == postings.words.map(\.0).sorted())
        #expect(Set(moved.words.map { "\($0.0) \($0.1)" }) == Set(postings.words.map { "\($0.0) \($0.1 + UInt32(shift))" }))
        var damaged = ByteReader(Array(bytes.dropLast()))
        #expect(SearchPostingsMemo.header(&damaged) == nil)
        var cut = bytes
        cut[segments[3].upperBound - 1] = 0xFF
        #expect(SearchPostingsMemo.decode(cut, segments: segments, base: 0) == nil)
    }

    /// Postings read for some shards only: exactly those shards' codes
    /// and words, the others stepped over.
    @Test func postingsReadForSomeShardsAreExactlyTheirs() throws {
        let index = SearchIndex(groups: Self.groups)
        let postings = index.postings(0)
        let (bytes, segments) = SearchPostingsMemo.encode(postings, base: 0, SearchShards.Batching(count: 8, batches: 2))
        let wanted = SearchShardFilter(count: 8, shards: [3, 6])
        let part = try #require(SearchPostingsMemo.decode(bytes, segments: segments, base: 0, keep: wanted))
        let codes = postings.codes.filter { wanted.takes(SearchShards.hash(code: UInt32($0 >> 32))) }
        #expect(!codes.isEmpty && codes.count < postings.codes.count)
        #expect(part.codes.sorted() == codes.sorted())
        #expect(part.words.map(\.0).sorted() == postings.words.map(\.0).filter { wanted.takes(SearchShards.hash($0.utf16)) }.sorted())
    }

    /// Postings kept in shard order come with a directory of each
    /// segment's shards: a reader of some shards, of the kept count or of
    /// another, seeks to theirs and gets exactly their codes and words,
    /// in shard order; a reader of all of them gets all.
    @Test func postingsInShardOrderAreReadBySeekingToTheWantedShards() throws {
        let index = SearchIndex(groups: Self.groups)
        let postings = SearchIndex.postings(of: index.groups[0], at: 0, shards: 8)
        let batching = SearchShards.Batching(count: 8, batches: 2)
        let (bytes, _) = SearchPostingsMemo.encode(postings, base: 0, batching)
        var r = ByteReader(bytes)
        let (_, ordered, segments) = try #require(SearchPostingsMemo.header(&r))
        #expect(ordered)
        let all = try #require(SearchPostingsMemo.decode(bytes, segments: segments, base: 0, shards: 8))
        #expect(all.codes == postings.codes)
        for wanted in [SearchShardFilter(count: 8, shards: [3, 6]), SearchShardFilter(count: 16, shards: [2, 13]),
                       SearchShardFilter(count: 4, shards: [1]), SearchShardFilter(count: 8, shards: [])] {
            let part = try #require(SearchPostingsMemo.decode(bytes, segments: segments, base: 0, shards: 8, keep: wanted))
            let codes = postings.codes.filter { wanted.takes(SearchShards.hash(code: UInt32($0 >> 32))) }
            #expect(part.codes == codes, "shards of \(wanted.count)")
            #expect(part.words.map(\.0).sorted() == postings.words.map(\.0).filter { wanted.takes(SearchShards.hash($0.utf16)) }.sorted())
        }
        #expect(postings.codes.contains { [2, 5].contains(SearchShards.hash(code: UInt32($0 >> 32)) & 7) })
        // A directory that does not add up is no memo.
        var w = ByteWriter()
        for n in [5, 2, 0, 4, 100, 0, 0, 1, 0, 2, 1, 1] { w.int(n) }  // 100 bytes of codes said, 3 there
        #expect(SearchPostingsMemo.decode(w.bytes, segments: [0..<w.bytes.count], base: 0, shards: 8,
                                          keep: SearchShardFilter(count: 8, shards: [1])) == nil)
    }

    /// A directory's groups hold the shards `enter` put in them, whether
    /// or not the group count divides the shard count: each shard's codes
    /// are found in the group a reader looks in.
    @Test func aDirectorysGroupsHoldTheShardsEnteredInThem() throws {
        for count in [1, 3, 8, 255, 300, 1024] {
            var directory = SearchPostingsMemo.Directory(shards: 7..<7 + count, ordered: true)
            for k in 0..<count { directory.enter(7 + k, at: k, after: UInt64(k)) }
            var w = ByteWriter()
            directory.write(to: &w, length: count, last: UInt64(count))
            w.bytes += [UInt8](repeating: 0, count: count)
            var r = ByteReader(w.bytes)
            let read = try #require(SearchPostingsMemo.Directory(&r))
            let codesAt = r.offset
            for g in 0..<read.groups {
                let place = read.place(g)
                let shards = read.shards(ofGroup: g)
                #expect(place.from - codesAt..<place.to - codesAt == shards.lowerBound - 7..<shards.upperBound - 7, "\(count) shards, group \(g)")
            }
        }
    }

    /// A damaged memo's numbers that do not fit 32 bits are refused (nil), never trapped on.
    @Test func numbersTooLargeAreNoMemo() {
        let max = Int(UInt32.max)
        // A segment: its posting count, no directory (0), codes (step, count, gaps), its words.
        let segments: [(codes: [Int], total: Int, word: Int?)] = [
            ([1, 2, Int.max, Int.max], 2, nil),  // a gap past 32 bits
            ([1, 2, max, max], 2, nil),  // gaps adding up past 32 bits
            ([], 0, max + 1),  // a word's number past 32 bits
        ]
        for (codes, total, word) in segments {
            var w = ByteWriter()
            w.int(total)
            w.int(0)
            codes.forEach { w.int($0) }
            w.int(word == nil ? 0 : 1)
            if let word {
                w.string("pm")
                w.int(word)
            }
            #expect(SearchPostingsMemo.decode(w.bytes, segments: [0..<w.bytes.count], base: 3) == nil, "\(codes) \(word ?? 0)")
        }
    }

    /// A shard of fewer shards than a filter's is wanted when any of the
    /// shards it splits into is.
    @Test func aShardFilterAnswersForShardsOfAnotherCount() {
        let wanted = SearchShardFilter(count: 16, shards: [13])
        #expect((0..<8).filter { wanted.takesAny(ofShard: $0, of: 8) } == [5])
        #expect((0..<4).filter { wanted.takesAny(ofShard: $0, of: 4) } == [1])
        #expect((0..<32).filter { wanted.takesAny(ofShard: $0, of: 32) } == [13, 29])
        #expect(wanted.takes(13) && wanted.takes(29) && !wanted.takes(12))
    }

    /// Each batch's segment holds the postings of the tokens of its shards, and only those.
    @Test func aSegmentHoldsItsBatchsTokens() throws {
        let index = SearchIndex(groups: Self.groups)
        let postings = index.postings(0)
        let batching = SearchShards.Batching(count: 8, batches: 3)
        let (bytes, segments) = SearchPostingsMemo.encode(postings, base: 0, batching)
        var seen = 0
        for b in 0..<3 {
            let part = try #require(SearchPostingsMemo.decode(bytes, segments: [segments[b]], base: 0))
            let shards = batching.shards(b)
            let wanted = postings.codes.filter { shards.contains(Int(SearchShards.hash(code: UInt32($0 >> 32)) & 7)) }
            #expect(part.codes == wanted)
            #expect(part.words.allSatisfy { shards.contains(Int(SearchShards.hash($0.0.utf16) & 7)) })
            seen += part.codes.count + part.words.count
        }
        #expect(seen == postings.codes.count + postings.words.count)
        #expect((0..<8).map(batching.batch(of:)) == [0, 0, 1, 1, 1, 2, 2, 2])
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
