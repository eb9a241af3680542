import Foundation
import Testing
@testable import SitegenCore

/// One test per content rule and error, through real files.
@Suite struct DiagnosticsTests {
    func errors(_ files: [String: String?]) throws -> [String] { try TestSite(files: files).errors() }

    @Test func basicFixtureIsClean() throws {
        #expect(try TestSite().diagnostics() == [])
    }

    /// A file with more problems than a report shows gets the first ones
    /// and one error line counting the rest; other files keep theirs.
    @Test func aReportShowsAHundredProblemsOfAFileThenCountsTheRest() throws {
        let repeated = (1...150).map { _ in "plan: test-plan\n" }.joined()
        let errors = try errors(["content/indicators/z.yaml": repeated + "indicators: []\n",
                                 "content/indicators/y.yaml": "plan: test-plan\nplan: test-plan\nindicators: []\n"])
        let z = errors.filter { $0.hasPrefix("content/indicators/z.yaml") }
        #expect(z.count == 101)
        #expect(z.last == "content/indicators/z.yaml:102:1: error: 49 more problems in this file are not shown; fix the ones above and check again")
        #expect(errors.filter { $0.hasPrefix("content/indicators/y.yaml") }.count == 1)
    }

    /// Warnings alone (the build goes on to the disclosure checks) are
    /// counted from the whole list, not from an already shortened one.
    @Test func aReportCountsTheWarningsLeftOutOnce() throws {
        let fields = (1...150).map { "extra\($0): x\n" }.joined()
        let plan = "---\ntitle: 要点\nissuer: 测试局\nyear: 2022\npublished: 2022-03-01\n" + fields + "---\n\n正文。\n"
        let warnings = try TestSite(files: ["content/plans/many.md": plan]).warnings().filter { $0.hasPrefix("content/plans/many.md") }
        #expect(warnings.count == 101)
        #expect(warnings.last?.contains("50 more problems in this file are not shown") == true)
    }

