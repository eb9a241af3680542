import Foundation

/// Files found changed when read again after the load stage (see
/// `SourceFile.withText()`): the build that read them publishes nothing.
// @unchecked: `problems` changes only under `lock`.
final class SourceChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [Diagnostic] = []

    func add(_ problem: Diagnostic) { lock.withLock { problems.append(problem) } }

    /// The first change found, as the build reports it; nil when none was.
    var first: String? {
        lock.withLock { problems.sorted { $0.location.path < $1.location.path }.first.map { "\($0)" } }
    }
}
