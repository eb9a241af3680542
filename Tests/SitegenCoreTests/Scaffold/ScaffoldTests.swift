import Foundation
import Testing
@testable import SitegenCore

/// `sitegen new plan|indicators SLUG`.
@Suite struct ScaffoldTests {
    /// Fills `key:   # 必填…` blanks with values, as an author would.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop(while: { $0 == " " })
            for (key, value) in values where trimmed.hasPrefix(key + ":") && line.contains("# 必填") {
                let indent = line.prefix(while: { $0 == " " })
                return indent + key + ": " + value
            }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test func skeletonsNameEveryBlankThenPassWhenFilled() throws {
        let site = try TestSite()
        #expect(try Scaffold.write(.plan, slug: "demo-2023", root: site.root) == "content/plans/demo-2023.md")
        #expect(try Scaffold.write(.indicators, slug: "demo-2023", root: site.root) == "content/indicators/demo-2023.yaml")
        #expect(site.errors() == [
            "content/indicators/demo-2023.yaml:7:5: error: the required field 'name' of indicator is empty: write the indicator's name, such as 'name: 空气质量优良天数比例'",
            "content/indicators/demo-2023.yaml:8:5: error: the required field 'area' of indicator is empty: write the area (领域) it belongs to, such as 'area: 大气环境'",
            "content/indicators/demo-2023.yaml:12:7: error: the required field 'target.value' is empty: write the target figure as a plain decimal number, such as 'value: 69.7'",
            "content/indicators/demo-2023.yaml:13:7: error: the required field 'target.by' is empty: write the date it is due, YYYY-MM-DD, such as 'by: 2023-12-31'",
            "content/plans/demo-2023.md:4:1: error: the required field 'title' of front matter is empty: write the plan's title (标题), such as 'title: 2023年工作要点'",
            "content/plans/demo-2023.md:5:1: error: the required field 'issuer' of front matter is empty: write who issues the plan (发布机构), such as 'issuer: 市生态环境局'",
            "content/plans/demo-2023.md:6:1: error: the required field 'year' of front matter is empty: write the plan's year, such as 'year: 2023'",
            "content/plans/demo-2023.md:7:1: error: the required field 'published' of front matter is empty: write the date it is published (发布日期), YYYY-MM-DD, such as 'published: 2023-03-01'",
        ])
        let planURL = site.root.appendingPathComponent("content/plans/demo-2023.md")
        let indicatorsURL = site.root.appendingPathComponent("content/indicators/demo-2023.yaml")
        let plan = Self.fill(try String(contentsOf: planURL, encoding: .utf8),
                             ["title": "2023年示例工作要点", "issuer": "示例局", "year": "2023", "published": "2023-03-01"])
        let indicators = Self.fill(try String(contentsOf: indicatorsURL, encoding: .utf8),
                                   ["name": "示例指标", "area": "水环境", "value": "70", "by": "2023-12-31",
                                    "source": "示例月报"])
        try Data(plan.utf8).write(to: planURL)
        try Data(indicators.utf8).write(to: indicatorsURL)
        // The fixture reports at 2022-09-30: a plan of 2023 is flagged, not refused.
        #expect(site.diagnostics() == [
            "content/plans/demo-2023.md:7:12: warning: published (2023-03-01) is after as_of (2022-09-30): a report cannot show a plan published after its reporting date; check the date or as_of"])
        let result = try site.build()
        #expect(result.published)
        #expect(try site.read("plans/demo-2023/index.html").contains("<h1>2023年示例工作要点</h1>"))
        #expect(try site.read("plans/demo-2023/index.html").contains("<table class=\"progress\">"))
    }

    @Test func neverOverwritesAndChecksTheSlug() throws {
        let site = try TestSite()
        #expect(throws: Scaffold.ScaffoldError.self) { try Scaffold.write(.plan, slug: "test-plan", root: site.root) }
        #expect(throws: Scaffold.ScaffoldError.self) { try Scaffold.write(.plan, slug: "Bad Slug", root: site.root) }
        #expect(throws: Scaffold.ScaffoldError.self) { try Scaffold.write(.plan, slug: "../x", root: site.root) }
        #expect(throws: Scaffold.ScaffoldError.self) { try Scaffold.write(.indicators, slug: "no-such-plan", root: site.root) }
        let original = try String(contentsOf: site.root.appendingPathComponent("content/plans/test-plan.md"), encoding: .utf8)
        #expect(original.contains("2022年测试工作要点"))
    }
}
