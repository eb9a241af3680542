import Foundation

/// What search finds, one group per plan: the plan, its sections and its
/// indicators, with the texts searched and the texts a result shows.
///
/// Each document has a number that stays while its plan keeps its place:
/// plan `p` is `p * stride`, its sections `p * stride + 1, 2, …` and its
/// indicators `p * stride + indicatorBase + 0, 1, …`, so an edit to one
/// plan changes the postings of that plan only (see `SearchShards`).
struct SearchIndex: Sendable {
    static let stride: UInt32 = 2048
    static let indicatorBase: UInt32 = 1024
    /// Sections and indicators past these counts in one plan are not searched.
    static let sectionLimit = Int(indicatorBase) - 1
    static let indicatorLimit = Int(stride - indicatorBase)
    /// Documents per documents file (`SearchShards.documentFile`); it
    /// divides `indicatorBase`, so sections and indicators never share one.
    static let chunkSize = 16

    /// The documents files of a plan: chunk C holds its documents
    /// `C * chunkSize ..< (C + 1) * chunkSize` (the plan is document 0).
    static func documentChunks(sections: Int, indicators: Int) -> [Int] {
        let s = min(sections, sectionLimit), i = min(indicators, indicatorLimit)
        let base = Int(indicatorBase) / chunkSize
        return Array(0..<(s + chunkSize) / chunkSize) + (0..<(i + chunkSize - 1) / chunkSize).map { base + $0 }
    }

    static func documentChunks(_ g: Group) -> [Int] { documentChunks(sections: g.sections.count, indicators: g.indicators.count) }

    struct Section: Sendable {
        var heading: String
        /// The heading's id on the plan page (unescaped).
        var anchor: String
        /// The section's Markdown, up to the next heading, as UTF-8 bytes
        /// (a slice of the plan's body as read from its file, `sections`:
        /// any bytes, the tokenizer takes them as they are); searched
        /// without its links' destinations (`plainPieces`).
        var text = Data()
    }

    struct Item: Sendable {
        var name: String
        /// The indicator's id (unescaped: the script makes its address).
        var id: String
        var status: String
        /// The latest value or stage, as the progress table shows it.
        var latest: String
        /// Area, owner, target text.
        var fields: [String]
    }

    struct Group: Sendable {
        var title: String
        var slug: String
        /// Issuer, summary, headings.
        var fields: [Substring]
        /// The Markdown before the first heading, searched with `fields` (as `Section.text`).
        var intro = Data()
        var sections: [Section]
        var indicators: [Item]
    }

    var groups: [Group]

    /// The postings of one plan's documents: each CJK code (see
    /// `SearchTokenizer.token`) and each word once per document, marked
    /// when it is in the document's title (plan title, heading, indicator
    /// name) and there only.
    struct Postings {
        /// `code << 32 | number << 1 | in-title`: a code's postings next to
        /// each other, in document order.
        var codes: [UInt64] = []
        /// When not 0, the codes are in the order of their shard of this
        /// many (`SearchShards.hash(code:)`), then ascending (so with 1, ascending).
        var shards = 0
        /// When not empty (`shards` + 1 of them), where each shard's codes
        /// start: those of shard K are `codes[shardStarts[K]..<shardStarts[K + 1]]`.
        var shardStarts: [Int32] = []
        /// `(word, number << 1 | in-title)`: document by document, its
        /// title's words then the others', each in `String` order.
        var words: [(String, UInt32)] = []
    }

    /// The postings of `g`, the group of plan `p`, the codes in the order
    /// of their shard of `shards` (a power of two), then ascending.
    static func postings(of g: Group, at p: Int, shards: Int = 1) -> Postings {
        let base = UInt32(p) * Self.stride
        var builder = PostingsBuilder(codes: Self.estimatedCodes(g))
        builder.add(base, title: Substring(g.title), body: g.fields, markdown: g.intro)
        for (k, s) in g.sections.prefix(Self.sectionLimit).enumerated() {
            builder.add(base + 1 + UInt32(k), title: Substring(s.heading), body: [], markdown: s.text)
        }
        for (k, i) in g.indicators.prefix(Self.indicatorLimit).enumerated() {
            builder.add(base + Self.indicatorBase + UInt32(k), title: Substring(i.name), body: i.fields.map { Substring($0) })
        }
        return builder.finish(shards: shards)
    }

