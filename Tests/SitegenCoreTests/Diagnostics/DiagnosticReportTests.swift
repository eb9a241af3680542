import Testing
@testable import SitegenCore

/// A report with one file's problems replaced is the report of all problems sorted again.
@Suite struct DiagnosticReportTests {
    static func problems(_ path: String, _ count: Int, line: Int = 1) -> [Diagnostic] {
        (0..<count).map { .warning(SourceLocation(path: path, line: line + $0, column: 1), "problem \($0)") }
    }

    /// A file's problems replaced, removed, added where it had none, and cut
    /// to the report's length per file.
    @Test(arguments: ["b.md", "a.md", "c.md", "0.md", "z.md"])
    func aReplacedFileIsSortedAsTheWholeReport(_ path: String) {
        let others = Self.problems("a.md", 2) + Self.problems("b.md", 3) + Self.problems("c.md", 1)
        let report = others.sortedForReport()
        for count in [0, 1, 4, [Diagnostic].reportLimitPerFile + 3] {
            let new = Self.problems(path, count, line: 7) + Self.problems(path, 1, line: 7)  // a repeat, dropped
            let kept = others.filter { $0.location.path != path }
            #expect(report.replacingReport(of: path, with: new) == (kept + new).sortedForReport(), "\(path) \(count)")
        }
    }
}
