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

    /// `work` started once `first` is worked out (whether or not it was
    /// taken yet), with no thread waiting for it meanwhile.
    init<U>(after first: Background<U>, _ work: @escaping @Sendable () -> T) {
        done.enter()
        first.done.notify(queue: .global(qos: .userInitiated)) {
            self.result = work()
            self.done.leave()
        }
    }

    /// The value, once worked out; given once (then nil), so that it is
    /// not held here after the caller lets it go.
    func take() -> T? {
        done.wait()
        defer { result = nil }
        return result
    }
}
