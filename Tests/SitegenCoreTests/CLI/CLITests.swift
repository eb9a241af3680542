import Foundation
import Testing
@testable import SitegenCore

/// The `sitegen` executable itself, run as a user runs it. `swift test`
/// builds it next to the test bundle.
@Suite struct CLITests {
    static var binary: URL? {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("sitegen")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.executableURL = try #require(binary, "sitegen binary not found next to the tests")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func checkJSONListsEveryProblemAndWritesNothing() throws {
        let site = try TestSite(files: [
            "content/indicators/bad.yaml": "plan: nope\nindicators:\n  - {id: Bad, name: x}\n",
        ])
        let r = try Self.run(["check", site.root.path, "--format", "json"])
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(json.count >= 3)
        for item in json {
            #expect(item["file"] as? String == "content/indicators/bad.yaml")
            #expect((item["line"] as? Int ?? 0) >= 1)
            #expect((item["column"] as? Int ?? 0) >= 1)
            #expect(item["severity"] as? String == "error" || item["message"] as? String == "indicator 'Bad' has no source: add 'source:' naming where its figures come from (数据来源)")
            #expect(!(item["message"] as? String ?? "").isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func usageErrorsExitTwoWithTheReason() throws {
        let unknown = try Self.run(["build", "--no-such-option"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--no-such-option"))
        let badDate = try Self.run(["check", "--as-of", "2022-02-30"])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--as-of must be a date"))
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
    }

    /// The overview names all three kinds of `new`, the fill-in sheet too.
    @Test func helpNamesEveryKindOfNew() throws {
        let help = try Self.run(["--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for file in ["content/plans/SLUG.md", "content/indicators/SLUG.yaml", "content/data/SLUG.csv"] {
            #expect(text.contains(file), "sitegen --help does not name \(file)")
        }
    }

    @Test func checkJSONOnACleanSiteIsAnEmptyArray() throws {
        let site = try TestSite()
        let r = try Self.run(["check", site.root.path, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stdout == "[]\n")
    }

    @Test func checkEndsWithOneSummaryLineOnStderr() throws {
        let site = try TestSite(files: ["content/plans/test-plan.md": nil, "content/indicators/test-plan.yaml": nil])
        let clean = try Self.run(["check", site.root.path])
        #expect(clean.status == 0 && clean.stdout.isEmpty)
        #expect(clean.stderr == "checked 0 plans, 0 indicators: 0 errors, 0 warnings\n")
        let json = try Self.run(["check", site.root.path, "--format", "json"])
        #expect(json.stdout == "[]\n" && json.stderr == clean.stderr)
        let bad = try TestSite(files: ["content/indicators/test-plan.yaml": "plan: test-plan\nindicators: [{id: Bad}]\nextra: 1\n"])
        let r = try Self.run(["check", bad.root.path])
        #expect(r.status == 1)
        // The indicator file's errors and one for the plan's three references to its ids.
        #expect(r.stderr.split(separator: "\n").last == "sitegen: checked the site: 6 errors, 2 warnings")
    }

    /// A note (a workbook's sheet not read) is counted apart from the
    /// warnings, and only when there is one.
    @Test func checkCountsNotesApartFromWarnings() throws {
        let site = try TestSite()
        try site.write(Data(contentsOf: Repo.fixtures.appendingPathComponent("data/workbook.xlsx")), to: "content/data/workbook.xlsx")
        let r = try Self.run(["check", site.root.path])
        #expect(r.stderr.contains("workbook.xlsx:1:1: note: sheet 说明 is not read"))
        // Its two errors: the basic site's YAML has the workbook's first figure too, and no t-air.
        #expect(r.stderr.split(separator: "\n").last == "sitegen: checked the site: 2 errors, 0 warnings, 1 note")
    }

    /// A date written another way says how to write it, as in content.
    @Test func asOfWrittenAnotherWaySaysWhatToWrite() throws {
        let r = try Self.run(["check", "--as-of", "2024/09/30"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--as-of must be a date YYYY-MM-DD that exists, got '2024/09/30': write 2024-09-30"))
    }

    @Test func initStartsASiteAndRefusesAnExistingOne() throws {
        try withTemporaryFolder("sitegen-cli-init") { folder in
            let dir = folder.appendingPathComponent("site")
            let first = try Self.run(["init", dir.path])
            #expect(first.status == 0)
            #expect(first.stdout.hasPrefix("wrote \(dir.path)/content/plans/, "))
            let built = try Self.run(["build", dir.path])
            #expect(built.status == 0 && built.stdout.hasPrefix("built 0 plans, 0 indicators, "))
            let again = try Self.run(["init", dir.path])
            #expect(again.status == 2)
            #expect(again.stderr == "sitegen: error: \(dir.path)/content/ already exists, so this folder already holds a site; "
                + "sitegen init never touches one (give a new folder: sitegen init DIR)\n")
            let export = try Self.run(["theme", "export", dir.appendingPathComponent("templates").path])
            #expect(export.status == 0 && export.stdout.split(separator: "\n").count == BuiltInTheme.paths.count)
        }
    }

    @Test func buildPipedPrintsOnlyTheSummary() throws {

        let site = try TestSite()
        let r = try Self.run(["build", site.root.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("built 1 plan, 2 indicators, "))
        #expect(r.stdout.split(separator: "\n").count == 2)  // the summary and the base_url note
        #expect(!r.stderr.contains("\r"))  // no progress line when not on a terminal
        let quiet = try Self.run(["build", site.root.path, "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test func newWritesASkeleton() throws {
        let site = try TestSite()
        let r = try Self.run(["new", "plan", "demo-2024", "--site", site.root.path])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/plans/demo-2024.md").path))
        let again = try Self.run(["new", "plan", "demo-2024", "--site", site.root.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }

    /// Two builds of one output started together, ten times (each round
    /// with an edit, so both have work to do): both finish, a waiting one
    /// says whom it waits for, and the output is always a whole site.
    @Test func twoBuildsOfOneOutputNeverBreakIt() throws {
        let site = try TestSite()
        let binary = try #require(Self.binary)
        for round in 0..<10 {
            try site.edit("content/plans/test-plan.md") { $0 + "\n第\(round)轮。\n" }
            let processes = (0..<2).map { _ -> (Process, Pipe) in
                let p = Process(), err = Pipe()
                p.executableURL = binary
                p.arguments = ["build", site.root.path]
                p.standardOutput = FileHandle.nullDevice
                p.standardError = err
                return (p, err)
            }
            for (p, _) in processes { try p.run() }
            for (p, err) in processes {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                #expect(p.terminationStatus == 0, "round \(round): \(text)")
                for line in text.split(separator: "\n") where line.hasPrefix("sitegen: waiting") {
                    #expect(line.contains("to finish writing \(site.output.path)"))
                }
            }
            #expect(try site.read("plans/test-plan/index.html").contains("第\(round)轮。"))
            try CacheTests.expectSameAsFresh(site)
        }
    }
}