    /// One plan's postings, document by document; its codes are put in
    /// order once, at the end (`finish`), by their numbers in the plan.
    struct PostingsBuilder {
        private var postings = Postings()
        private var seen: SearchCodeTable
        /// Each posting's code, by its number in `seen`, document by
        /// document: the first `count`; the rest is room, where the
        /// tokenizer writes a text's codes for the table to keep the new ones.
        private var numbers: [UInt32]
        private var count = 0
        /// Where each run of `numbers` of one mark (`number << 1 | in-title`) ends, and the mark.
        private var runs: [(end: Int, mark: UInt32)] = []
        private var titleWords = Set<String>(), bodyWords = Set<String>()

        /// A builder for about `codes` postings. Its code table starts at a
        /// quarter of that (a plan's texts repeat their characters and
        /// pairs, so it has far fewer distinct codes than postings) and
        /// grows if need be: a table larger than it needs is probed outside the cache.
        init(codes: Int) {
            numbers = [UInt32](repeating: 0, count: max(codes, 16))
            seen = SearchCodeTable(capacity: min(max(codes / 4, 512), 1 << 14))
        }

        /// Adds document `id`: its title, the texts of its `body`, and
        /// `markdown` without its links' destinations (`plainPieces`).
        mutating func add(_ id: UInt32, title: Substring, body: [Substring], markdown: Data = Data()) {
            // The title's codes first, so a code in both keeps the title's mark.
            seen.nextDocument()
            let words = add(title, mark: id << 1 | 1)
            if !words.isEmpty { titleWords.formUnion(words) }
            for text in body {
                let words = add(text, mark: id << 1)
                if !words.isEmpty { bodyWords.formUnion(words) }
            }
            if !markdown.isEmpty {
                markdown.withUnsafeBytes { raw in
                    SearchIndex.plainPieces(raw.bindMemory(to: UInt8.self)) { piece in
                        let words = add(bytes: piece, mark: id << 1)
                        if !words.isEmpty { bodyWords.formUnion(words) }
                    }
                }
            }
            guard !titleWords.isEmpty || !bodyWords.isEmpty else { return }
            bodyWords.subtract(titleWords)
            for w in titleWords.sorted() { postings.words.append((w, id << 1 | 1)) }
            for w in bodyWords.sorted() { postings.words.append((w, id << 1)) }
            titleWords.removeAll(keepingCapacity: true)
            bodyWords.removeAll(keepingCapacity: true)
        }

        /// What the tokenizer gives: codes into a buffer of room enough, words to a list.
        private struct Sink: SearchTokenSink {
            let codes: UnsafeMutablePointer<UInt32>
            /// How many codes `codes` has room for (checked in debug builds: any bytes fit, see `add`).
            let room: Int
            var count = 0
            var words: [String] = []

            @inline(__always)
            mutating func cjk(_ code: UInt32) {
                assert(count < room, "more codes than a text's bytes have room for")
                codes[count] = code
                count += 1
            }

            mutating func word(_ word: String) { words.append(word) }
        }

        /// Adds the codes of `text` new to the current document with
        /// `mark`; its words.
        private mutating func add(_ text: Substring, mark: UInt32) -> [String] {
            var text = text
            if let words = text.utf8.withContiguousStorageIfAvailable({ add(bytes: $0, mark: mark) }) { return words }
            text.makeContiguousUTF8()
            return text.utf8.withContiguousStorageIfAvailable { add(bytes: $0, mark: mark) } ?? []
        }

        /// `add(_:mark:)` of a text's UTF-8 bytes, any bytes.
        private mutating func add(bytes text: UnsafeBufferPointer<UInt8>, mark: UInt32) -> [String] {
            // Room for every code: a CJK scalar of the Basic Multilingual Plane
            // is 3 bytes and gives at most 2 (others give words), and so
            // do bytes that are not UTF-8 (`SearchTokenizer.scalar`: a CJK
            // value needs a lead byte of 3 or 4).
            let room = text.count + 1
            if numbers.count - count < room {
                numbers.append(contentsOf: repeatElement(0, count: max(count + room, 2 * numbers.count) - numbers.count))
            }
            let count = count
            let (new, words) = numbers.withUnsafeMutableBufferPointer { buffer in
                var sink = Sink(codes: buffer.baseAddress! + count, room: room)
                SearchTokenizer.indexTokens(bytes: text, into: &sink)
                return (seen.insert(UnsafeMutableBufferPointer(rebasing: buffer[count..<count + sink.count])), sink.words)
            }
            if new > 0 {
                self.count += new
                runs.append((self.count, mark))
            }
            return words
        }

