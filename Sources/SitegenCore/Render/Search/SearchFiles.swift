import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The term shards and term files of a build's index (`SearchShards`) as
/// the write stage needs them: each file's hash (its page key) at once,
/// its bytes when it is written. Given a spill file, the bytes wait there
/// (unlinked at once, read back with `pread`) and only the hashes and
/// places stay in memory (at 10,000 plans the bytes are over 100 MB);
/// without one, or when it cannot be written, they stay in memory.
// @unchecked: every stored property is set in `init` and never changes.
final class SearchFiles: @unchecked Sendable {
    let shardCount: Int
    /// The term files' names in `SearchShards.termFileFolder`.
    let names: [String]
    /// File I's hash: shards first, then term files.
    let hashes: [ContentHash]
    private let memory: [[UInt8]]
    private let fd: Int32
    /// File I's bytes in the spill file.
    private let places: [(offset: Int, count: Int)]

    var count: Int { hashes.count }

    init(_ shards: SearchShards, spill: URL? = nil) {
        let all = shards.termShards + shards.termFiles.map(\.bytes)
        shardCount = shards.termShards.count
        names = shards.termFiles.map(\.name)
        hashes = Parallel.map(all) { bytes in bytes.withUnsafeBytes { var h = ContentHash(); h.add($0); return h } }
        let written = spill.flatMap { Self.write(all, to: $0) }
        fd = written?.fd ?? -1
        places = written?.places ?? []
        memory = written == nil ? all : []
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
        guard fd >= 0 else { return memory[i] }
        let place = places[i]
        var out = [UInt8](repeating: 0, count: place.count)
        var done = 0
        let ok = out.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while done < place.count {
                let n = pread(fd, base + done, place.count - done, off_t(place.offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return ok ? out : []
    }
}
