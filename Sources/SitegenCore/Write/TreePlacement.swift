import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `ioctl` is variadic in C, so not imported by Swift; its third argument is a pointer here.
@_silgen_name("ioctl")
private func c_ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Int32

/// Where a new output tree's inodes go on disk.
///
/// On ext4 without a journal (a common VM and container setup), every new
/// inode is looked for from the start of its block group, skipping each
/// free inode deleted in the last minute or so (`recently_deleted`, up to
/// six while its inode table block is not yet written back). A tree made
/// right after an output tree was deleted (`rm -rf public`, a bench's
/// clean build) lands in the group of the deleted one — a new folder goes
/// near its parent — and each of its 50,000 `mkdir` and `open` scans the
/// thousands of freed inodes there: most of a clean build's system time.
///
/// So a fresh tree is made where ext4 puts an unrelated tree: its parent
/// (the workspace, never published) is marked as the top of a hierarchy
/// (`chattr +T`), which makes the kernel place each new child folder in a
/// little-used group chosen from a hash of its name, and the tree is made
/// under a new random name, then renamed. Only placement changes: no byte,
/// name or permission of the output. On other file systems the mark is
/// refused and nothing changes.
enum TreePlacement {
    /// `FS_IOC_GETFLAGS`, `FS_IOC_SETFLAGS` and `FS_TOPDIR_FL` (linux/fs.h).
    static let getFlags: UInt = 0x8008_6601
    static let setFlags: UInt = 0x4008_6602
    static let topDirectory: UInt32 = 0x0002_0000

    /// The folder's inode flags (`lsattr`); nil where the file system has none.
    static func flags(_ folder: String) -> UInt32? {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var flags: UInt32 = 0
        return c_ioctl(fd, getFlags, &flags) == 0 ? flags : nil
    }

    /// Marks `folder` as the top of a hierarchy (best effort); true when it is.
    @discardableResult
    static func markTop(_ folder: String) -> Bool {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var flags: UInt32 = 0
        guard c_ioctl(fd, getFlags, &flags) == 0 else { return false }
        if flags & topDirectory != 0 { return true }
        flags |= topDirectory
        return c_ioctl(fd, setFlags, &flags) == 0
    }

    /// Creates the empty folder `url` (its parent exists) placed as above;
    /// false when it could not be made that way (nothing is left behind).
    static func makeFolder(_ url: URL) -> Bool {
        markTop(url.deletingLastPathComponent().path)
        let temporary = temporaryURL(for: url).path
        guard mkdir(temporary, 0o755) == 0 else { return false }
        guard rename(temporary, url.path) == 0 else {
            rmdir(temporary)
            return false
        }
        return true
    }

    /// Where `makeFolder` makes `url` before renaming it: beside it, named
    /// `NAME-` and a random number in base 36.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(
            url.lastPathComponent + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 36))
    }

    /// Removes what `makeFolder(url)` left when its process was killed
    /// between the `mkdir` and the `rename`: an empty folder beside `url`
    /// named as `temporaryURL` names it. Nothing else: a folder of another
    /// name, or one that holds anything, stays.
    static func removeLeftovers(of url: URL) {
        let parent = url.deletingLastPathComponent().path, prefix = url.lastPathComponent + "-"
        for (name, kind) in FileTree.list(parent, "") where kind == nil && name.hasPrefix(prefix) {
            let number = name.utf8.dropFirst(prefix.utf8.count)
            guard (1...13).contains(number.count), number.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) }) else { continue }
            rmdir(parent + "/" + name)
        }
    }
}
