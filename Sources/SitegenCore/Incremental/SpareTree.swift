import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The tree the last build replaced, kept in the workspace to be made into
/// the next one: its folders already exist and most of its files are
/// already right, where a new tree costs a `mkdir` per page (and ext4 with
/// `discard` pays dearly for freeing the blocks of a deleted one).
enum SpareTree {
    /// Takes the spare as the staging tree, readied by `recycle`: the page
    /// keys it holds by path (from `record`, which must describe it), or
    /// nil when there is no spare to take.
    static func take(_ state: BuildState) -> (StagingTree, [String: String])? {
        let record = BuildRecord.read(state.spareRecord, describing: state.spare, diagnostics: false)
        unlink(state.spareRecord.path)
        let staging = Publisher.stagingURL(in: state.folder)
        try? FileManager.default.removeItem(at: staging)  // left by a killed build
        guard rename(state.spare.path, staging.path) == 0 else { return nil }
        return (StagingTree(url: staging, recycled: true), recycle(staging, pages: record?.pageKeys ?? [:]))
    }

    /// Readies a former output to become the new one and returns the keys
    /// of the pages it holds, by path. Everything that is not a page of
    /// its record — data files, copies, anything that is not a plain file
    /// or folder — is removed first, so the build only ever adds plain
    /// files to plain folders. A tree without a record gives nothing back
    /// (and is written over in full).
    static func recycle(_ tree: URL, pages record: [String: String]) -> [String: String] {
        var pages: [String: String] = [:]
        var strays: [String] = []
        for (path, kind) in FileTree.entries(tree.path) {
            if kind == .file, let key = record[path] { pages[path] = key } else { strays.append(path) }
        }
        for stray in strays where unlink(tree.path + "/" + stray) != 0 {
            // Not removable (e.g. a folder where a file was): start afresh.
            try? FileManager.default.removeItem(at: tree)
            try? FileManager.default.createDirectory(at: tree, withIntermediateDirectories: false)
            return [:]
        }
        return pages
    }
}
