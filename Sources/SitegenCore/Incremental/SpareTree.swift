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
        if let record, let written = record.written, let kept = recycle(staging, files: record.files, written: written) {
            return (StagingTree(url: staging, recycled: true), kept)
        }
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
        return removeStrays(tree, strays) ? pages : [:]
    }

    /// `recycle` without reading every folder: `files` (every file of the
    /// record, with the key of a page) were all the tree held when the
    /// build that made it was done, at `written` (the change time of a file
    /// made then, in nanoseconds: `BuildRecord.written`). A folder whose
    /// change time is older has had no entry added, removed or renamed
    /// since, so it holds just its files of the record; only the others
    /// (and the top folder, whose own change time the swaps move) are read.
    /// Nil when the tree's times cannot be trusted (its top folder, moved
    /// here moments ago, seems older than `written`: the clock went back).
    static func recycle(_ tree: URL, files: [(path: String, key: String?)], written: Int64) -> [String: String]? {
        guard let top = FileStamp(path: tree.path), top.changed >= written else { return nil }
        // Paths are cut at their last "/" by byte: a large site has tens of thousands.
        func folder(_ path: Substring) -> Substring? { path.utf8.lastIndex(of: 0x2F).map { path[..<$0] } }
        var folders = Set<String>()
        folders.reserveCapacity(files.count)
        for file in files {
            var dir = file.path[...]
            while let parent = folder(dir) {
                dir = parent
                guard folders.insert(String(dir)).inserted else { break }
            }
        }
        let root = tree.path + "/"
        let list = Array(folders)
        let changed = Parallel.map(list) { dir -> Bool in
            var info = stat()
            guard lstat(root + dir, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return true }
            return FileStamp(info).changed >= written
        }
        var read: Set<String> = [""]
        for (dir, changed) in zip(list, changed) where changed { read.insert(dir) }
        // In each folder read: what is not a file or folder of the record
        // goes; a file of the record it lacks is no page of this tree.
        let onlyTop = read.count == 1
        let recorded = Set(files.lazy.filter { file in
            guard let dir = folder(file.path[...]) else { return true }
            return !onlyTop && read.contains(String(dir))
        }.map(\.path))
        var strays: [String] = [], found = Set<String>()
        for dir in read {
            for (path, kind) in FileTree.list(tree.path, dir.isEmpty ? "" : dir + "/") {
                switch kind {
                case nil where folders.contains(path): continue
                case .file? where recorded.contains(path): found.insert(path)
                default: strays.append(path)
                }
            }
        }
        var pages: [String: String] = [:]
        pages.reserveCapacity(files.count)
        for file in files {
            if recorded.contains(file.path), !found.contains(file.path) { continue }
            // Copies are written anew: the file goes.
            guard let key = file.key else { strays.append(file.path); continue }
            pages[file.path] = key
        }
        return removeStrays(tree, strays) ? pages : [:]
    }

    /// Removes `strays` (paths in `tree`; a folder with all it holds);
    /// false, with the tree emptied, when one cannot be removed.
    private static func removeStrays(_ tree: URL, _ strays: [String]) -> Bool {
        for stray in strays where unlink(tree.path + "/" + stray) != 0 {
            if errno == EISDIR || errno == EPERM, (try? FileManager.default.removeItem(atPath: tree.path + "/" + stray)) != nil { continue }
            // Not removable: start afresh.
            try? FileManager.default.removeItem(at: tree)
            try? FileManager.default.createDirectory(at: tree, withIntermediateDirectories: false)
            return false
        }
        return true
    }
}
