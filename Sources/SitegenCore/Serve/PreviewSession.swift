import Foundation
import Synchronization

/// `sitegen serve`: build, serve the output, and rebuild when content/ or
/// templates/ change. A failed rebuild keeps the last good site and puts a
/// banner on its pages until a build succeeds again.
public final class PreviewSession: Sendable {
    public let options: BuildOptions
    public let server: StaticServer
    /// What the sources looked like at the last build, and at the last
    /// poll while they settle: the watcher and a build may run on
    /// different threads, so both are behind one lock.
    private struct Watch {
        var fingerprint: [String: FileStamp] = [:]
        var settling: [String: FileStamp]?
    }
    private let watch = Mutex(Watch())

    public init(options: BuildOptions) {
        self.options = options
        self.server = StaticServer(root: options.output)
    }

    /// What a file looked like: enough to notice an edit.
    struct FileStamp: Equatable, Sendable {
        var size: Int
        var modified: TimeInterval
        var inode: Int
    }

    /// Every file under the watched folders with its stamp.
    func scan() -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        let fm = FileManager.default
        for dir in [options.root.appendingPathComponent("content"), options.templates] {
            guard let walker = fm.enumerator(atPath: dir.path) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = dir.path + "/" + relative
                guard let attributes = try? fm.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                result[path] = FileStamp(size: (attributes[.size] as? Int) ?? 0,
                                         modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
                                         inode: (attributes[.systemFileNumber] as? Int) ?? 0)
            }
        }
        return result
    }

    /// Builds and remembers what the sources looked like.
    @discardableResult
    public func build() -> BuildResult {
        let stamps = scan()
        watch.withLock { $0.fingerprint = stamps }
        let result: BuildResult
        do {
            result = try Pipeline.build(options)
        } catch {
            var failed = Pipeline.check(options)
            failed.published = false
            failed.notes.append("could not write \(options.output.path): \(error)")
            server.bannerHTML = Self.banner
            return failed
        }
        server.bannerHTML = result.published ? nil : Self.banner
        return result
    }

    /// True when a watched file was added, removed or changed since the last build.
    public func sourcesChanged() -> Bool {
        let now = scan()
        return watch.withLock { $0.fingerprint != now }
    }

    /// One poll of the watcher, debounced: a change is rebuilt on the first
    /// poll that sees the same files as the poll before (an editor may
    /// write a file in several steps). Returns the build when it ran.
    public func tick() -> BuildResult? {
        let now = scan()
        let settled = watch.withLock { w -> Bool in
            guard now != w.fingerprint else { w.settling = nil; return false }
            if let previous = w.settling, previous == now {
                w.settling = nil
                return true
            }
            w.settling = now
            return false
        }
        return settled ? build() : nil
    }

    /// Shown on every served page while the last build has errors. Fixed
    /// text in both languages: it comes from the tool, not the content.
    static let banner = "<div role=\"alert\" style=\"background:#b0161e;color:#fff;padding:8px 16px;font-weight:bold\">"
        + "最近一次构建失败，这里显示的是上一次成功构建的网站；错误见终端。 The last build failed: this is the last good site; see the terminal for the errors.</div>"
}
