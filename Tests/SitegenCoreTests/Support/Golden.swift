import Foundation
import Testing

/// Golden files: the bytes a test expects, committed under Fixtures/.
/// `SITEGEN_UPDATE_GOLDEN=1 swift test` writes what the code makes instead,
/// for review in `git diff` before committing.
enum Golden {
    static let updating = ProcessInfo.processInfo.environment["SITEGEN_UPDATE_GOLDEN"] != nil

    /// `actual` is the bytes of `golden`.
    static func expect(_ actual: Data, _ golden: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if updating {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: golden)
        }
        #expect(actual == (try Data(contentsOf: golden)), "differs from \(golden.path)", sourceLocation: sourceLocation)
    }

    /// The folder `actual` holds the files of `golden`, no more, no fewer,
    /// each with the same bytes; every difference is reported by path.
    static func expectTree(_ actual: URL, _ golden: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let made = TestSite.tree(actual)
        if updating {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in made {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        let expected = TestSite.tree(golden)
        #expect(!expected.isEmpty, "no golden tree at \(golden.path)", sourceLocation: sourceLocation)
        for path in Set(made.keys).union(expected.keys).sorted() where made[path] != expected[path] {
            let what = made[path] == nil ? "missing" : expected[path] == nil ? "not expected" : "differs"
            Issue.record("\(path): \(what) (golden: \(golden.path))", sourceLocation: sourceLocation)
        }
    }
}
