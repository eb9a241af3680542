import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells which files under some folders were added, changed or removed.
/// On Linux the kernel says so (inotify, every folder watched, new folders
/// as they appear); elsewhere, or when inotify cannot be had, the folders
/// are scanned every `pollInterval`. Either way a change is reported once
/// it has settled — no news for `settle` (editors save in several steps:
/// a temporary file, a rename, a change of mode).
///
/// Not for use from several threads at once: one thread calls `next`.
// @unchecked: its state is touched only by the one thread calling `next`
// (it may be made on another and handed over).
public final class FileWatcher: @unchecked Sendable {
    /// What changed, as absolute paths (a folder stands for all it holds).
    public enum Change: Equatable, Sendable {
        case paths(Set<String>)
        /// The kernel lost count (its queue overflowed): anything may have changed.
        case unknown
    }

    public let folders: [String]
    public let settle: TimeInterval
    public let pollInterval: TimeInterval
    /// True when the kernel reports changes (false: polling).
    public var usesKernel: Bool { inotify >= 0 }
    /// Called by `next` each time it has seen (more of) a change and is
    /// about to wait for the change to settle (tests make an editor's next
    /// step there, in the middle of a change, whatever the machine's pace).
    let settling: (() -> Void)?

    private var inotify: Int32 = -1
    /// Folder watched by each watch descriptor.
    private var watched: [Int32: String] = [:]
    /// The files and their stamps at the last report (polling only).
    private var stamps: [String: Stamp] = [:]

    /// `settling`: called while a change settles (see the property).
    public init(folders: [URL], settle: TimeInterval = 0.015, pollInterval: TimeInterval = 0.3, useKernel: Bool = true,
                settling: (() -> Void)? = nil) {
        self.folders = folders.map { $0.standardizedFileURL.path }
        self.settle = settle
        self.pollInterval = pollInterval
        self.settling = settling
        #if os(Linux)
        if useKernel {
            inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if inotify >= 0 { for folder in self.folders { watchTree(folder) } }
        }
        #endif
        if inotify < 0 { stamps = scan() }
    }

    deinit { if inotify >= 0 { close(inotify) } }

    /// Waits up to `timeout` seconds for a change, then until it settles;
    /// nil when nothing changed in time.
    public func next(timeout: TimeInterval) -> Change? {
        inotify >= 0 ? nextFromKernel(timeout: timeout) : nextFromScan(timeout: timeout)
    }

    // MARK: The kernel

    #if os(Linux)
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF
                             | IN_MOVE_SELF | IN_ATTRIB)
    #endif

    /// Watches `folder` and every folder below it. Returns the files found
    /// there (a folder that appears may have been filled before it was watched).
    @discardableResult
    private func watchTree(_ folder: String) -> [String] {
        #if os(Linux)
        var found: [String] = []
        let wd = inotify_add_watch(inotify, folder, Self.mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { return [] }
        watched[wd] = folder
        for (name, kind) in FileTree.list(folder, "") {
            let path = folder + "/" + name
            if kind == nil { found += watchTree(path) } else { found.append(path) }
        }
        return found
        #else
        return []
        #endif
    }

    private func nextFromKernel(timeout: TimeInterval) -> Change? {
        var changed = Set<String>()
        var overflow = false
        guard wait(timeout), read(into: &changed, overflow: &overflow) else { return nil }
        // Settle: keep reading until the kernel has been quiet for `settle`.
        settling?()
        while wait(settle) {
            _ = read(into: &changed, overflow: &overflow)
            settling?()
        }
        if overflow { return .unknown }
        return changed.isEmpty ? nil : .paths(changed)
    }

    /// True when the inotify descriptor is readable within `seconds`.
    private func wait(_ seconds: TimeInterval) -> Bool {
        var p = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, min(seconds * 1000, Double(Int32.max))).rounded(.up))
        while true {
            let n = poll(&p, 1, ms)
            if n < 0 && errno == EINTR { continue }
            return n > 0
        }
    }

    /// Reads the events waiting; false when there were none.
    private func read(into changed: inout Set<String>, overflow: inout Bool) -> Bool {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var any = false
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(inotify, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return any }
            any = true
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= n {
                let event = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: inotify_event.self) }
                let nameBytes = buffer[(offset + header)..<min(n, offset + header + Int(event.len))]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += header + Int(event.len)
                handle(event, name: name, changed: &changed, overflow: &overflow)
            }
        }
        #else
        return false
        #endif
    }

    #if os(Linux)
    private func handle(_ event: inotify_event, name: String, changed: inout Set<String>, overflow: inout Bool) {
        let mask = event.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true; return }
        guard let folder = watched[event.wd] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            watched[event.wd] = nil  // the folder is gone
            return
        }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
            changed.insert(folder)
            return
        }
        guard !name.isEmpty else { return }
        let path = folder + "/" + name
        changed.insert(path)
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            changed.formUnion(watchTree(path))
        }
    }
    #endif

    // MARK: Polling

    /// What a file looked like: enough to notice an edit.
    struct Stamp: Equatable {
        var size: Int
        var modified: timespec
        var inode: UInt64

        static func == (a: Stamp, b: Stamp) -> Bool {
            a.size == b.size && a.inode == b.inode
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    /// Every file under the folders with its stamp.
    func scan() -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        for folder in folders {
            for (relative, kind) in FileTree.entries(folder) where kind == .file {
                let path = folder + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                result[path] = Stamp(size: Int(info.st_size), modified: info.st_mtim, inode: UInt64(info.st_ino))
            }
        }
        return result
    }

    /// Scans every `pollInterval` until the files differ from the last
    /// report, and again until two scans agree.
    private func nextFromScan(timeout: TimeInterval) -> Change? {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = stamps
        while true {
            let now = scan()
            if now != stamps, now == seen {
                let paths = Set(now.keys).symmetricDifference(stamps.keys)
                    .union(now.keys.filter { stamps[$0] != nil && stamps[$0] != now[$0] })
                stamps = now
                return .paths(paths)
            }
            seen = now
            if now != stamps { settling?() }
            guard Date() < deadline else { return nil }
            Thread.sleep(forTimeInterval: now == stamps ? pollInterval : max(settle, 0.05))
        }
    }
}
