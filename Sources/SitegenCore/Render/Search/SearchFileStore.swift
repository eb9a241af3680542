import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the made files of a search index wait to be written, each known
/// by the handle `put` gives: a spill file (unlinked at once, appended
/// to, read back with `pread`), or memory when there is none or it cannot
/// be written (from the first write that fails on).
// @unchecked: `places`, `memory`, `end` and `spilling` change only under `lock`; `fd` only in `init`.
final class SearchFileStore: @unchecked Sendable {
    private enum Place {
        case spilled(offset: Int, count: Int)
        case memory(Int)
    }

    private let lock = NSLock()
    private let fd: Int32
    private var spilling: Bool
    private var end = 0
    private var places: [Place] = []
    private var memory: [[UInt8]] = []

    /// A store in a new file at `spill` (unlinked at once), or in memory.
    init(spill: URL?) {
        var fd: Int32 = -1
        if let spill {
            unlink(spill.path)
            fd = open(spill.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { unlink(spill.path) }
        }
        self.fd = fd
        spilling = fd >= 0
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Keeps `bytes`; their handle.
    func put(_ bytes: [UInt8]) -> Int {
        lock.withLock {
            // A write that fails leaves the file's end unknown: what follows stays in memory.
            // Appended in order under the lock (`pread` leaves the file's position alone).
            if spilling && bytes.withUnsafeBufferPointer({ TreeWriter.writeAll(fd, $0) }) {
                places.append(.spilled(offset: end, count: bytes.count))
                end += bytes.count
            } else {
                spilling = false
                places.append(.memory(memory.count))
                memory.append(bytes)
            }
            return places.count - 1
        }
    }

    /// The bytes of `handle`; empty if the spill file cannot be read back
    /// (an I/O error on a file this process just wrote).
    func bytes(_ handle: Int) -> [UInt8] {
        guard let place = lock.withLock({ places.indices.contains(handle) ? places[handle] : nil }) else { return [] }
        switch place {
        case .spilled(let offset, let count): return TreeWriter.readAll(fd, offset: offset, count: count) ?? []
        case .memory(let i): return lock.withLock { memory[i] }
        }
    }
}
