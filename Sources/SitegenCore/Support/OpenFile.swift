import Foundation

/// An open file read by offset from any thread (`pread`), closed with
/// the last value that holds it: the workspace's caches and records
/// (`ValidationCache`, `BuildRecord`, `DataFileSplice`).
// @unchecked: `fd` and `size` never change.
final class OpenFile: @unchecked Sendable {
    let fd: Int32
    let size: Int

    init?(_ path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { close(fd); return nil }
        size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// The bytes of `range`; nil when they cannot all be read. From
    /// `populateFrom` bytes, read in one piece per worker, each piece's
    /// memory made ready (`populate`) and read on its own core.
    func bytes(_ range: Range<Int>) -> [UInt8]? {
        guard range.lowerBound >= 0, range.upperBound <= size else { return nil }
        let large = range.count >= OpenFile.populateFrom
        let pieces = large ? max(1, Parallel.workers) : 1, length = (range.count + pieces - 1) / pieces
        // Read into memory not set first (a build reads megabytes).
        var whole = true
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let at = Parallel.Unchecked(base)
            let read = Parallel.map(Array(0..<pieces)) { k -> Bool in
                let start = k * length, count = min(length, range.count - start)
                guard count > 0 else { return true }
                if large { OpenFile.populate(at.value + start, count: count) }
                var done = 0
                while done < count {
                    let n = pread(fd, at.value + start + done, count - done, off_t(range.lowerBound + start + done))
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return false }
                    done += n
                }
                return true
            }
            whole = read.allSatisfy { $0 }
            initialized = whole ? range.count : 0
        }
        return whole ? bytes : nil
    }

    /// From this many bytes, `bytes` has the memory it reads into
    /// made ready at once (`populate`).
    static let populateFrom = 1 << 20

    /// The whole pages of the `count` bytes at `base`, made ready in one
    /// call (Linux's `MADV_POPULATE_WRITE`): a read into fresh memory
    /// otherwise stops at each of its pages (a 17 MB cache: four thousand
    /// faults). Nothing is done where the system does not know it.
    static func populate(_ base: UnsafeMutableRawPointer, count: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let start = (Int(bitPattern: base) + page - 1) / page * page, end = (Int(bitPattern: base) + count) / page * page
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, 23)  // MADV_POPULATE_WRITE (Linux 5.14)
    }
}
