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

    /// Removes trees left beside `output` by a build that was killed.
    public static func cleanLeftovers(beside output: URL) {
        let parent = output.deletingLastPathComponent()
        let prefix = stagingPrefix(for: output)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Writes `files` and publishes them as `output`. Returns the number of files written.
    @discardableResult
    public static func publish(_ files: [OutputFile], to output: URL) throws -> Int {
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
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try write(files, into: staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
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
            // `staging` now holds the old site.
            let old = parent.appendingPathComponent(stagingPrefix(for: output) + "old-\(getpid())")
            if rename(staging.path, old.path) == 0 {
                try? fm.removeItem(at: old)
            } else {
                try? fm.removeItem(at: staging)
            }
        } else {
            guard rename(staging.path, output.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: staging)
                throw PublishError(description: "cannot move the new site to \(output.path): \(reason)")
            }
        }
        return files.count
    }

    static func write(_ files: [OutputFile], into root: URL) throws {
        let fm = FileManager.default
        var made: Set<String> = [""]
        for file in files {
            guard file.isContained else { throw PublishError(description: "refusing to write outside the output folder: \(file.path)") }
            let url = root.appendingPathComponent(file.path)
            let dir = (file.path as NSString).deletingLastPathComponent
            if !made.contains(dir) {
                try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
                made.insert(dir)
            }
            switch file.content {
            case .text(let text):
                try Data(text.utf8).write(to: url)
            case .copy(let source):
                try fm.copyItem(at: source, to: url)
            }
        }
    }
}
