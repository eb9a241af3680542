import Dispatch

/// Frees a large value on another thread: the caller goes on (and a build
/// ends) without waiting for every node of a site's model to be released
/// one by one. At 10,000 plans that is about a quarter of a second on one
/// thread, after the last page.
enum BackgroundRelease {
    // @unchecked: `value` is set once here and cleared once by the queue.
    private final class Holder<T>: @unchecked Sendable {
        var value: T?
        init(_ value: consuming T) { self.value = value }
    }

    /// Takes `value` (pass it with `consume`, so the caller keeps no other
    /// copy) and releases it on a background queue.
    static func release<T>(_ value: consuming T) {
        let holder = Holder(value)
        DispatchQueue.global(qos: .utility).async { holder.value = nil }
    }
}
