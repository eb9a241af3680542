import Foundation
import Testing
@testable import SitegenCore

@Suite struct SearchTokenizerTests {
    @Test func chineseGivesEveryCharacterAndEveryNeighbouringPair() {
        #expect(SearchTokenizer.tokenTexts("饮用水") == ["饮", "饮用", "用", "用水", "水"])
    }

    @Test func noPairIsMadeAcrossPunctuationOrSpace() {
        #expect(SearchTokenizer.tokenTexts("臭氧，水质 达标") == ["臭", "臭氧", "氧", "水", "水质", "质", "达", "达标", "标"])
    }

    @Test func latinWordsAndNumbersAreLowercasedWords() {
        #expect(SearchTokenizer.tokenTexts("PM2.5 and VOCs, 91.5%.") == ["pm2.5", "and", "vocs", "91.5"])
        // A dot stays only between two digits.
        #expect(SearchTokenizer.tokenTexts("e.g. end. 2.") == ["e", "g", "end", "2"])
    }

    @Test func fullWidthFormsAreFoldedToHalfWidth() {
        #expect(SearchTokenizer.tokenTexts("ＰＭ２．５") == ["pm2.5"])
        #expect(SearchTokenizer.tokenTexts("ＶＯＣｓ　治理") == ["vocs", "治", "治理", "理"])
    }

    @Test func mixedTextSplitsAtTheChangeOfScript() {
        #expect(SearchTokenizer.tokenTexts("聚焦PM2.5和臭氧") == ["聚", "聚焦", "焦", "pm2.5", "和", "和臭", "臭", "臭氧", "氧"])
    }

    @Test func queryTermsArePairsOrOneCharacterOrWords() {
        #expect(SearchTokenizer.queryTerms("饮用水") == [["饮用", "用水"]])
        #expect(SearchTokenizer.queryTerms("水") == [["水"]])
        #expect(SearchTokenizer.queryTerms("饮用水 ＰＭ2.5 饮用水") == [["饮用", "用水"], ["pm2.5"]])
        #expect(SearchTokenizer.queryTerms("  ，。") == [])
    }

    @Test func charactersOutsideTheBasicPlaneAreTokensToo() {
        #expect(SearchTokenizer.tokenTexts("𠀀水") == ["𠀀", "𠀀水", "水"])
    }

    /// The index's tokenizer (UTF-8 bytes) gives the tokens of the
    /// reference one, in the same order.
    @Test func theIndexTokenizerGivesTheSameTokens() {
        let texts = ["饮用水", "臭氧，水质 达标", "PM2.5 and VOCs, 91.5%.", "e.g. end. 2. 1.2.3 .5 5.", "ＰＭ２．５ ＶＯＣｓ　治理",
                     "聚焦PM2.5和臭氧", "𠀀水𠀁", "Éco İstanbul Straße ÀB ｅｃｏ", String(repeating: "a", count: 45) + "1.5 b",
                     String(repeating: "é", count: 41) + "x", "ー々〆〇〡ㄅ①½Ⅻ", "", "。", "a\u{0301}b ﬁ ǅ"]
        for text in texts {
            struct Tokens: SearchTokenSink {
                var all: [SearchTokenizer.Token] = []
                mutating func cjk(_ code: UInt32) { all.append(.cjk(code)) }
                mutating func word(_ word: String) { all.append(.word(word)) }
            }
            var fast = Tokens()
            SearchTokenizer.indexTokens(Substring(text), into: &fast)
            var reference: [SearchTokenizer.Token] = []
            SearchTokenizer.tokens(text) { reference.append($0) }
            #expect(fast.all == reference, "\(text)")
        }
    }

    /// The index tokenizer's table of word characters says what Unicode's does, for every BMP scalar.
    @Test func theWordCharacterTableIsUnicodes() {
        var differ: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            let table = SearchTokenizer.wordCharactersBMP[Int(v >> 6)] >> UInt64(v & 63) & 1 == 1
            if table != (Unicode.Scalar(v).map(SearchTokenizer.isWordCharacter) ?? false) { differ.append(v) }
        }
        #expect(differ.isEmpty, "\(differ.prefix(5))")
    }
}

