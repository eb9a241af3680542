import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build per output folder: an exclusive `flock` on a file in the
/// build's workspace, held while a build reads what the last one kept,
/// writes its tree and swaps it in. The kernel drops the lock when the
/// process ends, however it ends, so a killed build never blocks the next.
final class OutputLock {
    private let fd: Int32

    /// Takes the lock on `file`; when another process holds it, `waiting`
    /// is told that process's id (0 when unknown) and the call waits for it.
    init(_ file: URL, waiting: (Int32) -> Void) throws {
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PublishError(description: "cannot create the lock file \(file.path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            waiting(Self.holder(fd))
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw PublishError(description: "cannot lock \(file.path): \(String(cString: strerror(errno)))")
                }
            }
        }
        // Ours now: say who holds it, for the next one to name.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The process id written in the lock file by its holder.
    private static func holder(_ fd: Int32) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = buffer.withUnsafeMutableBufferPointer { pread(fd, $0.baseAddress, 15, 0) }
        guard n > 0 else { return 0 }
        return Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
