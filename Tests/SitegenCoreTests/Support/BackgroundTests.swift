import Dispatch
import Foundation
import Testing
@testable import SitegenCore

@Suite struct BackgroundTests {
    /// What ran, in order, from any thread.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        func add(_ entry: String) { lock.withLock { entries.append(entry) } }
        var all: [String] { lock.withLock { entries } }
    }

    /// A value worked out `after` another starts only once that one is
    /// done (the workspace's files `publish` needs are read after the
    /// validation cache): while the first is held back, the second's work
    /// does not run (a wait for it that never ends: the first is let go
    /// then; a second run at once ends that wait and is logged first).
    @Test func workAfterAnotherStartsOnceItIsDone() {
        let log = Log(), go = DispatchSemaphore(value: 0), ran = DispatchSemaphore(value: 0)
        let first = Background { () -> Int in
            go.wait()
            log.add("first")
            return 1
        }
        let second = Background(after: first) { () -> Int in
            log.add("second")
            ran.signal()
            return 2
        }
        // Not a sleep to let something happen: the time nothing may happen in.
        #expect(ran.wait(timeout: .now() + 0.2) == .timedOut)
        go.signal()
        #expect(second.take() == 2)
        #expect(first.take() == 1)
        #expect(log.all == ["first", "second"])
    }

    /// The first value may be taken before the second is: the second is still made.
    @Test func theFirstMayBeTakenFirst() {
        let first = Background { 1 }
        let second = Background(after: first) { 2 }
        #expect(first.take() == 1)
        #expect(second.take() == 2)
    }
}
