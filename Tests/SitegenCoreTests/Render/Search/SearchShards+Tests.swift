@testable import SitegenCore

/// What only the tests use of the index: whole indexes of groups in
/// memory, and a second writer of postings to check the one the build uses.
extension SearchShards {
    /// The shards and term files of `index`.
    init(_ index: SearchIndex, plansAtOnce: Int = SearchShards.plansAtOnce) {
        self.init(plans: index.groups.count, plansAtOnce: plansAtOnce) { index.postings($0) }
    }

    /// Each plan's documents files, in the order of `SearchIndex.documentChunks`
    /// (the renderer makes one at a time, as it writes it).
    static func documentFiles(_ index: SearchIndex) -> [[[UInt8]]] {
        index.groups.indices.map { p in
            SearchIndex.documentChunks(index.groups[p]).map { documentFile(p, chunk: $0, index.groups[p]) }
        }
    }

    /// A token's postings as a script string: `"TITLE,BODY"`, each the
    /// ascending numbers as gaps in `digits`; `limit`: only the first
    /// results, the title's before the others'.
    static func appendPostings(_ docs: [UInt32], limit: Int = .max, to out: inout [UInt8]) {
        out.append(34)
        var previous: UInt32 = 0, left = limit
        for d in docs where d & 1 == 1 {
            guard left > 0 else { break }
            appendNumber((d >> 1) - previous, to: &out)
            previous = d >> 1
            left -= 1
        }
        if left > 0, let first = docs.firstIndex(where: { $0 & 1 == 0 }) {
            out.append(44)
            previous = 0
            for d in docs[first...] where d & 1 == 0 {
                guard left > 0 else { break }
                appendNumber((d >> 1) - previous, to: &out)
                previous = d >> 1
                left -= 1
            }
        }
        out.append(34)
    }

    /// What a shard keeps of a token with its own term file: how many
    /// documents have it and the first `SearchScript.limit` of them in
    /// rank order, and the bytes of its term file, `[COUNT,"TITLE,BODY",SIZE]`
    /// — all a query of that one token needs, and what a query of several
    /// needs to keep within its budget (`SearchScript`).
    static func stub(_ docs: [UInt32], fileSize: Int) -> [UInt8] {
        var out = Array("[\(docs.count),".utf8)
        appendPostings(docs, limit: SearchScript.limit, to: &out)
        out += Array(",\(fileSize)]".utf8)
        return out
    }

}

extension SearchIndex {
    /// The postings of group `p`.
    func postings(_ p: Int) -> Postings { Self.postings(of: groups[p], at: p) }
}
