import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The tree the last build replaced, kept in the workspace to be made into
/// the next one: its folders already exist and most of its files are
/// already right, where a new tree costs a `mkdir` per page (and ext4 with
/// `discard` pays dearly for freeing the blocks of a deleted one).
enum SpareTree {
    /// Takes the spare as the staging tree, readied by `recycle`: the
    /// pages it holds with their keys (from `record`, which must describe
    /// it), or nil when there is no spare to take.
    /// `survey`: what `survey(state)` found, worked out earlier (beside the
    /// validate stage); nil: found here.
    static func take(_ state: BuildState, survey: Survey? = nil) -> (StagingTree, [(path: String, key: String?)])? {
        let survey = survey ?? Self.survey(state)
        unlink(state.spareRecord.path)
        let staging = Publisher.stagingURL(in: state.folder)
        try? FileManager.default.removeItem(at: staging)  // left by a killed build
        guard rename(state.spare.path, staging.path) == 0 else { return nil }
        return (StagingTree(url: staging, recycled: true),
                recycle(staging, files: survey.files, folders: survey.folders, reading: survey.reading))
    }

    /// What `take` needs to know of the spare before it takes it: the
    /// files of its record, their folders and the folders `recycle` reads.
    struct Survey: Sendable {
        let files: [(path: String, key: String?)]
        let folders: Set<String>
        let reading: Folders
    }

    /// The spare looked at where it is, nothing changed: a build may do it
    /// beside its validate stage (the output's lock held, nothing else
    /// touches the spare until `take` moves it). The folders' change times
    /// are those `take` would see (moving the spare changes only its top's).
    static func survey(_ state: BuildState) -> Survey {
        let record = BuildRecord.read(state.spareRecord, describing: state.spare, diagnostics: false)
        let files = record?.files ?? [], folders = Self.folders(of: files)
        let reading = record?.written.flatMap { changed(state.spare, folders, since: $0) }.map(Folders.only) ?? .all
        return Survey(files: files, folders: folders, reading: reading)
    }

    /// The folders of a tree `recycle` reads ("" is the top folder).
    enum Folders: Sendable {
        /// Every folder: the whole tree is walked.
        case all
        /// These (with the top), and no other: the others are as recorded.
        case only(Set<String>)
    }

    /// Readies a former output to become the new one and returns `files`
    /// with the key of each page it holds (nil for any other: a file it
    /// lacks or a copy), in their order. `files` (every file of its record,
    /// with the key of a page; `folders` the folders they are in) were all
    /// the tree held when the build that made it was done; `reading` says
    /// which folders may have changed since. In each folder read, what is
    /// not a file or folder of the record goes (a folder with all it
    /// holds), and a file of the record it lacks is no page of this tree;
    /// copies go too. So the build only ever adds plain files to plain
    /// folders. A tree without a record is emptied and gives nothing back.
    static func recycle(_ tree: URL, files: [(path: String, key: String?)], folders: Set<String>,
                        reading: Folders) -> [(path: String, key: String?)] {
        let walk: Bool, read: Set<String>
        switch reading {
        case .all: (walk, read) = (true, [""])
        case .only(let some): (walk, read) = (false, some.union([""]))
        }
        // Files of the folders read; in a walk, every file. Only the top
        // read (the usual rebuild): only top files, no folder looked up.
        let onlyTop = !walk && read.count == 1
        // Whether each file is in a folder read; those are `recorded`.
        let inRead = files.map { file -> Bool in
            guard let dir = folder(file.path[...]) else { return true }
            return walk || (!onlyTop && read.contains(String(dir)))
        }
        let recorded = Set(zip(files, inRead).lazy.filter(\.1).map(\.0.path))
        var strays: [String] = [], found = Set<String>()
        var next = Array(read)
        while !next.isEmpty {
            let lists = Parallel.map(next) { FileTree.list(tree.path, $0.isEmpty ? "" : $0 + "/") }
            next = []
            for (path, kind) in lists.joined() {
                switch kind {
                case nil where folders.contains(path): if walk { next.append(path) }
                case .file? where recorded.contains(path): found.insert(path)
                default: strays.append(path)
                }
            }
        }
        var pages = files
        for (i, file) in files.enumerated() {
            if inRead[i], !found.contains(file.path) { pages[i].key = nil; continue }
            // Copies are written anew: the file goes.
            if file.key == nil { strays.append(file.path) }
        }
        return removeStrays(tree, strays) ? pages : []
    }

    /// The folder part of a path, cut at its last "/" by byte (a large
    /// site has tens of thousands); nil for a file of the top folder.
    private static func folder(_ path: Substring) -> Substring? { path.utf8.lastIndex(of: 0x2F).map { path[..<$0] } }

    /// Every folder holding one of `files`, with all above it (not the top).
    static func folders(of files: [(path: String, key: String?)]) -> Set<String> {
        var folders = Set<String>()
        folders.reserveCapacity(files.count)
        for file in files {
            var dir = file.path[...]
            while let parent = folder(dir) {
                dir = parent
                guard folders.insert(String(dir)).inserted else { break }
            }
        }
        return folders
    }

    /// The folders of a recorded tree to read, not every one: those of
    /// `folders` changed since `written` (the change time of a file made
    /// when the build that made the tree was done, in nanoseconds:
    /// `BuildRecord.written`), or gone. A folder whose change time is
    /// older has had no entry added, removed or renamed since, so it holds
    /// just its files of the record. Nil when the tree's times cannot be
    /// trusted (its top folder, moved where it lies when the last build
    /// was done, seems older than `written`: the clock went back).
    static func changed(_ tree: URL, _ folders: Set<String>, since written: Int64) -> Set<String>? {
        guard let top = FileStamp(path: tree.path), top.changed >= written else { return nil }
        let root = tree.path + "/"
        let list = Array(folders)
        // Each folder looked up by name in its parent, opened once (a few
        // for thousands of folders): a lookup of its whole path costs more
        // than its stat. A parent that cannot be opened as a folder
        // changed, and so did what it holds.
        var parents: [Substring: Int32] = [:]
        defer { for fd in parents.values where fd >= 0 { close(fd) } }
        // Each folder's parent (open) and name: a name is mostly short
        // enough to be held in the String itself, nothing shared.
        let targets = list.map { dir -> (parent: Int32, name: String) in
            let parent = folder(dir[...]) ?? ""
            let fd = parents[parent] ?? {
                let fd = open(parent.isEmpty ? tree.path : root + parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                parents[parent] = fd
                return fd
            }()
            return (fd, String(parent.isEmpty ? dir[...] : dir[dir.utf8.index(after: parent.endIndex)...]))
        }
        let changed = Parallel.map(targets) { target -> Bool in
            guard target.parent >= 0 else { return true }
            var info = stat()
            guard fstatat(target.parent, target.name, &info, AT_SYMLINK_NOFOLLOW) == 0,
                  (info.st_mode & S_IFMT) == S_IFDIR else { return true }
            return FileStamp(info).changed >= written
        }
        return Set(zip(list, changed).lazy.filter(\.1).map(\.0))
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
