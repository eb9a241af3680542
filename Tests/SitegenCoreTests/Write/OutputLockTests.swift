import Foundation
import Synchronization
import Testing
@testable import SitegenCore

/// One build per output folder.
@Suite struct OutputLockTests {
    /// A second taker is told who holds the lock and waits until it is let go.
    @Test func aSecondBuildWaitsForTheFirst() throws {
        try withTemporaryFolder("sitegen-lock") { dir in
            let file = dir.appendingPathComponent("lock")
            var first: OutputLock? = try OutputLock(file) { _ in Issue.record("the first taker waited") }
            let told = DispatchSemaphore(value: 0), taken = DispatchSemaphore(value: 0)
            let holder = Mutex<Int32>(-1)
            Thread {
                let second = try? OutputLock(file) { pid in
                    holder.withLock { $0 = pid }
                    told.signal()
                }
                #expect(second != nil)
                taken.signal()
            }.start()
            #expect(told.wait(timeout: .now() + 30) == .success)
            #expect(holder.withLock { $0 } == getpid())
            #expect(taken.wait(timeout: .now()) == .timedOut)  // still waiting
            first = nil
            _ = first
            #expect(taken.wait(timeout: .now() + 30) == .success)
        }
    }
}
