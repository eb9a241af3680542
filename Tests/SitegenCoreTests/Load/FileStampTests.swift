import Foundation
import Testing
@testable import SitegenCore

/// Stamps looked up by name in each file's folder (`FileStamp.stamps`)
/// are those of each file's whole path (`FileStamp(path:)`).
@Suite struct FileStampTests {
    @Test func stampsByFolderAreThoseOfEachPath() throws {
        try withTemporaryFolder("file-stamps") { root in
            let fm = FileManager.default
            for folder in ["a", "b", "a/c"] {
                try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for (i, file) in ["a/x.md", "a/y.md", "b/z.yaml", "a/c/w.md", "top"].enumerated() {
                try Data(repeating: 65, count: i + 1).write(to: root.appendingPathComponent(file))
            }
            // A link is followed, as `stat` does.
            try fm.createSymbolicLink(atPath: root.path + "/b/link.md", withDestinationPath: root.path + "/a/x.md")
            // Folders given in any order, one of them again; a file gone; a folder.
            let names = ["a/x.md", "a/y.md", "b/z.yaml", "b/link.md", "a/gone.md", "a/x.md", "a/c/w.md", "b", "top", "nowhere/q.md"]
            let paths = names.map { root.path + "/" + $0 }
            let stamps = FileStamp.stamps(of: paths)
            #expect(stamps.count == paths.count)
            for (path, stamp) in zip(paths, stamps) {
                #expect(stamp == FileStamp(path: path), "\(path)")
            }
            #expect(stamps[3] != nil && stamps[3] == stamps[0])
            #expect(stamps[4] == nil && stamps[9] == nil)
            #expect(stamps[1] != stamps[0])
        }
    }
}
