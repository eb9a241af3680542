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
/// documents file; a rebuild compares them by their bytes.
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

    /// `hash` of a CJK code's text (one or two UTF-16 units).
    static func hash(code: UInt32) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        if code >= 0x10000 { h = (h ^ (code >> 16)) &* 16_777_619 }
        return (h ^ (code & 0xFFFF)) &* 16_777_619
    }

    /// One plan's postings (`SearchIndex.Postings`) in shard order: those
    /// of shard K are `codes[codeStarts[K]..<codeStarts[K + 1]]`, and
    /// likewise the words, each still in its order.
    struct Bucketed {
        var codes: [UInt64]
        var codeStarts: [Int32]
        var words: [(String, UInt32)]
        var wordStarts: [Int32]

        init(_ postings: SearchIndex.Postings, count: Int) {
            let mask = UInt32(count - 1)
            let codeShards = postings.codes.map { UInt16(truncatingIfNeeded: SearchShards.hash(code: UInt32($0 >> 32)) & mask) }
            (codes, codeStarts) = Self.bucket(postings.codes, codeShards, count: count)
            let wordShards = postings.words.map { UInt16(truncatingIfNeeded: SearchShards.hash($0.0.utf16) & mask) }
            (words, wordStarts) = Self.bucket(postings.words, wordShards, count: count)
        }

        /// A stable counting sort of `items` by their shard.
        static func bucket<T>(_ items: [T], _ shards: [UInt16], count: Int) -> ([T], [Int32]) {
            var starts = [Int32](repeating: 0, count: count + 1)
            guard !items.isEmpty else { return ([], starts) }
            for s in shards { starts[Int(s) + 1] += 1 }
            for k in 0..<count { starts[k + 1] += starts[k] }
            var next = starts
            var out = items  // every slot is overwritten below
            for (item, s) in zip(items, shards) {
                out[Int(next[Int(s)])] = item
                next[Int(s)] += 1
            }
            return (out, starts)
        }

    }

    /// Plans whose postings are in memory at once while the term shards
    /// are gathered: the postings of a whole large site (8 bytes each, tens
    /// of millions) would be several times the shards' own bytes.
    static let plansAtOnce = 256

    init(_ index: SearchIndex, plansAtOnce: Int = SearchShards.plansAtOnce) {
        let count = Self.shardCount(plans: index.groups.count), plansAtOnce = max(1, plansAtOnce)
        // A few hundred plans at a time: their postings by shard, made on
        // every core, then added to each shard's (on every core, a shard
        // each, plans in order), already in the shard's text form.
        var shards = [TermShard](repeating: TermShard(), count: count)
        for first in Swift.stride(from: 0, to: index.groups.count, by: plansAtOnce) {
            let chunk = Array(first..<min(first + plansAtOnce, index.groups.count))
            let perGroup = Parallel.map(chunk) { Bucketed(index.postings($0), count: count) }
            shards.withUnsafeMutableBufferPointer { buffer in
                let shards = Parallel.Unchecked(buffer)
                Parallel.forEachIndex(count) { k in
                    for group in perGroup { shards.value[k].add(group, shard: k) }
                }
            }
        }
        termShards = shards.withUnsafeMutableBufferPointer { buffer in
            let shards = Parallel.Unchecked(buffer)
            return Parallel.map(Array(0..<count)) { k in
                defer { shards.value[k] = TermShard() }  // its bytes are made: let its postings go
                return shards.value[k].bytes(k)
            }
        }
        documentFiles = Parallel.map(Array(index.groups.indices)) { Self.documentFile($0, index.groups[$0]) }
    }

    /// One term shard's postings as plans are added in order: each token's
    /// document numbers, title and other, as gaps in `digits` already.
    struct TermShard {
        struct Postings {
            var title: [UInt8] = [], body: [UInt8] = []
            var lastTitle: UInt32 = 0, lastBody: UInt32 = 0

            /// Adds `number << 1 | in-title`; numbers come in ascending order.
            mutating func add(_ d: UInt32) {
                if d & 1 == 1 {
                    SearchShards.appendNumber((d >> 1) - lastTitle, to: &title)
                    lastTitle = d >> 1
                } else {
                    SearchShards.appendNumber((d >> 1) - lastBody, to: &body)
                    lastBody = d >> 1
                }
            }

            /// `:"TITLE,BODY"` (`,BODY` only when there is a body document).
            func append(to out: inout [UInt8]) {
                out.append(58)
                out.append(34)
                out += title
                if !body.isEmpty {
                    out.append(44)
                    out += body
                }
                out.append(34)
            }

            var byteCount: Int { title.count + body.count + 8 }
        }

        var codes: [UInt32: Postings] = [:]
        var words: [String: Postings] = [:]

        /// The postings of shard `k` in one plan's `group`.
        mutating func add(_ group: Bucketed, shard k: Int) {
            for i in Int(group.codeStarts[k])..<Int(group.codeStarts[k + 1]) {
                let posting = group.codes[i]
                codes[UInt32(posting >> 32), default: Postings()].add(UInt32(truncatingIfNeeded: posting))
            }
            for i in Int(group.wordStarts[k])..<Int(group.wordStarts[k + 1]) {
                let (w, d) = group.words[i]
                words[w, default: Postings()].add(d)
            }
        }

        /// The shard's file `k`: CJK tokens in code order, then words in `String` order.
        func bytes(_ k: Int) -> [UInt8] {
            var out = Array("sitegenSearch.t(\(k),{".utf8)
            var size = out.count + 4
            for p in codes.values { size += p.byteCount }
            for (w, p) in words { size += p.byteCount + w.utf8.count * 2 + 2 }
            out.reserveCapacity(size)
            var first = true
            func separate() {
                if !first { out.append(44) }
                first = false
            }
            for code in codes.keys.sorted() {
                separate()
                // CJK characters need no escaping in a script string.
                out.append(34)
                if code >= 0x10000 { SearchShards.appendUTF8(code >> 16, to: &out) }
                SearchShards.appendUTF8(code & 0xFFFF, to: &out)
                out.append(34)
                codes[code]?.append(to: &out)
            }
            for word in words.keys.sorted() {
                separate()
                ScriptText.appendString(word, to: &out)
                words[word]?.append(to: &out)
            }
            out += Array("});\n".utf8)
            return out
        }
    }

    /// A character of the Basic Multilingual Plane (not a surrogate) as UTF-8.
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | (v >> 6) & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
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
