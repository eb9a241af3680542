import Foundation

/// `SITEGEN_MEMORY_TRACE=1`: prints to stderr, at each stage the build
/// reports, the resident memory then and the peak since the stage before
/// (the kernel's peak is reset at each stage through
/// `/proc/self/clear_refs`), so the peak of a whole build can be laid at
/// the door of one stage. Linux only; a debugging aid, not a feature.
// @unchecked: `stage` changes only under `lock`.
final class MemoryTrace: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = "start"

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

    private func report() {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func kib(_ key: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        let line = "memory: \(stage): peak \(kib("VmHWM") / 1024) MiB, then \(kib("VmRSS") / 1024) MiB\n"
        FileHandle.standardError.write(Data(line.utf8))
        // Resets VmHWM to the current RSS (Linux ≥ 4.0).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
