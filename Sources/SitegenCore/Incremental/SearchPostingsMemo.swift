import Foundation

/// What the search index keeps of each plan between builds: the digests
/// of its postings by shard (`SearchShards.digests`), so that a rebuild of
/// the same plans knows which shards a changed plan's postings changed in
/// (`SearchShards.touched`, which remakes those from the tree in place),
/// and whether its searchable texts changed (`key`: the files they come
/// from). With them, the last build's `SearchLayout`. A memo made with
/// `segments` keeps each plan's postings too (`encode`), so that a batched
/// gather's later batches (`again`) and a whole gather of a rebuild read
/// them back instead of tokenizing the plan again; a build's memo does not,
/// at any size (a full build would spend more on writing them than a
/// rebuild that adds or removes a plan saves, and a full build's later
/// batches read theirs from the gather's own spill, `SearchShards.init`). The
/// index asks through `SearchPostingsSource` and never knows how they are
/// kept. Kept in the workspace in the validation cache's format
/// (`ValidationCache`), one entry per plan slug and one for the layout,
/// added to in place (a rebuild writes the changed plans' entries and a
/// changed layout, not the whole memo again); anything unreadable is a miss.
struct SearchPostingsMemo: SearchPostingsSource {
    let cache: ValidationCache
    /// Where this build's postings go for the next one.
    let keep: ValidationCache.Writer?
    /// Each plan's slug and key, in the site's order.
    let slugs: [String]
    let keys: [ContentHash]
    /// The output folder, whose tree in place holds the last build's files.
    let output: URL?
    /// Whether each plan's postings are kept (`encode`), not only their
    /// digests: off unless asked for (a build never does).
    let segments: Bool
    /// Where each plan's postings are in `keep`'s file (`again`).
    private let places = Places()
    /// The last build's layout as kept, read once (`lastLayout`, `keep(_:)`).
    private let storedLayout: [UInt8]?

    init(cache: ValidationCache, keep: ValidationCache.Writer?, slugs: [String], keys: [ContentHash], output: URL? = nil,
         segments: Bool? = nil) {
        self.cache = cache
        self.keep = keep
        self.slugs = slugs
        self.keys = keys
        self.output = output
        self.segments = segments ?? false
        storedLayout = cache.isEmpty ? nil : cache.payload(Self.layoutEntry, key: Self.layoutKey(slugs)).map { Array($0.bytes[$0.range]) }
    }

    /// The entry that holds the layout (no slug has a space).
    static let layoutEntry = "search layout"

    /// The key of a plan's postings: the files its searchable texts come
    /// from (`SiteRenderer.searchGroup`: the plan's title, issuer, summary
    /// and body from its file; its indicators' name, area, owner and
    /// target from theirs, in the plan's order), by their bytes' hash.
    static func key(plan: String, indicators: [(id: String, files: [String])], hashes: [String: ContentHash]) -> ContentHash {
        var h = ContentHash("search postings v6")
        h.add(file: plan, hashes: hashes)
        h.add(String(indicators.count))
        for i in indicators {
            h.add(i.id)
            h.add(String(i.files.count))
            for path in i.files { h.add(file: path, hashes: hashes) }
        }
        return h
    }

    /// The layout's key: the plans, in order.
    var layoutKey: ContentHash { Self.layoutKey(slugs) }

    static func layoutKey(_ slugs: [String]) -> ContentHash {
        var h = ContentHash("search layout v2")
        h.add(String(slugs.count))
        slugs.forEach { h.add($0) }
        return h
    }

    func isUnchanged(_ p: Int) -> Bool { cache.holds(slugs[p], key: keys[p]) }

    /// How the postings are cut into segments: by the shards of a first
    /// gather of these plans, in `SearchShards.gatherBatches(plans:)` batches.
    var batching: SearchShards.Batching {
        SearchShards.Batching(count: SearchShards.shardCount(plans: slugs.count), batches: SearchShards.gatherBatches(plans: slugs.count))
    }

