import Foundation
import Testing
@testable import SitegenCore

/// A file written in parts (`TreeWriter.writeParts`) copies the parts
/// found in another file (`TextParts.place`) by runs, and asks for the
/// others; a part that cannot be copied is asked for too.
@Suite struct TreeWriterTests {
    /// Five parts: three runs of "0123456789" (0–4, 7–9, 5–6) around one
    /// made part; a part asked for reads "?"s, so a copied part shows.
    static func parts(_ fd: Int32) -> TextParts {
        let places: [(Int, Int)?] = [(0, 3), (3, 2), nil, (7, 3), (5, 2)]
        return TextParts(count: places.count, part: { k in
            places[k].map { [UInt8](repeating: UInt8(ascii: "?"), count: $0.1) } ?? Array("xy".utf8)
        }, place: { k in places[k].map { FilePiece(fd: fd, offset: $0.0, length: $0.1) } })
    }

    @Test func partsInAnotherFileAreCopiedFromIt() throws {
        try withTemporaryFolder("tree-writer") { root in
            let source = root.appendingPathComponent("source")
            try Data("0123456789".utf8).write(to: source)
            let fd = open(source.path, O_RDONLY)
            #expect(fd >= 0)
            defer { close(fd) }
            let writer = TreeWriter(root: root.path)
            #expect(writer.writeParts(root.path + "/copied", Self.parts(fd)))
            #expect(try String(contentsOf: root.appendingPathComponent("copied"), encoding: .utf8) == "01234xy78956")
            // A file that cannot be copied from: the parts are asked for.
            #expect(writer.writeParts(root.path + "/asked", Self.parts(-1)))
            #expect(try String(contentsOf: root.appendingPathComponent("asked"), encoding: .utf8) == "?????xy?????")
            // A part past the end of the file (cut short): what was copied of it is undone.
            let cut = TextParts(count: 2, part: { k in [UInt8](repeating: UInt8(ascii: "?"), count: k == 0 ? 3 : 5) },
                                place: { k in FilePiece(fd: fd, offset: k == 0 ? 0 : 8, length: k == 0 ? 3 : 5) })
            #expect(writer.writeParts(root.path + "/cut", cut))
            #expect(try String(contentsOf: root.appendingPathComponent("cut"), encoding: .utf8) == "012?????")
        }
    }

    /// A file's folder is its path up to the last `/` (and its parents are
    /// made first): a page deep in the tree lands where its path says.
    @Test func aFileIsWrittenInItsFolder() throws {
        #expect(TreeWriter.folder(of: "indicators/a-1/index.html") == "indicators/a-1")
        #expect(TreeWriter.folder(of: "index.html") == "")
        #expect(TreeWriter.folder(of: "区域/水/page-2.html") == "区域/水")
        try withTemporaryFolder("tree-writer") { root throws in
            let writer = TreeWriter(root: root.path)
            writer.write(.text("a/b/c/page.html", "deep"))
            writer.write(.text("a/top.html", "top"))
            #expect(writer.firstError == nil)
            #expect(try String(contentsOf: root.appendingPathComponent("a/b/c/page.html"), encoding: .utf8) == "deep")
            #expect(try String(contentsOf: root.appendingPathComponent("a/top.html"), encoding: .utf8) == "top")
        }
    }

