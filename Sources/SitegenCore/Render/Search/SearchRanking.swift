import Foundation

/// The order of results, as the browser script ranks them (it follows
/// this code): a document matches a query term when it has all of the
/// term's tokens, in its title or elsewhere. More terms matched come
/// first, then more terms matched in the title, then document order.
enum SearchRanking {
    struct Postings: Equatable {
        var title: [UInt32]
        var body: [UInt32]
    }

    /// How many documents match at least one term, and the first `limit`.
    static func rank(_ terms: [[String]], limit: Int = 50, postings: (String) -> Postings?) -> (count: Int, ids: [UInt32]) {
        var matched: [UInt32: (all: Int, title: Int)] = [:]
        for term in terms {
            // Documents with every token of the term, and those with every one in the title.
            var all: Set<UInt32>? = nil
            var title: Set<UInt32>? = nil
            for token in term {
                let p = postings(token) ?? Postings(title: [], body: [])
                let t = Set(p.title)
                all = (all ?? t.union(p.body)).intersection(t.union(p.body))
                title = (title ?? t).intersection(t)
            }
            for id in all ?? [] {
                var m = matched[id] ?? (0, 0)
                m.all += 1
                if title?.contains(id) == true { m.title += 1 }
                matched[id] = m
            }
        }
        let ordered = matched.sorted { a, b in
            (a.value.all, a.value.title, b.key) > (b.value.all, b.value.title, a.key)
        }
        return (matched.count, ordered.prefix(limit).map(\.key))
    }

    /// A term shard's postings, read back from its bytes (tests).
    static func read(_ shard: [UInt8]) -> [String: Postings]? {
        guard let open = shard.firstIndex(of: 123), let close = shard.lastIndex(of: 125), open < close else { return nil }
        let json = Data(shard[open...close])
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: String] else { return nil }
        return object.mapValues { text in
            let lists = text.split(separator: ",", omittingEmptySubsequences: false).map(numbers)
            return Postings(title: lists.first ?? [], body: lists.count > 1 ? lists[1] : [])
        }
    }

    static func numbers(_ text: Substring) -> [UInt32] {
        var out: [UInt32] = []
        var n: UInt32 = 0, previous: UInt32 = 0
        for byte in text.utf8 {
            guard let d = SearchShards.digits.firstIndex(of: byte) else { return out }
            if d >= 32 { n = n &* 32 &+ UInt32(d - 32) } else {
                previous = previous &+ n &* 32 &+ UInt32(d)
                out.append(previous)
                n = 0
            }
        }
        return out
    }
}
