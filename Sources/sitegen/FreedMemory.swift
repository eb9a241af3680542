import Foundation

/// Hands the heap pages freed by one stage back to the system when the
/// next begins: glibc keeps what its per-thread arenas freed (the checking
/// stage's YAML trees, the rendering's pages), so the process would carry
/// the largest stage's leftovers to the end of the build. Linux only.
// @unchecked: `stage` changes only under `lock`.
final class FreedMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = ""

    /// Called with each progress report; acts once per stage.
    func enter(_ next: String) {
        lock.withLock {
            guard next != stage else { return }
            stage = next
            #if os(Linux)
            _ = trimHeap(0)
            #endif
        }
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (in `malloc.h`, which the Glibc module leaves out).
@_silgen_name("malloc_trim")
private func trimHeap(_ pad: Int) -> Int32
#endif