@Suite struct SearchCodeTableTests {
    @Test func aCodeIsNewOncePerDocumentKeepsItsNumberAndTheTableGrows() {
        var table = SearchCodeTable(capacity: 4)
        let codes = (0..<1000).map { UInt32(0x4E00 + $0 * 7) }
        #expect(codes.map { table.insert($0) } == Array(0..<1000))
        #expect(codes.allSatisfy { table.insert($0) == -1 })
        table.nextDocument()
        #expect(codes.reversed().map { table.insert($0) } == Array((0..<1000).reversed()))
        #expect(table.number(adding: codes[5]) == 5 && table.number(adding: 7) == 1000 && table.codes.count == 1001)
        #expect(table.insert(7) == 1000 && table.insert(7) == -1)
    }

    /// A text's codes at once: the numbers of those new to the document
    /// put in front, in order, repeats and codes the document had left out.
    @Test func aTextsCodesAreInsertedAtOnce() {
        var table = SearchCodeTable(capacity: 2)
        var codes: [UInt32] = [0x6C34, 0x6C34_8D28, 0x6C34, 0x8D28, 0x6C34_8D28, 0x8D28, 0x6C14]
        let new = codes.withUnsafeMutableBufferPointer { table.insert($0) }
        #expect(new == 4 && Array(codes.prefix(4)) == [0, 1, 2, 3])
        #expect(table.codes == [0x6C34, 0x6C34_8D28, 0x8D28, 0x6C14])
        var more: [UInt32] = [0x6C14, 0x51B7, 0x6C14]
        #expect(more.withUnsafeMutableBufferPointer { table.insert($0) } == 1 && more[0] == 4)
        table.nextDocument()
        var next: [UInt32] = [0x8D28, 0x51B7, 0x8D28]
        #expect(next.withUnsafeMutableBufferPointer { table.insert($0) } == 2 && Array(next.prefix(2)) == [2, 4])
    }
}

@Suite struct SearchIndexTests {
    static func item(_ name: String, _ fields: [String] = []) -> SearchIndex.Item {
        SearchIndex.Item(name: name, id: name, status: "on_track", latest: "1", fields: fields)
    }

    static func group(_ title: String, sections: [(String, String)] = [], indicators: [SearchIndex.Item] = []) -> SearchIndex.Group {
        SearchIndex.Group(title: title, slug: title, fields: ["示例局"],
                          sections: sections.map { SearchIndex.Section(heading: $0.0, anchor: $0.0, text: Data($0.1.utf8)) },
                          indicators: indicators)
    }

    static func ranked(_ index: SearchIndex, _ query: String, limit: Int = 50) -> (count: Int, ids: [UInt32]) {
        let shards = SearchShards(index)
        let read = shards.termShards.map { SearchRanking.read($0, files: shards.termFiles) ?? [:] }
        let mask = UInt32(shards.termShards.count - 1)
        return SearchRanking.rank(SearchTokenizer.queryTerms(query), limit: limit) { token in
            read[Int(SearchShards.hash(token.utf16) & mask)][token]
        }
    }

    @Test func aTitleMatchComesBeforeABodyMatch() {
        let index = SearchIndex(groups: [
            Self.group("大气工作", sections: [("概述", "保障饮用水安全")]),
            Self.group("水务", indicators: [Self.item("饮用水水源达标率")]),
        ])
        let s = SearchIndex.stride
        // The indicator named 饮用水 first, then the section that mentions it.
        #expect(Self.ranked(index, "饮用水").ids == [s + SearchIndex.indicatorBase, 1])
    }

    @Test func moreTermsMatchedComeBeforeFewer() {
        let index = SearchIndex(groups: [
            Self.group("饮用水", indicators: [Self.item("PM2.5浓度", ["饮用水"]), Self.item("臭氧")]),
        ])
        // The indicator matches both terms (one in its name); the plan only one, in its title.
        #expect(Self.ranked(index, "饮用水 pm2.5").ids == [SearchIndex.indicatorBase, 0])
    }

    @Test func aTermMatchesOnlyWithAllItsPairs() {
        let index = SearchIndex(groups: [Self.group("饮用", sections: [("用水", "")])])
        #expect(Self.ranked(index, "饮用水").count == 0)
        #expect(Self.ranked(index, "用").count == 2)
    }

    @Test func theCountIsOfAllMatchesAndAtMostTheLimitAreGiven() {
        let index = SearchIndex(groups: (0..<30).map { Self.group("计划\($0)", sections: [("水质", ""), ("水质监测", "")]) })
        let result = Self.ranked(index, "水质")
        #expect(result.count == 60)
        #expect(result.ids.count == 50)
        #expect(result.ids.prefix(2) == [1, 2])
    }

