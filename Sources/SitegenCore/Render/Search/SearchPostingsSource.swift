import Foundation

/// Where the index gets each plan's postings, and what it knows of the
/// last build's index (the incremental layer's memo, `SearchPostingsMemo`;
/// the renderer never knows how they are kept). Each plan is asked for
/// once, through `postings`.
protocol SearchPostingsSource: Sendable {
    /// Plan P's postings, from `make()`; what is kept of them for the next
    /// build is kept (or, when `digestsGiven`, waits for `keep(digests:of:)`).
    func postings(_ p: Int, make: () -> SearchIndex.Postings) -> SearchIndex.Postings
    /// Whether the digests of the postings `make` gives (`SearchShards.digests`,
    /// by shard of the first count) are to be given by the caller
    /// (`keep(digests:of:)`: a gather sums them as it adds the postings)
    /// rather than made by `postings` itself.
    var digestsGiven: Bool { get }
    /// Plan P's digests, when `digestsGiven`, once its postings were made by `postings`.
    func keep(digests: [UInt64], of p: Int)
    /// Whether plan P's texts are those of the last build.
    func isUnchanged(_ p: Int) -> Bool
    /// The digests of plan P's postings in the last build, whatever
    /// changed since (`SearchShards.digests`, by shard of the first count);
    /// nil when unknown.
    func lastDigests(_ p: Int) -> [UInt64]?
    /// Keeps what is known of unchanged plan P for the next build, though
    /// its postings were not asked for (`SearchShards.touched`).
    func keepUnchanged(_ p: Int)
    /// The last build's layout when it had the same plans in the same order.
    var lastLayout: SearchLayout? { get }
    /// Keeps this build's layout for the next.
    func keep(_ layout: SearchLayout)
    /// A search file of the tree in place, by its path in the site.
    func fileInPlace(_ path: String) -> [UInt8]?
}