        /// The postings, the codes in the order of their shard of `shards`
        /// (a power of two), then ascending: the plan's distinct codes put
        /// in that order (by shard, then each shard's few sorted), then
        /// each posting in its code's place.
        func finish(shards: Int) -> Postings {
            let codes = seen.codes, shards = max(1, shards), mask = UInt32(shards - 1)
            var out = postings
            out.shards = shards
            // Code N's shard and postings, then (`place`) where its next posting goes.
            var shardOf = [UInt32](repeating: 0, count: codes.count), place = [Int32](repeating: 0, count: codes.count)
            var starts = [Int32](repeating: 0, count: shards + 1)
            var order = [Int32](repeating: 0, count: codes.count)
            numbers.withUnsafeBufferPointer { numbers in
                codes.withUnsafeBufferPointer { codes in
                    shardOf.withUnsafeMutableBufferPointer { shardOf in
                        place.withUnsafeMutableBufferPointer { place in
                            starts.withUnsafeMutableBufferPointer { starts in
                                order.withUnsafeMutableBufferPointer { order in
                                    for k in 0..<count { place[Int(numbers[k])] &+= 1 }
                                    // The codes by shard (a counting sort), each shard's few then sorted by code.
                                    for n in codes.indices {
                                        shardOf[n] = SearchShards.hash(code: codes[n]) & mask
                                        starts[Int(shardOf[n]) + 1] &+= 1
                                    }
                                    for s in 0..<shards { starts[s + 1] &+= starts[s] }
                                    for n in codes.indices {
                                        let s = Int(shardOf[n])
                                        order[Int(starts[s])] = Int32(n)
                                        starts[s] &+= 1
                                    }
                                    // `starts[s]` is now shard S's end.
                                    var from = 0
                                    for s in 0..<shards {
                                        let end = Int(starts[s])
                                        if end - from > 1 { Self.sort(UnsafeMutableBufferPointer(rebasing: order[from..<end]), by: codes) }
                                        from = end
                                    }
                                    // Each code's first place, and each shard's first posting.
                                    var at: Int32 = 0, n = 0
                                    for s in 0..<shards {
                                        let end = Int(starts[s])
                                        starts[s] = at
                                        while n < end {
                                            let code = Int(order[n])
                                            let postings = place[code]
                                            place[code] = at
                                            at &+= postings
                                            n += 1
                                        }
                                    }
                                    starts[shards] = at
                                }
                            }
                        }
                    }
                }
                out.codes = [UInt64](unsafeUninitializedCapacity: count) { buffer, made in
                    codes.withUnsafeBufferPointer { codes in
                        place.withUnsafeMutableBufferPointer { place in
                            var start = 0
                            for run in runs {
                                let mark = UInt64(run.mark)
                                for k in start..<run.end {
                                    let n = Int(numbers[k])
                                    buffer[Int(place[n])] = UInt64(codes[n]) << 32 | mark
                                    place[n] &+= 1
                                }
                                start = run.end
                            }
                        }
                    }
                    made = count
                }
            }
            out.shardStarts = starts
            return out
        }

        /// Sorts code numbers by their code: a shard's few by insertion.
        private static func sort(_ numbers: UnsafeMutableBufferPointer<Int32>, by codes: UnsafeBufferPointer<UInt32>) {
            guard numbers.count <= 16 else {
                var numbers = numbers
                return numbers.sort { codes[Int($0)] < codes[Int($1)] }
            }
            for i in numbers.indices.dropFirst() {
                let n = numbers[i], code = codes[Int(n)]
                var j = i
                while j > 0 && codes[Int(numbers[j - 1])] > code {
                    numbers[j] = numbers[j - 1]
                    j -= 1
                }
                numbers[j] = n
            }
        }
    }

