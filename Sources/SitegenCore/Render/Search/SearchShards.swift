/// The search index as script files the browser loads with `<script>`
/// (which works from `file://`, where fetch and XHR do not):
///
/// - `search/t/K.js`, term shard K of `count`: every token whose hash
///   (FNV-1a over its UTF-16 units) modulo `count` is K, with its postings.
///   `sitegenSearch.t(K,{"饮用":"TITLE,BODY",…});` where TITLE and BODY are
///   the ascending numbers of the documents with the token in their title
///   and elsewhere, as gaps in `SearchShards.digits`. A token whose
///   postings are long (`termFileThreshold`, `shardLimit`) keeps only a
///   stub there, `"环境":[COUNT,"TITLE,BODY"]` with the first
///   `SearchScript.limit` results (`stub`), and has its own file:
/// - `search/w/NAME.js` (`fileName`): `sitegenSearch.w("环境","TITLE,BODY");`.
/// - `search/d/P-C.js`, chunk C of plan P's documents: what a result
///   shows (`documentFile`).
///
/// So a query of one token loads one shard of at most `shardLimit` bytes
/// and at most `SearchScript.limit` documents files of
/// `SearchIndex.chunkSize` documents each; a query of several tokens also
/// loads the term files of those with one.
///
/// Each file's bytes depend on its own content only (terms in a fixed
/// order, documents numbered by plan), so a build that changes one plan
/// changes the term shards and files of the tokens it gained or lost, and
/// its own documents files; a rebuild compares them by their bytes.
struct SearchShards: Sendable {
    let termShards: [[UInt8]]
    /// The full postings of the tokens that left their shard, by name.
    let termFiles: [NamedFile]
    /// Plan P's documents files, in the order of `SearchIndex.documentChunks`.
    let documentFiles: [[[UInt8]]]

    static let termFolder = "search/t/"
    static let documentFolder = "search/d/"
    static let termFileFolder = "search/w/"

    /// Term shards for a site of `plans` plans to start from: about two
    /// plans a shard, a power of two, at most 1024; doubled (up to
    /// `maxShardCount`) while a shard is longer than `shardLimit`.
    static func shardCount(plans: Int) -> Int {
        var n = 1
        while n < plans / 2 && n < 1024 { n *= 2 }
        return n
    }

    static let maxShardCount = 65536

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

    /// The shards, term files and documents files of `index`; `postings`
    /// gives plan P's postings (by default `index.postings(P)`, which it
    /// is handed to call).
    init(_ index: SearchIndex, postings: ((Int, () -> SearchIndex.Postings) -> SearchIndex.Postings)? = nil) {
        var count = Self.shardCount(plans: index.groups.count)
        // Each plan's postings by shard, made on every core, then each
        // shard's from every plan's; with twice the shards while one is
        // longer than `shardLimit`.
        var perGroup = Parallel.map(Array(index.groups.indices)) { p in
            let make = { index.postings(p) }
            return Bucketed(postings.map { $0(p, make) } ?? make(), count: count)
        }
        while true {
            let shards = Parallel.map(Array(0..<count)) { Self.termShard($0, perGroup) }
            if count >= Self.maxShardCount || shards.allSatisfy({ $0.shard.count <= Self.shardLimit }) {
                termShards = shards.map(\.shard)
                termFiles = shards.flatMap(\.files).sorted { $0.name < $1.name }
                break
            }
            count *= 2
            perGroup = Parallel.map(perGroup) { Bucketed(SearchIndex.Postings(codes: $0.codes, words: $0.words), count: count) }
        }
        documentFiles = Parallel.map(Array(index.groups.indices)) { p in
            SearchIndex.documentChunks(index.groups[p]).map { Self.documentFile(p, chunk: $0, index.groups[p]) }
        }
    }

