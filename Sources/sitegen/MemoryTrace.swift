import Foundation

/// `SITEGEN_MEMORY_TRACE=1`: prints to stderr, at each stage the build
/// reports, the resident memory then and the peak since the stage before,
/// and the wall, user and system seconds the stage took
/// (the kernel's peak is reset at each stage through
/// `/proc/self/clear_refs`), so the peak of a whole build can be laid at
/// the door of one stage. Linux only; a debugging aid, not a feature.
// @unchecked: `stage` changes only under `lock`.
final class MemoryTrace: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = "start"
    /// Wall and CPU seconds when `stage` began.
    private var began = MemoryTrace.clocks()

    /// Nil unless the environment asks for it.
    static func fromEnvironment() -> MemoryTrace? {
        ProcessInfo.processInfo.environment["SITEGEN_MEMORY_TRACE"].map { _ in MemoryTrace() }
    }

    /// Reports the stage that ends when `next` begins (once per stage).
    func enter(_ next: String) {
        lock.withLock {
            guard next != stage else { return }
            report()
            stage = next
        }
    }

    /// Reports the last stage.
    func finish() { lock.withLock { report() } }

    /// Seconds since boot, and of user and system CPU of this process.
    private static func clocks() -> (wall: Double, user: Double, sys: Double) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (Double(now.tv_sec) + Double(now.tv_nsec) / 1e9, seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    private func report() {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func kib(_ key: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        let now = Self.clocks()
        let times = String(format: "%.2f s wall, %.2f s user, %.2f s sys", now.wall - began.wall, now.user - began.user, now.sys - began.sys)
        began = now
        let line = "memory: \(stage): peak \(kib("VmHWM") / 1024) MiB, then \(kib("VmRSS") / 1024) MiB; \(times)\n"
        FileHandle.standardError.write(Data(line.utf8))
        // Resets VmHWM to the current RSS (Linux ≥ 4.0).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
