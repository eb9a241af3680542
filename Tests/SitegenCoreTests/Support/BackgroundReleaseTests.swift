import Dispatch
import Foundation
import Testing
@testable import SitegenCore

@Suite struct BackgroundReleaseTests {
    /// Calls `freed` from its deinit, on whatever thread releases it.
    final class Watched: @unchecked Sendable {
        let freed: () -> Void
        init(_ freed: @escaping () -> Void) { self.freed = freed }
        deinit { freed() }
    }

    /// The value is released, and not by the caller: a build's model is
    /// freed beside its report, not before it.
    @Test func aValueIsReleasedOnAnotherThread() {
        let released = DispatchSemaphore(value: 0)
        let caller = pthread_self()
        nonisolated(unsafe) var byCaller = true
        let value = [Watched { byCaller = pthread_equal(pthread_self(), caller) != 0; released.signal() }]
        BackgroundRelease.release(consume value)
        // A release that never comes fails the test, not hangs the run.
        #expect(released.wait(timeout: .now() + 60) == .success)
        #expect(!byCaller)
    }
}
