import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files into a tree from many threads; remembers the first failure.
// @unchecked: `made` and `error` change only under `lock`; the rest never changes.
final class TreeWriter: @unchecked Sendable {
    let root: String
    /// The tree is a former output: a file may be there already, and is
    /// unlinked (never written into: it may be linked from the published tree).
    let recycled: Bool
    private let lock = NSLock()
    private var made: Set<String> = [""]
    private var error: PublishError?

    /// The tree's folder, open: files and folders are made relative to it
    /// (`openat`, `mkdirat`), so the kernel walks only the path inside the
    /// tree and no full path is joined per file. `AT_FDCWD` when it cannot
    /// be opened (then `prefix` is the root and a `/`).
    private let base: Int32
    private let prefix: String

    init(root: String, recycled: Bool = false) {
        self.root = root
        self.recycled = recycled
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        base = fd >= 0 ? fd : AT_FDCWD
        prefix = fd >= 0 ? "" : root + "/"
    }

    deinit { if base >= 0 { close(base) } }

    /// `relative` as the `*at` calls take it with `base`.
    private func at(_ relative: String) -> String { prefix.isEmpty ? relative : prefix + relative }

    /// Removes files of the tree (relative paths), then each folder left
    /// empty. A path that could leave the tree (absolute, or with a `..`
    /// part: a damaged record's) is left alone.
    func remove(_ paths: [String]) {
        var folders = Set<String>()
        for path in paths where OutputFile.isContained(path) {
            unlinkat(base, at(path), 0)
            var dir = Self.folder(of: path)
            while !dir.isEmpty, folders.insert(dir).inserted { dir = Self.folder(of: dir) }
        }
        // Deepest first; a folder that is not empty stays.
        for dir in folders.sorted(by: { $0.count > $1.count }) { unlinkat(base, at(dir), AT_REMOVEDIR) }
    }

    var firstError: PublishError? { lock.withLock { error } }

    /// Makes the write fail with `message` (the first failure wins).
    func fail(_ message: String) {
        lock.withLock { if error == nil { error = PublishError(description: message) } }
    }

    func write(_ file: OutputFile) {
        guard file.isContained else { return fail("refusing to write outside the output folder: \(file.path)") }
        let dir = Self.folder(of: file.path)
        if let problem = makeFolder(dir) { return fail("cannot create \(dir): \(problem)") }
        let target = at(file.path)
        let written: Bool
        switch file.content {
        case .text(let text):
            var text = text
            written = text.withUTF8 { writeNew(target, $0) }
        case .bytes(let text):
            written = text.withBytes { writeNew(target, $0) }
        case .parts(let parts):
            written = writeParts(target, parts)
        case .copy(let source):
            // A copy, not a link: editing a source file must not change the published site.
            if recycled { unlinkat(base, target, 0) }
            let full = root + "/" + file.path
            do { try FileManager.default.copyItem(atPath: source.path, toPath: full) } catch {
                fail("cannot copy \(source.path): \(error)")
            }
            return
        }
        if !written { fail("cannot write \(file.path): \(String(cString: strerror(errno)))") }
    }

    /// Hard-links a file of the current tree into the new one; false when
    /// that cannot be done (the caller then makes the file).
    func link(from source: String, to relative: String) -> Bool {
        guard OutputFile.isContained(relative), makeFolder(Self.folder(of: relative)) == nil else { return false }
        let target = at(relative)
        if recycled { unlinkat(base, target, 0) }
        return linkat(AT_FDCWD, source, base, target, 0) == 0
    }

    /// Makes the folder of each of `paths` (files of the tree, relative),
    /// in their order, before the files are written: one worker making all
    /// of them, a big folder's entries (`indicators/`: one folder a page)
    /// are added by one thread, where workers making them as they write
    /// would take turns at the folder's lock in the kernel (and spin there).
    /// A folder a worker needs first is made by that worker (`write`), once
    /// either way. Stops at the first folder that cannot be made: the write
    /// of its file says why.
    func makeFolders(of paths: [String]) {
        var last: String?
        for path in paths where OutputFile.isContained(path) {
            let dir = Self.folder(of: path)
            if dir == last { continue }
            last = dir
            if makeFolder(dir) != nil { return }
        }
    }

    /// Creates folder `dir` of the tree (and its parents) once, one `mkdir`
    /// each; what went wrong when it cannot.
    private func makeFolder(_ dir: String) -> String? {
        if lock.withLock({ made.contains(dir) }) { return nil }
        let parent = Self.folder(of: dir)
        if let problem = makeFolder(parent) { return problem }
        let path = at(dir)
        if mkdirat(base, path, 0o755) != 0 {
            let error = errno
            var info = stat()
            // Made by another thread meanwhile, or there in a recycled tree.
            guard error == EEXIST, fstatat(base, path, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                return String(cString: strerror(error == EEXIST ? ENOTDIR : error))
            }
        }
        lock.withLock { _ = made.insert(dir) }
        return nil
    }