    @Test func shardsAreTheSameBytesEveryTimeAndReadBack() throws {
        let index = SearchIndex(groups: (0..<9).map { Self.group("计划\($0)", sections: [("PM2.5", "饮用水")]) })
        let a = SearchShards(index), b = SearchShards(index)
        #expect(a.termShards == b.termShards && SearchShards.documentFiles(index) == SearchShards.documentFiles(index))
        #expect(a.termShards.count == 4)
        let all = a.termShards.compactMap { SearchRanking.read($0) }
        #expect(all.count == 4)
        let pm = try #require(all.first { $0["pm2.5"] != nil }?["pm2.5"])
        #expect(pm.title == (0..<9).map { UInt32($0) * SearchIndex.stride + 1 })
        #expect(pm.body.isEmpty)
    }

    @Test func shardsGatheredAFewPlansAtATimeAreTheSameBytes() {
        // Tokens in titles and bodies of several plans, in every shard.
        let index = SearchIndex(groups: (0..<40).map {
            Self.group("计划\($0 % 7)水质", sections: [("饮用水\($0 % 3)", "臭氧 PM2.5 水质监测 \($0)")],
                       indicators: [Self.item("水质达标率", ["臭氧"])])
        })
        let whole = SearchShards(index, plansAtOnce: 1000)
        #expect(whole.termShards.count == 32)
        for plansAtOnce in [1, 3, 16] {
            let chunked = SearchShards(index, plansAtOnce: plansAtOnce)
            #expect(chunked.termShards == whole.termShards)
        }
        // With term files; with twice the shards (a plan of 6,000 characters among a few).
        let text = String(String.UnicodeScalarView((0..<6000).compactMap { Unicode.Scalar(0x4E00 + $0) }))
        let wide = SearchIndex(groups: Array(Self.longPostings.groups.prefix(5)) + [Self.group("计划", sections: [("概述", text)])])
        for long in [Self.longPostings, wide] {
            let longWhole = SearchShards(long, plansAtOnce: 1000)
            #expect(longWhole.termShards.count > SearchShards.shardCount(plans: long.groups.count) || !longWhole.termFiles.isEmpty)
            for plansAtOnce in [1, 2, 7] {
                let chunked = SearchShards(long, plansAtOnce: plansAtOnce)
                #expect(chunked.termShards == longWhole.termShards)
                #expect(chunked.termFiles == longWhole.termFiles)
            }
        }
    }

    @Test func postingsGatheredAsTextAreTheTokensPostingsAndStub() {
        // Title and body documents, more and fewer than a stub shows, numbers of one to several digits.
        for (titles, bodies) in [(0, 3), (2, 0), (3, 100), (60, 5), (49, 2), (50, 1), (1, 49)] {
            let inTitle: [UInt32] = (0..<titles).map { n -> UInt32 in UInt32(n * n * 37) << 1 | 1 }
            let inBody: [UInt32] = (0..<bodies).map { n -> UInt32 in UInt32(n * 1000 + n % 3) << 1 }
            let docs = inTitle + inBody
            var postings = SearchShards.TokenPostings()
            for d in docs { postings.add(d) }
            var text: [UInt8] = []
            postings.append(to: &text)
            var expected: [UInt8] = []
            SearchShards.appendPostings(docs, to: &expected)
            #expect(text == expected)
            #expect(postings.byteCount == expected.count)
            #expect(postings.stub(fileSize: 77) == SearchShards.stub(docs, fileSize: 77))
        }
    }

    /// A shard's gather (its byte arena) gives each token the postings
    /// `TokenPostings` makes, numbers crossing the arena's blocks included.
    @Test func gatheredTokensHaveTheirPostings() {
        var gathered = SearchShards.Gathered()
        var expected: [UInt32: SearchShards.TokenPostings] = [:], expectedWord = SearchShards.TokenPostings()
        var d: [UInt32: UInt32] = [:]
        for k in 0..<3000 {
            // Three codes and a word, steps of one to seven digits, in title or body.
            let code = UInt32(0x4E00 + k % 3), step = UInt32(1) << UInt32(k % 31)
            let next = (d[code] ?? 0) + min(step, 1 << 20) + UInt32(k % 5)
            d[code] = next
            let posting = next << 1 | UInt32(k % 7 == 0 ? 1 : 0)
            gathered.add(code: code, posting)
            expected[code, default: SearchShards.TokenPostings()].add(posting)
            if code == 0x4E00 {
                gathered.add(word: "pm2.5", posting)
                expectedWord.add(posting)
            }
        }
        let tokens = gathered.tokens()
        #expect(tokens.map(\.code) == [0x4E00, 0x4E01, 0x4E02, 0] && tokens.last?.word == "pm2.5")
        for token in tokens {
            let want = token.word == nil ? expected[token.code] : expectedWord
            #expect(token.postings.title == want?.title && token.postings.body == want?.body && token.postings.count == want?.count)
        }
    }

