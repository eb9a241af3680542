import Foundation

/// What the search index keeps of each plan between builds: the digests
/// of its postings by shard (`SearchShards.digests`), so that a rebuild of
/// the same plans knows which shards a changed plan's postings changed in
/// (`SearchShards.touched`, which remakes those from the tree in place),
/// and whether its searchable texts changed (`key`: the files they come
/// from). With them, the last build's `SearchLayout`. Not the postings
/// themselves: a plan asked for is tokenized again (`postings`), and a full
/// build's later batches read theirs from the gather's own spill
/// (`SearchShards.init`). The index asks through `SearchPostingsSource` and
/// never knows how they are kept. Kept in the workspace in the validation
/// cache's format (`ValidationCache`), one entry per plan slug and one for
/// the layout, added to in place (a rebuild writes the changed plans'
/// entries and a changed layout, not the whole memo again); anything
/// unreadable is a miss.
struct SearchPostingsMemo: SearchPostingsSource {
    let cache: ValidationCache
    /// Where this build's digests go for the next one.
    let keep: ValidationCache.Writer?
    /// Each plan's slug and key, in the site's order.
    let slugs: [String]
    let keys: [ContentHash]
    /// The output folder, whose tree in place holds the last build's files.
    let output: URL?
    /// The plans whose postings were made and whose digests are to come (`keep(digests:of:)`).
    private let waiting = Waiting()
    /// The last build's layout as kept, read once (`lastLayout`, `keep(_:)`).
    private let storedLayout: [UInt8]?

    init(cache: ValidationCache, keep: ValidationCache.Writer?, slugs: [String], keys: [ContentHash], output: URL? = nil) {
        self.cache = cache
        self.keep = keep
        self.slugs = slugs
        self.keys = keys
        self.output = output
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

    /// The shard count the digests are by: a first gather's of these plans.
    var shardCount: Int { SearchShards.shardCount(plans: slugs.count) }

    func postings(_ p: Int, make: () -> SearchIndex.Postings) -> SearchIndex.Postings {
        // With no memo to write, only the postings.
        guard let keep else { return make() }
        let count = shardCount
        // Its digests, kept as they were (of an entry an older build wrote
        // with its postings after them, only the digests are kept).
        if var r = cache.payload(slugs[p], key: keys[p]), r.int() == count, r.take(8 * count) != nil {
            keep.add(slugs[p], key: keys[p], payload: r.bytes[r.start..<r.offset], fresh: false)
            return make()
        }
        // Kept when the gather gives its digests (`keep(digests:of:)`).
        waiting.made(p)
        return make()
    }

    /// The gather that adds the postings sums the digests of those it was
    /// given when there is a memo to write.
    var digestsGiven: Bool { keep != nil }

    func keep(digests: [UInt64], of p: Int) {
        guard let keep, digests.count == shardCount, waiting.taken(p) else { return }
        var w = ByteWriter()
        Self.write(digests, to: &w)
        keep.add(slugs[p], key: keys[p], payload: w.bytes, fresh: true)
    }

    /// Written again only into a new memo (one added to in place holds it);
    /// only its digests (an older build's entry has its postings after them).
    func keepUnchanged(_ p: Int) {
        guard let keep, !keep.appends, var r = cache.payload(slugs[p], key: keys[p]),
              Self.digests(&r, count: shardCount) != nil else { return }
        keep.add(slugs[p], key: keys[p], payload: r.bytes[r.start..<r.offset], fresh: false)
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

    /// The plans whose postings were made and whose digests are to come.
    // @unchecked: `waiting` is read and written only under `lock`.
    final class Waiting: @unchecked Sendable {
        private let lock = NSLock()
        private var waiting = Set<Int>()

        func made(_ p: Int) { _ = lock.withLock { waiting.insert(p) } }
        /// Whether plan P's digests were waited for (once).
        func taken(_ p: Int) -> Bool { lock.withLock { waiting.remove(p) != nil } }
    }

    func lastDigests(_ p: Int) -> [UInt64]? {
        guard var r = cache.payload(slugs[p]) else { return nil }
        return Self.digests(&r, count: shardCount)
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
}