    /// The folder of a relative path (`a/b` of `a/b/c.html`; "" for a
    /// name alone), cut at its last `/` byte: the paths here have no
    /// empty, `.` or `..` parts (`OutputFile.isContained`), so this is
    /// `NSString.deletingLastPathComponent` without its bridging.
    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Opens a new file for writing (`path` inside the tree, or absolute);
    /// -1 when it exists or cannot be made.
    /// In a recycled tree a file already there that no other tree shares
    /// (one link) is written over in place — freeing and allocating its
    /// blocks again costs more on ext4 than rewriting them — and a shared
    /// one is unlinked first, never written into.
    func create(_ path: String) -> Int32 {
        if recycled {
            var info = stat()
            if fstatat(base, path, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 {
                let fd = openat(base, path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 { return fd }
            }
            unlinkat(base, path, 0)
        }
        return openat(base, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }

    /// Ends a file `create` opened: its length is what was written (a file
    /// written over in place may have been longer; a new one is not).
    func finish(_ fd: Int32, length: Int) -> Bool {
        let ok = !recycled || ftruncate(fd, off_t(length)) == 0
        return close(fd) == 0 && ok
    }

    /// Creates `path` from pieces, written about 1 MB at a time.
    func writeParts(_ path: String, _ parts: TextParts) -> Bool {
        let fd = create(path)
        guard fd >= 0 else { return false }
        var length = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        func flush() -> Bool {
            defer { buffer.removeAll(keepingCapacity: true) }
            length += buffer.count
            return buffer.withUnsafeBufferPointer { Self.writeAll(fd, $0) }
        }
        // Pieces found in another file (`TextParts.place`) are copied from
        // there by runs of adjacent ones, in the kernel (`copyAll`).
        var run: (piece: FilePiece, parts: Range<Int>)?
        func copyRun() -> Bool {
            guard let (piece, ks) = run else { return true }
            run = nil
            guard flush() else { return false }
            if Self.copyAll(piece, to: fd) {
                length += piece.length
                return true
            }
            // Not copied (another file system, an old kernel, a file cut
            // short): what was copied undone, the pieces asked for instead.
            guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) == off_t(length) else { return false }
            for k in ks {
                buffer += parts.part(k)
                if buffer.count >= 1 << 20, !flush() { return false }
            }
            return true
        }
        // Pieces are made a few hundred at a time on every core: the open
        // data files are the largest files of a site, often the last ones made.
        var k = 0
        while k < parts.count {
            let chunk = Array(k..<min(parts.count, k + 256))
            // A piece found in place is copied, not made.
            let places = chunk.map { parts.place?($0) }
            let made = Parallel.map(Array(chunk.indices)) { i in places[i] == nil ? parts.part(chunk[i]) : [] }
            for (i, piece) in made.enumerated() {
                if let place = places[i] {
                    if let (r, ks) = run, r.fd == place.fd, r.offset + r.length == place.offset {
                        run = (FilePiece(fd: r.fd, offset: r.offset, length: r.length + place.length), ks.lowerBound..<chunk[i] + 1)
                    } else {
                        guard copyRun() else { close(fd); return false }
                        run = (place, chunk[i]..<chunk[i] + 1)
                    }
                    continue
                }
                guard copyRun() else { close(fd); return false }
                buffer += piece
                if buffer.count >= 1 << 20, !flush() { close(fd); return false }
            }
            k += chunk.count
        }
        guard copyRun(), flush() else { close(fd); return false }
        return finish(fd, length: length)
    }

    /// Appends `piece` to `fd` at its offset with `copy_file_range` (the
    /// bytes never come to this process); false when not all of it was copied.
    static func copyAll(_ piece: FilePiece, to fd: Int32) -> Bool {
        guard let copyFileRange else { return false }
        var from = off_t(piece.offset)
        var left = piece.length
        while left > 0 {
            let n = copyFileRange(piece.fd, &from, fd, nil, left, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            left -= n
        }
        return true
    }

    /// glibc's `copy_file_range` (not in Swift's Glibc module: it needs
    /// `_GNU_SOURCE`), found by name; nil where there is none.
    private static let copyFileRange: (@convention(c) (Int32, UnsafeMutablePointer<off_t>?, Int32,
                                                       UnsafeMutablePointer<off_t>?, Int, UInt32) -> Int)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafeMutablePointer<off_t>?, Int32,
                                                          UnsafeMutablePointer<off_t>?, Int, UInt32) -> Int).self)
    }()

    static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    /// `count` bytes of `fd` from `offset` (`pread`); nil when they cannot be read.
    static func readAll(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        let ok = out.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return ok ? out : nil
    }

    /// Creates `path` with `bytes`.
    func writeNew(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let fd = create(path)
        guard fd >= 0 else { return false }
        guard Self.writeAll(fd, bytes) else { close(fd); return false }
        return finish(fd, length: bytes.count)
    }
}