    @Test func anEditToOnePlanRewritesOnlyTheShardsItTouches() {
        var groups = (0..<64).map { Self.group("计划\($0)", sections: [("大气", "臭氧污染防治")]) }
        let before = SearchShards(SearchIndex(groups: groups)), beforeDocuments = SearchShards.documentFiles(SearchIndex(groups: groups))
        groups[5].sections[0].text = Data("臭氧和饮用水".utf8)
        let after = SearchShards(SearchIndex(groups: groups))
        #expect(before.termShards.count == 32)
        let changed = before.termShards.indices.filter { before.termShards[$0] != after.termShards[$0] }
        // Only shards holding a token that plan gained or lost (饮, 饮用, 用, 用水, 水, 和, 和饮, 氧和; 污 … 治 lost).
        let touched = Set(["饮", "饮用", "用", "用水", "水", "和", "和饮", "氧和", "氧污", "污", "污染", "染", "染防", "防", "防治", "治"]
            .map { Int(SearchShards.hash($0.utf16) & 31) })
        #expect(!changed.isEmpty && Set(changed).isSubset(of: touched))
        #expect(beforeDocuments == SearchShards.documentFiles(SearchIndex(groups: groups)))  // headings and names unchanged
    }

    @Test func userTextInScriptFilesCannotEndTheScript() {
        let index = SearchIndex(groups: [Self.group("</script><script>alert(1)</script>\u{2028}&", indicators: [Self.item("a\"b\\c")])])
        let file = String(decoding: SearchShards.documentFiles(index)[0].joined(), as: UTF8.self)
        #expect(!file.contains("<") && !file.contains("\u{2028}") && !file.contains("&"))
        #expect(file.contains("\\u003c/script\\u003e") && file.contains("\\u2028") && file.contains(#"a\"b\\c"#))
    }

    /// Plans of twelve sections, half of them titled 水质监测 and half
    /// mentioning 水质: the postings of 水质 (3,600 documents) are too long
    /// for a shard.
    static let longPostings = SearchIndex(groups: (0..<300).map { p in
        group("计划\(p)", sections: (0..<12).map { $0 % 2 == 0 ? ("水质监测", "") : ("概述\($0)", "水质") })
    })

    @Test func aLongTokenHasItsOwnFileAndItsShardKeepsTheCountAndTheFirstResults() throws {
        let shards = SearchShards(Self.longPostings)
        let mask = UInt32(shards.termShards.count - 1)
        let file = try #require(shards.termFiles.first { $0.name == "6c348d28.js" })  // 水质: U+6C34 U+8D28
        #expect(String(decoding: file.bytes.prefix(30), as: UTF8.self).hasPrefix("sitegenSearch.w(\"水质\","))
        let stub = try #require(SearchRanking.stubs(shards.termShards[Int(SearchShards.hash("水质".utf16) & mask)])["水质"])
        let ranked = Self.ranked(Self.longPostings, "水质")
        #expect(ranked.count == 3600 && stub.count == 3600)
        #expect(stub.ids == ranked.ids)
        #expect(stub.fileSize == file.bytes.count)
        // A query of several tokens reads their term files.
        #expect(Self.ranked(Self.longPostings, "水质监测").count == 1800)
        #expect(shards.termFiles.map(\.name) == shards.termFiles.map(\.name).sorted())
    }

    @Test func spilledFilesReadBackTheirBytesAndKeepTheirHashes() {
        let shards = SearchShards(Self.longPostings)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-search-spill-\(getpid())")
        let spilled = SearchFiles(shards, spill: url), kept = SearchFiles(shards)
        #expect(!FileManager.default.fileExists(atPath: url.path))  // unlinked once opened
        let all = shards.termShards + shards.termFiles.map(\.bytes)
        #expect(spilled.count == all.count && !shards.termFiles.isEmpty)
        #expect(spilled.names == shards.termFiles.map(\.name) && spilled.shardCount == shards.termShards.count)
        for i in all.indices {
            #expect(spilled.bytes(i) == all[i] && kept.bytes(i) == all[i])
            #expect(spilled.hashes[i] == ContentHash(Data(all[i])))
        }
    }

