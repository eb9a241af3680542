@testable import SitegenCore

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

    /// A term shard's postings, read back from its bytes, with those of
    /// its tokens that have a term file (`SearchShards.NamedFile`) taken
    /// from there (tests).
    static func read(_ shard: [UInt8], files: [SearchShards.NamedFile] = []) -> [String: Postings]? {
        guard let open = shard.firstIndex(of: 123), let close = shard.lastIndex(of: 125), open < close,
              let object = try? JSONSerialization.jsonObject(with: Data(shard[open...close])) as? [String: Any] else { return nil }
        var full: [String: String] = [:]
        for file in files {
            // sitegenSearch.w("token","TITLE,BODY");
            guard let open = file.bytes.firstIndex(of: 40), let close = file.bytes.lastIndex(of: 41), open < close,
                  let pair = try? JSONSerialization.jsonObject(with: Data([91] + file.bytes[(open + 1)..<close] + [93])) as? [String],
                  pair.count == 2 else { return nil }
            full[pair[0]] = pair[1]
        }
        var out: [String: Postings] = [:]
        for (token, value) in object {
            guard let text = value as? String ?? full[token] else { return nil }
            out[token] = postings(text)
        }
        return out
    }

    /// A shard's stubs (`SearchShards.stub`): the count, the first
    /// results in rank order and the term file's size, by token (tests).
    static func stubs(_ shard: [UInt8]) -> [String: (count: Int, ids: [UInt32], fileSize: Int)] {
        guard let open = shard.firstIndex(of: 123), let close = shard.lastIndex(of: 125), open < close,
              let object = try? JSONSerialization.jsonObject(with: Data(shard[open...close])) as? [String: Any] else { return [:] }
        return object.compactMapValues { value in
            guard let stub = value as? [Any], stub.count == 3, let count = stub[0] as? Int, let text = stub[1] as? String,
                  let size = stub[2] as? Int else { return nil }
            let p = postings(text)
            return (count, p.title + p.body, size)
        }
    }

    static func postings(_ text: String) -> Postings {
        let lists = text.split(separator: ",", omittingEmptySubsequences: false).map(numbers)
        return Postings(title: lists.first ?? [], body: lists.count > 1 ? lists[1] : [])
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
