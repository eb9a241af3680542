/// What a build's term shards and files were (`SearchShards`), kept for the
/// next build so that it remakes only the shards whose tokens changed
/// (`SearchShards.touched`): the shard count, why it is that count, and
/// each file's hash (its page key) and, for a term file, its shard.
struct SearchLayout: Sendable, Equatable {
    /// The shard count the gather started from (`SearchShards.shardCount(plans:)`).
    var first: Int
    var count: Int
    /// For each count from `first` below `count` (doubling), a shard of
    /// that count that was longer than `SearchShards.shardLimit`: while it
    /// is untouched, that count still does not do.
    var overflowing: [Int]
    /// Each shard's hash.
    var shards: [ContentHash]
    /// The term files, by name.
    var files: [TermFile]

    struct TermFile: Sendable, Equatable {
        var name: String
        /// The shard of its token.
        var shard: Int
        var hash: ContentHash
    }

    /// Whether every smaller count still has a shard over the limit when
    /// the shards `touched` (of `count`) are remade: false when one of
    /// them holds tokens of the shard that made a count double (then only
    /// a whole gather finds the count).
    func stillOverflowing(_ touched: Set<Int>) -> Bool {
        var level = first
        for shard in overflowing {
            if touched.contains(where: { $0 % level == shard }) { return false }
            level *= 2
        }
        return true
    }

    func encode() -> [UInt8] {
        var w = ByteWriter()
        w.int(first)
        w.int(count)
        w.int(overflowing.count)
        overflowing.forEach { w.int($0) }
        w.int(shards.count)
        shards.forEach { Self.add($0, to: &w) }
        w.int(files.count)
        for file in files {
            w.string(file.name)
            w.int(file.shard)
            Self.add(file.hash, to: &w)
        }
        return w.bytes
    }

    static func decode(_ r: inout ByteReader) -> SearchLayout? {
        guard let first = r.count(), let count = r.int(), count >= first, first > 0,
              let levels = r.count() else { return nil }
        var overflowing: [Int] = []
        for _ in 0..<levels {
            guard let k = r.int(), k >= 0 else { return nil }
            overflowing.append(k)
        }
        guard first << levels == count, let n = r.count(), n == count else { return nil }
        var shards: [ContentHash] = []
        shards.reserveCapacity(n)
        for _ in 0..<n {
            guard let h = hash(&r) else { return nil }
            shards.append(h)
        }
        guard let m = r.count() else { return nil }
        var files: [TermFile] = []
        files.reserveCapacity(m)
        for _ in 0..<m {
            guard let name = r.string(), let shard = r.int(), (0..<count).contains(shard), let h = hash(&r) else { return nil }
            files.append(TermFile(name: name, shard: shard, hash: h))
        }
        guard r.isAtEnd else { return nil }
        return SearchLayout(first: first, count: count, overflowing: overflowing, shards: shards, files: files)
    }

    private static func add(_ h: ContentHash, to w: inout ByteWriter) {
        w.int(Int(Int64(bitPattern: h.a)))
        w.int(Int(Int64(bitPattern: h.b)))
    }

    private static func hash(_ r: inout ByteReader) -> ContentHash? {
        guard let a = r.int(), let b = r.int() else { return nil }
        var h = ContentHash()
        h.a = UInt64(bitPattern: Int64(a))
        h.b = UInt64(bitPattern: Int64(b))
        return h
    }
}
