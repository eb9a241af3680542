import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SitegenCore

/// The watcher on a temporary folder, through the kernel and by scanning.
@Suite struct FileWatcherTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-watch-\(UUID().uuidString)")
        var path: String { url.path }
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ relative: String, _ text: String) throws {
            let file = url.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    /// The paths of the next change, waiting long enough for any machine.
    static func next(_ watcher: FileWatcher) -> Set<String> {
        guard case .paths(let paths)? = watcher.next(timeout: 20) else {
            Issue.record("no change reported")
            return []
        }
        return paths
    }

    @Test(arguments: [true, false]) func reportsWritesAddsAndRemovals(kernel: Bool) throws {
        let folder = try Folder()
        try folder.write("a.md", "one")
        try folder.write("sub/b.yaml", "one")
        let watcher = FileWatcher(folders: [folder.url], pollInterval: 0.02, useKernel: kernel)
        #expect(watcher.usesKernel == kernel)
        #expect(watcher.next(timeout: 0.05) == nil)

        try folder.write("sub/b.yaml", "two!")
        #expect(Self.next(watcher).contains(folder.path + "/sub/b.yaml"))
        try folder.write("c.md", "new")
        #expect(Self.next(watcher).contains(folder.path + "/c.md"))
        try FileManager.default.removeItem(atPath: folder.path + "/a.md")
        #expect(Self.next(watcher).contains(folder.path + "/a.md"))
    }

    /// A folder made after the watch started is watched too, and the files
    /// already in it when it is seen are reported.
    @Test(arguments: [true, false]) func newFoldersAreWatched(kernel: Bool) throws {
        let folder = try Folder()
        let watcher = FileWatcher(folders: [folder.url], pollInterval: 0.02, useKernel: kernel)
        try folder.write("new/deeper/x.md", "one")
        var seen = Set<String>()
        while !seen.contains(folder.path + "/new/deeper/x.md") {
            let paths = Self.next(watcher)
            if paths.isEmpty { break }
            seen.formUnion(paths)
        }
        #expect(seen.contains(folder.path + "/new/deeper/x.md"))
        try folder.write("new/deeper/x.md", "two!")
        #expect(Self.next(watcher).contains(folder.path + "/new/deeper/x.md"))
    }

    /// An editor's save in several steps (a temporary file written, then
    /// renamed over the old one) is one change, reported once it settled:
    /// the rename is made while the watcher waits for the first step to
    /// settle (`settling`), not after a pause on the clock, so the steps
    /// are one change however slow the machine.
    @Test(arguments: [true, false]) func aSaveInStepsIsOneChange(kernel: Bool) throws {
        let folder = try Folder()
        try folder.write("plan.md", "one")
        let plan = folder.path + "/plan.md", temporary = folder.path + "/.plan.md.tmp"
        var renamed = 0
        let watcher = FileWatcher(folders: [folder.url], pollInterval: 0.02, useKernel: kernel) {
            if renamed == 0 { renamed = rename(temporary, plan) == 0 ? 1 : -1 }
        }
        try folder.write(".plan.md.tmp", "two")
        let paths = Self.next(watcher)
        #expect(renamed == 1)
        #expect(paths.contains(plan))
        // The kernel tells of the temporary file; two scans never see it apart.
        if kernel { #expect(paths.contains(temporary)) }
        #expect(watcher.next(timeout: 0.05) == nil)
    }
}