    /// A path stays in the tree when no part of it is empty, `.` or `..`
    /// (so it is not absolute either); such a file is refused, not written.
    @Test func aPathLeavingTheTreeIsRefused() throws {
        for path in ["index.html", "a/b/c.html", "...", "a/.../b", ".well-known/x", "a/..b/c", "区域/水/page-2.html", "a.b/c"] {
            #expect(OutputFile.text(path, "").isContained, "\(path)")
        }
        for path in ["", "/", "/etc/x", "a//b", "a/", "./a", "a/./b", "..", "../x", "a/../b", "a/..", "."] {
            #expect(!OutputFile.text(path, "").isContained, "\(path)")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tree-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = TreeWriter(root: root.appendingPathComponent("tree").path)
        writer.write(.text("../escaped.html", "x"))
        #expect(writer.firstError != nil)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escaped.html").path))
    }

    /// A damaged record's path that would leave the tree (absolute, or
    /// with a `..` part) is neither removed nor linked to: the file outside stays.
    @Test func aRemovalOrLinkOutsideTheTreeIsRefused() throws {
        try withTemporaryFolder("tree-writer") { root in
            let tree = root.appendingPathComponent("tree")
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            let outside = root.appendingPathComponent("outside.html")
            try Data("keep".utf8).write(to: outside)
            let writer = TreeWriter(root: tree.path)
            writer.remove([outside.path, "../outside.html"])
            #expect(FileManager.default.fileExists(atPath: outside.path))
            #expect(!writer.link(from: outside.path, to: root.appendingPathComponent("linked.html").path))
            #expect(!writer.link(from: outside.path, to: "../linked.html"))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("linked.html").path))
        }
    }

    /// Files and folders are made relative to the tree's folder as it was
    /// opened (`openat`, `mkdirat`): moved after the writer was made, the
    /// tree still gets every file; a tree that is not there yet is
    /// written by its path.
    @Test func theTreeIsWrittenThroughItsOpenFolder() throws {
        try withTemporaryFolder("tree-writer") { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("tree"), withIntermediateDirectories: true)
            let writer = TreeWriter(root: root.appendingPathComponent("tree").path)
            #expect(rename(root.appendingPathComponent("tree").path, root.appendingPathComponent("moved").path) == 0)
            writer.write(.text("a/b/page.html", "page"))
            writer.write(.text("a/c.html", "c"))
            #expect(writer.firstError == nil)
            #expect(try String(contentsOf: root.appendingPathComponent("moved/a/b/page.html"), encoding: .utf8) == "page")
            #expect(try String(contentsOf: root.appendingPathComponent("moved/a/c.html"), encoding: .utf8) == "c")
            // No open folder: by path, once it is there.
            let later = TreeWriter(root: root.appendingPathComponent("later").path)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("later"), withIntermediateDirectories: true)
            later.write(.text("x/y.html", "y"))
            #expect(later.firstError == nil)
            #expect(try String(contentsOf: root.appendingPathComponent("later/x/y.html"), encoding: .utf8) == "y")
        }
    }
    /// The folders of files to come are made ahead of them (`makeFolders`),
    /// parents first, each once; a path leaving the tree is passed over.
    /// At a folder that cannot be made (a file is in its place) the maker
    /// stops: the folders after it are left to the files' own writes,
    /// and the write of a file in that place says why it failed.
    @Test func foldersAreMadeAheadUntilOneCannotBe() throws {
        try withTemporaryFolder("tree-writer") { root in
            let writer = TreeWriter(root: root.path)
            writer.makeFolders(of: ["a/b/c/page.html", "a/b/c/other.html", "../out/x.html", "d/e.html", "top.html"])
            var isDir: ObjCBool = false
            for dir in ["a", "a/b", "a/b/c", "d"] {
                #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(dir).path, isDirectory: &isDir) && isDir.boolValue, "\(dir)")
            }
            #expect(!FileManager.default.fileExists(atPath: root.deletingLastPathComponent().appendingPathComponent("out").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b/c").path).isEmpty)
            writer.write(.text("a/b/c/page.html", "page"))
            #expect(writer.firstError == nil)
            #expect(try String(contentsOf: root.appendingPathComponent("a/b/c/page.html"), encoding: .utf8) == "page")

            try Data("file".utf8).write(to: root.appendingPathComponent("f"))
            writer.makeFolders(of: ["f/x.html", "g/y.html"])
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("g").path))
            writer.write(.text("g/y.html", "y"))
            #expect(writer.firstError == nil)
            writer.write(.text("f/x.html", "x"))
            #expect(writer.firstError?.description.hasPrefix("cannot create f:") == true)
        }
    }
}
