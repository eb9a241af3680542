import Foundation

/// Files found changed when read again after the load stage (see
/// `SourceFile.withText()`): the build that read them publishes nothing.
// @unchecked: `problems` changes only under `lock`.
final class SourceChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [Diagnostic] = []

    func add(_ problem: Diagnostic) { lock.withLock { problems.append(problem) } }

    /// Adds a change for each of `files` (left on disk with a stamp) whose
    /// stamp is not what it was when it was read: a file a build did not
    /// need to read again is still known unchanged before it publishes.
    func verify(_ files: [SourceFile]) {
        let stamped = files.compactMap { file in file.unread.flatMap { u in u.stamp.map { (file.path, u.url.path, $0) } } }
        let changed = Parallel.map(stamped) { path, url, stamp in FileStamp(path: url) == stamp ? nil : path }
        for path in changed.compactMap({ $0 }) { add(SourceFile.changed(path)) }
    }

    /// The first change found, as the build reports it; nil when none was.
    var first: String? {
        lock.withLock { problems.sorted { $0.location.path < $1.location.path }.first.map { "\($0)" } }
    }
}
