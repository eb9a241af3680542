import Foundation
import Testing
@testable import SitegenCore

/// The build record, written and read back as bytes (`BuildRecord.read`).
@Suite struct BuildRecordTests {
    /// A record of `tree` with a page, a file without a key, a note and a
    /// diagnostic, paths and texts not all ASCII.
    func record(_ tree: URL) throws -> BuildRecord {
        let id = try #require(BuildRecord.TreeID(tree))
        var result = BuildResult(diagnostics: [Diagnostic(.warning, SourceLocation(path: "content/plans/计划.md", line: 3, column: 7),
                                                          "unknown field 'date'")])
        result.plans = 2; result.indicators = 5; result.pages = 9; result.files = 3; result.asOf = Day(iso: "2023-06-30")
        result.notes = ["没有 base_url"]
        return BuildRecord(inputKey: "k1", tree: id, result: result,
                           files: [("plans/计划/index.html", "abc"), ("data/a b.csv", "def"), ("assets/site.css", nil)])
    }

    /// Runs `body` with two new folders in a temporary one (removed
    /// afterwards): a tree, and another holding the path `record` (not made).
    func withTreeAndRecord(_ body: (_ tree: URL, _ file: URL) throws -> Void) throws {
        try withTemporaryFolder("sitegen-record") { folder in
            let tree = folder.appendingPathComponent("tree"), records = folder.appendingPathComponent("records")
            for url in [tree, records] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false) }
            try body(tree, records.appendingPathComponent("record"))
        }
    }

    @Test func whatIsWrittenIsReadBack() throws {
        try withTreeAndRecord { tree, file in
            let written = try record(tree)
            try Data(written.encode().utf8).write(to: file)
            let read = try #require(BuildRecord.read(file, describing: tree))
            #expect(read.encode() == written.encode())
            #expect(read.pageKeys == ["plans/计划/index.html": "abc", "data/a b.csv": "def"])
            // Without the diagnostics: the same files, no diagnostics.
            let pages = try #require(BuildRecord.read(file, describing: tree, diagnostics: false))
            #expect(pages.pageKeys == read.pageKeys && pages.files.map(\.path) == read.files.map(\.path))
            #expect(pages.result.diagnostics.isEmpty && pages.result.notes == read.result.notes)
            #expect(BuildRecord.read(file, describing: tree, ifKey: "k1") != nil)
            #expect(BuildRecord.read(file, describing: tree, ifKey: "k2") == nil)
            #expect(BuildRecord.read(file, describing: file.deletingLastPathComponent()) == nil)  // another tree
        }
    }

    /// A build writes the record as its head and its file lines, made
    /// apart (`IncrementalBuild.publish`), over what the file held.
    @Test func aRecordWrittenInPiecesIsTheWholeRecord() throws {
        try withTreeAndRecord { tree, file in
            let whole = try record(tree)
            var head = whole
            head.files = []
            try Data((whole.encode() + whole.encode()).utf8).write(to: file)  // longer than the new record
            IncrementalBuild.write(file, texts: [head.head(), BuildRecord.fileLines(whole.files)])
            #expect(try Data(contentsOf: file) == Data(whole.encode().utf8))
            #expect(BuildRecord.read(file, describing: tree)?.encode() == whole.encode())
            IncrementalBuild.write(file, texts: ["ab", "c"], bytes: [0xE8, 0xAE, 0xA1])
            #expect(try Data(contentsOf: file) == Data("abc计".utf8))
        }
    }

    @Test func aRecordCutShortOrMalformedIsNotBelieved() throws {
        try withTreeAndRecord { tree, file in
            let text = try record(tree).encode()
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let withoutDiagnostics = lines.filter { !$0.hasPrefix("diagnostics\t") }.joined(separator: "\n")
            for bad in ["", "sitegen build record v1\n" + lines.dropFirst().joined(separator: "\n"), withoutDiagnostics,
                        text + "file\tno-path-field\n", text + "what\tever\n", text + "no tab\n"] {
                try Data(bad.utf8).write(to: file)
                #expect(BuildRecord.read(file, describing: tree) == nil)
                #expect(BuildRecord.read(file, describing: tree, diagnostics: false) == nil)
            }
        }
    }
}

extension BuildRecord {
    /// The page keys by path (what the tests compare; a build matches keys by position, `PageKeys`).
    var pageKeys: [String: String] {
        var keys: [String: String] = [:]
        for file in files { if let key = file.key { keys[file.path] = key } }
        return keys
    }
}
