import Dispatch
import Foundation

/// Independent work on every core, results in input order: the output of
/// a parallel run is the output of a serial one.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// The worker count `with(jobs:)` set for the work under way on this
    /// thread (or task); 0: the cores. Scoped, never a process-wide switch:
    /// serve's background write on one worker leaves its updates on all cores.
    @TaskLocal private static var jobs = 0

    /// How many workers the work under way may use.
    static var workers: Int { jobs > 0 ? jobs : cores }

    /// Runs `body` with `jobs` workers for every parallel step inside it
    /// (nil or 0: the cores), on this thread and the workers it starts.
    static func with<R>(jobs: Int?, _ body: () throws -> R) rethrows -> R {
        try $jobs.withValue(max(0, jobs ?? 0), operation: body)
    }

    /// `transform` of every item, in order. Items are handed out in small
    /// batches so uneven items still keep every worker busy.
    static func map<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        let count = items.count
        guard count > 1, workers > 1 else { return items.map(transform) }
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            forEachIndex(count) { i in
                (base + i).initialize(to: transform(items[i]))
            }
            initialized = count
        }
    }

    /// Calls `body` once for each index in 0..<count, on all workers. The
    /// first `alone` indices (large items) are handed out one at a time,
    /// before the rest go in batches.
    static func forEachIndex(_ count: Int, alone: Int = 0, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        guard workers > 1, count > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        let alone = min(max(0, alone), count)
        let batch = max(1, min(64, (count - alone) / (workers * 8)))
        let batches = alone + (count - alone + batch - 1) / batch
        @Sendable func range(_ b: Int) -> Range<Int> {
            b < alone ? b..<b + 1 : (alone + (b - alone) * batch)..<min(count, alone + (b - alone + 1) * batch)
        }
        let next = Counter()
        // The caller's work touches only its own index: safe to share, which
        // the compiler cannot see through a plain closure.
        let jobs = self.jobs, workers = self.workers
        withoutActuallyEscaping(body) { body in
            let work = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                // Parallel steps inside `body` keep the caller's count.
                $jobs.withValue(jobs) {
                    while true {
                        let b = next.increment()
                        guard b < batches else { return }
                        for i in range(b) { work.value(i) }
                    }
                }
            }
        }
    }

    // @unchecked: a wrapper for values whose use is split by index (each
    // worker touches its own slots); the callers guarantee that.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// A shared counter for handing out batches.
    // @unchecked: `value_` changes only under `lock`.
    final class Counter: @unchecked Sendable {
        private var value_ = 0
        private let lock = NSLock()
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return value_
        }

        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            let v = value_
            value_ += 1
            return v
        }
    }
}