    @Test func aStubListsTheTitleMatchesThenTheOthers() {
        let docs = ((0..<100).map { UInt32($0) << 1 } + [UInt32(200) << 1 | 1, UInt32(300) << 1 | 1])
        let shard = Array("sitegenSearch.t(0,{\"a\":".utf8) + SearchShards.stub(docs, fileSize: 1) + Array("});".utf8)
        let stub = SearchRanking.stubs(shard)["a"]
        #expect(stub?.count == 102)
        #expect(stub?.ids == [200, 300] + (0..<48).map { UInt32($0) })
    }

    @Test func noShardIsLongerThanTheLimit() {
        // One plan of 6,000 different characters: one shard would hold about 18,000 tokens.
        let text = String(String.UnicodeScalarView((0..<6000).compactMap { Unicode.Scalar(0x4E00 + $0) }))
        let index = SearchIndex(groups: [Self.group("计划", sections: [("概述", text)])])
        let shards = SearchShards(index)
        #expect(shards.termShards.count > SearchShards.shardCount(plans: 1))
        #expect(shards.termShards.allSatisfy { $0.count <= SearchShards.shardLimit })
        #expect(Self.ranked(index, "\u{4E01}\u{4E02}").ids == [1])
    }

    @Test func aPlansDocumentsAreInFilesOfSixteen() {
        #expect(SearchIndex.documentChunks(sections: 15, indicators: 0) == [0])
        #expect(SearchIndex.documentChunks(sections: 16, indicators: 16) == [0, 1, 64])
        #expect(SearchIndex.documentChunks(sections: 31, indicators: 17) == [0, 1, 64, 65])
        let index = SearchIndex(groups: [Self.group("计划", sections: (1...16).map { ("第\($0)节", "") }, indicators: [Self.item("甲")])])
        let files = SearchShards.documentFiles(index)[0].map { String(decoding: $0, as: UTF8.self) }
        #expect(files.count == 3)
        #expect(files[0].hasPrefix(#"sitegenSearch.d("0-0",{"t":"计划","u":"计划","e":[0,["第1节","第1节"],"#))
        #expect(files[1] == #"sitegenSearch.d("0-1",{"t":"计划","u":"计划","e":[["第16节","第16节"]]});"# + "\n")
        #expect(files[2].contains(#""e":[["甲","甲","on_track","1"]]"#))
    }

    /// A plan's postings come with their codes in the order of their
    /// shard, then ascending, each code's in document order: the postings
    /// of one count are those of another put in that order.
    @Test func postingsComeInTheOrderOfTheirShard() {
        let g = Self.group("饮用水水质", sections: [("PM2.5", "饮用水安全，水质达标"), ("水源", "水源地保护水质")],
                           indicators: [Self.item("水质达标率", ["水环境"])])
        let byCode = SearchIndex.postings(of: g, at: 3)
        #expect(byCode.shards == 1 && byCode.codes == byCode.codes.sorted())
        for shards in [2, 8, 32] {
            let mask = UInt64(shards - 1)
            let key = { (c: UInt64) in (UInt64(SearchShards.hash(code: UInt32(c >> 32))) & mask) << 32 | c >> 32 }
            let postings = SearchIndex.postings(of: g, at: 3, shards: shards)
            #expect(postings.shards == shards)
            // A stable sort of the postings by code into shard order.
            let expected = byCode.codes.enumerated().sorted { (key($0.1), $0.0) < (key($1.1), $1.0) }.map(\.1)
            #expect(postings.codes == expected)
            #expect(Set(postings.codes.map { key($0) >> 32 }).count > 1)
            let bucketed = SearchShards.Bucketed(postings, count: shards), again = SearchShards.Bucketed(byCode, count: shards)
            #expect(bucketed.codes == again.codes && bucketed.codeStarts == again.codeStarts)
        }
    }

