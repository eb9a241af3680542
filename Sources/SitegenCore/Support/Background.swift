import Dispatch

/// A value worked out on another thread while the caller goes on, waited
/// for where it is needed (`wait`).
// @unchecked: `result` is written once on the queue before `done` is
// signalled, and read only after waiting for it.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async(group: done) { self.result = work() }
    }

    /// The value, once worked out.
    func wait() -> T? {
        done.wait()
        return result
    }
}
