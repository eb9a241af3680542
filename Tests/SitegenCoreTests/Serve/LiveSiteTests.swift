import Foundation
import Testing
@testable import SitegenCore

/// What `LiveSite` keeps between updates (evaluations, templates) is used
/// only while what it was made from is unchanged.
@Suite struct LiveSiteTests {
    /// Every file the live site serves is the file a build of the site as
    /// it is now writes (and `report`, if given, the build's report).
    static func servesWhatABuildWrites(_ live: LiveSite, _ site: TestSite, report: [Diagnostic]? = nil) throws {
        var options = site.options
        options.output = site.root.appendingPathComponent("fresh")
        options.workspace = BuildOptions.workspace(beside: options.output)
        let build = try Pipeline.build(options)
        #expect(build.published)
        if let report { #expect(report == build.diagnostics) }
        let built = TestSite.tree(options.output)
        #expect(built.count > 10)
        for (path, bytes) in built {
            let served = try #require(live.response(path.split(separator: "/").map(String.init)), "\(path)")
            #expect(served.body == bytes, "\(path)")
        }
    }

    /// A live site of `site`, loaded.
    static func served(_ site: TestSite) throws -> LiveSite {
        let live = LiveSite(options: site.options)
        try #require(live.update().published)
        return live
    }

    /// A figure changed in an indicator file: the indicator is judged again
    /// (its status, the plan's table, the lists and the open data change).
    @Test func aChangedFigureIsJudgedAgain() throws {
        let site = try TestSite()
        let live = try Self.served(site)
        #expect(live.response(["indicators", "t-water"]) != nil)
        let path = "content/indicators/test-plan.yaml"
        try site.edit(path) { $0.replacingOccurrences(of: "value: 66.7, note", with: "value: 99.9, note") }
        #expect(live.update([path]).published)
        #expect(!live.readEverything)
        #expect(live.patched)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// An indicator's name, figure and status changed (with `compare_to`, so
    /// the changes since are judged too), then its source line: the site
    /// served is patched, and every page, list, open data file and the home
    /// page are what a build of the edited site writes.
    @Test func aPatchedSiteServesWhatABuildWrites() throws {
        let site = try TestSite()
        try site.edit("content/site.yaml") { $0 + "compare_to: 2022-04-30\n" }
        let live = try Self.served(site)
        let path = "content/indicators/test-plan.yaml"
        try site.edit(path) {
            $0.replacingOccurrences(of: "name: 断面水质优良比例", with: "name: 断面水质优良比例（改）")
                .replacingOccurrences(of: "value: 66.7, note", with: "value: 80, note")
        }
        let result = live.update([path])
        #expect(result.published && live.patched)
        #expect(result.indicators == 2 && result.plans == 1 && result.pages > 0 && result.checked == 1)
        let page = try #require(live.response(["indicators", "t-water"]))
        #expect(String(decoding: page.body, as: UTF8.self).contains("断面水质优良比例（改）"))
        try Self.servesWhatABuildWrites(live, site, report: result.diagnostics)
        try site.edit(path) { $0.replacingOccurrences(of: "source: 月报", with: "source: 季报") }
        #expect(live.update([path]).published && live.patched)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// The example site, whose data tables add figures to indicators: an
    /// indicator file's edit is patched with the tables' figures added
    /// again; one that gives a figure a table gives too keeps the last
    /// good site (the edit that mends it judges the whole site, the next is patched).
    @Test func anIndicatorEditIsPatchedWithDataTables() throws {
        let site = try TestSite.example()
        let live = try Self.served(site)
        let path = "content/indicators/xiaogan-2022.yaml"
        try site.edit(path) {
            $0.replacingOccurrences(of: "name: 33个地表水市控断面水质达到或优于Ⅲ类比例", with: "name: 33个市控断面水质优良比例（改）")
                .replacingOccurrences(of: "{period: \"2022-08\", value: 66.7,", with: "{period: \"2022-08\", value: 70.1,")
        }
        let result = live.update([path])
        #expect(result.published && live.patched)
        try Self.servesWhatABuildWrites(live, site, report: result.diagnostics)
        let before = try #require(live.response(["indicators", "xg-surface-water-city"])).body
        let twice = "      - {period: \"2022-01\", value: 50}\n      - {period: \"2022-08\""
        try site.edit(path) { $0.replacingOccurrences(of: "      - {period: \"2022-08\"", with: twice) }
        let bad = live.update([path])
        #expect(!bad.published && bad.diagnostics.hasErrors && !live.patched)
        #expect(try #require(live.response(["indicators", "xg-surface-water-city"])).body == before)
        try site.edit(path) { $0.replacingOccurrences(of: twice, with: "      - {period: \"2022-08\"") }
        #expect(live.update([path]).published)
        try site.edit(path) { $0.replacingOccurrences(of: "value: 70.1,", with: "value: 70.2,") }
        #expect(live.update([path]).published && live.patched)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// An edit with an error keeps the last good site (and is not patched
    /// into it); the edit that mends it is served.
    @Test func aBadIndicatorEditKeepsTheLastGoodSite() throws {
        let site = try TestSite()
        let live = try Self.served(site)
        let before = try #require(live.response(["indicators", "t-water"])).body
        let path = "content/indicators/test-plan.yaml"
        try site.edit(path) { $0.replacingOccurrences(of: "value: 66.7, note", with: "value: many, note") }
        let bad = live.update([path])
        #expect(!bad.published && bad.diagnostics.hasErrors && !live.patched)
        #expect(try #require(live.response(["indicators", "t-water"])).body == before)
        try site.edit(path) { $0.replacingOccurrences(of: "value: many, note", with: "value: 70, note") }
        #expect(live.update([path]).published)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// Edits that change what other files are judged by are not patched:
    /// a new area (area pages), one more indicator, a figure that moves the reporting
    /// date (no `as_of`). The whole site is judged again.
    @Test(arguments: [("area: 水环境", "area: 新区域"), ("  - id: t-milestone", "  - {id: t-new, name: 新, area: 水环境, kind: milestone, target: {by: 2022-12-31}}\n  - id: t-milestone"),
                      ("period: 2022-06, value: 66.7", "period: 2022-11, value: 66.7")])
    func anEditAcrossFilesIsNotPatched(_ change: (String, String)) throws {
        let site = try TestSite()
        try site.edit("content/site.yaml") { $0.replacingOccurrences(of: "as_of: 2022-09-30\n", with: "") }
        let live = try Self.served(site)
        let path = "content/indicators/test-plan.yaml"
        try site.edit(path) { $0.replacingOccurrences(of: change.0, with: change.1) }
        #expect(live.update([path]).published)
        #expect(!live.patched)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// A second plan for the basic fixture, naming the first as related
    /// (its page shows the first plan's title).
    static let otherPlanFile = """
        ---
        title: 2022年另一份工作要点
        issuer: 测试局
        year: 2022
        published: 2022-04-01
        index_no: X-2
        related: [test-plan]
        ---

        正文。
        """

    /// A plan's title, text, date published (its place among the plans,
    /// and after as_of), headings and 索引号 (against the site's pattern)
    /// changed, then a data table's indicator's plan in the example site:
    /// the site served is patched, and every file it serves and its report
    /// are what a build of the edited site writes and reports.
    @Test func aPatchedPlanServesWhatABuildWrites() throws {
        let site = try TestSite(files: ["content/plans/other-plan.md": Self.otherPlanFile])
        try site.edit("content/site.yaml") { $0 + "index_no_pattern: '^\\d{4}/\\d{4}-\\d{5}$'\n" }
        let live = try Self.served(site)
        let path = "content/plans/test-plan.md"
        try site.edit(path) {
            $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 2022年测试工作要点（改）")
                .replacingOccurrences(of: "前言段落。", with: "前言段落，改过。\n\n## 新的一节\n\n新段落。")
                .replacingOccurrences(of: "published: 2022-03-01", with: "published: 2022-10-01")
                .replacingOccurrences(of: "index_no: 0001/2022-00001", with: "index_no: 0001/2022-9")
        }
        let result = live.update([path])
        #expect(result.published && live.patched && !live.readEverything)
        #expect(result.plans == 2 && result.indicators == 2 && result.checked == 1)
        #expect(result.diagnostics.filter { $0.location.path == path }.count == 2)
        let other = try #require(live.response(["plans", "other-plan"]))
        #expect(String(decoding: other.body, as: UTF8.self).contains("2022年测试工作要点（改）"))
        try Self.servesWhatABuildWrites(live, site, report: result.diagnostics)

        let example = try TestSite.example()
        let exampleLive = try Self.served(example)
        let plan = "content/plans/xiaogan-2022.md"
        try example.edit(plan) { $0 + "\n补充的一段。\n" }
        #expect(exampleLive.update([plan]).published && exampleLive.patched)
        try Self.servesWhatABuildWrites(exampleLive, example)
    }

    /// A plan edit that breaks a rule across files (a heading an indicator's
    /// section names removed, an unknown indicator linked, a related plan
    /// that does not exist, another plan's 索引号) keeps the last good site.
    @Test(arguments: [("### (一)具体指标设置为:", "### (一)其他"), ("(indicator:t-water)", "(indicator:t-none)"),
                      ("related: [test-plan]", "related: [no-plan]"), ("0001/2022-00001", "X-2")])
    func aPlanEditAcrossFilesWithAnErrorIsNotServed(_ change: (String, String)) throws {
        let site = try TestSite(files: ["content/plans/other-plan.md": Self.otherPlanFile])
        let live = try Self.served(site)
        let before = try #require(live.response(["plans", "test-plan"])).body
        let path = change.0.hasPrefix("related") ? "content/plans/other-plan.md" : "content/plans/test-plan.md"
        try site.edit(path) { $0.replacingOccurrences(of: change.0, with: change.1) }
        let bad = live.update([path])
        #expect(!bad.published && bad.diagnostics.hasErrors && !live.patched)
        #expect(try #require(live.response(["plans", "test-plan"])).body == before)
    }

    /// A template changed: the next update (which reads everything) loads the templates again.
    @Test func aChangedTemplateIsLoadedAgain() throws {
        let site = try TestSite()
        let layout = try #require(BuiltInTheme.text("layout.mustache"))
        try site.write(Data(layout.utf8), to: "templates/layout.mustache")
        let live = try Self.served(site)
        try site.write(Data((layout + "<!-- edited layout -->\n").utf8), to: "templates/layout.mustache")
        #expect(live.update(["content/plans/test-plan.md"]).published)
        #expect(!live.readEverything)
        #expect(live.update(nil).published)
        let home = try #require(live.response([]))
        #expect(String(decoding: home.body, as: UTF8.self).contains("<!-- edited layout -->"))
        try Self.servesWhatABuildWrites(live, site)
    }
}