    /// A batch of a large site's gather buckets only its own shards: what
    /// it keeps is the whole bucketing's part for those shards, codes and
    /// words, from postings in shard order or not.
    @Test func aBatchKeepsOnlyItsShardsPostings() {
        let g = Self.group("饮用水水质 water quality", sections: [("PM2.5", "饮用水安全，水质达标 safe drinking water"),
                                                                   ("水源", "水源地保护水质 source protection")],
                           indicators: [Self.item("水质达标率", ["水环境"])])
        let shards = 8
        for postings in [SearchIndex.postings(of: g, at: 3), SearchIndex.postings(of: g, at: 3, shards: shards)] {
            let whole = SearchShards.Bucketed(postings, count: shards)
            var keptAny = 0
            for kept in [0..<shards, 0..<2, 2..<4, 5..<8, 3..<3] {
                let part = SearchShards.Bucketed(postings, count: shards, kept: kept)
                let codes = Int(whole.codeStarts[kept.lowerBound])..<Int(whole.codeStarts[kept.upperBound])
                let words = Int(whole.wordStarts[kept.lowerBound])..<Int(whole.wordStarts[kept.upperBound])
                #expect(part.codes == Array(whole.codes[codes]))
                #expect(part.codeStarts == whole.codeStarts[kept.lowerBound...kept.upperBound].map { $0 - Int32(codes.lowerBound) })
                #expect(part.words.map(\.0) == whole.words[words].map(\.0) && part.words.map(\.1) == whole.words[words].map(\.1))
                #expect(part.wordStarts == whole.wordStarts[kept.lowerBound...kept.upperBound].map { $0 - Int32(words.lowerBound) })
                keptAny += kept.count < shards && !codes.isEmpty && !words.isEmpty ? 1 : 0
            }
            #expect(keptAny > 0)
        }
    }

    /// A large site's later batches read their part of each plan's
    /// bucketing back from a spill file (`Bucketed.part`, `spilled`): the
    /// part is what a batch's own bucketing keeps, and it reads back as it
    /// was; bytes cut short, of another shard count or with starts not
    /// from 0 are no bucketing.
    @Test func aBatchsPartSpilledReadsBackAsItsOwnBucketing() throws {
        let g = Self.group("饮用水水质 water quality", sections: [("PM2.5", "饮用水安全，水质达标 safe drinking water"),
                                                                   ("水源", "水源地保护水质 source protection")],
                           indicators: [Self.item("水质达标率", ["水环境"])])
        let shards = 8
        func same(_ a: SearchShards.Bucketed, _ b: SearchShards.Bucketed) -> Bool {
            a.codes == b.codes && a.codeStarts == b.codeStarts && a.wordStarts == b.wordStarts
                && a.words.map(\.0) == b.words.map(\.0) && a.words.map(\.1) == b.words.map(\.1)
        }
        for postings in [SearchIndex.postings(of: g, at: 3), SearchIndex.postings(of: g, at: 3, shards: shards)] {
            let whole = SearchShards.Bucketed(postings, count: shards)
            for kept in [0..<shards, 0..<2, 2..<4, 5..<8, 3..<3] {
                let part = whole.part(kept)
                #expect(same(part, SearchShards.Bucketed(postings, count: shards, kept: kept)), "\(kept)")
                let bytes = part.spilled
                let back = try #require(SearchShards.Bucketed(spilled: bytes, shards: kept.count))
                #expect(same(back, part), "\(kept)")
                #expect(SearchShards.Bucketed(spilled: Array(bytes.dropLast()), shards: kept.count) == nil)
                #expect(SearchShards.Bucketed(spilled: bytes + [0], shards: kept.count) == nil)
                // Another batch's shard count, or starts not from 0: damaged.
                #expect(SearchShards.Bucketed(spilled: bytes, shards: kept.count + 1) == nil)
                var moved = bytes
                moved[12] &+= 1
                #expect(SearchShards.Bucketed(spilled: moved, shards: kept.count) == nil)
            }
            #expect(whole.part(0..<2).words.count + whole.part(2..<8).words.count == whole.words.count)
            #expect(!whole.part(0..<4).codes.isEmpty && !whole.part(4..<8).codes.isEmpty)
        }
        #expect(SearchShards.Bucketed(spilled: [], shards: 0) == nil)
    }

    @Test func aTermFileIsNamedAfterTheToken() {
        #expect(SearchShards.fileName(Array("饮用".utf16)) == "996e7528.js")
        #expect(SearchShards.fileName(Array("pm2.5".utf16)) == "0070006d0032002e0035.js")
    }

