/// The term shards a reader of postings wants (`SearchPostingsSource.postings`):
/// a token is wanted when its shard of `count` (its hash's low bits,
/// `SearchShards.hash`) is one of them. A memo kept by shards of another
/// count asks `takesAny(ofShard:of:)`, so it can seek to the wanted ones.
struct SearchShardFilter: Sendable {
    /// The shard count (a power of two).
    let count: Int
    private let wanted: [Bool]

    init(count: Int, shards: some Sequence<Int>) {
        self.count = count
        var wanted = [Bool](repeating: false, count: count)
        for k in shards where k >= 0 && k < count { wanted[k] = true }
        self.wanted = wanted
    }

    /// Whether the token of hash `hash` is wanted.
    @inline(__always)
    func takes(_ hash: UInt32) -> Bool { wanted[Int(hash & UInt32(count - 1))] }

    /// Whether a token of shard K of `other` shards (a power of two) can be
    /// wanted: shard K of fewer shards than `count` splits into K, K + other, …
    func takesAny(ofShard k: Int, of other: Int) -> Bool {
        guard other < count else { return wanted[k & (count - 1)] }
        return Swift.stride(from: k, to: count, by: other).contains { wanted[$0] }
    }
}
