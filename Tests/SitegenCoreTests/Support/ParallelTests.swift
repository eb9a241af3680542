import Foundation
import Testing
@testable import SitegenCore

@Suite struct ParallelTests {
    @Test func resultsKeepTheirOrder() {
        let items = Array(0..<1000)
        #expect(Parallel.map(items) { $0 * 2 } == items.map { $0 * 2 })
        #expect(Parallel.with(jobs: 1) { Parallel.map(items) { $0 * 2 } } == items.map { $0 * 2 })
    }

    /// A build's worker count holds inside it only: serve's background
    /// write on one worker must not leave the next update on one worker.
    @Test func aWorkerCountHoldsForItsCallOnly() {
        #expect(Parallel.with(jobs: 1) { Parallel.workers } == 1)
        #expect(Parallel.with(jobs: 3) { Parallel.with(jobs: nil) { Parallel.workers } } == Parallel.cores)
        #expect(Parallel.workers == Parallel.cores)
        // Another thread, meanwhile, keeps the cores.
        let condition = NSCondition()
        nonisolated(unsafe) var step = 0, seen = 0
        let thread = Thread {
            condition.withLock {
                while step == 0 { condition.wait() }
                seen = Parallel.workers
                step = 2
                condition.broadcast()
            }
        }
        thread.start()
        Parallel.with(jobs: 1) {
            condition.withLock {
                step = 1
                condition.broadcast()
                while step != 2 { condition.wait() }
            }
        }
        #expect(seen == Parallel.cores)
    }

    /// Parallel steps inside a parallel step keep the caller's count.
    @Test func workersPassTheCountOn() {
        let counts = Parallel.with(jobs: 2) { Parallel.map(Array(0..<64)) { _ in Parallel.workers } }
        #expect(counts.allSatisfy { $0 == 2 })
    }
}
