import Foundation
import Testing
@testable import SitegenCore

/// The messages a new user meets first: each says how to fix, at the place to fix.
@Suite struct FirstRunMessageTests {
    static let basicIndicators = { () -> String in
        (try? String(contentsOf: Repo.fixtures.appendingPathComponent("basic/content/indicators/test-plan.yaml"), encoding: .utf8)) ?? ""
    }()

    @Test func aMissingSiteYAMLNamesTheRequiredFieldsAndInit() throws {
        let site = try TestSite(files: ["content/site.yaml": nil])
        #expect(site.errors() == [
            "content/site.yaml:1:1: error: there is no content/site.yaml here: a site needs one with its title and organization "
                + "(both required); run sitegen init to start a new site, or give the site's folder (sitegen build SITE_DIR)",
        ])
    }

    @Test func aTabInIndentationIsNamedAtTheTab() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: 站\norganization: 局\n\tnotice: x\n"])
        #expect(site.errors() == [
            "content/site.yaml:3:1: error: YAML indents with spaces, not tabs: replace the tab at the start of this line with spaces",
        ])
        let after = try TestSite(files: ["content/site.yaml": "title: 站\norganization: 局\nnotice:\n  \tx\n"])
        #expect(after.errors() == [
            "content/site.yaml:4:3: error: YAML indents with spaces, not tabs: replace the tab at the start of this line with spaces",
        ])
    }

    @Test(arguments: [
        ("2022年3月", "2022-03"), ("2022/3/10", "2022-03-10"), ("2022.03", "2022-03"), ("2022年第一季度", "2022-Q1"),
        ("2022年三季度", "2022-Q3"), ("2022年3月10日", "2022-03-10"), ("2022-3", "2022-03"), ("2022 Q4", "2022-Q4"), ("2022年", "2022"),
    ])
    func aPeriodWrittenAsPeopleWriteItSaysWhatToWrite(written: String, standard: String) throws {
        let indicators = Self.basicIndicators.replacingOccurrences(of: "{period: 2022-03, value: 63.6}",
                                                                   with: "{period: \(written), value: 63.6}")
        let site = try TestSite(files: ["content/indicators/test-plan.yaml": indicators])
        // (The indicator is left out, so the plan's links to it are errors too.)
        #expect(site.errors().first ==
            "content/indicators/test-plan.yaml:14:18: error: period must be a period that exists, written YYYY, YYYY-Qn (n 1–4), "
                + "YYYY-MM or YYYY-MM-DD, got '\(written)': write \(standard)")
    }

    @Test func aDateWrittenAsPeopleWriteItSaysWhatToWrite() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: 站\norganization: 局\nas_of: 2022/9/30\ncompare_to: 2022年6月\n"])
        #expect(site.errors() == [
            "content/site.yaml:3:8: error: as_of must be a date YYYY-MM-DD that exists, got '2022/9/30': write 2022-09-30",
            // A month is no date: nothing to suggest.
            "content/site.yaml:4:13: error: compare_to must be a date YYYY-MM-DD that exists, got '2022年6月'",
        ])
        #expect(DateSpelling.suggestion("2022/2/30") == nil)
        #expect(DateSpelling.suggestion("3月") == nil)
        #expect(DateSpelling.suggestion("2022年第五季度") == nil)
        #expect(DateSpelling.suggestion("about 2022") == nil)
    }

    /// libyaml's words never reach the user; each problem is said plainly, at its place.
    @Test(arguments: [
        ("title: a: b\norganization: 局\n", "1:9", "a ': ' here would start a new key: put a value that contains ': ' in quotes, or line this key up with the keys above it"),
        ("title: @x\norganization: 局\n", "1:8", "this character cannot start a value (such as @, ` or %): put the whole value in quotes"),
        ("title: \"x\norganization: 局\n", "3:1", "the file ends inside a quoted text: close the quote (in the quoted text that starts at line 1)"),
        ("title: [a, b\norganization: 局\n", "2:13", "a list in [ ] is not closed: separate its items with ', ' and end it with ']' (in the list that starts at line 1)"),
        ("title: 站\n organization: 局\n", "2:14", "a ': ' here would start a new key: put a value that contains ': ' in quotes, or line this key up with the keys above it"),
    ])
    func yamlProblemsInPlainWords(text: String, position: String, message: String) throws {
        let site = try TestSite(files: ["content/site.yaml": text])
        #expect(site.errors() == ["content/site.yaml:\(position): error: \(message)"])
    }

    @Test func everyKnownLibyamlProblemHasPlainWords() {
        for (problem, words) in YAMLProblem.table {
            #expect(YAMLProblem.plain(problem) == words)
            #expect(!words.contains("token") && !words.contains("scalar") && !words.contains("node"), "\(problem)")
        }
        #expect(YAMLProblem.plain("something new") == "this line is not valid YAML: check its quotes, its ': ' after the key and its indentation")
    }

    @Test func oneIndicatorReadsRightInEnglish() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: Site\norganization: Bureau\nlanguage: en\nas_of: 2022-09-30\n"])
        #expect(try site.build().published)
        let home = try site.read("index.html")
        #expect(home.contains("<p>Total 2 indicators</p>"))
        #expect(home.contains(" · 2 indicators</p>"))
        #expect(try site.read("status/in_progress/index.html").contains("<p>Total 1 indicator</p>"))
        #expect(try site.read("status/achieved/index.html").contains("<p>Total 0 indicators</p>"))
    }
}
