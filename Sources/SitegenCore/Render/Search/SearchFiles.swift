import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The term shards and term files of a build's index (`SearchShards`) as
/// the write stage needs them: each file's hash (its page key) at once,
/// its bytes when it is written. Given a spill file, the bytes wait there
/// (unlinked at once, read back with `pread`) and only the hashes and
/// places stay in memory (at 10,000 plans the bytes are over 100 MB);
/// without one, or when it cannot be written, they stay in memory. A file
/// kept from the last build (`SearchShards.touched`) has only its hash:
/// its bytes, needed only when it cannot be linked from the tree in place,
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
    private let memory: [[UInt8]]
    private let fd: Int32
    /// File I's bytes in the spill file (or in `memory`); nil for a kept file.
    private let places: [(offset: Int, count: Int)?]
    private let reread: @Sendable (Int) -> [UInt8]

    var count: Int { hashes.count }

    /// A file: its bytes, or kept from the last build with its hash.
    enum File {
        case made([UInt8])
        case kept
    }

    convenience init(_ shards: SearchShards, spill: URL? = nil) {
        self.init(shards.layout, (shards.termShards + shards.termFiles.map(\.bytes)).map { .made($0) }, spill: spill) { _ in [] }
    }

    /// `files`: the shards then the term files of `layout`, in its order.
    init(_ layout: SearchLayout, _ files: [File], spill: URL?, reread: @escaping @Sendable (Int) -> [UInt8]) {
        self.layout = layout
        self.reread = reread
        shardCount = layout.count
        names = layout.files.map(\.name)
        hashes = layout.shards + layout.files.map(\.hash)
        let made = files.compactMap { if case .made(let bytes) = $0 { bytes } else { nil } }
        let written = spill.flatMap { Self.write(made, to: $0) }
        fd = written?.fd ?? -1
        memory = written == nil ? made : []
        var places: [(offset: Int, count: Int)?] = [], next = 0
        for file in files {
            guard case .made = file else { places.append(nil); continue }
            places.append(written?.places[next] ?? (next, 0))
            next += 1
        }
        self.places = places
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes `files` one after the other to a new file at `url`, unlinked
    /// at once; nil when it cannot be written.
    private static func write(_ files: [[UInt8]], to url: URL) -> (fd: Int32, places: [(offset: Int, count: Int)])? {
        unlink(url.path)
        let fd = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        unlink(url.path)
        var places: [(offset: Int, count: Int)] = []
        places.reserveCapacity(files.count)
        var offset = 0
        for file in files {
            guard file.withUnsafeBufferPointer({ TreeWriter.writeAll(fd, $0) }) else {
                close(fd)
                return nil
            }
            places.append((offset, file.count))
            offset += file.count
        }
        return (fd, places)
    }

    /// File I's bytes (shards first, then term files); empty if the spill
    /// file cannot be read back (an I/O error on a file this process just
    /// wrote; the write stage has no way to report it from here).
    func bytes(_ i: Int) -> [UInt8] {
        guard let place = places[i] else { return reread(i) }
        guard fd >= 0 else { return memory[place.offset] }
        return TreeWriter.readAll(fd, offset: place.offset, count: place.count) ?? []
    }
}
