import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `renameat2` is not exported by Glibc's Swift module.
@_silgen_name("renameat2")
private func c_renameat2(_ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32,
                         _ newpath: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

public struct PublishError: Error, CustomStringConvertible {
    public var description: String
}

/// The write stage: writes the output tree beside the output folder and
/// swaps it in with one atomic rename, so the folder is always either the
/// old complete site or the new one.
public enum Publisher {
    static let renameExchange: UInt32 = 1 << 1

    /// Name prefix of the temporary trees beside `output`.
    static func stagingPrefix(for output: URL) -> String { "." + output.lastPathComponent + ".sitegen-" }

    /// What a build keeps beside `output` for the next one (after the
    /// prefix): the validation cache, and this process's own pending one.
    static func keptNames() -> Set<String> { ["validation", "validation.new-\(getpid())", spareName] }

    /// The tree the last build replaced, kept to be made into the next one
    /// (see `recycle`): its folders already exist and most of its files are
    /// already right, where a new tree costs a `mkdir` per page.
    static let spareName = "spare"

    /// Removes trees and files left beside `output` by a build that was killed.
    public static func cleanLeftovers(beside output: URL) {
        let parent = output.deletingLastPathComponent()
        let prefix = stagingPrefix(for: output)
        let kept = Set(keptNames().map { prefix + $0 })
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(prefix) && !kept.contains(name) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Writes `files` and publishes them as `output`. Returns the number of files written.
    @discardableResult
    public static func publish(_ files: [OutputFile], to output: URL) throws -> Int {
        try publish(count: files.count, to: output) { files[$0] }.written
    }

    /// What a cached build knows about file `i`: its path and the hash of
    /// everything its bytes depend on.
    public struct CacheKey: Sendable {
        public var path: String
        public var key: ContentHash
    }

    /// The cache's record of the current tree, kept inside it so that it is
    /// swapped in and out with the files it describes.
    static let manifestName = ".sitegen-cache"
    static let manifestHeader = "sitegen build cache v1"

    static func readManifest(_ output: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(manifestName).path) else { return [:] }
        // On the bytes: a large site's manifest has tens of thousands of lines.
        return data.withUnsafeBytes { raw -> [String: String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var entries: [String: String] = [:]
            var start = 0, tab = -1, first = true
            for i in 0...bytes.count {
                let b: UInt8 = i < bytes.count ? bytes[i] : 10
                if b == 9 && tab < 0 { tab = i }
                guard b == 10 else { continue }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if first {
                    guard String(decoding: line, as: UTF8.self) == manifestHeader else { return [:] }
                    first = false
                } else if tab > start {
                    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                    entries[String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<i]), as: UTF8.self)] = key
                }
                start = i + 1
                tab = -1
            }
            return entries
        }
    }

    /// Files made and reused by the last `publish`.
    public struct Counts: Sendable {
        public var written = 0
        public var reused = 0
    }

    /// Makes file `i` for every i in 0..<count, on every core, writes each
    /// into a new tree as soon as it exists (nothing holds the whole site),
    /// and publishes the tree as `output`.
    ///
    /// With `keys`, a file whose key matches the current tree's record is
    /// hard-linked from the current tree instead of being made again.
    /// The first `alone` files are large: each is made on its own worker.
    @discardableResult
    public static func publish(count: Int, to output: URL, keys: ((Int) -> CacheKey?)? = nil, alone: Int = 0,
                               file: (Int) -> OutputFile) throws -> Counts {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: output.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw PublishError(description: "\(output.path) exists and is not a folder")
        }
        cleanLeftovers(beside: output)

        let staging = parent.appendingPathComponent(stagingPrefix(for: output) + "new-\(getpid())")
        let spare = parent.appendingPathComponent(stagingPrefix(for: output) + spareName)
        // With the cache, the spare tree becomes the new one; else a new folder.
        var inPlace: [String: String] = [:]
        if keys != nil, exists, rename(spare.path, staging.path) == 0 {
            inPlace = recycle(staging)
        } else {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        }
        let writer = TreeWriter(root: staging.path, recycled: !inPlace.isEmpty)
        let old = keys == nil ? [:] : readManifest(output)
        var records = [CacheKey?](repeating: nil, count: keys == nil ? 0 : count)
        let reused = Parallel.Counter()
        records.withUnsafeMutableBufferPointer { slots in
            let slots = Parallel.Unchecked(slots)
            Parallel.forEachIndex(count, alone: alone) { i in
                if let keys, let entry = keys(i) {
                    slots.value[i] = entry
                    let key = entry.key.description
                    if inPlace[entry.path] == key {
                        _ = reused.increment()
                        return
                    }
                    if old[entry.path] == key, writer.link(from: output.path + "/" + entry.path, to: entry.path) {
                        _ = reused.increment()
                        return
                    }
                }
                writer.write(file(i))
            }
        }
        if !inPlace.isEmpty {
            // Pages of the spare tree this site no longer has.
            let kept = Set(records.lazy.compactMap { $0?.path })
            writer.remove(inPlace.keys.filter { !kept.contains($0) })
        }
        if keys != nil {
            let lines = records.compactMap { $0 }.sorted { $0.path < $1.path }.map { "\($0.key)\t\($0.path)" }
            writer.write(.text(manifestName, ([manifestHeader] + lines).joined(separator: "\n") + "\n"))
        }
        if let problem = writer.firstError {
            try? fm.removeItem(at: staging)
            throw problem
        }

        if exists {
            let result = staging.path.withCString { from in
                output.path.withCString { to in c_renameat2(AT_FDCWD, from, AT_FDCWD, to, renameExchange) }
            }
            guard result == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: staging)
                throw PublishError(description: "cannot swap the new site into \(output.path): \(reason)")
            }
            // `staging` now holds the old site: out of the way at once, kept
            // as the next build's spare with the cache, else deleted off the
            // critical path.
            let old = parent.appendingPathComponent(stagingPrefix(for: output) + "old-\(getpid())")
            if keys != nil, rename(staging.path, spare.path) == 0 {
                // kept
            } else if rename(staging.path, old.path) == 0 {
                removeInBackground(old)
            } else {
                removeInBackground(staging)
            }
        } else {
            guard rename(staging.path, output.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: staging)
                throw PublishError(description: "cannot move the new site to \(output.path): \(reason)")
            }
        }
        let n = reused.value
        return Counts(written: count - n, reused: n)
    }

    /// Readies a spare tree (a former output) to become the new one and
    /// returns the cache keys of the pages it holds, by path. Everything
    /// that is not a page of its record — data files, copies, its records,
    /// anything that is not a plain file or folder — is removed first, so
    /// the build only ever adds plain files to plain folders. A tree
    /// without a record gives nothing back (and is written over in full).
    static func recycle(_ tree: URL) -> [String: String] {
        let record = readManifest(tree)
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

    /// Deletes a tree without waiting for it: a detached `rm -rf` that
    /// outlives this process. Should it fail, the next build removes the
    /// tree as a leftover.
    static func removeInBackground(_ dir: URL) {
        let rm = "/bin/rm"
        guard FileManager.default.isExecutableFile(atPath: rm) else {
            try? FileManager.default.removeItem(at: dir)
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rm)
        process.arguments = ["-rf", "--", dir.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { try? FileManager.default.removeItem(at: dir) }
    }
}

/// Writes files into a tree from many threads; remembers the first failure.
final class TreeWriter: @unchecked Sendable {
    let root: String
    /// The tree is a former output: a file may be there already, and is
    /// unlinked (never written into: it may be linked from the published tree).
    let recycled: Bool
    private let lock = NSLock()
    private var made: Set<String> = [""]
    private var error: PublishError?

    init(root: String, recycled: Bool = false) {
        self.root = root
        self.recycled = recycled
    }

    /// Removes files of the tree (relative paths), then each folder left empty.
    func remove(_ paths: [String]) {
        var folders = Set<String>()
        for path in paths {
            unlink(root + "/" + path)
            var dir = (path as NSString).deletingLastPathComponent
            while !dir.isEmpty, folders.insert(dir).inserted { dir = (dir as NSString).deletingLastPathComponent }
        }
        // Deepest first; a folder that is not empty stays.
        for dir in folders.sorted(by: { $0.count > $1.count }) { rmdir(root + "/" + dir) }
    }

    var firstError: PublishError? { lock.withLock { error } }

    private func fail(_ message: String) {
        lock.withLock { if error == nil { error = PublishError(description: message) } }
    }

    func write(_ file: OutputFile) {
        guard file.isContained else { return fail("refusing to write outside the output folder: \(file.path)") }
        let dir = (file.path as NSString).deletingLastPathComponent
        if let problem = makeFolder(dir) { return fail("cannot create \(dir): \(problem)") }
        let target = root + "/" + file.path
        switch file.content {
        case .text(let text):
            var text = text
            let ok = text.withUTF8 { bytes in writeNew(target, bytes) }
            if !ok { fail("cannot write \(file.path): \(String(cString: strerror(errno)))") }
        case .parts(let parts):
            if !writeParts(target, parts) { fail("cannot write \(file.path): \(String(cString: strerror(errno)))") }
        case .copy(let source):
            // A copy, not a link: editing a source file must not change the published site.
            if recycled { unlink(target) }
            do { try FileManager.default.copyItem(atPath: source.path, toPath: target) } catch {
                fail("cannot copy \(source.path): \(error)")
            }
        }
    }

    /// Hard-links a file of the current tree into the new one; false when
    /// that cannot be done (the caller then makes the file).
    func link(from source: String, to relative: String) -> Bool {
        guard makeFolder((relative as NSString).deletingLastPathComponent) == nil else { return false }
        if recycled { unlink(root + "/" + relative) }
        return Glibc.link(source, root + "/" + relative) == 0
    }

    /// Creates folder `dir` of the tree (and its parents) once; the error when it cannot.
    private func makeFolder(_ dir: String) -> Error? {
        if lock.withLock({ made.contains(dir) }) { return nil }
        do {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        } catch {
            return error
        }
        lock.withLock { _ = made.insert(dir) }
        return nil
    }

    /// Opens a new file for writing; -1 when it exists or cannot be made.
    /// In a recycled tree a file already there that no other tree shares
    /// (one link) is written over in place — freeing and allocating its
    /// blocks again costs more on ext4 than rewriting them — and a shared
    /// one is unlinked first, never written into.
    func create(_ path: String) -> Int32 {
        if recycled {
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 {
                let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 { return fd }
            }
            unlink(path)
        }
        return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }

    /// Ends a file `create` opened: its length is what was written (a file
    /// written over in place may have been longer).
    static func finish(_ fd: Int32, length: Int) -> Bool {
        let ok = ftruncate(fd, off_t(length)) == 0
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
        // Pieces are made a few hundred at a time on every core: the open
        // data files are the largest files of a site, often the last ones made.
        var k = 0
        while k < parts.count {
            let chunk = Array(k..<min(parts.count, k + 256))
            for piece in Parallel.map(chunk, parts.part) {
                buffer += piece
                if buffer.count >= 1 << 20, !flush() { close(fd); return false }
            }
            k += chunk.count
        }
        guard flush() else { close(fd); return false }
        return Self.finish(fd, length: length)
    }

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

    /// Creates `path` with `bytes`.
    func writeNew(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let fd = create(path)
        guard fd >= 0 else { return false }
        guard Self.writeAll(fd, bytes) else { close(fd); return false }
        return Self.finish(fd, length: bytes.count)
    }
}
