import Foundation

/// The search index's postings of each plan remembered between builds: a
/// plan whose searchable texts (`key`) are those of the last build is not
/// tokenized again. The index (`SearchShards`) asks for a plan's postings
/// through a function it is given and never knows. Kept in the workspace
/// in the validation cache's format (`ValidationCache`), one entry per
/// plan slug; anything unreadable is a miss.
struct SearchPostingsMemo: Sendable {
    let cache: ValidationCache
    /// Where this build's postings go for the next one.
    let keep: ValidationCache.Writer?

    /// Plan P's postings (`group`): the remembered ones when its texts did not change, else `make()`.
    func postings(_ group: SearchIndex.Group, _ p: Int, make: () -> SearchIndex.Postings) -> SearchIndex.Postings {
        guard keep != nil || !cache.isEmpty else { return make() }
        let key = Self.key(group)
        let base = UInt32(p) * SearchIndex.stride
        if var r = cache.payload(group.slug, key: key), let postings = Self.decode(&r, base: base) {
            keep?.add(group.slug, key: key, payload: r.bytes[r.range], fresh: false)
            return postings
        }
        let postings = make()
        keep?.add(group.slug, key: key, payload: Self.encode(postings, base: base), fresh: true)
        return postings
    }

    /// A hash of everything a plan's postings are made from.
    static func key(_ g: SearchIndex.Group) -> ContentHash {
        var h = ContentHash("search postings v1")
        func add(_ text: some StringProtocol) { h.add(String(text)) }
        add(g.title)
        h.add(String(g.fields.count)); g.fields.forEach(add)
        h.add(String(g.sections.count))
        for s in g.sections { add(s.heading); add(s.text) }
        h.add(String(g.indicators.count))
        for i in g.indicators { add(i.name); h.add(String(i.fields.count)); i.fields.forEach(add) }
        return h
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

    static func decode(_ r: inout ByteReader, base: UInt32) -> SearchIndex.Postings? {
        var out = SearchIndex.Postings()
        let offset = UInt64(base) << 1
        guard let count = r.count() else { return nil }
        out.codes.reserveCapacity(count)
        var code: UInt64 = 0
        while out.codes.count < count {
            guard let step = r.int(), step >= 0, let n = r.count(), n > 0 else { return nil }
            code += UInt64(step)
            var local: UInt64 = 0
            for _ in 0..<n {
                guard let gap = r.int(), gap >= 0 else { return nil }
                local += UInt64(gap)
                out.codes.append(code << 32 | (local + offset))
            }
        }
        guard out.codes.count == count, let words = r.count() else { return nil }
        out.words.reserveCapacity(words)
        for _ in 0..<words {
            guard let word = r.string(), let d = r.int(), d >= 0 else { return nil }
            out.words.append((word, UInt32(d) + UInt32(offset)))
        }
        return r.isAtEnd ? out : nil
    }
}