    func postings(_ p: Int, keep wanted: SearchShardFilter?, make: () -> SearchIndex.Postings) -> SearchIndex.Postings {
        guard keep != nil || !cache.isEmpty else { return make() }
        let base = UInt32(p) * SearchIndex.stride, count = batching.count
        // Past the digests (not decoded: only a rebuild's `lastDigests` reads them).
        if var r = cache.payload(slugs[p], key: keys[p]), r.int() == count, r.take(8 * count) != nil {
            let whole = r.bytes[r.range]
            if !segments {
                // Its digests are kept as they were; its postings are made again.
                keep?.add(slugs[p], key: keys[p], payload: whole, fresh: false)
                return make()
            }
            // Kept cut for another shard count (the plans crossed a power of two), it is made again.
            if let (batching, ordered, segments) = Self.header(&r), batching == self.batching,
               let postings = Self.decode(r.bytes, segments: segments, base: base, shards: ordered ? batching.count : 0, keep: wanted) {
                let head = r.range.lowerBound
                places.set(p, keep?.add(slugs[p], key: keys[p], payload: whole, fresh: false).map { place in
                    (segments.map { place.offset + $0.lowerBound - head..<place.offset + $0.upperBound - head }, ordered)
                })
                return postings
            }
        }
        let postings = make()
        guard !digestsGiven else {
            // Kept when the caller gives its digests (`keep(digests:of:)`).
            places.made(p)
            return postings
        }
        var w = ByteWriter()
        Self.write(SearchShards.digests(postings, count: count), to: &w)
        guard segments else {
            keep?.add(slugs[p], key: keys[p], payload: w.bytes, fresh: true)
            return postings
        }
        let prefix = w.bytes.count
        let (bytes, segments) = Self.encode(postings, base: base, batching)
        w.raw(bytes)
        places.set(p, keep?.add(slugs[p], key: keys[p], payload: w.bytes, fresh: true).map { place in
            (segments.map { place.offset + prefix + $0.lowerBound..<place.offset + prefix + $0.upperBound }, postings.shards == count)
        })
        return postings
    }

    /// Only the digests are kept (no segments), so the gather that adds the
    /// postings sums them.
    var digestsGiven: Bool { keep != nil && !segments }

    func keep(digests: [UInt64], of p: Int) {
        guard let keep, digests.count == batching.count, places.taken(p) else { return }
        var w = ByteWriter()
        Self.write(digests, to: &w)
        keep.add(slugs[p], key: keys[p], payload: w.bytes, fresh: true)
    }

    func again(_ p: Int, shards: Range<Int>, of count: Int) -> SearchIndex.Postings? {
        let batching = self.batching
        guard count == batching.count, !shards.isEmpty, let (segments, ordered) = places[p] else { return nil }
        // The segments of the batches that hold `shards`, read at once; filtered when they hold more.
        let first = batching.batch(of: shards.lowerBound), last = batching.batch(of: shards.upperBound - 1)
        let from = segments[first].lowerBound, to = segments[last].upperBound
        guard let bytes = keep?.read((from, to - from)) else { return nil }
        let covered = batching.shards(first).lowerBound..<batching.shards(last).upperBound
        return Self.decode(bytes, segments: (first...last).map { segments[$0].lowerBound - from..<segments[$0].upperBound - from },
                           base: UInt32(p) * SearchIndex.stride, shards: ordered ? count : 0,
                           keep: covered == shards ? nil : SearchShardFilter(count: count, shards: shards))
    }

    /// Written again only into a new memo (one added to in place holds it).
    func keepUnchanged(_ p: Int) {
        guard let keep, !keep.appends, let r = cache.payload(slugs[p], key: keys[p]) else { return }
        keep.add(slugs[p], key: keys[p], payload: r.bytes[r.range], fresh: false)
    }

