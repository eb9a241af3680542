import Foundation
import Testing
@testable import SitegenCore

/// A rebuild of the same plans remakes only the term shards whose tokens
/// changed (`SearchShards.touched`), and gives what a whole gather gives.
@Suite struct SearchShardsTouchedTests {
    /// 40 plans (16 shards), each with words and characters of its own.
    static let plans = SearchIndex(groups: (0..<40).map { p in
        SearchIndexTests.group("计划\(p)", sections: [("概述", "保障饮用水安全 word\(p) 第\(p)项"), ("水质", "河流\(p % 7)")])
    })

    /// `touched` for `after`, from the memo a build of `before` kept, and a whole gather of `after`.
    static func rebuild(_ before: SearchIndex, _ after: SearchIndex) throws
        -> (touched: (layout: SearchLayout, files: [SearchFiles.File])?, whole: SearchShards, made: [Int])
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("search-touched-\(UUID().uuidString)")
        defer { unlink(url.path) }
        let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
        let first = SearchPostingsMemoTests.memo(before, cache: .empty, keep: writer)
        first.keep(SearchShards(plans: before.groups.count) { p in first.postings(p, keep: nil) { before.postings(p) } }.layout)
        let memo = SearchPostingsMemoTests.memo(after, cache: SearchPostingsMemoTests.reread(url, writer), keep: nil)
        let last = try #require(memo.lastLayout)
        var made: [Int] = []
        let touched = SearchShards.touched(plans: after.groups.count, last: last, source: memo, plansAtOnce: 7) { p in
            made.append(p)
            return after.postings(p)
        }
        return (touched, SearchShards(after), made.sorted())
    }

    /// The touched files are the whole gather's bytes, and the layout its layout.
    static func expectWhole(_ touched: (layout: SearchLayout, files: [SearchFiles.File]), _ whole: SearchShards) -> Int {
        #expect(touched.layout == whole.layout)
        let all = whole.termShards + whole.termFiles.map(\.bytes)
        var made = 0
        for (file, bytes) in zip(touched.files, all) {
            if case .made(let b) = file { #expect(b == bytes); made += 1 }
        }
        #expect(touched.files.count == all.count)
        return made
    }

    @Test func anEditRemakesOnlyTheShardsOfTheTokensItChanged() throws {
        var groups = Self.plans.groups
        groups[7].sections[0].text = "保障饮用水安全 word7 第7项 鲲鹏 newword"
        let (touched, whole, made) = try Self.rebuild(Self.plans, SearchIndex(groups: groups))
        let result = try #require(touched)
        #expect(made == [7])
        let remade = Self.expectWhole(result, whole)
        #expect(remade > 0 && remade < whole.termShards.count / 2)
    }

    @Test func aTokenMovedBetweenPlansAndShardsAndFilesGivesTheWholeGather() throws {
        // 水质 has its own term file; plan 5 loses it and plan 9 gains a word plan 3 loses.
        var groups = SearchIndexTests.longPostings.groups
        groups[5].sections = groups[5].sections.map { SearchIndex.Section(heading: "概述", anchor: $0.anchor, text: "") }
        groups[3].sections[1].text = "水质 moved"
        let (touched, whole, made) = try Self.rebuild(SearchIndexTests.longPostings, SearchIndex(groups: groups))
        #expect(made == [3, 5])
        #expect(!whole.termFiles.isEmpty)
        _ = Self.expectWhole(try #require(touched), whole)
    }

    @Test func anUnchangedRebuildRemakesNothing() throws {
        let (touched, whole, made) = try Self.rebuild(Self.plans, Self.plans)
        #expect(made.isEmpty)
        #expect(Self.expectWhole(try #require(touched), whole) == 0)
    }

    @Test func aShardPastTheLimitNeedsAWholeGather() throws {
        var groups = Array(Self.plans.groups.prefix(2))
        let before = SearchIndex(groups: groups)
        groups[1].sections[0].text = Substring((0..<4000).map { "w\($0)" }.joined(separator: " "))
        let (touched, whole, _) = try Self.rebuild(before, SearchIndex(groups: groups))
        #expect(touched == nil)
        #expect(whole.termShards.count > SearchShards.shardCount(plans: 2))
    }

    @Test func otherPlansHaveNoLayout() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("search-touched-\(UUID().uuidString)")
        defer { unlink(url.path) }
        let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
        SearchPostingsMemoTests.memo(Self.plans, cache: .empty, keep: writer).keep(SearchShards(Self.plans).layout)
        let cache = SearchPostingsMemoTests.reread(url, writer)
        #expect(SearchPostingsMemoTests.memo(Self.plans, cache: cache, keep: nil).lastLayout != nil)
        let fewer = SearchIndex(groups: Array(Self.plans.groups.dropLast()))
        #expect(SearchPostingsMemoTests.memo(fewer, cache: cache, keep: nil).lastLayout == nil)
    }

    @Test func aLayoutReadsBack() throws {
        let layout = SearchShards(SearchIndexTests.longPostings).layout
        var r = ByteReader(layout.encode())
        #expect(SearchLayout.decode(&r) == layout)
        var damaged = ByteReader(Array(layout.encode().dropLast()))
        #expect(SearchLayout.decode(&damaged) == nil)
    }

    @Test func aCountStaysWhileEachSmallerCountStillOverflows() {
        let layout = SearchLayout(first: 4, count: 16, overflowing: [1, 6], shards: [], files: [])
        #expect(layout.stillOverflowing([0, 2, 3]))
        #expect(!layout.stillOverflowing([5]))  // 5 % 4 == 1
        #expect(!layout.stillOverflowing([14]))  // 14 % 8 == 6
        #expect(layout.stillOverflowing([12]))  // 12 % 4 == 0, 12 % 8 == 4
    }
}
