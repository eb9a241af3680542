import Foundation
import Testing
@testable import SitegenCore

/// The gather (`SearchShards.gather`, `Gathered`, `Tally`) against the
/// plain writer of a token's postings (`TokenPostings.add`, a posting at
/// a time into growing arrays) on random postings.
@Suite struct SearchGatheredTests {
    /// A fixed sequence (xorshift), so a failure can be run again.
    struct Random {
        var state: UInt64

        mutating func next(_ below: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(below))
        }
    }

    /// `count` plans of random texts: a few characters often (runs of
    /// postings in most plans), many rarely, words, titles and bodies.
    static func plans(_ count: Int, seed: UInt64) -> [SearchIndex.Group] {
        var random = Random(state: seed)
        let common = Array("水质监测饮用臭氧大气".unicodeScalars), rare = (0..<3000).compactMap { Unicode.Scalar(0x4E00 + $0 * 7) }
        func text(_ length: Int) -> String {
            var out = String.UnicodeScalarView()
            for _ in 0..<length {
                switch random.next(10) {
                case 0: out.append(" ")
                case 1: out.append(contentsOf: "PM\(random.next(40)) ".unicodeScalars)
                case 2...5: out.append(common[random.next(common.count)])
                default: out.append(rare[random.next(rare.count)])
                }
            }
            return String(out)
        }
        return (0..<count).map { p in
            SearchIndex.Group(title: text(random.next(8)), slug: "p\(p)", fields: [Substring(text(random.next(30)))],
                              sections: (0..<random.next(40)).map { _ in
                                  SearchIndex.Section(heading: text(random.next(6)), anchor: "", text: Data(text(random.next(200)).utf8))
                              },
                              indicators: (0..<random.next(5)).map { _ in
                                  SearchIndex.Item(name: text(4), id: "", status: "", latest: "", fields: [text(20)])
                              })
        }
    }

    /// Each token's postings written a posting at a time, plans in order.
    static func expected(_ postings: [SearchIndex.Postings]) -> (codes: [UInt32: SearchShards.TokenPostings], words: [String: SearchShards.TokenPostings]) {
        var codes: [UInt32: SearchShards.TokenPostings] = [:], words: [String: SearchShards.TokenPostings] = [:]
        for plan in postings {
            for posting in plan.codes { codes[UInt32(posting >> 32), default: .init()].add(UInt32(truncatingIfNeeded: posting)) }
            for (word, d) in plan.words { words[word, default: .init()].add(d) }
        }
        return (codes, words)
    }

    @Test(arguments: [(shards: 1, plansAtOnce: 256), (shards: 8, plansAtOnce: 3), (shards: 64, plansAtOnce: 16)])
    func gatheredShardsHoldEachTokensPostingsAsWrittenOneByOne(shards: Int, plansAtOnce: Int) {
        let groups = Self.plans(60, seed: 0x5EA7C4 &+ UInt64(shards))
        // In shard order with where each shard starts (`finish`), and in code order (as the memo may give them).
        for ordered in [true, false] {
            let postings = groups.indices.map { SearchIndex.postings(of: groups[$0], at: $0, shards: ordered ? shards : 1) }
            let (codes, words) = Self.expected(postings)
            let all = 0..<shards
            let gathered = SearchShards.gather(all, of: shards, plans: groups.count, plansAtOnce: plansAtOnce) { postings[$0] }
            var seen = 0
            for (k, tokens) in gathered.enumerated() {
                for token in tokens {
                    #expect(Int(token.hash) & (shards - 1) == k)
                    let want = token.word.map { words[$0] } ?? codes[token.code]
                    #expect(token.postings.title == want?.title && token.postings.body == want?.body && token.postings.count == want?.count)
                }
                seen += tokens.count
            }
            #expect(seen == codes.count + words.count)
            // A part of the shards gathers their tokens the same.
            let part = shards / 2..<shards
            let some = SearchShards.gather(part, of: shards, plans: groups.count, plansAtOnce: plansAtOnce) { postings[$0] }
            for (i, tokens) in some.enumerated() {
                #expect(tokens.map(\.hash) == gathered[part.lowerBound + i].map(\.hash))
                #expect(tokens.map(\.postings.body) == gathered[part.lowerBound + i].map(\.postings.body))
            }
        }
    }

    /// A number's digits written at once (four bytes from the tables, the
    /// first kept) or one at a time past four, as `appendNumber` writes them.
    @Test func digitsWrittenAtOnceAreThoseAppended() {
        var values: [UInt32] = [0, 1, 31, 32, 33, 1023, 1024, 1025, 32767, 32768, 32769, (1 << 20) - 1, 1 << 20, (1 << 25) - 1, 1 << 25, (1 << 30) - 1, 1 << 30, .max]
        var random = Random(state: 77)
        for _ in 0..<5000 { values.append(UInt32(truncatingIfNeeded: random.next(Int(UInt32.max))) >> UInt32(random.next(32))) }
        for value in values {
            var expected: [UInt8] = []
            SearchShards.appendNumber(value, to: &expected)
            var out = [UInt8](repeating: 0, count: 7)
            let written = out.withUnsafeMutableBufferPointer { SearchShards.Tally.write(value, at: $0.baseAddress!, .shared) }
            #expect(Array(out.prefix(written)) == expected, "\(value)")
        }
    }
}