    /// Term shard K of every plan's postings (`count` shards).
    static func termShard(_ k: Int, _ perGroup: [Bucketed]) -> (shard: [UInt8], files: [NamedFile]) {
        var total = 0
        for g in perGroup.indices { total += Int(perGroup[g].codeStarts[k + 1] - perGroup[g].codeStarts[k]) }
        var packed: [UInt64] = []
        packed.reserveCapacity(total)
        var words: [String: [UInt32]] = [:]
        for g in perGroup.indices {
            let from = Int(perGroup[g].codeStarts[k]), to = Int(perGroup[g].codeStarts[k + 1])
            if from < to {
                perGroup[g].codes.withUnsafeBufferPointer { packed.append(contentsOf: UnsafeBufferPointer(rebasing: $0[from..<to])) }
            }
            let wordsFrom = Int(perGroup[g].wordStarts[k]), wordsTo = Int(perGroup[g].wordStarts[k + 1])
            for i in wordsFrom..<wordsTo {
                let (w, d) = perGroup[g].words[i]
                words[w, default: []].append(d)
            }
        }
        // Each code's postings are in ascending order already (plan by plan, document by document).
        sortByCode(&packed)
        return termShard(k, sorted: packed, words: words)
    }

    /// Sorts postings (`code << 32 | …`) by their code, keeping the order
    /// of those of one code: a radix sort, three passes of 11 bits. On
    /// postings whose codes' are each in ascending order, it is `sort()`.
    static func sortByCode(_ codes: inout [UInt64]) {
        guard codes.count > 1 else { return }
        var other = codes
        var counts = [Int](repeating: 0, count: 2049)
        for shift in stride(from: UInt64(32), to: 64, by: 11) {
            for k in counts.indices { counts[k] = 0 }
            for c in codes { counts[Int((c >> shift) & 2047) + 1] += 1 }
            for k in 0..<2048 { counts[k + 1] += counts[k] }
            for c in codes {
                let d = Int((c >> shift) & 2047)
                other[counts[d]] = c
                counts[d] += 1
            }
            swap(&codes, &other)
        }
    }

    /// One token of a shard: its text as a script string and its postings
    /// (`number << 1 | in-title`, ascending).
    struct Entry {
        var key: [UInt8]
        var units: [UInt16]
        var docs: [UInt32]
    }

    /// Term shard K from its CJK postings, `sorted`, and its words'
    /// postings, with the term files of its tokens too large to stay in it.
    static func termShard(_ k: Int, sorted: [UInt64], words: [String: [UInt32]]) -> (shard: [UInt8], files: [NamedFile]) {
        var entries: [Entry] = []
        var start = 0
        while start < sorted.count {
            let code = UInt32(sorted[start] >> 32)
            var end = start
            while end < sorted.count && UInt32(sorted[end] >> 32) == code { end += 1 }
            // CJK characters need no escaping in a script string.
            var key: [UInt8] = [34]
            var units: [UInt16] = []
            if code >= 0x10000 { appendUTF8(code >> 16, to: &key); units.append(UInt16(code >> 16)) }
            appendUTF8(code & 0xFFFF, to: &key)
            units.append(UInt16(truncatingIfNeeded: code))
            key.append(34)
            entries.append(Entry(key: key, units: units, docs: sorted[start..<end].map { UInt32(truncatingIfNeeded: $0) }))
            start = end
        }
        for word in words.keys.sorted() {
            var key: [UInt8] = []
            ScriptText.appendString(word, to: &key)
            entries.append(Entry(key: key, units: Array(word.utf16), docs: words[word] ?? []))
        }
        return shard(k, entries)
    }

    /// A token whose postings are longer than this has its own term file
    /// (its shard keeps the count and the first results, `stub`).
    static let termFileThreshold = 4096
    /// A shard longer than this moves its longest tokens to term files
    /// until it is not (see `docs/performance.md`, "Search index").
    static let shardLimit = 32768

    /// A file of the index other than a shard, by its name in its folder.
    struct NamedFile: Sendable, Equatable {
        var name: String
        var bytes: [UInt8]
    }

