import Foundation

/// The search index's postings of each plan remembered between builds: a
/// plan whose searchable texts did not change (`key`: the files they come
/// from) is not tokenized again, nor its texts made. With them, the last
/// build's `SearchLayout`, so a rebuild of the same plans remakes only the
/// shards whose tokens changed (`SearchShards.touched`). The index asks
/// through `SearchPostingsSource` and never knows how they are kept. Kept
/// in the workspace in the validation cache's format (`ValidationCache`),
/// one entry per plan slug and one for the layout; anything unreadable is
/// a miss.
struct SearchPostingsMemo: SearchPostingsSource {
    let cache: ValidationCache
    /// Where this build's postings go for the next one.
    let keep: ValidationCache.Writer?
    /// Each plan's slug and key, in the site's order.
    let slugs: [String]
    let keys: [ContentHash]
    /// The output folder, whose tree in place holds the last build's files.
    let output: URL?
    /// Where each plan's postings are in `keep`'s file (`again`).
    private let places = Places()

    init(cache: ValidationCache, keep: ValidationCache.Writer?, slugs: [String], keys: [ContentHash], output: URL? = nil) {
        self.cache = cache
        self.keep = keep
        self.slugs = slugs
        self.keys = keys
        self.output = output
    }

    /// The entry that holds the layout (no slug has a space).
    static let layoutEntry = "search layout"

    /// The key of a plan's postings: the files its searchable texts come
    /// from (`SiteRenderer.searchGroup`: the plan's title, issuer, summary
    /// and body from its file; its indicators' name, area, owner and
    /// target from theirs, in the plan's order), by their bytes' hash.
    static func key(plan: String, indicators: [(id: String, files: [String])], hashes: [String: ContentHash]) -> ContentHash {
        var h = ContentHash("search postings v2")
        func add(_ path: String) {
            h.add(path)
            h.add(hashes[path] ?? ContentHash("missing"))
        }
        add(plan)
        h.add(String(indicators.count))
        for i in indicators {
            h.add(i.id)
            h.add(String(i.files.count))
            i.files.forEach(add)
        }
        return h
    }

    /// The layout's key: the plans, in order.
    var layoutKey: ContentHash {
        var h = ContentHash("search layout v1")
        h.add(String(slugs.count))
        slugs.forEach { h.add($0) }
        return h
    }

    func isUnchanged(_ p: Int) -> Bool { cache.payload(slugs[p], key: keys[p]) != nil }

    func postings(_ p: Int, keep wanted: ((UInt32) -> Bool)?, make: () -> SearchIndex.Postings) -> SearchIndex.Postings {
        guard keep != nil || !cache.isEmpty else { return make() }
        let base = UInt32(p) * SearchIndex.stride
        if var r = cache.payload(slugs[p], key: keys[p]), let postings = Self.decode(&r, base: base, keep: wanted) {
            places.set(p, keep?.add(slugs[p], key: keys[p], payload: r.bytes[r.range], fresh: false))
            return postings
        }
        let postings = make()
        places.set(p, keep?.add(slugs[p], key: keys[p], payload: Self.encode(postings, base: base), fresh: true))
        return postings
    }

    func again(_ p: Int, keep wanted: (UInt32) -> Bool) -> SearchIndex.Postings? {
        guard let place = places[p], let bytes = keep?.read(place) else { return nil }
        var r = ByteReader(bytes)
        return withoutActuallyEscaping(wanted) { Self.decode(&r, base: UInt32(p) * SearchIndex.stride, keep: $0) }
    }

    /// The places of the plans' postings in the written memo.
    // @unchecked: `places` is read and written only under `lock`.
    final class Places: @unchecked Sendable {
        private let lock = NSLock()
        private var places: [Int: (offset: Int, count: Int)] = [:]

        func set(_ p: Int, _ place: (offset: Int, count: Int)?) { lock.withLock { places[p] = place } }
        subscript(_ p: Int) -> (offset: Int, count: Int)? { lock.withLock { places[p] } }
    }

    func previous(_ p: Int) -> SearchIndex.Postings? {
        guard var r = cache.payload(slugs[p]) else { return nil }
        return Self.decode(&r, base: UInt32(p) * SearchIndex.stride)
    }

    var lastLayout: SearchLayout? {
        guard var r = cache.payload(Self.layoutEntry, key: layoutKey) else { return nil }
        return SearchLayout.decode(&r)
    }

    func keep(_ layout: SearchLayout) {
        keep?.add(Self.layoutEntry, key: layoutKey, payload: layout.encode(), fresh: false)
    }

    func fileInPlace(_ path: String) -> [UInt8]? {
        guard let output, let data = FileManager.default.contents(atPath: output.appendingPathComponent(path).path) else { return nil }
        return [UInt8](data)
    }

    /// The postings with numbers relative to the plan's first (`base`):
    /// the CJK postings in ascending order (the index sorts them anyway),
    /// each code once with its documents as gaps; the words in their order.
    static func encode(_ postings: SearchIndex.Postings, base: UInt32) -> [UInt8] {
        var w = ByteWriter()
        var codes = postings.codes  // document by document
        SearchShards.sortByCode(&codes)
        let offset = UInt64(base) << 1
        w.int(codes.count)
        var k = 0, previousCode: UInt64 = 0
        while k < codes.count {
            let code = codes[k] >> 32
            var end = k
            while end < codes.count && codes[end] >> 32 == code { end += 1 }
            w.int(Int(code - previousCode))
            w.int(end - k)
            var previous: UInt64 = 0
            for c in codes[k..<end] {
                let local = (c & 0xFFFF_FFFF) - offset
                w.int(Int(local - previous))
                previous = local
            }
            previousCode = code
            k = end
        }
        w.int(postings.words.count)
        for (word, d) in postings.words {
            w.string(word)
            w.int(Int(d - UInt32(offset)))
        }
        return w.bytes
    }

    /// With `keep`, only the postings of the tokens whose hash (`SearchShards.hash`) it takes.
    static func decode(_ r: inout ByteReader, base: UInt32, keep: ((UInt32) -> Bool)? = nil) -> SearchIndex.Postings? {
        var out = SearchIndex.Postings()
        let offset = UInt64(base) << 1
        guard let count = r.count() else { return nil }
        if keep == nil { out.codes.reserveCapacity(count) }
        var code: UInt64 = 0, read = 0
        while read < count {
            guard let step = r.int(), step >= 0, let n = r.count(), n > 0 else { return nil }
            code += UInt64(step)
            read += n
            let wanted = keep?(SearchShards.hash(code: UInt32(truncatingIfNeeded: code))) ?? true
            var local: UInt64 = 0
            for _ in 0..<n {
                guard let gap = r.int(), gap >= 0 else { return nil }
                local += UInt64(gap)
                if wanted { out.codes.append(code << 32 | (local + offset)) }
            }
        }
        guard read == count, let words = r.count() else { return nil }
        if keep == nil { out.words.reserveCapacity(words) }
        for _ in 0..<words {
            guard let word = r.string(), let d = r.int(), d >= 0 else { return nil }
            if keep?(SearchShards.hash(word.utf16)) ?? true { out.words.append((word, UInt32(d) + UInt32(offset))) }
        }
        return r.isAtEnd ? out : nil
    }
}