    /// A payload's digests: the shard count, then a digest a shard, 8 bytes each.
    static func write(_ digests: [UInt64], to w: inout ByteWriter) {
        w.int(digests.count)
        let start = w.bytes.count
        w.bytes += [UInt8](repeating: 0, count: 8 * digests.count)
        w.bytes.withUnsafeMutableBytes { out in
            for (k, d) in digests.enumerated() { out.storeBytes(of: d.littleEndian, toByteOffset: start + 8 * k, as: UInt64.self) }
        }
    }

    /// The digests at the start of `r`, `count` of them, `r` left after
    /// them; nil when there are not.
    static func digests(_ r: inout ByteReader, count: Int) -> [UInt64]? {
        guard let n = r.int(), n == count, let range = r.take(8 * n) else { return nil }
        return r.bytes.withUnsafeBytes { bytes in
            (0..<n).map { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: range.lowerBound + 8 * $0, as: UInt64.self)) }
        }
    }

    /// The places of the plans' postings in the written memo.
    // @unchecked: `places` is read and written only under `lock`.
    final class Places: @unchecked Sendable {
        private let lock = NSLock()
        private var places: [Int: (segments: [Range<Int>], ordered: Bool)] = [:]

        /// Plan P's segments, by batch, in the file, and whether its codes
        /// are in the order of their shard (`SearchIndex.Postings.shards`).
        func set(_ p: Int, _ place: ([Range<Int>], Bool)?) { lock.withLock { places[p] = place } }
        subscript(_ p: Int) -> ([Range<Int>], Bool)? { lock.withLock { places[p] } }

        /// The plans whose postings were made and whose digests are to come (`keep(digests:of:)`).
        private var waiting = Set<Int>()

        func made(_ p: Int) { _ = lock.withLock { waiting.insert(p) } }
        /// Whether plan P's digests were waited for (once).
        func taken(_ p: Int) -> Bool { lock.withLock { waiting.remove(p) != nil } }
    }

    func lastDigests(_ p: Int) -> [UInt64]? {
        guard var r = cache.payload(slugs[p]) else { return nil }
        return Self.digests(&r, count: batching.count)
    }

    var lastLayout: SearchLayout? {
        guard let storedLayout else { return nil }
        var r = ByteReader(storedLayout)
        return SearchLayout.decode(&r)
    }

    /// Kept as `fresh` unless it is the one the memo holds (a writer
    /// adding to the memo in place writes only fresh entries).
    func keep(_ layout: SearchLayout) {
        let bytes = layout.encode()
        let kept = storedLayout == bytes
        keep?.add(Self.layoutEntry, key: layoutKey, payload: bytes, fresh: !kept)
    }

    func fileInPlace(_ path: String) -> [UInt8]? {
        guard let output, let data = FileManager.default.contents(atPath: output.appendingPathComponent(path).path) else { return nil }
        return [UInt8](data)
    }

    /// The postings with numbers relative to the plan's first (`base`), cut
    /// into one segment per batch of `batching` (a token in the batch that
    /// holds its shard), so a batch reads its own only (`again`): the
    /// shard count, the batches, whether the codes are in the order of
    /// their shard of that count (`SearchIndex.Postings.shards`; then so
    /// are the segments one after the other) and each segment's size,
    /// then the segments. In a segment, the CJK postings in the order they
    /// came, each code once (as the step from the one before) with its
    /// documents as gaps; the words in their order. Each segment's place
    /// in the bytes too. When the codes are in shard order, a segment's
    /// codes come with a directory (`Directory.maxGroups` groups of its shards at most,
    /// each group's first byte and the code before it), so a reader of a
    /// few shards seeks to theirs (`decode`) instead of stepping over all.
    static func encode(_ postings: SearchIndex.Postings, base: UInt32, _ batching: SearchShards.Batching)
        -> (bytes: [UInt8], segments: [Range<Int>]) {
        let codes = postings.codes, mask = UInt32(batching.count - 1)
        // Each code's shard and batch, by the place of its postings; then each
        // segment written on its own (one writer at a time, no array of them).
        let one = batching.batches == 1
        var runs: [(batch: Int, shard: Int, end: Int)] = []
        var codeCounts = [Int](repeating: 0, count: batching.batches), runCounts = codeCounts
        let offset = UInt64(base) << 1
        // The largest number in the plan, for the room its gaps can take.
        var largest: UInt64 = 0
        SearchShards.forEachCode(codes) { code, run in
            let shard = Int(SearchShards.hash(code: code) & mask)
            let batch = one ? 0 : batching.batch(of: shard)
            runs.append((batch, shard, run.upperBound))
            codeCounts[batch] += run.count
            runCounts[batch] += 1
            // A code's numbers ascend: its last is its largest.
            largest = max(largest, codes[run.upperBound - 1] & 0xFFFF_FFFF)
        }
        // A gap is at most the largest number less the plan's first.
        let gapRoom = ByteWriter.intRoom(largest >= offset ? Int(largest - offset) : Int(UInt32.max))
        let wordBatches = postings.words.map { one ? 0 : batching.batch(of: Int(SearchShards.hash($0.0.utf16) & mask)) }
        var segments: [[UInt8]] = []
        codes.withUnsafeBufferPointer { codes in
            for b in 0..<batching.batches {
                var directory = Directory(shards: batching.shards(b), ordered: postings.shards == batching.count)
                var previousCode: UInt64 = 0
                // The codes' numbers as `ByteWriter.int` writes them, into room for
                // the most they can take without a check per byte.
                let room = ByteWriter.intRoom * 2 * runCounts[b] + gapRoom * codeCounts[b]
                let body = [UInt8](unsafeUninitializedCapacity: room) { out, count in
                    count = 0
                    guard let out = out.baseAddress else { return }
                    var at = 0, start = 0
                    for (batch, shard, end) in runs {
                        defer { start = end }
                        guard batch == b else { continue }
                        let code = codes[start] >> 32
                        directory.enter(shard, at: at, after: previousCode)
                        ByteWriter.int(Int(code) - Int(previousCode), into: out, at: &at)
                        ByteWriter.int(end - start, into: out, at: &at)
                        var previous: UInt64 = 0
                        for k in start..<end {
                            let local = (codes[k] & 0xFFFF_FFFF) - offset
                            ByteWriter.int(Int(local - previous), into: out, at: &at)
                            previous = local
                        }
                        previousCode = code
                    }
                    count = at
                }
                var segment = ByteWriter()
                segment.bytes.reserveCapacity(body.count + 16)
                segment.int(codeCounts[b])
                directory.write(to: &segment, length: body.count, last: previousCode)
                segment.raw(body)
                segment.int(wordBatches.reduce(0) { $0 + ($1 == b ? 1 : 0) })
                for ((word, d), batch) in zip(postings.words, wordBatches) where batch == b {
                    segment.string(word)
                    segment.int(Int(d - UInt32(offset)))
                }
                segments.append(segment.bytes)
            }
        }
        var w = ByteWriter()
        w.bytes.reserveCapacity(segments.reduce(32) { $0 + $1.count })
        w.int(batching.count)
        w.int(batching.batches)
        w.bool(postings.shards == batching.count)
        for segment in segments { w.int(segment.count) }
        var places: [Range<Int>] = []
        for segment in segments {
            places.append(w.bytes.count..<w.bytes.count + segment.count)
            w.bytes += segment
        }
        return (w.bytes, places)
    }

    /// The batching, whether the codes are in the order of their shard
    /// and the segments' places of an `encode`d payload, read from its
    /// start; nil when they do not add up to the rest of it.
    static func header(_ r: inout ByteReader) -> (SearchShards.Batching, ordered: Bool, [Range<Int>])? {
        // Not `count()`: the shard count may be more than the bytes left.
        guard let count = r.int(), count > 0, count <= SearchShards.maxShardCount, count & (count - 1) == 0,
              let batches = r.int(), batches > 0, batches <= count, let ordered = r.bool() else { return nil }
        var sizes: [Int] = []
        for _ in 0..<batches {
            guard let size = r.count() else { return nil }
            sizes.append(size)
        }
        var segments: [Range<Int>] = [], at = r.offset
        for size in sizes {
            segments.append(at..<at + size)
            at += size
        }
        guard at == r.range.upperBound else { return nil }
        return (SearchShards.Batching(count: count, batches: batches), ordered, segments)
    }

    /// The postings of `segments` (places in `bytes`, one after the
    /// other), their codes in the order of their shard of `shards` when
    /// not 0 (as they were kept); with `keep`, only those of the tokens
    /// of the shards it takes (found through the segments' directories
    /// when the codes are in shard order, else stepped over).
    static func decode(_ bytes: [UInt8], segments: [Range<Int>], base: UInt32, shards: Int = 0,
                       keep: SearchShardFilter? = nil) -> SearchIndex.Postings? {
        var out = SearchIndex.Postings()
        out.shards = shards
        for segment in segments {
            var s = ByteReader(bytes, from: segment.lowerBound, to: segment.upperBound)
            guard s.range == segment, decode(&s, base: base, shards: shards, keep: keep, into: &out) else { return nil }
        }
        return out
    }

    /// One segment's postings added to `out`; false when it is not one.
    private static func decode(_ r: inout ByteReader, base: UInt32, shards count: Int, keep: SearchShardFilter?,
                               into out: inout SearchIndex.Postings) -> Bool {
        let offset = UInt64(base) << 1
        guard let total = r.count(), let directory = Directory(&r) else { return false }
        if let keep, count > 0, directory.groups > 0, directory.shards.upperBound <= count {
            // Only the groups of the wanted shards, each read to its end.
            for g in 0..<directory.groups where directory.shards(ofGroup: g).contains(where: { keep.takesAny(ofShard: $0, of: count) }) {
                let (from, to, before) = directory.place(g)
                var s = ByteReader(r.bytes, from: from, to: to)
                guard codes(&s, after: before, limit: total, offset: offset, keep: keep, into: &out) != nil, s.isAtEnd else { return false }
            }
            r.offset = directory.end
        } else {
            if keep == nil { out.codes.reserveCapacity(out.codes.count + total) }
            guard codes(&r, after: 0, limit: total, offset: offset, keep: keep, into: &out) == total,
                  directory.groups == 0 || r.offset == directory.end else { return false }
        }
        guard let words = r.count() else { return false }
        for _ in 0..<words {
            guard let word = r.string(), let d = r.int(), d >= 0, let number = UInt32(exactly: UInt64(d) + offset) else { return false }
            if keep?.takes(SearchShards.hash(word.utf16)) ?? true { out.words.append((word, number)) }
        }
        return r.isAtEnd
    }

    /// Codes read from `r` (the code before them `code`) until `limit`
    /// postings are read or `r` ends, each added to `out` unless `keep`
    /// does not take its shard; the postings read, nil when malformed.
    @inline(__always)
    private static func codes(_ r: inout ByteReader, after code: UInt64, limit: Int, offset: UInt64, keep: SearchShardFilter?,
                              into out: inout SearchIndex.Postings) -> Int? {
        var code = code, read = 0
        while read < limit && !r.isAtEnd {
            guard let step = r.int(), let n = r.count(), n > 0 else { return nil }
            let (sum, overflow) = Int(code).addingReportingOverflow(step)
            guard !overflow, let next = UInt32(exactly: sum) else { return nil }
            code = UInt64(next)
            read += n
            // A code of a shard not wanted: its places are stepped over.
            if let keep, !keep.takes(SearchShards.hash(code: UInt32(truncatingIfNeeded: code))) {
                guard r.skipInts(n) else { return nil }
                continue
            }
            var local: UInt64 = 0
            // Each number fits 32 bits (a damaged memo is refused, never trapped on).
            for _ in 0..<n {
                guard let gap = r.int(), gap >= 0, gap <= UInt32.max else { return nil }
                local += UInt64(gap)
                guard local + offset <= UInt32.max else { return nil }
                out.codes.append(code << 32 | (local + offset))
            }
        }
        return read
    }

    /// A segment's directory of its codes (`encode`), when they are in
    /// shard order: its shards in `groups` groups, each group's first byte
    /// and the code before it. Zero groups: none (codes in another order).
    struct Directory {
        static let maxGroups = 256
        private(set) var shards: Range<Int>
        private(set) var groups: Int
        /// Each group's first byte (relative to the codes' first while
        /// written, then in the segment's bytes) and the code before it.
        private var starts: [Int], before: [UInt64]
        /// Where the codes end (read).
        private(set) var end = 0
        /// The last group entered (written).
        private var current = -1

        init(shards: Range<Int>, ordered: Bool) {
            self.shards = shards
            groups = ordered && !shards.isEmpty ? min(shards.count, Self.maxGroups) : 0
            starts = []
            before = []
            // Shards a group, when a power of two: a shift, not a division a code.
            let each = groups > 0 && shards.count % groups == 0 ? shards.count / groups : 0
            shift = each > 0 && each & (each - 1) == 0 ? each.trailingZeroBitCount : -1
        }

        /// log2 of the shards a group when that is whole, else -1 (written).
        private var shift = -1

        /// The shards `enter` puts in group G: those K with
        /// (K − first) × groups / count = G, rounded down.
        func shards(ofGroup g: Int) -> Range<Int> {
            let first = { (g: Int) in self.shards.lowerBound + (g * self.shards.count + self.groups - 1) / self.groups }
            return first(g)..<first(g + 1)
        }

        /// A code of shard K starts at `offset`, after `code`; a code out
        /// of shard order leaves the segment without a directory.
        mutating func enter(_ k: Int, at offset: Int, after code: UInt64) {
            guard groups > 0 else { return }
            let g = !shards.contains(k) ? -1 : shift >= 0 ? (k - shards.lowerBound) >> shift : (k - shards.lowerBound) * groups / shards.count
            guard g >= current else {
                groups = 0
                return
            }
            while current < g {
                starts.append(offset)
                before.append(code)
                current += 1
            }
        }

        /// Written after the segment's posting count, before its codes
        /// (`length` bytes, the last of them `last`).
        func write(to w: inout ByteWriter, length: Int, last: UInt64) {
            w.int(groups)
            guard groups > 0 else { return }
            w.int(shards.lowerBound)
            w.int(shards.count)
            w.int(length)
            var at = 0, code: UInt64 = 0
            for g in 0..<groups {
                let (s, c) = g < starts.count ? (starts[g], before[g]) : (length, last)
                w.int(s - at)
                w.int(Int(c) - Int(code))
                (at, code) = (s, c)
            }
        }

        /// Read from `r`, which is left at the codes' first byte; nil when
        /// it is not one.
        init?(_ r: inout ByteReader) {
            guard let groups = r.count(), groups <= Self.maxGroups else { return nil }
            self.groups = groups
            (shards, starts, before) = (0..<0, [], [])
            guard groups > 0 else { return }
            // Not `count()` for the first shard: it may be more than the bytes left.
            guard let low = r.int(), low >= 0, let count = r.int(), count >= groups, count <= SearchShards.maxShardCount,
                  low <= SearchShards.maxShardCount, let length = r.count() else { return nil }
            shards = low..<low + count
            starts.reserveCapacity(groups)
            before.reserveCapacity(groups)
            var at = 0, code = 0
            for _ in 0..<groups {
                guard let step = r.int(), step >= 0, step <= length - at, let c = r.int() else { return nil }
                let (sum, overflow) = code.addingReportingOverflow(c)
                guard !overflow, UInt32(exactly: sum) != nil else { return nil }
                at += step
                code = sum
                starts.append(at)
                before.append(UInt64(sum))
            }
            guard length <= r.end - r.offset else { return nil }
            for g in 0..<groups { starts[g] += r.offset }
            end = r.offset + length
        }

        /// Group G's bytes in the segment and the code before them.
        func place(_ g: Int) -> (from: Int, to: Int, before: UInt64) {
            (starts[g], g + 1 < groups ? starts[g + 1] : end, before[g])
        }
    }
}