    @Test func unknownDirectionNamesTheAllowedValues() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: sideways\n    target: {value: 1, by: 2022-12-31}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:6:16: error: direction must be increase or decrease, got 'sideways'"])
    }

    @Test func badValuesAndDates() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target: {value: .nan, by: 2022-02-30}\n    baseline: {period: 2022-Q5, value: 1}\n    observations:\n      - {period: 2022-13, value: 1}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:7:21: error: target.value must be a plain decimal number such as 69.7, got '.nan'",
            "content/indicators/z.yaml:7:31: error: target.by must be a date YYYY-MM-DD that exists, got '2022-02-30'",
            "content/indicators/z.yaml:8:24: error: baseline.period must be a period that exists, written YYYY, YYYY-Qn (n 1–4), YYYY-MM or YYYY-MM-DD, got '2022-Q5'",
            "content/indicators/z.yaml:10:18: error: period must be a period that exists, written YYYY, YYYY-Qn (n 1–4), YYYY-MM or YYYY-MM-DD, got '2022-13'",
        ])
    }

    @Test func twoObservationsForOnePeriod() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target: {value: 1, by: 2022-12-31}\n    observations:\n      - {period: 2022-03, value: 1}\n      - {period: 2022-03, value: 2}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:10:18: error: a second observation for period 2022-03 (the first is at line 9): keep one"])
    }

    /// Out of order, a repeated period is still found, with its first place.
    @Test func twoObservationsForOnePeriodOutOfOrder() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target: {value: 1, by: 2022-12-31}\n    observations:\n      - {period: 2022-03, value: 1}\n      - {period: 2022-04, value: 1}\n      - {period: 2022-01, value: 2}\n      - {period: 2022-04, value: 3}\n      - {period: 2022-01, value: 3}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:12:18: error: a second observation for period 2022-04 (the first is at line 10): keep one",
            "content/indicators/z.yaml:13:18: error: a second observation for period 2022-01 (the first is at line 11): keep one"])
    }

    /// Observations written out of order come out in order, each with its place.
    @Test func observationsOutOfOrderAreSorted() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target: {value: 1, by: 2022-12-31}\n    observations:\n      - {period: 2022-03, value: 1}\n      - {period: 2022-Q1, value: 2}\n      - {period: 2022-01, value: 3}\n"
        let (doc, _) = YAMLDocument.parse(yaml, path: "z.yaml")
        var diagnostics: [Diagnostic] = []
        let parsed = try #require(doc)
        let result = try #require(IndicatorValidator.validate(parsed, diagnostics: &diagnostics))
        let observations = try #require(result.indicators.first).observations
        #expect(observations.map(\.period.text) == ["2022-01", "2022-03", "2022-Q1"])
        #expect(observations.map(\.line) == [11, 9, 10])
    }

    /// Observations are read in one pass when written plainly and by the
    /// general field reader otherwise: both give the same values.
    @Test func observationsWrittenEveryWayGiveTheSameValues() throws {
        let yaml = """
            plan: test-plan
            indicators:
              - id: z
                name: n
                area: a
                direction: increase
                target: {value: 1, by: 2022-12-31}
                source: 月报
                observations:
                  - {period: 2022-01, value: "1.50", note: " 备注 "}
                  - {period: '2022-02', value: 2, source: ~}
                  - {period: 2022-03, value: 3, extra: x}
                  - {period: 2022-04, value: 4, note: ""}
                  - {value: 5, period: 2022-05, source: 站点}
                  - {period: 2022-06, value: 06, note: null}

            """
        let (doc, problems) = YAMLDocument.parse(yaml, path: "z.yaml")
        #expect(problems.isEmpty)
        var diagnostics: [Diagnostic] = []
        let parsed = try #require(doc)
        let result = try #require(IndicatorValidator.validate(parsed, diagnostics: &diagnostics))
        #expect(diagnostics.map(\.description) == [
            "z.yaml:12:37: warning: unknown field 'extra' in observation is ignored (known fields: period, value, note, source, corrections)"])
        let observations = try #require(result.indicators.first).observations
        #expect(observations.map(\.value.text) == ["1.50", "2", "3", "4", "5", "6"])
        #expect(observations.map(\.period.text) == ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06"])
        #expect(observations.map(\.note) == ["备注", nil, nil, nil, nil, nil])
        #expect(observations.map(\.source) == [nil, nil, nil, nil, "站点", nil])
        // The plain ones take the one-pass way, the others do not.
        let indicators = Array(YAMLNode.Items(parsed.root?.value(forKey: "indicators")))
        let indicator = try #require(indicators.first)
        let items = Array(YAMLNode.Items(indicator.value(forKey: "observations")))
        #expect(items.map { IndicatorValidator.plainObservation($0) != nil } == [true, false, false, false, true, false])
    }

    @Test func sameIdInTwoFiles() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: t-water\n    name: n\n    area: a\n    direction: increase\n    target: {value: 1, by: 2022-12-31}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:3:5: error: indicator id 't-water' is already used at content/indicators/test-plan.yaml:3:5; ids are unique across the site: give one of them another id"])
    }

    /// An id defined three times: each later use names the first, not the one before it.
    @Test func sameIdInThreeFilesNamesTheFirstEachTime() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: t-water\n    name: n\n    area: a\n    direction: increase\n    target: {value: 1, by: 2022-12-31}\n"
        #expect(try errors(["content/indicators/y.yaml": yaml, "content/indicators/z.yaml": yaml]) == [
            "content/indicators/y.yaml:3:5: error: indicator id 't-water' is already used at content/indicators/test-plan.yaml:3:5; ids are unique across the site: give one of them another id",
            "content/indicators/z.yaml:3:5: error: indicator id 't-water' is already used at content/indicators/test-plan.yaml:3:5; ids are unique across the site: give one of them another id"])
    }

    @Test func unknownPlanAndSection() throws {
        let yaml = "plan: nope\nindicators: []\n"
        let section = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    kind: milestone\n    target: {by: 2022-12-31}\n    section: 不存在\n"
        #expect(try errors(["content/indicators/y.yaml": yaml, "content/indicators/z.yaml": section]) == [
            "content/indicators/y.yaml:1:7: error: plan 'nope' does not exist: there is no content/plans/nope.md; write the slug of a plan (its file name without .md), or add that plan",
            "content/indicators/z.yaml:8:14: error: section '不存在' is not a heading of plan test-plan (content/plans/test-plan.md): write the text of one of its headings, or leave section out",
        ])
    }

    @Test func structuralMistakes() throws {
        #expect(try errors(["content/indicators/a.yaml": "- a\n- b\n"]) == [
            "content/indicators/a.yaml:1:1: error: an indicator file must be a mapping of 'key: value' lines, got a list"])
        #expect(try errors(["content/indicators/a.yaml": ""]) == [
            "content/indicators/a.yaml:1:1: error: an indicator file must be a mapping of 'key: value' lines, got nothing"])
        #expect(try errors(["content/indicators/a.yaml": "plan: test-plan\nplan: x\nindicators: []\n"]) == [
            "content/indicators/a.yaml:2:1: error: duplicate key 'plan': each key may appear once in a mapping"])
    }

    @Test func invalidUTF8PointsAtTheByte() throws {
        let site = try TestSite()
        try site.write(Data("plan: test-plan\nindicators: []\n".utf8) + Data([0xFF, 0x0A]), to: "content/indicators/a.yaml")
        #expect(site.errors() == ["content/indicators/a.yaml:3:1: error: file is not valid UTF-8 (byte 0xFF at offset 31); save it as UTF-8"])
    }

    @Test func nulCharacterPointsAtItsPlace() throws {
        let site = try TestSite()
        try site.write(Data("plan: test-plan\nindicators: []\n# a\u{0}b\n".utf8), to: "content/indicators/a.yaml")
        #expect(site.errors() == ["content/indicators/a.yaml:3:4: error: file contains a NUL character; is it a text file?"])
    }

    @Test func bomAndCRLFAreAccepted() throws {
        let site = try TestSite()
        let yaml = "\u{FEFF}title: 测试站点\r\norganization: 测试局\r\nas_of: 2022-09-30\r\n"
        try site.write(Data(yaml.utf8), to: "content/site.yaml")
        #expect(site.diagnostics() == [])
    }

    @Test func pathologicalYAMLIsRefusedQuickly() throws {
        var lines = ["plan: test-plan", "a0: &a0 [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"]
        for i in 1...11 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]") }
        let bomb = (lines + ["? *a11", ": 1", "? *a10", ": 2"]).joined(separator: "\n")
        let deep = "plan: test-plan\nindicators: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(try errors(["content/indicators/a.yaml": bomb]) == [
            "content/indicators/a.yaml:14:1: error: a mapping key must be a plain word: '? ' keys and aliases (*name) as keys are not supported"])
        #expect(try errors(["content/indicators/a.yaml": deep]) == [
            "content/indicators/a.yaml:2:1: error: YAML is nested more than 64 levels deep here"])
    }

    @Test func hugeFileIsRefused() throws {
        let site = try TestSite()
        try site.write(Data(count: 9 * 1024 * 1024), to: "content/indicators/big.yaml")
        #expect(site.errors() == ["content/indicators/big.yaml:1:1: error: file is 9.0 MiB; a content file may be at most 8 MiB"])
    }

    @Test func planFileNameMustBeASlug() throws {
        #expect(try errors(["content/plans/Bad_Name.md": "---\ntitle: x\n---\n"]) == [
            "content/plans/Bad_Name.md:1:1: error: plan file name 'Bad_Name' is not a slug: use lower-case ASCII letters, digits and '-' (e.g. xiaogan-2022.md)"])
    }

    @Test func planRules() throws {
        let plan = "---\ntitle: t\nissuer: i\nyear: 2022\npublished: 2022-01-01\nattachments: [{title: a, file: ../../etc/passwd}, {title: b, file: nothere.pdf}]\nrelated: [nope, other]\n---\n<script>x</script>\n\n[a](javascript:alert(1)) [b](indicator:nope)\n"
        let site = try TestSite(files: ["content/plans/other.md": plan])
        #expect(site.diagnostics() == [
            "content/plans/other.md:6:32: error: attachment file must be a relative path inside content/files/ (no '..', no leading '/'), got '../../etc/passwd'",
            "content/plans/other.md:6:68: error: attachment file content/files/nothere.pdf does not exist: put the file there, or correct the path",
            "content/plans/other.md:7:11: error: related plan 'nope' does not exist: there is no content/plans/nope.md; correct the slug or remove it",
            "content/plans/other.md:7:17: error: related names this plan itself: remove it from related",
            "content/plans/other.md:9:1: warning: raw HTML is not shown on the page; write it in Markdown",
            "content/plans/other.md:11:1: warning: link with the URL scheme 'javascript:' is not shown; use http, https, mailto or a relative path",
            "content/plans/other.md:11:26: error: unknown indicator id 'nope': no file of content/indicators defines it; correct the id",
        ])
    }

    /// An indicator with an error is left out, so what names it does not
    /// find it: the message names the file with errors instead of saying
    /// that no file defines the id.
    @Test func anIdUnknownBecauseItsIndicatorHasAnErrorNamesItsFile() throws {
        let site = try TestSite(files: [
            "content/indicators/test-plan.yaml": try Self.indicators { $0.replacingOccurrences(of: "    direction: increase\n", with: "") },
            "content/data/a.csv": "指标编号,2022年9月\nt-water,69.7\n",
        ])
        let hint = "no indicator without errors has it; if content/indicators/test-plan.yaml defines it, "
            + "fix the errors there first (an indicator with an error is left out), else"
        #expect(site.errors() == [
            "content/data/a.csv:2:1: error: unknown indicator id 't-water': \(hint) correct the id or delete the row",
            "content/indicators/test-plan.yaml:3:5: error: indicator is missing the required field 'direction': write increase or decrease",
            "content/plans/test-plan.md:22:5: error: unknown indicator id 't-water' (at 22:5; 29:1): \(hint) correct the id",
        ])
    }

    /// One indicator file that does not parse (a tab in its YAML) leaves
    /// out every indicator it defines: a plan naming them gets one error,
    /// at its first reference, listing each id with its places, not one
    /// error per reference.
    @Test func aBrokenIndicatorFileGivesOneErrorPerPlanNotPerReference() throws {
        let site = try TestSite(files: [
            "content/indicators/test-plan.yaml": try Self.indicatorsWithATab(),
        ])
        #expect(site.errors() == [
            "content/indicators/test-plan.yaml:16:1: error: YAML indents with spaces, not tabs: replace the tab at the start of this line with spaces",
            "content/plans/test-plan.md:22:5: error: unknown indicator ids 't-water' (at 22:5; 29:1) and 't-milestone' (at 30:1): "
                + "no indicator without errors has them; if content/indicators/test-plan.yaml defines them, fix the errors there first "
                + "(an indicator with an error is left out), else correct the ids",
        ])
    }

    /// … and a table naming them gets one error, not one per row (a wide
    /// row's periods are one place).
    @Test func aBrokenIndicatorFileGivesOneErrorPerTableNotPerRow() throws {
        let site = try TestSite(files: [
            "content/indicators/test-plan.yaml": try Self.indicatorsWithATab(),
            "content/data/a.csv": "indicator,period,value\nt-water,2022-07,70\nt-water,2022-08,71\nt-other,2022-08,1\n",
            "content/data/b.csv": "指标编号,2022-07,2022-08\nt-water,70,71\n",
        ])
        let errors = site.errors().filter { $0.hasPrefix("content/data/") }
        #expect(errors == [
            "content/data/a.csv:2:1: error: unknown indicator ids 't-water' (at 2:1; 3:1) and 't-other' (at 4:1): "
                + "no indicator without errors has them; if content/indicators/test-plan.yaml defines them, fix the errors there first "
                + "(an indicator with an error is left out), else correct the ids or delete their rows",
            "content/data/b.csv:2:1: error: unknown indicator id 't-water': no indicator without errors has it; "
                + "if content/indicators/test-plan.yaml defines it, fix the errors there first (an indicator with an error is left out), "
                + "else correct the id or delete the row",
        ])
    }

    /// … and a workbook's one error begins like its others (sheet and
    /// cell), its places apart by semicolons.
    @Test func aBrokenIndicatorFileGivesAWorkbookOneErrorBegunByItsCell() throws {
        let site = try TestSite(files: [
            "content/indicators/test-plan.yaml": try Self.indicatorsWithATab(),
        ])
        try site.write(Data(contentsOf: Repo.fixtures.appendingPathComponent("data/errors.xlsx")), to: "content/data/月报.xlsx")
        #expect(site.errors().filter { $0.hasPrefix("content/data/") } == [
            "content/data/月报.xlsx:2:1: error: sheet 水环境, cell A2: unknown indicator ids 't-water' (at sheet 水环境, cell A2), "
                + "'t-nope' (at sheet 水环境, cell A3) and 't-milestone' (at sheet 水环境, cell A4): no indicator without errors has them; "
                + "if content/indicators/test-plan.yaml defines them, fix the errors there first (an indicator with an error is left out), "
                + "else correct the ids or delete their rows",
            "content/data/月报.xlsx:2:3: error: sheet 水环境, cell C2: value must be a plain decimal number, got '六十'",
        ])
    }

    /// Without indicator files with errors each unknown id is a mistake of
    /// its own: an error at each reference.
    @Test func unknownIdsWithoutBrokenIndicatorFilesAreAnErrorEach() throws {
        let plan = "---\ntitle: t\nissuer: i\nyear: 2022\npublished: 2022-03-01\n---\n\n[a](indicator:nope) [b](indicator:nada)\n"
        #expect(try errors(["content/plans/other.md": plan]) == [
            "content/plans/other.md:8:1: error: unknown indicator id 'nope': no file of content/indicators defines it; correct the id",
            "content/plans/other.md:8:21: error: unknown indicator id 'nada': no file of content/indicators defines it; correct the id",
        ])
    }

    /// The basic fixture's plan with `change` made to its text.
    static func plan(_ change: (String) -> String) throws -> String {
        change(try String(contentsOf: Repo.fixtures.appendingPathComponent("basic/content/plans/test-plan.md"), encoding: .utf8))
    }

    /// The basic fixture's indicator file with `change` made to its text.
    static func indicators(_ change: (String) -> String) throws -> String {
        change(try String(contentsOf: Repo.fixtures.appendingPathComponent("basic/content/indicators/test-plan.yaml"), encoding: .utf8))
    }

    /// … with a tab before its second indicator: the file does not parse,
    /// and every indicator it defines is left out.
    static func indicatorsWithATab() throws -> String {
        try indicators { $0.replacingOccurrences(of: "  - id: t-milestone", with: "\t- id: t-milestone") }
    }

    /// A plan whose front matter has an error still has its body's
    /// references checked, in the same build (not only once it is fixed).
    @Test func aFrontMatterErrorLeavesTheBodysUnknownIdsReported() throws {
        let plan = try Self.plan {
            $0.replacingOccurrences(of: "issuer: 测试局\n", with: "").replacingOccurrences(of: "indicator:t-water", with: "indicator:t-wter")
        }
        #expect(try errors(["content/plans/test-plan.md": plan]) == [
            "content/plans/test-plan.md:2:1: error: front matter is missing the required field 'issuer': write who issues the plan (发布机构), such as 'issuer: 市生态环境局'",
            "content/plans/test-plan.md:21:5: error: unknown indicator id 't-wter': no file of content/indicators defines it; correct the id",
        ])
    }

    /// … and its related plans.
    @Test func aFrontMatterErrorLeavesBadRelatedReported() throws {
        let plan = try Self.plan {
            $0.replacingOccurrences(of: "year: 2022\n", with: "year: 22\nrelated: [test-plan, nope]\n")
        }
        #expect(try errors(["content/plans/test-plan.md": plan]) == [
            "content/plans/test-plan.md:4:7: error: year must be a four-digit year such as 2022, got '22'",
            "content/plans/test-plan.md:5:11: error: related names this plan itself: remove it from related",
            "content/plans/test-plan.md:5:22: error: related plan 'nope' does not exist: there is no content/plans/nope.md; correct the slug or remove it",
        ])
    }

    /// … and the fields read after the required ones.
    @Test func aFrontMatterErrorLeavesLaterFieldsReported() throws {
        let plan = try Self.plan {
            $0.replacingOccurrences(of: "title: 2022年测试工作要点\n", with: "").replacingOccurrences(of: "topic: 生态环境", with: "topic: [a, b]")
        }
        #expect(try errors(["content/plans/test-plan.md": plan]) == [
            "content/plans/test-plan.md:2:1: error: front matter is missing the required field 'title': write the plan's title (标题), such as 'title: 2023年工作要点'",
            "content/plans/test-plan.md:8:8: error: topic must be text, got a list",
        ])
    }

    /// … and the sections its indicators name (against its body's headings).
    @Test func aFrontMatterErrorLeavesItsIndicatorsSectionsChecked() throws {
        let plan = try Self.plan { $0.replacingOccurrences(of: "issuer: 测试局\n", with: "") }
        let indicators = try Self.indicators { $0.replacingOccurrences(of: "section: 具体指标设置为", with: "section: 没有这一节") }
        #expect(try errors(["content/plans/test-plan.md": plan, "content/indicators/test-plan.yaml": indicators]) == [
            "content/indicators/test-plan.yaml:11:14: error: section '没有这一节' is not a heading of plan test-plan (content/plans/test-plan.md): write the text of one of its headings, or leave section out",
            "content/plans/test-plan.md:2:1: error: front matter is missing the required field 'issuer': write who issues the plan (发布机构), such as 'issuer: 市生态环境局'",
        ])
    }

    /// … and its 索引号 against the other plans'.
    @Test func aFrontMatterErrorLeavesARepeatedIndexNumberReported() throws {
        let plan = try Self.plan { $0.replacingOccurrences(of: "issuer: 测试局\n", with: "") }
        let other = "---\ntitle: t\nissuer: i\nyear: 2022\npublished: 2022-03-01\nindex_no: 0001/2022-00001\n---\n\n正文。\n"
        #expect(try errors(["content/plans/test-plan.md": plan, "content/plans/other.md": other]) == [
            "content/plans/test-plan.md:2:1: error: front matter is missing the required field 'issuer': write who issues the plan (发布机构), such as 'issuer: 市生态环境局'",
            "content/plans/test-plan.md:6:11: error: index_no '0001/2022-00001' is already used by content/plans/other.md:6:11; every document has its own 索引号",
        ])
    }

    /// Front matter that is no mapping at all: the body is still checked.
    @Test func frontMatterThatIsNoMappingLeavesTheBodyChecked() throws {
        let plan = "---\n- a list\n---\n\n[x](indicator:nope)\n"
        #expect(try errors(["content/plans/other.md": plan]) == [
            "content/plans/other.md:2:1: error: front matter must be a mapping of 'key: value' lines, got a list",
            "content/plans/other.md:5:1: error: unknown indicator id 'nope': no file of content/indicators defines it; correct the id",
        ])
    }

    /// A nested field left blank is named once (`target.value`, not
    /// "target.value of target") and the message says what to write.
    @Test func aBlankNestedFieldIsNamedOnceAndSaysWhatToWrite() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target:\n      value:\n      by: 2022-12-31\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:8:7: error: the required field 'target.value' is empty: "
                + "write the target figure as a plain decimal number, such as 'value: 69.7'"])
    }

    /// … and one missing too (`target.by`, not "target is missing 'target.by'").
    @Test func aMissingNestedFieldIsNamedOnce() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target:\n      value: 5\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:8:7: error: the required field 'target.by' is missing: write the date it is due, YYYY-MM-DD, such as 'by: 2023-12-31'"])
    }

    /// A required field missing says what to write in it.
    @Test func aMissingFieldSaysWhatToWrite() throws {
        let yaml = "indicators: []\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:1:1: error: an indicator file is missing the required field 'plan': "
                + "write the slug of its plan (the plan's file name without .md), such as 'plan: xiaogan-2023'"])
    }

    /// A required text written as nothing but quotes says what to write.
    @Test func anEmptyQuotedTextSaysWhatToWrite() throws {
        let plan = try Self.plan { $0.replacingOccurrences(of: "issuer: 测试局", with: "issuer: \"  \"") }
        #expect(try errors(["content/plans/test-plan.md": plan]) == [
            "content/plans/test-plan.md:3:9: error: issuer must not be empty: write who issues the plan (发布机构), such as 'issuer: 市生态环境局'"])
    }

    /// A required choice missing lists the values to write.
    @Test func aMissingChoiceNamesItsValues() throws {
        let yaml = "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    kind: milestone\n    target: {by: 2022-12-31}\n    updates:\n      - {date: 2022-06-30}\n"
        #expect(try errors(["content/indicators/z.yaml": yaml]) == [
            "content/indicators/z.yaml:9:9: error: update is missing the required field 'stage': write not_started, in_progress, done or suspended"])
    }

    /// Found by the frontmatter fuzzer: a plan file of only `---` (no line
    /// break) ran past the end of the text and trapped.
    @Test func planFileOfOnlyTheOpeningLine() throws {
        #expect(try errors(["content/plans/other.md": "---"]) == [
            "content/plans/other.md:1:1: error: front matter is not closed: add a line '---' after the last field"])
    }

    @Test func missingPartialIsNamed() throws {
        let site = try TestSite(files: ["templates/plan.mustache": "<h1>{{title}}</h1>\n{{> partials/nope}}\n"])
        #expect(site.errors() == ["templates/plan.mustache:2:1: error: template 'plan' uses 'partials/nope', which does not exist"])
    }

    /// A template Mustache cannot parse is an error where the parser
    /// stopped (a wrong closing name: at that name; an unclosed section: at
    /// the end), in words (not the parser's error value).
    @Test func templateThatDoesNotParseSaysWhereAndWhat() throws {
        let site = try TestSite(files: [
            "templates/index.mustache": "<h1>{{title}}</h1>\n{{#newestPlans}}\n<p>x</p>\n",
            "templates/plan.mustache": "{{#a}}{{/b}}\n",
            "templates/list.mustache": "<ul>\n{{#rows}}<li>{{name}}</li>{{/row}}\n</ul>\n",
        ])
        #expect(site.errors() == [
            "templates/index.mustache:2:1: error: template does not parse: the section {{#newestPlans}} is not closed: add {{/newestPlans}} where it ends",
            "templates/list.mustache:2:30: error: template does not parse: a section is closed with another name than the one it was opened with: {{/name}} must close {{#name}} or {{^name}}",
            "templates/plan.mustache:1:10: error: template does not parse: a section is closed with another name than the one it was opened with: {{/name}} must close {{#name}} or {{^name}}",
        ])
    }

    /// A section left open is found where it opens: the innermost one
    /// (comments, triple mustaches and closed sections passed over); none
    /// when the template changes its delimiters.
    @Test func theInnermostUnclosedSectionIsFoundWhereItOpens() {
        let open = TemplateParseProblem.unclosedSection(in: "{{#a}}\n  {{#b}}{{{x}}}{{/b}}\n  {{^ c }}\n")
        #expect(open?.line == 3 && open?.column == 3 && open?.sigil == "^" && open?.name == "c")
        let afterComment = TemplateParseProblem.unclosedSection(in: "x {{! note }} {{#长}}")
        #expect(afterComment?.line == 1 && afterComment?.column == 15 && afterComment?.name == "长")
        #expect(TemplateParseProblem.unclosedSection(in: "{{#a}}{{/a}}") == nil)
        #expect(TemplateParseProblem.unclosedSection(in: "{{=<% %>=}}<%#a%>") == nil)
    }

    /// Twenty-two different mistakes, twenty-two diagnostics, nothing
    /// written (the plan with a bad year still has its unknown related
    /// plan and indicator id reported).
    @Test func twentyTwoMistakesAtOnce() throws {
        let indicators = """
        plan: test-plan
        indicators:
          - id: Bad_ID
            name: x
            area: a
            direction: sideways
            target: {value: .nan, by: 2022-02-30}
          - id: q
            name: dup
            area: a
            direction: increase
            target: {value: 1, by: 2022-12-31, op: "!="}
            baseline: {period: 2022-Q5, value: 1}
            observations:
              - {period: 2022-13, value: 1}
              - {period: 2022-03, value: 1}
              - {period: 2022-03, value: 2}
              - [1, 2]
          - id: m
            name: m
            area: a
            kind: milestone
            target: {by: 2022-12-31}
            updates:
              - {date: 2022-01-01, stage: finished, percent: 120}
        """
        let plan = "---\ntitle: t\nissuer: i\nyear: 22\npublished: 2022-01-01\nattachments: [{title: a, file: ../x}]\nrelated: [nope]\n---\n[b](indicator:nope)\n"
        let site = try TestSite(files: [
            "content/indicators/bad.yaml": indicators,
            "content/indicators/bad2.yaml": "plan: nope\nindicators: {a: 1}\n",
            "content/indicators/list.yaml": "- a\n",
            "content/plans/other.md": plan,
            "content/plans/Bad.md": "x",
            "content/site.yaml": "title: t\norganization: o\nlanguage: fr\nbase_url: ftp://x\nas_of: 2022-13-01\n",
        ])
        let errors = site.errors()
        #expect(errors.count == 22, "\(errors.joined(separator: "\n"))")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }
}
