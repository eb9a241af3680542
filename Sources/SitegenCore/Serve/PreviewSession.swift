import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `sitegen serve`: the site kept in memory (`LiveSite`) and served from
/// there, updated as soon as the kernel says a file under content/ or the
/// template folder changed (`FileWatcher`), and written to the output
/// folder after, in the background, by the normal incremental build. A
/// change with errors keeps the last good site and puts a banner on its
/// pages until the site is good again.
// @unchecked: `state` is read and written only under `condition`.
public final class PreviewSession: @unchecked Sendable {
    public let options: BuildOptions
    public let server: StaticServer
    let live: LiveSite
    /// How long the output folder's write waits for more edits, so that a
    /// burst of them is written once (and pages are answered first).
    let writeDelay: TimeInterval
    let useKernel: Bool
    private let onEvent: @Sendable (Event) -> Void

    /// What the session did, for the terminal.
    public enum Event: Sendable {
        /// The site in memory was loaded or updated (`published`: it had no
        /// errors and is the one served now), taking `seconds`.
        case updated(BuildResult, seconds: Double)
        /// The output folder was brought up to date.
        case wrote(BuildResult, seconds: Double)
        case writeFailed(String)
    }

    /// The threads' switches and the background write's to-do list.
    private struct State {
        var writeWanted = false
        var writing = false
        var watching = false
        var writerRunning = false
        /// Set by `stop`: the watcher ends, the writer ends once nothing is left to write.
        var stopping = false
    }
    private let condition = NSCondition()
    private var state = State()

    public init(options: BuildOptions, writeDelay: TimeInterval = 0.5, useKernel: Bool = true,
                onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.options = options
        self.server = StaticServer(root: options.output)
        self.live = LiveSite(options: options)
        self.writeDelay = writeDelay
        self.useKernel = useKernel
        self.onEvent = onEvent
    }

    /// Starts watching, loads the site, serves it on 127.0.0.1:`port` (0:
    /// a free port) and writes the output folder. Returns the load's result.
    @discardableResult
    public func start(port: UInt16) throws -> BuildResult {
        let watcher = FileWatcher(folders: [options.root.appendingPathComponent("content"), options.templates],
                                  useKernel: useKernel)
        let result = update(nil)
        try server.start(port: port)
        condition.withLock {
            state.watching = true
            state.writerRunning = true
        }
        spawn("sitegen.watch") { self.watch(watcher) }
        spawn("sitegen.write") { self.writeLoop() }
        return result
    }

    /// Stops serving and watching; returns once the output folder holds
    /// the last good site (a write wanted or under way is finished).
    public func stop() {
        server.stop()
        condition.withLock {
            state.stopping = true
            condition.broadcast()
            while state.watching || state.writerRunning { condition.wait() }
        }
    }

    /// Waits until no write of the output folder is wanted or under way;
    /// false when `timeout` passed first.
    public func waitForWrite(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while state.writeWanted || state.writing {
                if !condition.wait(until: deadline) { return false }
            }
            return true
        }
    }

    // MARK: Updating

    /// Loads `changed` (absolute paths; nil: everything) into the site in
    /// memory; a good site is served at once and written after.
    @discardableResult
    func update(_ changed: Set<String>?) -> BuildResult {
        let clock = ContinuousClock(), started = clock.now
        let result = live.update(changed.flatMap(relative))
        if result.unchanged { return result }  // nothing to show, nothing to write
        if result.published {
            server.pages = { [live] in live.response($0) }
            server.bannerHTML = nil
            wantWrite()
        } else {
            server.bannerHTML = Self.banner
        }
        onEvent(.updated(result, seconds: (clock.now - started).seconds))
        return result
    }

    /// Paths relative to the site folder, when all are under content/
    /// (anything else, such as templates, reloads everything: nil).
    func relative(_ paths: Set<String>) -> Set<String>? {
        let content = options.root.path + "/content/"
        guard paths.allSatisfy({ $0.hasPrefix(content) }) else { return nil }
        return Set(paths.map { String($0.dropFirst(options.root.path.count + 1)) })
    }

    private func watch(_ watcher: FileWatcher) {
        defer { ended { $0.watching = false } }
        while !condition.withLock({ state.stopping }) {
            switch watcher.next(timeout: 0.25) {
            case nil: continue
            case .unknown: update(nil)
            case .paths(let paths): update(paths)
            }
        }
    }

    // MARK: Writing the output folder

    private func wantWrite() {
        condition.withLock {
            state.writeWanted = true
            condition.broadcast()
        }
    }

    /// The write runs at a lower priority on one thread, so that an edit
    /// made meanwhile is served first (each save of a large site has one
    /// write in the background, a second or more).
    private func writeLoop() {
        defer { ended { $0.writerRunning = false } }
        #if os(Linux)
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)  // on Linux, this thread only
        #endif
        while nextWrite() {
            write()
            condition.withLock {
                state.writing = false
                condition.broadcast()
            }
        }
    }

    /// Waits for a write to be wanted, then until none more was wanted for
    /// `writeDelay` (a burst of edits is written once); false once stopping
    /// with nothing left to write. The watcher has ended by then (`stop`).
    private func nextWrite() -> Bool {
        condition.withLock {
            while !state.writeWanted {
                if state.stopping && !state.watching { return false }
                condition.wait()
            }
            state.writeWanted = false
            var deadline = Date().addingTimeInterval(writeDelay)
            while !state.stopping, condition.wait(until: deadline) {
                if state.writeWanted {
                    state.writeWanted = false
                    deadline = Date().addingTimeInterval(writeDelay)
                }
            }
            state.writing = true
            return true
        }
    }

    private func write() {
        let clock = ContinuousClock(), started = clock.now
        var options = self.options
        options.jobs = 1
        do {
            let result = try Pipeline.build(options)
            onEvent(.wrote(result, seconds: (clock.now - started).seconds))
        } catch {
            onEvent(.writeFailed("could not write \(options.output.path): \(error)"))
        }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }

    /// A thread's last words: its switch turned off, under the lock.
    private func ended(_ change: (inout State) -> Void) {
        condition.withLock {
            change(&state)
            condition.broadcast()
        }
    }

    /// Shown on every served page while the last build has errors. Fixed
    /// text in both languages: it comes from the tool, not the content.
    static let banner = "<div role=\"alert\" style=\"background:#b0161e;color:#fff;padding:8px 16px;font-weight:bold\">"
        + "最近一次构建失败，这里显示的是上一次成功构建的网站；错误见终端。 The last build failed: this is the last good site; see the terminal for the errors.</div>"
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