    @Test func sectionsAreTheTextBetweenHeadings() {
        // A slice of a file's bytes, as `PlanBody.bytes` gives it: its indices are the file's.
        let file = Data("---\n---\n开头\n## 一\n甲[链接](indicator:x-1)乙\n## 二\n丙\n".utf8), body = file[8...]
        let (intro, sections) = SearchIndex.sections(body, lineOffset: 10, headingLines: [12, 14])
        #expect(intro == Data("开头\n".utf8))
        #expect(sections == [Data("甲[链接](indicator:x-1)乙\n".utf8), Data("丙\n".utf8)])
        #expect(Self.plainText(sections[0]) == "甲[链接 乙\n")
    }

    /// Random bodies of the marks that matter (line breaks, `](`, `)`) and
    /// CJK text, cut at random heading lines (in order or not, before the
    /// body, past its end), against a cut made from every line's start and
    /// a byte-at-a-time link removal.
    @Test func sectionsAndPlainTextAgreeWithAByteAtATimeReading() {
        var random = SplitMix(seed: 18)
        let pieces: [String] = ["\n", "](", ")", "]", "(", "甲", "a", " ", "## 标题\n", "[链接](x)"]
        for _ in 0..<2_000 {
            let body = Substring((0..<Int(random.next() % 40)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
            let bytes = Data(body.utf8)
            let offset = Int(random.next() % 4)
            var lines = (0..<Int(random.next() % 5)).map { _ in offset + Int(random.next() % 14) - 1 }
            if random.next() % 2 == 0 { lines.sort() }
            let (intro, sections) = SearchIndex.sections(bytes, lineOffset: offset, headingLines: lines)
            let (wantedIntro, wantedSections) = Self.sections(body, lineOffset: offset, headingLines: lines)
            #expect(intro == Data(wantedIntro.utf8) && sections == wantedSections.map { Data($0.utf8) }, "\(body.debugDescription) \(lines)")
            #expect(Self.plainText(bytes) == Self.plainText(body), "\(body.debugDescription)")
        }
    }

    /// The cut as it was made before `LineCursor`: every line's start.
    static func sections(_ markdown: Substring, lineOffset: Int, headingLines: [Int]) -> (Substring, [Substring]) {
        var starts = [0], offset = 0
        for byte in markdown.utf8 {
            offset += 1
            if byte == 10 { starts.append(offset) }
        }
        func start(ofLine line: Int) -> String.Index {
            guard line - 1 < starts.count else { return markdown.endIndex }
            return markdown.utf8.index(markdown.utf8.startIndex, offsetBy: starts[max(0, line - 1)])
        }
        let bodyLines = headingLines.map { $0 - lineOffset }
        let intro = markdown[markdown.startIndex..<(bodyLines.first.map(start(ofLine:)) ?? markdown.endIndex)]
        var sections: [Substring] = []
        for (k, line) in bodyLines.enumerated() {
            let from = start(ofLine: line + 1)
            let to = k + 1 < bodyLines.count ? start(ofLine: bodyLines[k + 1]) : markdown.endIndex
            sections.append(from < to ? markdown[from..<to] : "")
        }
        return (intro, sections)
    }

    /// `SearchIndex.plainPieces` of `markdown` joined by spaces, the text they stand for.
    static func plainText(_ markdown: Data) -> Substring {
        var pieces: [String] = []
        markdown.withUnsafeBytes { raw in
            SearchIndex.plainPieces(raw.bindMemory(to: UInt8.self)) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        }
        return Substring(pieces.joined(separator: " "))
    }

    /// A body's Markdown is searched as its pieces without the links'
    /// destinations (`plainPieces`) give it: the postings of the plan's
    /// text before the first heading given as Markdown bytes (`intro`) are
    /// those of the same text made plain (`plainText`) and given as a field.
    @Test func markdownIsSearchedAsItsPlainText() {
        var random = SplitMix(seed: 1818)
        let pieces: [String] = ["\n", "](", ")", "]", "(", "甲乙", "丙", "a", "PM2.5", ".", "5", " ", "## 标题\n", "[链接](x)", "[饮用水](indicator:y-2)"]
        for _ in 0..<500 {
            let body = (0..<Int(random.next() % 30)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let bytes = Data(body.utf8)
            var asMarkdown = Self.group("标题"), asPlain = Self.group("标题")
            asMarkdown.intro = bytes
            asPlain.fields.append(Self.plainText(Substring(body)))
            let a = SearchIndex.postings(of: asMarkdown, at: 2, shards: 4), b = SearchIndex.postings(of: asPlain, at: 2, shards: 4)
            #expect(a.codes == b.codes && a.shardStarts == b.shardStarts, "\(body.debugDescription)")
            #expect(a.words.map(\.0) == b.words.map(\.0) && a.words.map(\.1) == b.words.map(\.1), "\(body.debugDescription)")
        }
    }

    /// A plan's body is searched as the bytes read from its file, not
    /// checked as UTF-8 again (`PlanBody.bytes`): any bytes make postings,
    /// never a crash or a code past the tokenizer's room (checked in debug
    /// builds), and valid text among them still gives its tokens.
    @Test func bytesThatAreNotUTF8MakePostingsWithoutACrash() {
        var random = SplitMix(seed: 0xBAD)
        // Lead bytes of every length, continuation bytes, overlong forms of
        // CJK values (`F0 83 80 85` reads as U+3005), surrogates, values past U+10FFFF, cuts.
        let pieces: [[UInt8]] = [[0xE4], [0xE4, 0xB8], [0xF0, 0x83, 0x80, 0x85], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xF8, 0x88, 0x80, 0x80], [0x80], [0xBF, 0xBF], [0xC0, 0x80],
                                 [0xF0, 0xA0, 0x80, 0x80], Array("饮用水".utf8), Array("PM2.5".utf8), Array("](".utf8), [0x29], [0x0A]]
        for round in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 60) {
                bytes += random.next() % 3 == 0 ? [UInt8(truncatingIfNeeded: random.next())] : pieces[Int(random.next() % UInt64(pieces.count))]
            }
            let data = Data(bytes)
            let (intro, sections) = SearchIndex.sections(data, lineOffset: 0, headingLines: [2, 4])
            var g = Self.group("标题", sections: [("一", ""), ("二", "")])
            g.intro = intro
            for k in g.sections.indices { g.sections[k].text = sections[k] }
            let postings = SearchIndex.postings(of: g, at: round % 7, shards: 8)
            #expect(postings.shardStarts.last.map(Int.init) == postings.codes.count)
        }
        // Runs of one kind: overlong forms of a CJK value (two codes for
        // four bytes), continuation bytes (no value of their own).
        var g = Self.group("标题")
        g.intro = Data(Array(repeating: [0xF0, 0x83, 0x80, 0x85] as [UInt8], count: 50).joined())
        #expect(SearchIndex.postings(of: g, at: 0).codes.count > 0)
        g.intro = Data(repeating: 0x80, count: 100)
        #expect(SearchIndex.postings(of: g, at: 0).codes == SearchIndex.postings(of: Self.group("标题"), at: 0).codes)
        // Valid text between bad bytes (an overlong NUL, a cut character) still gives its tokens.
        g.intro = Data([0xC0, 0x80] + Array("饮用水".utf8) + [0xE4, 0xB8])
        let codes = Set(SearchIndex.postings(of: g, at: 0).codes.map { UInt32($0 >> 32) })
        var wanted = Set<UInt32>()
        SearchTokenizer.tokens("饮用水") { if case .cjk(let code) = $0 { wanted.insert(code) } }
        #expect(wanted.count == 5 && codes.isSuperset(of: wanted))
    }

