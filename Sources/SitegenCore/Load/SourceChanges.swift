import Foundation

/// Files found changed when read again after the load stage (see
/// `SourceFile.withText()`): the build that read them publishes nothing.
// @unchecked: `problems` changes only under `lock`.
final class SourceChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [Diagnostic] = []

    func add(_ problem: Diagnostic) { lock.withLock { problems.append(problem) } }

    /// Adds a change for each of `files` (left on disk with a stamp) that
    /// is not what it was when it was read: a file a build did not need to
    /// read again is still known unchanged before it publishes. The stamp
    /// is the quick look; a file whose stamp moved is read and its bytes
    /// compared, since its change time also moves when nothing in it did
    /// (another hard link made to it, its mode changed).
    func verify(_ files: [SourceFile]) {
        let stamped = files.compactMap { file in file.unread.flatMap { u in u.stamp.map { (file, u.url.path, $0) } } }
        // Each file's stamp now, looked up in its folder (`FileStamp.stamps`).
        let now = FileStamp.stamps(of: stamped.map(\.1))
        let moved = zip(stamped, now).filter { $0.0.2 != $0.1 }.map(\.0)
        let changed = Parallel.map(moved) { file, url, _ -> String? in
            guard let data = FileManager.default.contents(atPath: url), ContentHash(data) == file.hash else { return file.path }
            return nil
        }
        for path in changed.compactMap({ $0 }) { add(SourceFile.changed(path)) }
    }

    /// The first change found, as the build reports it; nil when none was.
    var first: String? {
        lock.withLock { problems.sorted { $0.location.path < $1.location.path }.first.map { "\($0)" } }
    }
}