    static func shard(_ k: Int, _ entries: [Entry]) -> (shard: [UInt8], files: [NamedFile]) {
        var postings = entries.map { entry -> [UInt8] in
            var out: [UInt8] = []
            appendPostings(entry.docs, to: &out)
            return out
        }
        var own = postings.map { $0.count > termFileThreshold }
        var stubs = [[UInt8]?](repeating: nil, count: entries.count)
        func stubOf(_ i: Int) -> [UInt8] {
            if let made = stubs[i] { return made }
            let made = stub(entries[i].docs)
            stubs[i] = made
            return made
        }
        var size = 32
        for i in entries.indices { size += entries[i].key.count + 2 + (own[i] ? stubOf(i).count : postings[i].count) }
        if size > shardLimit {
            // The longest tokens first, ties in shard order.
            let longest = entries.indices.filter { !own[$0] }.sorted { (postings[$0].count, $1) > (postings[$1].count, $0) }
            for i in longest where size > shardLimit {
                let saved = postings[i].count - stubOf(i).count
                guard saved > 0 else { break }
                own[i] = true
                size -= saved
            }
        }
        var out = Array("sitegenSearch.t(\(k),{".utf8)
        out.reserveCapacity(size)
        var files: [NamedFile] = []
        for i in entries.indices {
            if i > 0 { out.append(44) }
            out += entries[i].key
            out.append(58)
            if own[i] {
                out += stubOf(i)
                var file = Array("sitegenSearch.w(".utf8) + entries[i].key
                file.append(44)
                file += postings[i]
                file += Array(");\n".utf8)
                files.append(NamedFile(name: fileName(entries[i].units), bytes: file))
            } else {
                out += postings[i]
            }
            postings[i] = []
        }
        out += Array("});\n".utf8)
        return (out, files)
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
    /// rank order, `[COUNT,"TITLE,BODY"]` — all a query of that one
    /// token needs.
    static func stub(_ docs: [UInt32]) -> [UInt8] {
        var out = Array("[\(docs.count),".utf8)
        appendPostings(docs, limit: SearchScript.limit, to: &out)
        out.append(93)
        return out
    }

    /// The name of a token's term file: its UTF-16 units in hexadecimal,
    /// four digits each (so no two tokens share a file, and the script
    /// makes the name from the token alone).
    static func fileName(_ units: [UInt16]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for u in units { for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(u >> UInt16(shift)) & 15]) } }
        return String(decoding: out, as: UTF8.self) + ".js"
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

    /// Chunk C of plan P's documents (`SearchIndex.documentChunks`):
    /// what a result shows of documents `C * chunkSize ..< (C + 1) * chunkSize`
    /// of the plan. `e` holds them in order: 0 for the plan itself, a
    /// section as `[heading,anchor]`, an indicator as `[name,id,status,latest]`.
    static func documentFile(_ p: Int, chunk: Int, _ g: SearchIndex.Group) -> [UInt8] {
        var out = Array("sitegenSearch.d(\"\(p)-\(chunk)\",{\"t\":".utf8)
        ScriptText.appendString(g.title, to: &out)
        out += Array(",\"u\":".utf8)
        ScriptText.appendString(g.slug, to: &out)
        out += Array(",\"e\":[".utf8)
        let size = SearchIndex.chunkSize
        for local in chunk * size..<(chunk + 1) * size {
            let comma = local > chunk * size
            if local == 0 {
                out.append(48)
            } else if local < Int(SearchIndex.indicatorBase) {
                guard local - 1 < min(g.sections.count, SearchIndex.sectionLimit) else { break }
                let s = g.sections[local - 1]
                ScriptText.appendArray([s.heading, s.anchor], to: &out, comma: comma)
            } else {
                let k = local - Int(SearchIndex.indicatorBase)
                guard k < min(g.indicators.count, SearchIndex.indicatorLimit) else { break }
                let i = g.indicators[k]
                ScriptText.appendArray([i.name, i.id, i.status, i.latest], to: &out, comma: comma)
            }
        }
        out += Array("]});\n".utf8)
        return out
    }
}
