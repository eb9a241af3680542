import Foundation
import Testing
@testable import SitegenCore

/// The disclosure and freshness check and the correction rules: one test
/// per rule, with its exact message and position, through real files.
@Suite struct DisclosureRulesTests {
    static let plan = "content/plans/test-plan.md"
    static let indicators = "content/indicators/test-plan.yaml"

    /// The basic fixture's plan with front matter lines changed.
    static func plan(_ change: (String) -> String) throws -> String {
        change(try String(contentsOf: Repo.fixtures.appendingPathComponent("basic/" + plan), encoding: .utf8))
    }

    /// An indicator file of one quantitative indicator `z` with `extra` lines (4-space indent).
    static func indicator(_ extra: String, target: String = "{value: 90, by: 2022-12-31}") -> String {
        "plan: test-plan\nindicators:\n  - id: z\n    name: n\n    area: a\n    direction: increase\n    target: \(target)\n" + extra
    }

    @Test func duplicateIndexNumberIsAnError() throws {
        let other = try Self.plan { $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 另一份") }
        let site = try TestSite(files: ["content/plans/other-plan.md": other])
        #expect(site.errors() == [
            "content/plans/test-plan.md:7:11: error: index_no '0001/2022-00001' is already used by content/plans/other-plan.md:7:11; every document has its own 索引号"])
    }

    @Test func indexNumberNotMatchingThePatternIsAWarning() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: t\norganization: o\nas_of: 2022-09-30\nindex_no_pattern: '^\\d{9}/\\d{4}-\\d{5}$'\n"])
        #expect(site.warnings() == [
            "content/plans/test-plan.md:7:11: warning: index_no '0001/2022-00001' does not match the site's index_no_pattern '^\\d{9}/\\d{4}-\\d{5}$' (content/site.yaml); correct the 索引号"])
    }

    @Test func badIndexNumberPatternIsAnErrorAtIt() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: t\norganization: o\nindex_no_pattern: '^(\\d{9}'\n"])
        #expect(site.errors() == [
            "content/site.yaml:3:19: error: index_no_pattern is not a valid regular expression: '^(\\d{9}'; write it as in ICU/NSRegularExpression, e.g. '^\\d{9}/\\d{4}-\\d{5}$' in single quotes"])
    }

    @Test func writtenAfterPublished() throws {
        let text = try Self.plan { $0.replacingOccurrences(of: "written: 2022-02-20", with: "written: 2022-03-02") }
        #expect(try TestSite(files: [Self.plan: text]).warnings() == [
            "content/plans/test-plan.md:6:10: warning: written (成文日期 2022-03-02) is after published (发布日期 2022-03-01): a document is written before it is published; correct one of the dates"])
    }

    @Test func publishedAfterAsOf() throws {
        let text = try Self.plan { $0.replacingOccurrences(of: "published: 2022-03-01", with: "published: 2022-10-01") }
        #expect(try TestSite(files: [Self.plan: text]).warnings() == [
            "content/plans/test-plan.md:5:12: warning: published (2022-10-01) is after as_of (2022-09-30): a report cannot show a plan published after its reporting date; check the date or as_of"])
    }

    @Test func emptySection() throws {
        let text = try Self.plan { $0.replacingOccurrences(of: "## 二、重点任务\n", with: "### 空小节\n\n## 二、重点任务\n") }
        #expect(try TestSite(files: [Self.plan: text]).warnings() == [
            "content/plans/test-plan.md:26:1: warning: the section '空小节' is empty (no text before the next heading of its level); inspectors count an empty section (空白栏目): write its text or remove the heading"])
    }

    @Test func staleData() throws {
        // Monthly figures to 2022-06: at 2022-09-30 July's is more than a month late.
        let yaml = Self.indicator("    source: s\n    observations:\n      - {period: 2022-05, value: 1}\n      - {period: 2022-06, value: 2}\n")
        let site = try TestSite(files: ["content/indicators/z.yaml": yaml])
        #expect(site.warnings() == [
            "content/indicators/z.yaml:11:18: warning: indicator 'z' is not updated on time (更新不及时): its latest figure is for 2022-06, and at as_of 2022-09-30 the next is more than one reporting interval late; add the figures since, or set stale_after (days) if it is reported less often"])
        // Through 2022-07 it is current; stale_after overrides the interval.
        #expect(try TestSite(files: ["content/indicators/z.yaml": yaml + "      - {period: 2022-07, value: 3}\n"]).warnings() == [])
        #expect(try TestSite(files: ["content/indicators/z.yaml": yaml + "    stale_after: 100\n"]).warnings() == [])
        #expect(try TestSite(files: ["content/indicators/z.yaml": yaml.replacingOccurrences(of: "2022-06", with: "2022-08") + "    stale_after: 20\n"]).warnings() == [
            "content/indicators/z.yaml:11:18: warning: indicator 'z' is not updated on time (更新不及时): its latest figure is for 2022-08, which ended more than 20 days (stale_after) before as_of 2022-09-30; add the figures since, or set stale_after (days) if it is reported less often"])
    }

    /// A stale indicator whose latest figure comes from a data table is reported at the indicator.
    @Test func staleDataFromATable() throws {
        let site = try TestSite(files: ["content/indicators/z.yaml": Self.indicator("    source: s\n"),
                                        "content/data/z.csv": "indicator,period,value\nz,2022-05,1\nz,2022-06,2\n"])
        #expect(site.warnings() == [
            "content/indicators/z.yaml:3:5: warning: indicator 'z' is not updated on time (更新不及时): its latest figure is for 2022-06, and at as_of 2022-09-30 the next is more than one reporting interval late; add the figures since, or set stale_after (days) if it is reported less often"])
    }

    @Test func deadlinePassedWithNoFigureForItsPeriod() throws {
        let yaml = Self.indicator("    source: s\n    observations:\n      - {period: 2022-Q1, value: 1}\n",
                                  target: "{value: 90, by: 2022-06-30}")
        #expect(try TestSite(files: ["content/indicators/z.yaml": yaml]).warnings() == [
            "content/indicators/z.yaml:7:29: warning: the deadline 2022-06-30 of indicator 'z' has passed with no figure for its period: the status rests on older data; add the observation for the period that contains the deadline"])
        // A figure for the quarter that holds the deadline answers it.
        #expect(try TestSite(files: ["content/indicators/z.yaml": yaml + "      - {period: 2022-Q2, value: 2}\n"]).warnings() == [])
    }

    @Test func quantitativeIndicatorWithoutSource() throws {
        #expect(try TestSite(files: ["content/indicators/z.yaml": Self.indicator("")]).warnings() == [
            "content/indicators/z.yaml:3:9: warning: indicator 'z' has no source: add 'source:' naming where its figures come from (数据来源)"])
    }

    @Test func strictMakesWarningsFail() throws {
        let site = try TestSite(files: ["content/indicators/z.yaml": Self.indicator("")])
        #expect(try site.build().published)
        var options = site.options
        options.strict = true
        options.output = site.root.appendingPathComponent("strict-out")
        options.workspace = BuildOptions.workspace(beside: options.output)
        let result = try Pipeline.build(options)
        #expect(!result.published)
        #expect(!FileManager.default.fileExists(atPath: options.output.path))
    }

    // MARK: Corrections

    static func corrected(_ correction: String) -> String {
        indicator("    source: s\n    observations:\n      - period: 2022-08\n        value: 5\n        corrections:\n          - \(correction)\n")
    }

    @Test func correctionDatedBeforeItsPeriodEnds() throws {
        #expect(try TestSite(files: ["content/indicators/z.yaml": Self.corrected("{date: 2022-08-31, previous: 4}")]).errors() == [
            "content/indicators/z.yaml:13:20: error: correction dated 2022-08-31 is not after period 2022-08 ends (2022-08-31): a value is corrected after its period; check the date"])
    }

    @Test func correctionDatedAfterAsOf() throws {
        #expect(try TestSite(files: ["content/indicators/z.yaml": Self.corrected("{date: 2022-10-01, previous: 4}")]).errors() == [
            "content/indicators/z.yaml:13:20: error: correction dated 2022-10-01 is after as_of (2022-09-30): a report cannot show a correction made after its reporting date"])
    }

    @Test func correctionWithThePreviousValueEqualToTheValue() throws {
        #expect(try TestSite(files: ["content/indicators/z.yaml": Self.corrected("{date: 2022-09-15, previous: 5.0}")]).errors() == [
            "content/indicators/z.yaml:13:42: error: correction's previous value 5.0 equals the value 5: write the value published before the correction"])
    }
}
