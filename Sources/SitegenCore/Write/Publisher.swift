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

/// A folder in which the next output tree is written before it is swapped in.
struct StagingTree {
    var url: URL
    /// A former output: files may be there already (see `TreeWriter.recycled`).
    var recycled: Bool
}

/// The write stage: writes the output tree in a workspace folder beside the
/// output (same file system) and swaps it in with one atomic rename, so the
/// output folder is always either the old complete site or the new one.
public enum Publisher {
    static let renameExchange: UInt32 = 1 << 1

    /// Where the next tree is written, inside the workspace.
    static func stagingURL(in workspace: URL) -> URL { workspace.appendingPathComponent("new") }

    /// A new empty staging folder, placed away from recently deleted trees
    /// (`TreePlacement`); whatever a killed build left there is removed first.
    static func freshTree(in workspace: URL) throws -> StagingTree {
        let url = stagingURL(in: workspace)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        if !TreePlacement.makeFolder(url) {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        }
        return StagingTree(url: url, recycled: false)
    }

    /// Writes `files` and publishes them as `output` (tests and small tools).
    @discardableResult
    public static func publish(_ files: [OutputFile], to output: URL, workspace: URL) throws -> URL? {
        try publish(freshTree(in: workspace), count: files.count, to: output) { i, writer in writer.write(files[i]) }
    }

    /// Calls `write(i, writer)` for every i in 0..<count on every core (the
    /// first `alone` are large and each get a worker of their own), then
    /// `finish(writer)`, and swaps the tree in as `output`. Returns where
    /// the replaced tree now is (the staging path), nil when there was none.
    /// On any failure the output is untouched and the staging tree removed.
    /// In a new tree, the folders of `ahead()` (the files' paths, in the
    /// order they are written) are made by one worker of their own while
    /// the others write (`TreeWriter.makeFolders`); a recycled tree has
    /// most of them, and its files are mostly kept: none are made ahead,
    /// and `ahead` is not asked.
    @discardableResult
    static func publish(_ tree: StagingTree, count: Int, alone: Int = 0, to output: URL, ahead: () -> [String] = { [] },
                        finish: (TreeWriter) -> Void = { _ in },
                        write: (Int, TreeWriter) -> Void) throws -> URL? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: output.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            try? fm.removeItem(at: tree.url)
            throw PublishError(description: "\(output.path) exists and is not a folder")
        }
        let writer = TreeWriter(root: tree.url.path, recycled: tree.recycled)
        let ahead = tree.recycled ? [] : ahead()
        let folders = ahead.isEmpty ? 0 : 1
        Parallel.forEachIndex(count + folders, alone: alone + folders) { k in
            if k < folders { writer.makeFolders(of: ahead) } else { write(k - folders, writer) }
        }
        finish(writer)
        if let problem = writer.firstError {
            try? fm.removeItem(at: tree.url)
            throw problem
        }
        guard exists else {
            guard rename(tree.url.path, output.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: tree.url)
                throw PublishError(description: "cannot move the new site to \(output.path): \(reason)")
            }
            return nil
        }
        let result = tree.url.path.withCString { from in
            output.path.withCString { to in c_renameat2(AT_FDCWD, from, AT_FDCWD, to, renameExchange) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: tree.url)
            throw PublishError(description: "cannot swap the new site into \(output.path): \(reason)")
        }
        return tree.url
    }
}
