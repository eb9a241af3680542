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
        let pages = record?.pageKeys ?? [:]
        let files = record.map { record -> [String: String?] in
            Dictionary(record.files.map { ($0.path, $0.key) }, uniquingKeysWith: { a, _ in a })
        }
        if let files, let written = record?.written, let kept = recycle(staging, files: files, written: written) {
            return (StagingTree(url: staging, recycled: true), kept)
        }
        return (StagingTree(url: staging, recycled: true), recycle(staging, pages: pages))
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
    static func recycle(_ tree: URL, files: [String: String?], written: Int64) -> [String: String]? {
        guard let top = FileStamp(path: tree.path), top.changed >= written else { return nil }
        var folders = Set<String>()
        for path in files.keys {
            var dir = Substring(path)
            while let slash = dir.lastIndex(of: "/") {
                dir = dir[..<slash]
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
        var read = [""]
        for (dir, changed) in zip(list, changed) where changed { read.append(dir) }
        // In each folder read: what is not a file or folder of the record
        // goes; a file of the record it lacks is no page of this tree.
        var strays: [String] = []
        var found = Set<String>()
        for dir in read {
            let prefix = dir.isEmpty ? "" : dir + "/"
            let entries = FileTree.list(tree.path, prefix)
            for (path, kind) in entries {
                switch kind {
                case nil where folders.contains(path): continue
                case .file? where files[path] != nil: found.insert(path)
                default: strays.append(path)
                }
            }
        }
        let readSet = Set(read)
        var pages: [String: String] = [:]
        pages.reserveCapacity(files.count)
        for (path, key) in files {
            let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            if readSet.contains(dir), !found.contains(path) { continue }
            // Copies are written anew: the file goes.
            guard let key else { strays.append(path); continue }
            pages[path] = key
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
