import Dispatch

/// A value worked out on another thread while the caller goes on, taken
/// where it is needed (`take`).
// @unchecked: `result` is written once on the queue before `done` is
// signalled, and read and cleared only after waiting for it.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async(group: done) { self.result = work() }
    }

    /// Waits until the value is worked out (it stays here for `take`).
    func wait() { done.wait() }

    /// The value, once worked out; given once (then nil), so that it is
    /// not held here after the caller lets it go.
    func take() -> T? {
        done.wait()
        defer { result = nil }
        return result
    }
}
