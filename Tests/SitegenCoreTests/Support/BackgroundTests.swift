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
    /// validation cache): the second's work sees all the first did. The
    /// first works a while before it ends (a sum, not a wait on the clock),
    /// so a second started at once would see it unfinished.
    @Test func workAfterAnotherStartsOnceItIsDone() {
        let log = Log()
        let first = Background { () -> Int in
            log.add("first started")
            var sum = 0
            for k in 0..<20_000_000 { sum &+= k ^ (sum >> 3) }
            log.add("first done")
            return sum == 42 ? 0 : 1
        }
        let second = Background(after: first) { () -> [String] in log.all }
        #expect(second.take() == ["first started", "first done"])
        #expect(first.take() == 1)
    }

    /// The first value may be taken before the second is: the second is still made.
    @Test func theFirstMayBeTakenFirst() {
        let first = Background { 1 }
        let second = Background(after: first) { 2 }
        #expect(first.take() == 1)
        #expect(second.take() == 2)
    }
}
