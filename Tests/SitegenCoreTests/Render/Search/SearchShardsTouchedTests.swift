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

    /// `touched` for `after`, from the digests a build of `before` kept and
    /// its files written as the tree in place (`edit` changes them before
    /// the rebuild), and a whole gather of `after`.
    static func rebuild(_ before: SearchIndex, _ after: SearchIndex, edit: (URL) throws -> Void = { _ in }) throws
        -> (touched: (layout: SearchLayout, files: [SearchFiles.File])?, whole: SearchShards, made: [Int])
    {
        try withTemporaryFolder("search-touched") { folder in
            let url = folder.appendingPathComponent("memo"), tree = folder.appendingPathComponent("tree")
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let first = SearchPostingsMemoTests.memo(before, cache: .empty, keep: writer)
            let made = SearchShards(plans: before.groups.count, postings: { p in first.postings(p) { before.postings(p) } },
                                    digests: { first.keep(digests: $1, of: $0) })
            first.keep(made.layout)
            try write(made, to: tree)
            try edit(tree)
            let memo = SearchPostingsMemoTests.memo(after, cache: SearchPostingsMemoTests.reread(url, writer), keep: nil, output: tree)
            let last = try #require(memo.lastLayout)
            var tokenized: [Int] = []
            let touched = SearchShards.touched(plans: after.groups.count, last: last, source: memo) { p in
                tokenized.append(p)
                return after.postings(p)
            }
            return (touched, SearchShards(after), tokenized.sorted())
        }
    }

    /// The shards and term files of `shards` where a site's tree has them.
    static func write(_ shards: SearchShards, to tree: URL) throws {
        let fm = FileManager.default
        for folder in [SearchShards.termFolder, SearchShards.termFileFolder] {
            try fm.createDirectory(at: tree.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for (k, bytes) in shards.termShards.enumerated() {
            try Data(bytes).write(to: tree.appendingPathComponent(SearchShards.termFolder + "\(k).js"))
        }
        for file in shards.termFiles {
            try Data(file.bytes).write(to: tree.appendingPathComponent(SearchShards.termFileFolder + file.name))
        }
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
        groups[7].sections[0].text = Data("保障饮用水安全 word7 第7项 鲲鹏 newword".utf8)
        let (touched, whole, made) = try Self.rebuild(Self.plans, SearchIndex(groups: groups))
        let result = try #require(touched)
        #expect(made == [7])
        let remade = Self.expectWhole(result, whole)
        #expect(remade > 0 && remade < whole.termShards.count / 2)
    }

    @Test func aTokenMovedBetweenPlansAndShardsAndFilesGivesTheWholeGather() throws {
        // 水质 has its own term file; plan 5 loses it and plan 9 gains a word plan 3 loses.
        var groups = SearchIndexTests.longPostings.groups
        groups[5].sections = groups[5].sections.map { SearchIndex.Section(heading: "概述", anchor: $0.anchor) }
        groups[3].sections[1].text = Data("水质 moved".utf8)
        let (touched, whole, made) = try Self.rebuild(SearchIndexTests.longPostings, SearchIndex(groups: groups))
        #expect(made == [3, 5])
        #expect(!whole.termFiles.isEmpty)
        _ = Self.expectWhole(try #require(touched), whole)
    }

    @Test func aTouchedShardNotInTheTreeAsMadeNeedsAWholeGather() throws {
        var groups = Self.plans.groups
        groups[7].sections[0].text = Data("保障饮用水安全 word7 第7项 鲲鹏 newword".utf8)
        let after = SearchIndex(groups: groups)
        let (untouched, _, _) = try Self.rebuild(Self.plans, after)
        let result = try #require(untouched)
        let k = try #require(result.files.indices.first { if case .made = result.files[$0] { true } else { false } })
        // The same size, another byte: its hash is not the layout's.
        let (tampered, _, _) = try Self.rebuild(Self.plans, after) { tree in
            let url = tree.appendingPathComponent(SearchShards.termFolder + "\(k).js")
            var bytes = try [UInt8](Data(contentsOf: url))
            bytes[bytes.count - 6] ^= 1
            try Data(bytes).write(to: url)
        }
        #expect(tampered == nil)
        let (lost, _, _) = try Self.rebuild(Self.plans, after) { tree in
            try FileManager.default.removeItem(at: tree.appendingPathComponent(SearchShards.termFolder + "\(k).js"))
        }
        #expect(lost == nil)
    }

    @Test func aShardReadBackGivesItsTokensAndTheirNumbers() throws {
        let index = SearchIndexTests.longPostings
        let shards = SearchShards(index)
        let files = Dictionary(uniqueKeysWithValues: shards.termFiles.map { ($0.name, $0.bytes) })
        var stubs = 0
        for (k, bytes) in shards.termShards.enumerated() {
            var read: [String] = []
            let text = try #require(SearchShardText(bytes, shard: k) { name in read.append(name); return files[name] })
            stubs += read.count
            var gathered = SearchShards.Gathered()
            for (key, numbers) in text.tokens { for d in numbers { gathered.add(key, d) } }
            let again = SearchShards.shard(k, gathered.tokens())
            #expect(again.shard == bytes)
            #expect(again.files.map(\.name).sorted() == read.sorted())
            #expect(SearchShardText(bytes, shard: k + 1) { files[$0] } == nil)
            #expect(SearchShardText(Array(bytes.dropLast(5)) + Array("});\n".utf8), shard: k) { files[$0] } == nil || bytes.count < 30)
        }
        #expect(stubs == shards.termFiles.count && stubs > 0)
    }

    /// `appendString` appends what `string` makes, whether the string needs
    /// an escape (each byte that can need one, alone and among CJK text) or not.
    @Test func aScriptStringAppendedIsTheStringMade() {
        let marks = ["", "\u{0}", "\n", "\t", "\u{1F}", "\"", "\\", "<", ">", "&", "\u{2028}", "\u{2029}", "\u{2000}", "—", "é", "𠀀"]
        for mark in marks {
            for s in [mark, "饮用水" + mark, mark + "pm2.5", "甲" + mark + "乙" + mark] {
                var bytes: [UInt8] = [7]
                ScriptText.appendString(s, to: &bytes)
                #expect(bytes == [7] + Array(ScriptText.string(s).utf8), "\(s.debugDescription)")
            }
        }
        var pair: [UInt8] = [], four: [UInt8] = []
        ScriptText.appendStrings("一", "<a>", to: &pair, comma: true)
        ScriptText.appendStrings("一", "", "\"", "4", to: &four, comma: false)
        #expect(String(decoding: pair, as: UTF8.self) == ",[\"一\",\"\\u003ca\\u003e\"]")
        #expect(String(decoding: four, as: UTF8.self) == "[\"一\",\"\",\"\\\"\",\"4\"]")
    }

    @Test func aScriptStringReadsBackWithItsEscapes() {
        for s in ["pm2.5", "a\"b\\c", "<&>", "line\u{2028}x", "𠀀x", "tab\there", "é"] {
            var bytes: [UInt8] = []
            ScriptText.appendString(s, to: &bytes)
            var at = 0
            #expect(SearchShardText.string(bytes, at: &at) == s)
            #expect(at == bytes.count)
        }
        var at = 0
        #expect(SearchShardText.string(Array("\"\\ud800\"".utf8), at: &at) == nil)
        #expect(SearchShardText.key("饮用") == .code(0x996E << 16 | 0x7528))
        #expect(SearchShardText.key("水") == .code(0x6C34))
        #expect(SearchShardText.key("𠀀") == .word("𠀀"))
        #expect(SearchShardText.key("ab") == .word("ab"))
    }

    @Test func digestsDifferOnlyInTheShardsWhosePostingsDiffer() {
        var groups = Self.plans.groups
        let before = SearchIndex(groups: groups).postings(7)
        groups[7].sections[0].text = Data("保障饮用水安全 word7 第7项 鲲鹏 newword".utf8)
        let after = SearchIndex(groups: groups).postings(7)
        let (a, b) = (SearchShards.digests(before, count: 16), SearchShards.digests(after, count: 16))
        let touched = Set(Self.differingTokens(before, after).map { Int($0 & 15) })
        #expect(Set((0..<16).filter { a[$0] != b[$0] }) == touched)
        #expect(!touched.isEmpty && touched.count < 16)
        // The same postings in another order: the same digests.
        var shuffled = before
        shuffled.codes.reverse()
        shuffled.words.reverse()
        #expect(SearchShards.digests(shuffled, count: 16) == a)
    }

    @Test func digestsOfPostingsInShardOrderAreThoseOfAnyOrder() {
        for p in Self.plans.groups.indices {
            let ordered = SearchIndex.postings(of: Self.plans.groups[p], at: p, shards: 16)
            #expect(ordered.shardStarts.count == 17)
            var plain = ordered
            plain.shards = 0
            plain.shardStarts = []
            plain.codes.reverse()
            #expect(SearchShards.digests(ordered, count: 16) == SearchShards.digests(plain, count: 16))
            // Another count's starts are not used.
            #expect(SearchShards.digests(ordered, count: 8) == SearchShards.digests(plain, count: 8))
        }
    }

    /// The digests a gather gives each plan, summed as it adds the
    /// postings (in one batch) or made from them (in batches), are those
    /// of the plan's postings: codes in shard order with their starts or
    /// not, a few plans at a time.
    @Test(arguments: [(false, 1), (true, 1), (true, 3)])
    func theGatherGivesEachPlansDigests(ordered: Bool, batches: Int) {
        final class Given: @unchecked Sendable {
            let lock = NSLock()
            var digests: [Int: [UInt64]] = [:]
            var calls = 0
        }
        let given = Given()
        let count = SearchShards.shardCount(plans: Self.plans.groups.count)
        let postings = { (p: Int) in SearchIndex.postings(of: Self.plans.groups[p], at: p, shards: ordered ? count : 1) }
        let made = SearchShards(plans: Self.plans.groups.count, plansAtOnce: 7, batches: batches, postings: postings,
                                remake: batches > 1 ? { p in postings(p) } : nil,
                                digests: { p, d in given.lock.withLock { given.digests[p] = d; given.calls += 1 } })
        #expect(given.calls == Self.plans.groups.count)
        for p in Self.plans.groups.indices {
            #expect(given.digests[p] == SearchShards.digests(Self.plans.postings(p), count: count), "plan \(p)")
        }
        // The same shards as without digests.
        #expect(made.termShards == SearchShards(plans: Self.plans.groups.count, postings: postings).termShards)
    }

    @Test func aRebuildWritingANewMemoKeepsTheUnchangedPlansInIt() throws {
        try withTemporaryFolder("search-touched") { folder in
            let url = folder.appendingPathComponent("memo"), tree = folder.appendingPathComponent("tree")
            let next = url.appendingPathExtension("next")
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            let first = SearchPostingsMemoTests.memo(Self.plans, cache: .empty, keep: writer)
            let made = SearchShards(plans: Self.plans.groups.count, postings: { p in first.postings(p) { Self.plans.postings(p) } },
                                    digests: { first.keep(digests: $1, of: $0) })
            first.keep(made.layout)
            try Self.write(made, to: tree)
            var groups = Self.plans.groups
            groups[7].sections[0].text = Data("保障饮用水安全 word7 第7项 鲲鹏".utf8)
            let after = SearchIndex(groups: groups)
            // A new file, not the last one added to (as when it grew too large).
            let rewriter = ValidationCache.Writer(for: next, tool: ContentHash("test"))
            let memo = SearchPostingsMemoTests.memo(after, cache: SearchPostingsMemoTests.reread(url, writer), keep: rewriter,
                                                    output: tree)
            let last = try #require(memo.lastLayout)
            let result = try #require(SearchShards.touched(plans: groups.count, last: last, source: memo) { after.postings($0) })
            memo.keep(result.layout)
            let kept = SearchPostingsMemoTests.memo(after, cache: SearchPostingsMemoTests.reread(next, rewriter), keep: nil)
            #expect(groups.indices.allSatisfy(kept.isUnchanged))
            #expect(kept.lastDigests(7) == SearchShards.digests(after.postings(7), count: last.first))
            #expect(kept.lastDigests(3) == SearchShards.digests(after.postings(3), count: last.first))
        }
    }

    @Test func anUnchangedRebuildRemakesNothing() throws {
        let (touched, whole, made) = try Self.rebuild(Self.plans, Self.plans)
        #expect(made.isEmpty)
        #expect(Self.expectWhole(try #require(touched), whole) == 0)
    }

    @Test func aShardPastTheLimitNeedsAWholeGather() throws {
        var groups = Array(Self.plans.groups.prefix(2))
        let before = SearchIndex(groups: groups)
        groups[1].sections[0].text = Data((0..<4000).map { "w\($0)" }.joined(separator: " ").utf8)
        let (touched, whole, _) = try Self.rebuild(before, SearchIndex(groups: groups))
        #expect(touched == nil)
        #expect(whole.termShards.count > SearchShards.shardCount(plans: 2))
    }

    @Test func otherPlansHaveNoLayout() throws {
        try withTemporaryFolder("search-touched") { folder in
            let url = folder.appendingPathComponent("memo")
            let writer = ValidationCache.Writer(for: url, tool: ContentHash("test"))
            SearchPostingsMemoTests.memo(Self.plans, cache: .empty, keep: writer).keep(SearchShards(Self.plans).layout)
            let cache = SearchPostingsMemoTests.reread(url, writer)
            #expect(SearchPostingsMemoTests.memo(Self.plans, cache: cache, keep: nil).lastLayout != nil)
            let fewer = SearchIndex(groups: Array(Self.plans.groups.dropLast()))
            #expect(SearchPostingsMemoTests.memo(fewer, cache: cache, keep: nil).lastLayout == nil)
        }
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

    /// The hashes of the tokens whose postings differ between `a` and `b`
    /// (one plan's, at one place).
    static func differingTokens(_ a: SearchIndex.Postings, _ b: SearchIndex.Postings) -> [UInt32] {
        func codes(_ p: SearchIndex.Postings) -> [UInt32: [UInt32]] {
            var out: [UInt32: [UInt32]] = [:]
            for c in p.codes { out[UInt32(c >> 32), default: []].append(UInt32(truncatingIfNeeded: c)) }
            return out
        }
        func words(_ p: SearchIndex.Postings) -> [String: [UInt32]] {
            var out: [String: [UInt32]] = [:]
            for (w, d) in p.words { out[w, default: []].append(d) }
            return out
        }
        let (codesA, codesB) = (codes(a), codes(b)), (wordsA, wordsB) = (words(a), words(b))
        var out: [UInt32] = []
        for (code, docs) in codesA where codesB[code] != docs { out.append(SearchShards.hash(code: code)) }
        for code in codesB.keys where codesA[code] == nil { out.append(SearchShards.hash(code: code)) }
        for (word, docs) in wordsA where wordsB[word] != docs { out.append(SearchShards.hash(word.utf16)) }
        for word in wordsB.keys where wordsA[word] == nil { out.append(SearchShards.hash(word.utf16)) }
        return out
    }
}