    /// The link removal as it was made before: a byte at a time.
    static func plainText(_ markdown: Substring) -> Substring {
        let bytes = Array(markdown.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 93, i + 1 < bytes.count, bytes[i + 1] == 40, let close = bytes[(i + 2)...].firstIndex(of: 41) {
                out.append(32)
                i = close + 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Substring(String(decoding: out, as: UTF8.self))
    }
}

/// A documents file is made from its own documents only (`SiteRenderer.searchGroup(_:texts:chunk:)`).
@Suite struct SearchDocumentsFileTests {
    @Test func aChunksGroupGivesTheFileOfTheWholeGroup() throws {
        let site = try TestSite.example()
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        var files = 0
        for p in renderer.evaluated.site.plans.indices {
            let whole = renderer.searchGroup(p, texts: false)
            let chunks = SearchIndex.documentChunks(whole)
            // The example's plans have sections of two files and indicators.
            #expect(chunks.contains(1) && chunks.contains(Int(SearchIndex.indicatorBase) / SearchIndex.chunkSize))
            for chunk in chunks {
                let own = renderer.searchGroup(p, texts: false, chunk: chunk)
                #expect(SearchShards.documentFile(p, chunk: chunk, own) == SearchShards.documentFile(p, chunk: chunk, whole))
                files += 1
            }
        }
        #expect(files > 4)
    }
}

/// A seeded generator (splitmix64), so a random test is the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
