/// The search index as script files the browser loads with `<script>`
/// (which works from `file://`, where fetch and XHR do not):
///
/// - `search/t/K.js`, term shard K of `count`: every token whose hash
///   (FNV-1a over its UTF-16 units) modulo `count` is K, with its postings.
///   `sitegenSearch.t(K,{"饮用":"TITLE,BODY",…});` where TITLE and BODY are
///   the ascending numbers of the documents with the token in their title
///   and elsewhere, as gaps in `SearchShards.digits`.
/// - `search/d/P.js`, plan P's documents: what a result shows.
///   `sitegenSearch.d(P,{"t":title,"u":slug,"s":[[heading,anchor],…],"i":[[name,id,status,latest],…]});`
///
/// Each file's bytes depend on its own content only (terms in a fixed
/// order, documents numbered by plan), so a build that changes one plan
/// changes the term shards of the tokens it gained or lost, and its own
/// documents file; the cache keys them by their bytes.
struct SearchShards: Sendable {
    let termShards: [[UInt8]]
    let documentFiles: [[UInt8]]

    static let termFolder = "search/t/"
    static let documentFolder = "search/d/"

    /// Term shards for a site of `plans` plans: about two plans a shard,
    /// a power of two, at most 1024.
    static func shardCount(plans: Int) -> Int {
        var n = 1
        while n < plans / 2 && n < 1024 { n *= 2 }
        return n
    }

    /// 32 digits that end a number and 32 that go on: 0-9A-Za-z-_ .
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".utf8)

    static func appendNumber(_ value: UInt32, to out: inout [UInt8]) {
        var groups = 1
        while groups < 7 && value >> (5 * UInt32(groups)) != 0 { groups += 1 }
        for g in stride(from: groups - 1, through: 0, by: -1) {
            let d = Int((value >> (5 * UInt32(g))) & 31)
            out.append(digits[g == 0 ? d : 32 + d])
        }
    }

    /// FNV-1a of the UTF-16 units of a token's text.
    static func hash(_ units: some Sequence<UInt16>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for u in units { h = (h ^ UInt32(u)) &* 16_777_619 }
        return h
    }

    static func hash(code: UInt32) -> UInt32 {
        code < 0x10000 ? hash([UInt16(code)]) : hash([UInt16(code >> 16), UInt16(code & 0xFFFF)])
    }

    init(_ index: SearchIndex) {
        let count = Self.shardCount(plans: index.groups.count)
        let mask = UInt32(count - 1)
        // Each plan's postings, made on every core: CJK codes packed with
        // the document number (code << 32 | number << 1 | in-title), words
        // as texts.
        struct GroupPostings { var packed: [UInt64] = []; var words: [(String, UInt32)] = [] }
        let perGroup = Parallel.map(Array(index.groups.indices)) { p -> GroupPostings in
            var out = GroupPostings()
            for doc in index.documents(p) {
                for c in doc.titleCodes { out.packed.append(UInt64(c) << 32 | UInt64(doc.id) << 1 | 1) }
                for c in doc.bodyCodes { out.packed.append(UInt64(c) << 32 | UInt64(doc.id) << 1) }
                for w in doc.titleWords.sorted() { out.words.append((w, doc.id << 1 | 1)) }
                for w in doc.bodyWords.sorted() { out.words.append((w, doc.id << 1)) }
            }
            return out
        }
        var packedByShard = [[UInt64]](repeating: [], count: count)
        var wordsByShard = [[String: [UInt32]]](repeating: [:], count: count)
        for group in perGroup {
            for v in group.packed { packedByShard[Int(Self.hash(code: UInt32(v >> 32)) & mask)].append(v) }
            for (w, d) in group.words { wordsByShard[Int(Self.hash(w.utf16) & mask)][w, default: []].append(d) }
        }
        termShards = Parallel.map(Array(0..<count)) { k in
            Self.termShard(k, packed: packedByShard[k], words: wordsByShard[k])
        }
        documentFiles = Parallel.map(Array(index.groups.indices)) { Self.documentFile($0, index.groups[$0]) }
    }

    static func termShard(_ k: Int, packed: [UInt64], words: [String: [UInt32]]) -> [UInt8] {
        var out = Array("sitegenSearch.t(\(k),{".utf8)
        var first = true
        func postings(_ term: String, _ docs: some Collection<UInt32>) {
            if !first { out.append(44) }
            first = false
            ScriptText.appendString(term, to: &out)
            out.append(58)
            out.append(34)
            var previous: UInt32 = 0
            for d in docs where d & 1 == 1 { appendNumber((d >> 1) - previous, to: &out); previous = d >> 1 }
            if docs.contains(where: { $0 & 1 == 0 }) {
                out.append(44)
                previous = 0
                for d in docs where d & 1 == 0 { appendNumber((d >> 1) - previous, to: &out); previous = d >> 1 }
            }
            out.append(34)
        }
        let sorted = packed.sorted()
        var start = 0
        while start < sorted.count {
            let code = UInt32(sorted[start] >> 32)
            var end = start
            while end < sorted.count && UInt32(sorted[end] >> 32) == code { end += 1 }
            postings(SearchTokenizer.text(.cjk(code)), sorted[start..<end].lazy.map { UInt32(truncatingIfNeeded: $0) })
            start = end
        }
        for word in words.keys.sorted() { postings(word, words[word] ?? []) }
        out += Array("});\n".utf8)
        return out
    }

    static func documentFile(_ p: Int, _ g: SearchIndex.Group) -> [UInt8] {
        var out = Array("sitegenSearch.d(\(p),{\"t\":".utf8)
        ScriptText.appendString(g.title, to: &out)
        out += Array(",\"u\":".utf8)
        ScriptText.appendString(g.slug, to: &out)
        out += Array(",\"s\":[".utf8)
        for (k, s) in g.sections.prefix(SearchIndex.sectionLimit).enumerated() {
            ScriptText.appendArray([s.heading, s.anchor], to: &out, comma: k > 0)
        }
        out += Array("],\"i\":[".utf8)
        for (k, i) in g.indicators.prefix(SearchIndex.indicatorLimit).enumerated() {
            ScriptText.appendArray([i.name, i.id, i.status, i.latest], to: &out, comma: k > 0)
        }
        out += Array("]});\n".utf8)
        return out
    }
}
