/// The search index as script files the browser loads with `<script>`
/// (which works from `file://`, where fetch and XHR do not):
///
/// - `search/t/K.js`, term shard K of `count`: every token whose hash
///   (FNV-1a over its UTF-16 units) modulo `count` is K, with its postings.
///   `sitegenSearch.t(K,{"饮用":"TITLE,BODY",…});` where TITLE and BODY are
///   the ascending numbers of the documents with the token in their title
///   and elsewhere, as gaps in `SearchShards.digits`. A token whose
///   postings are long (`termFileThreshold`, `shardLimit`) keeps only a
///   stub there, `"环境":[COUNT,"TITLE,BODY",SIZE]` with the first
///   `SearchScript.limit` results and its file's size (`stub`), and has its own file:
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
    /// The shard count and each file's hash and shard, for the next build.
    let layout: SearchLayout
    /// The store the files' bytes were handed to as made (`termShards`
    /// and the term files' bytes are then empty), and their handles:
    /// shards, then term files.
    let stored: (store: SearchFileStore, handles: [Int])?

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
        // Groups of 5 bits, at least one (a UInt32 has at most 7).
        let groups = max(1, (32 - value.leadingZeroBitCount + 4) / 5)
        for g in Swift.stride(from: groups - 1, to: 0, by: -1) { out.append(digit(32 + (value >> (5 * UInt32(g))) & 31)) }
        out.append(digit(value & 31))
    }

    /// `digits[d]`, worked out (no array read).
    @inline(__always)
    static func digit(_ d: UInt32) -> UInt8 {
        d < 10 ? UInt8(48 + d) : d < 36 ? UInt8(55 + d) : d < 62 ? UInt8(61 + d) : d == 62 ? 45 : 95
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

    /// One plan's postings (`SearchIndex.Postings`) of the shards `kept`
    /// (of `count`; all of them unless given) in shard order: those of
    /// shard `kept.lowerBound + K` are `codes[codeStarts[K]..<codeStarts[K + 1]]`,
    /// and likewise the words; a code's postings next to each other, each
    /// token's in its order. Codes that came in this order stay where they
    /// are. A batch of a large site's gather keeps only its own shards, so
    /// its cost is its share of the postings, not the whole site's again.
    struct Bucketed {
        var codes: [UInt64]
        var codeStarts: [Int32]
        var words: [(String, UInt32)]
        var wordStarts: [Int32]

        init(_ postings: SearchIndex.Postings, count: Int, kept: Range<Int>? = nil) {
            let kept = kept ?? 0..<count
            let mask = UInt32(count - 1)
            let codes = postings.codes
            if postings.shards == count && postings.shardStarts.count == count + 1 {
                // The kept shards' codes are one run, their places known.
                let starts = postings.shardStarts, from = starts[kept.lowerBound]
                codeStarts = starts[kept.lowerBound...kept.upperBound].map { $0 - from }
                let run = Int(from)..<Int(starts[kept.upperBound])
                self.codes = run.count == codes.count ? codes : Array(codes[run])
            } else if postings.shards == count {
                // One hash per code; the kept shards' codes are one run.
                var starts = [Int32](repeating: 0, count: kept.count + 1)
                var run = codes.count..<codes.count
                SearchShards.forEachCode(codes) { code, places in
                    let shard = Int(SearchShards.hash(code: code) & mask)
                    guard kept.contains(shard) else { return }
                    starts[shard - kept.lowerBound + 1] += Int32(places.count)
                    run = min(run.lowerBound, places.lowerBound)..<places.upperBound
                }
                for k in 0..<kept.count { starts[k + 1] += starts[k] }
                (self.codes, codeStarts) = (run.count == codes.count ? codes : Array(codes[run]), starts)
            } else {
                var codeShards = [UInt16](repeating: 0, count: codes.count)
                SearchShards.forEachCode(codes) { code, run in
                    let shard = UInt16(truncatingIfNeeded: SearchShards.hash(code: code) & mask)
                    for k in run { codeShards[k] = shard }
                }
                (self.codes, codeStarts) = Self.bucket(codes, codeShards, kept: kept)
            }
            let wordShards = postings.words.map { UInt16(truncatingIfNeeded: SearchShards.hash($0.0.utf16) & mask) }
            (words, wordStarts) = Self.bucket(postings.words, wordShards, kept: kept)
        }

        /// A stable counting sort by their shard of the `items` whose shard is in `kept`.
        static func bucket<T>(_ items: [T], _ shards: [UInt16], kept: Range<Int>) -> ([T], [Int32]) {
            var starts = [Int32](repeating: 0, count: kept.count + 1)
            guard !items.isEmpty else { return ([], starts) }
            for s in shards where kept.contains(Int(s)) { starts[Int(s) - kept.lowerBound + 1] += 1 }
            for k in 0..<kept.count { starts[k + 1] += starts[k] }
            var next = starts
            let out = [T](unsafeUninitializedCapacity: Int(starts[kept.count])) { buffer, initialized in
                for (item, s) in zip(items, shards) where kept.contains(Int(s)) {
                    let k = Int(s) - kept.lowerBound
                    (buffer.baseAddress! + Int(next[k])).initialize(to: item)
                    next[k] += 1
                }
                initialized = Int(starts[kept.count])
            }
            return (out, starts)
        }
    }

    /// Each code of `codes` (postings `code << 32 | …`, a code's next to
    /// each other) with the places of its postings.
    static func forEachCode(_ codes: [UInt64], _ body: (UInt32, Range<Int>) -> Void) {
        var k = 0
        while k < codes.count {
            let code = codes[k] >> 32
            var end = k + 1
            while end < codes.count && codes[end] >> 32 == code { end += 1 }
            body(UInt32(truncatingIfNeeded: code), k..<end)
            k = end
        }
    }

    /// `count` shards gathered in `batches` batches one after the other
    /// (at most one a shard): batch B is shards `shards(B)`.
    struct Batching: Sendable, Equatable {
        let count: Int
        let batches: Int

        init(count: Int, batches: Int) {
            self.count = count
            self.batches = max(1, min(batches, count))
        }

        func shards(_ b: Int) -> Range<Int> { (b * count / batches)..<((b + 1) * count / batches) }
    }

    /// Plans whose postings are in memory at once while the term shards
    /// are gathered: the postings of a whole large site (8 bytes each, tens
    /// of millions) would be several times the index's own bytes.
    static let plansAtOnce = 256
    /// Batches of shards gathered one after the other in a full build of
    /// `plans` plans (`init`): each holds a quarter of the gathered tokens
    /// at 4. They are for the memory of a large site (the first batch
    /// spills every plan's postings of the later batches' shards, which
    /// read them back), so a smaller one is gathered at once.
    static func gatherBatches(plans: Int) -> Int { plans < batchedFrom ? 1 : 4 }

    /// The plans from which a full build gathers in batches (`gatherBatches`).
    static let batchedFrom = 4096

    /// The shards and term files of a site of `plans` plans; `postings`
    /// gives plan P's postings, each plan's once. With `remake` (plan P's
    /// postings tokenized again), the shards are gathered in `batches`
    /// batches, so only one batch's tokens are in memory at once:
    /// the first from `postings`, the others from the spill or `remake`.
    /// Given a `store`, each batch's bytes are handed to it once made, so
    /// they are not all in memory at once either. Given a `spill`, the
    /// first batch hands each plan's postings of the later batches' shards
    /// to it, bucketed (`Bucketed.spilled`), and the later batches read
    /// them from there (`remake` is asked only for what the spill cannot
    /// give back, or for a first batch made again). `digests` is given each plan's
    /// digests (`SearchShards.digests`, by shard of the first count), from
    /// any thread: summed by the gather in one batch, else from `postings`.
    init(plans: Int, plansAtOnce: Int = SearchShards.plansAtOnce, batches: Int = 1, store: SearchFileStore? = nil,
         spill: SearchFileStore? = nil,
         postings: (Int) -> SearchIndex.Postings, remake: ((Int) -> SearchIndex.Postings)? = nil,
         digests: ((Int, [UInt64]) -> Void)? = nil) {
        // A token's postings do not depend on the shard count: a shard of
        // `first` shards is split into those of twice as many by its tokens' hash.
        let first = Self.shardCount(plans: plans)
        let batching = Batching(count: first, batches: remake == nil ? 1 : batches)
        // Plan P's part of batch B ≥ 1 has handle `handles[P * later + B - 1]` in `spill`.
        let later = batching.batches - 1
        var handles = [Int](repeating: -1, count: spill == nil ? 0 : plans * later)
        // Shard J of `first` overflows at the first `levels[J].count` counts
        // (`first`, twice, …), the I-th time first in its split `levels[J][I]`;
        // a split of a shard that fits fits too, so the count is the
        // largest a shard needs. A batch that needs more than the count the
        // batches before it were made at makes them all again.
        var count = first, levels = [[Int]](repeating: [], count: first)
        var made = [[(shard: Made, files: [(name: String, file: Made)])]](repeating: [], count: first)
        var fresh = true
        var b = 0
        while b < batching.batches {
            let shards = batching.shards(b)
            let whole = shards == 0..<first
            let (isFresh, now) = (fresh, b)
            var tokens = handles.withUnsafeMutableBufferPointer { buffer in
                let handles = Parallel.Unchecked(buffer)
                return Self.gather(shards, of: first, plans: plans, plansAtOnce: plansAtOnce, bucketed: { p in
                    guard isFresh else {
                        if now > 0, let spill, let part = Bucketed(spilled: spill.bytes(handles.value[p * later + now - 1]), shards: shards.count) { return part }
                        // Batched only with `remake`: `postings` is asked once a plan.
                        return Bucketed(remake?(p) ?? postings(p), count: first, kept: shards)
                    }
                    let made = postings(p)
                    if !whole, let digests { digests(p, Self.digests(made, count: first)) }
                    guard let spill, later > 0 else { return Bucketed(made, count: first, kept: shards) }
                    // Bucketed once for every shard; each later batch's part spilled.
                    let all = Bucketed(made, count: first)
                    for c in 1...later { handles.value[p * later + c - 1] = spill.put(all.part(batching.shards(c)).spilled) }
                    return all.part(shards)
                }, digests: isFresh ? digests : nil)
            }
            fresh = false
            let over = Parallel.map(Array(tokens.indices)) { i in Self.overflows(tokens[i], first: first) }
            let needed = over.map { first << $0.levels.count }.max() ?? first
            guard needed <= count || b == 0 else {
                count = needed
                b = 0
                continue
            }
            count = max(count, needed)
            // Each shard's tokens let go once its bytes are made: the tokens and
            // the bytes are each about the index's size.
            let batch = tokens.withUnsafeMutableBufferPointer { buffer in
                let tokens = Parallel.Unchecked(buffer)
                return Parallel.map(Array(0..<shards.count)) { i in
                    defer { tokens.value[i] = [] }
                    // The layouts `overflows` found are those of this count when it stopped there.
                    let layouts = first << over[i].levels.count == count ? over[i].layouts : nil
                    return Self.split(tokens.value[i], first: first, count: count).enumerated().map { k, shard in
                        let (bytes, files) = Self.shard(shards.lowerBound + i + k * first, shard, layout: layouts?[k])
                        return (shard: Made(bytes), files: files.map { (name: $0.name, file: Made($0.bytes)) })
                    }
                }
            }
            for i in 0..<shards.count {
                levels[shards.lowerBound + i] = over[i].levels
                // A shard remade at a larger count leaves its first bytes in the store, unused.
                made[shards.lowerBound + i] = store.map { store in
                    batch[i].map { ($0.shard.stored(in: store), $0.files.map { ($0.name, $0.file.stored(in: store)) }) }
                } ?? batch[i]
            }
            b += 1
        }
        self.init(made: made, levels: levels, count: count, store: store)
    }

    /// A made file: its hash, and its bytes or (empty bytes) its handle in a store.
    struct Made {
        var hash: ContentHash
        var bytes: [UInt8]
        var handle = -1

        init(_ bytes: [UInt8]) {
            hash = ContentHash.of(bytes)
            self.bytes = bytes
        }

        /// Itself with its bytes handed to `store`.
        func stored(in store: SearchFileStore) -> Made {
            var out = self
            out.handle = store.put(bytes)
            out.bytes = []
            return out
        }
    }

    /// The shards of `made` (shard J of the first count's split, in order)
    /// and their term files, with the layout.
    private init(made: [[(shard: Made, files: [(name: String, file: Made)])]], levels: [[Int]], count: Int, store: SearchFileStore?) {
        let first = made.count
        var overflowing: [Int] = []
        for level in 0..<count.trailingZeroBitCount - first.trailingZeroBitCount {
            guard let j = levels.firstIndex(where: { $0.count > level }) else { break }
            overflowing.append(j + levels[j][level] * first)
        }
        var shards = [Made?](repeating: nil, count: count)
        var files: [(name: String, file: Made, shard: Int)] = []
        for j in made.indices {
            for (i, shard) in made[j].enumerated() {
                shards[j + i * first] = shard.shard
                files += shard.files.map { ($0.name, $0.file, j + i * first) }
            }
        }
        files.sort { $0.name < $1.name }
        let all = shards.map { $0 ?? Made([]) }
        termShards = all.map(\.bytes)
        termFiles = files.map { NamedFile(name: $0.name, bytes: $0.file.bytes) }
        stored = store.map { ($0, all.map(\.handle) + files.map(\.file.handle)) }
        layout = SearchLayout(first: first, count: count, overflowing: overflowing, shards: all.map(\.hash),
                              files: files.map { .init(name: $0.name, shard: $0.shard, hash: $0.file.hash) })
    }

    /// Shard J's tokens (of `first` shards): for each count from `first`
    /// (doubled up to `maxShardCount`) at which one of its split shards is
    /// longer than `shardLimit`, the first such; up to the first count at
    /// which none is, whose split's layouts (`layout`) come too.
    static func overflows(_ tokens: [Token], first: Int) -> (levels: [Int], layouts: [(own: [Bool], size: Int)]) {
        var levels: [Int] = [], count = first
        while true {
            let layouts = split(tokens, first: first, count: count).map(layout)
            guard count < maxShardCount, let i = layouts.firstIndex(where: { $0.size > shardLimit }) else {
                return (levels, layouts)
            }
            levels.append(i)
            count *= 2
        }
    }

    /// One token's postings as plans are added in order: its documents'
    /// numbers, title and other, as gaps in `digits` already.
    struct TokenPostings {
        var title: [UInt8] = [], body: [UInt8] = []
        var lastTitle: UInt32 = 0, lastBody: UInt32 = 0
        var count: Int32 = 0

        /// Adds `number << 1 | in-title`; numbers come in ascending order.
        mutating func add(_ d: UInt32) {
            if d & 1 == 1 {
                SearchShards.appendNumber((d >> 1) - lastTitle, to: &title)
                lastTitle = d >> 1
            } else {
                SearchShards.appendNumber((d >> 1) - lastBody, to: &body)
                lastBody = d >> 1
            }
            count += 1
        }

        /// `"TITLE,BODY"` (`appendPostings`).
        func append(to out: inout [UInt8]) {
            out.append(34)
            out += title
            if !body.isEmpty {
                out.append(44)
                out += body
            }
            out.append(34)
        }

        var byteCount: Int { title.count + (body.isEmpty ? 0 : body.count + 1) + 2 }

        /// `stub`: `[COUNT,"TITLE,BODY",SIZE]` with the first `SearchScript.limit`
        /// results, SIZE the bytes of the token's term file.
        func stub(fileSize: Int) -> [UInt8] {
            var out = Array("[\(count),".utf8)
            out.append(34)
            let title = Self.numbers(title, limit: SearchScript.limit)
            out += self.title[..<title.end]
            let left = SearchScript.limit - title.taken
            if left > 0 && !body.isEmpty {
                out.append(44)
                out += body[..<Self.numbers(body, limit: left).end]
            }
            out.append(34)
            out += Array(",\(fileSize)]".utf8)
            return out
        }

        /// Where the first `limit` numbers of `text` end, and how many there are.
        static func numbers(_ text: [UInt8], limit: Int) -> (end: Int, taken: Int) {
            var taken = 0, end = 0
            while end < text.count && taken < limit {
                // The first 32 digits, 0-9A-V, end a number.
                let byte = text[end]
                if (48...57).contains(byte) || (65...86).contains(byte) { taken += 1 }
                end += 1
            }
            return (end, taken)
        }
    }

    /// A token of a shard: a CJK code (one or two characters) or a word.
    struct Token {
        var code: UInt32
        var word: String?
        var hash: UInt32
        var postings: TokenPostings

        /// Its text as a script string (CJK characters need no escaping).
        var key: [UInt8] {
            var key: [UInt8] = []
            if let word {
                ScriptText.appendString(word, to: &key)
            } else {
                key.append(34)
                if code >= 0x10000 { SearchShards.appendUTF8(code >> 16, to: &key) }
                SearchShards.appendUTF8(code & 0xFFFF, to: &key)
                key.append(34)
            }
            return key
        }

        var units: [UInt16] {
            if let word { return Array(word.utf16) }
            return code >= 0x10000 ? [UInt16(code >> 16), UInt16(truncatingIfNeeded: code)] : [UInt16(truncatingIfNeeded: code)]
        }
    }

    /// A shard's tokens, of `first` shards, split into the `count / first`
    /// shards of `count` they go to: the I-th, shard `k + I * first`; each
    /// in shard order still.
    static func split(_ tokens: [Token], first: Int, count: Int) -> [[Token]] {
        guard count > first else { return [tokens] }
        var out = [[Token]](repeating: [], count: count / first)
        let mask = UInt32(count - 1)
        for token in tokens { out[Int(token.hash & mask) / first].append(token) }
        return out
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

    /// The bytes of a token's term file, `sitegenSearch.w(KEY,"TITLE,BODY");\n`.
    static func termFileSize(_ token: Token) -> Int { 16 + token.key.count + 1 + token.postings.byteCount + 3 }

    /// Which of a shard's `tokens` have their own term file, and the
    /// shard's size (about) with them: those whose postings are longer
    /// than `termFileThreshold`, then the longest while the shard is longer
    /// than `shardLimit`.
    static func layout(_ tokens: [Token]) -> (own: [Bool], size: Int) {
        var own = tokens.map { $0.postings.byteCount > termFileThreshold }
        var stubs = [Int?](repeating: nil, count: tokens.count)
        func stubSize(_ i: Int) -> Int {
            if let made = stubs[i] { return made }
            let made = tokens[i].postings.stub(fileSize: termFileSize(tokens[i])).count
            stubs[i] = made
            return made
        }
        var size = 32
        for i in tokens.indices {
            size += tokens[i].key.count + 2 + (own[i] ? stubSize(i) : tokens[i].postings.byteCount)
        }
        if size > shardLimit {
            // The longest tokens first, ties in shard order.
            let longest = tokens.indices.filter { !own[$0] }
                .sorted { (tokens[$0].postings.byteCount, $1) > (tokens[$1].postings.byteCount, $0) }
            for i in longest where size > shardLimit {
                let saved = tokens[i].postings.byteCount - stubSize(i)
                guard saved > 0 else { break }
                own[i] = true
                size -= saved
            }
        }
        return (own, size)
    }

    /// Term shard K of its `tokens` (in shard order), with the term files
    /// of those too long to stay in it (`layout`, unless given).
    static func shard(_ k: Int, _ tokens: [Token], layout made: (own: [Bool], size: Int)? = nil)
        -> (shard: [UInt8], files: [NamedFile]) {
        let (own, size) = made ?? layout(tokens)
        var out = Array("sitegenSearch.t(\(k),{".utf8)
        out.reserveCapacity(size)
        var files: [NamedFile] = []
        for i in tokens.indices {
            if i > 0 { out.append(44) }
            let key = tokens[i].key
            out += key
            out.append(58)
            if own[i] {
                var file = Array("sitegenSearch.w(".utf8) + key
                file.append(44)
                tokens[i].postings.append(to: &file)
                file += Array(");\n".utf8)
                out += tokens[i].postings.stub(fileSize: file.count)
                files.append(NamedFile(name: fileName(tokens[i].units), bytes: file))
            } else {
                tokens[i].postings.append(to: &out)
            }
        }
        out += Array("});\n".utf8)
        return (out, files)
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
        // Each piece appended where it goes: no array made per document.
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        out.append(contentsOf: "sitegenSearch.d(\"".utf8)
        NumberText.appendDigits(Int64(p), minimumCount: 1, to: &out)
        out.append(45)
        NumberText.appendDigits(Int64(chunk), minimumCount: 1, to: &out)
        out.append(contentsOf: "\",{\"t\":".utf8)
        ScriptText.appendString(g.title, to: &out)
        out.append(contentsOf: ",\"u\":".utf8)
        ScriptText.appendString(g.slug, to: &out)
        out.append(contentsOf: ",\"e\":[".utf8)
        let size = SearchIndex.chunkSize
        for local in chunk * size..<(chunk + 1) * size {
            let comma = local > chunk * size
            if local == 0 {
                out.append(48)
            } else if local < Int(SearchIndex.indicatorBase) {
                guard local - 1 < min(g.sections.count, SearchIndex.sectionLimit) else { break }
                let s = g.sections[local - 1]
                ScriptText.appendStrings(s.heading, s.anchor, to: &out, comma: comma)
            } else {
                let k = local - Int(SearchIndex.indicatorBase)
                guard k < min(g.indicators.count, SearchIndex.indicatorLimit) else { break }
                let i = g.indicators[k]
                ScriptText.appendStrings(i.name, i.id, i.status, i.latest, to: &out, comma: comma)
            }
        }
        out.append(contentsOf: "]});\n".utf8)
        return out
    }
}
