import Foundation

/// The term shards and term files of a build's index (`SearchShards`) as
/// the write stage needs them: each file's hash (its page key) at once,
/// its bytes when it is written. The bytes wait in a `SearchFileStore`
/// (a spill file, so only the hashes and handles stay in memory: at
/// 10,000 plans the bytes are over 100 MB; else memory). A file kept
/// from the last build (`SearchShards.touched`) has only its hash: its
/// bytes, needed only when it cannot be linked from the tree in place,
/// come from `reread`.
// @unchecked: every stored property is set in `init` and never changes.
final class SearchFiles: @unchecked Sendable {
    let shardCount: Int
    /// The term files' names in `SearchShards.termFileFolder`.
    let names: [String]
    /// File I's hash: shards first, then term files.
    let hashes: [ContentHash]
    /// The layout to keep for the next build.
    let layout: SearchLayout
    private let store: SearchFileStore
    /// File I's handle in `store`; nil for a kept file.
    private let handles: [Int?]
    private let reread: @Sendable (Int) -> [UInt8]

    var count: Int { hashes.count }

    /// A file: its bytes, or kept from the last build with its hash.
    enum File {
        case made([UInt8])
        case kept
    }

    /// The files of `shards`: in the store they were handed to as made
    /// (`SearchShards.init`), else in one at `spill`.
    convenience init(_ shards: SearchShards, spill: URL? = nil) {
        if let stored = shards.stored {
            self.init(shards.layout, store: stored.store, handles: stored.handles) { _ in [] }
        } else {
            self.init(shards.layout, (shards.termShards + shards.termFiles.map(\.bytes)).map { .made($0) }, spill: spill) { _ in [] }
        }
    }

    /// `files`: the shards then the term files of `layout`, in its order.
    convenience init(_ layout: SearchLayout, _ files: [File], spill: URL?, reread: @escaping @Sendable (Int) -> [UInt8]) {
        let store = SearchFileStore(spill: spill)
        let handles = files.map { file -> Int? in if case .made(let bytes) = file { store.put(bytes) } else { nil } }
        self.init(layout, store: store, handles: handles, reread: reread)
    }

    private init(_ layout: SearchLayout, store: SearchFileStore, handles: [Int?], reread: @escaping @Sendable (Int) -> [UInt8]) {
        self.layout = layout
        self.reread = reread
        self.store = store
        self.handles = handles
        shardCount = layout.count
        names = layout.files.map(\.name)
        hashes = layout.shards + layout.files.map(\.hash)
    }

    /// File I's bytes (shards first, then term files); empty if the spill
    /// file cannot be read back (the write stage has no way to report it from here).
    func bytes(_ i: Int) -> [UInt8] {
        guard let handle = handles[i] else { return reread(i) }
        return store.bytes(handle)
    }
}