    /// Room for a group's CJK postings: two a character, about a third of
    /// the UTF-8 bytes.
    private static func estimatedCodes(_ g: Group) -> Int {
        var bytes = g.title.utf8.count + g.fields.reduce(0) { $0 + $1.utf8.count } + g.intro.count
        for s in g.sections { bytes += s.heading.utf8.count + s.text.count }
        for i in g.indicators { bytes += i.name.utf8.count + i.fields.reduce(0) { $0 + $1.utf8.count } }
        return bytes * 2 / 3 + 16
    }

    /// Markdown as searchable text, in pieces: the destinations of links
    /// and images (`](…)`, from the `]` to the `)`) left out, the rest
    /// given as it is (marks are not tokens anyway); the pieces are the
    /// text searched as if joined by spaces (a space ends a word and a
    /// CJK run, as the end of a piece does).
    static func plainPieces(_ bytes: UnsafeBufferPointer<UInt8>, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Each `](` found by `memchr` for `]` (most sections have none, and
        // the text is then one piece), its `)` by `memchr` too.
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        func find(_ byte: UInt8, from: Int) -> Int? { offset(of: byte, in: bytes, from: from) }
        func link(from: Int) -> Int? {
            var i = from
            while let k = find(93, from: i) {
                if k + 1 < n && base[k + 1] == 40 { return k }
                i = k + 1
            }
            return nil
        }
        var i = 0, next = link(from: 0)
        // A `](` with no `)` after it: neither has any after it, the rest is one piece.
        while let start = next, let close = find(41, from: start + 2) {
            visit(UnsafeBufferPointer(rebasing: bytes[i..<start]))
            i = close + 1
            next = link(from: i)
        }
        visit(UnsafeBufferPointer(rebasing: bytes[i..<n]))
    }

    /// The offset of the first `byte` in `bytes` at or after `from` (`memchr`); nil when there is none.
    static func offset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = bytes.baseAddress, from < bytes.count,
              let found = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    /// Where lines start in a text's bytes, found by `memchr` from the
    /// line last asked for (`SearchIndex.sections`).
    struct LineCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var line = 1, offset = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The UTF-8 offset of 1-based line `wanted` (0 for a line before
        /// the first, the end for one past the last).
        mutating func start(ofLine wanted: Int) -> Int {
            if wanted < line { line = 1; offset = 0 }
            while line < wanted {
                guard let found = SearchIndex.offset(of: 10, in: bytes, from: offset) else { return bytes.count }
                offset = found + 1
                line += 1
            }
            return offset
        }
    }

    /// A plan body's UTF-8 bytes cut at its headings: the text before the
    /// first heading, then each heading's section (the heading line itself
    /// left out), slices of `markdown` (no bytes copied). `headingLines`
    /// are the file lines of the headings, `lineOffset` the body's.
    static func sections(_ markdown: Data, lineOffset: Int, headingLines: [Int]) -> (intro: Data, sections: [Data]) {
        let bodyLines = headingLines.map { $0 - lineOffset }
        // The offsets of the body lines asked for (1-based; a line past
        // the last is the end), each found by `memchr` from the one before
        // (the headings come in order; a line before it starts again from
        // the top): only the line breaks before the last heading are looked at.
        let found = markdown.withUnsafeBytes { raw -> [Int] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var cursor = LineCursor(bytes: bytes)
            var out: [Int] = []
            out.reserveCapacity(bodyLines.count * 2 + 1)
            if let first = bodyLines.first { out.append(cursor.start(ofLine: first)) } else { out.append(bytes.count) }
            for (k, line) in bodyLines.enumerated() {
                out.append(cursor.start(ofLine: line + 1))
                out.append(k + 1 < bodyLines.count ? cursor.start(ofLine: bodyLines[k + 1]) : bytes.count)
            }
            return out
        }
        let start = markdown.startIndex
        let intro = markdown[start..<start + found[0]]
        var sections: [Data] = []
        sections.reserveCapacity(bodyLines.count)
        for k in bodyLines.indices {
            let from = found[2 * k + 1], to = found[2 * k + 2]
            sections.append(from < to ? markdown[start + from..<start + to] : Data())
        }
        return (intro, sections)
    }
}
