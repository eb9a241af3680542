import Foundation
import Testing
@testable import SitegenCore

/// The build cache reuses files of the current output by hard link. It must
/// never serve a stale page: after any edit the cached build must give the
/// bytes a build from scratch gives.
@Suite struct CacheTests {
    static func inode(_ url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.systemFileNumber] as? Int
    }

    /// The output of a build without the cache, from a copy of the site.
    static func fresh(_ site: TestSite, listPageSize: Int? = nil) throws -> [String: Data] {
        try withTemporaryFolder("sitegen-fresh") { folder throws in
            let output = folder.appendingPathComponent("public")
            var options = BuildOptions(root: site.root, output: output)
            options.useCache = false
            if let listPageSize { options.listPageSize = listPageSize }
            #expect(try Pipeline.build(options).published)
            return TestSite.tree(output)
        }
    }

    static func expectSameAsFresh(_ site: TestSite, listPageSize: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let cached = site.outputTree()
        let fresh = try Self.fresh(site, listPageSize: listPageSize)
        #expect(cached.keys.sorted() == fresh.keys.sorted(), sourceLocation: sourceLocation)
        for (path, data) in fresh where cached[path] != data {
            Issue.record("\(path) is stale", sourceLocation: sourceLocation)
        }
    }

    @Test func unchangedRebuildReusesEveryPage() throws {
        let site = try TestSite()
        let first = try site.build()
        #expect(first.reused == 0)
        let page = site.output.appendingPathComponent("indicators/t-water/index.html")
        let before = Self.inode(page)
        let second = try site.build()
        #expect(second.published && second.unchanged)
        #expect(second.reused == second.files)
        #expect(Self.inode(page) == before)
        try Self.expectSameAsFresh(site)
        // Without the record of the last build nothing is known, so nothing
        // is reused; the site is the same.
        try FileManager.default.removeItem(at: site.state.record)
        let third = try site.build()
        #expect(!third.unchanged && third.reused == 0)
        #expect(Self.inode(page) != before)
        try Self.expectSameAsFresh(site)
        // A build with a new key (one file edited): every other page reused.
        try site.edit("content/files/plan.txt")
        let fourth = try site.build()
        #expect(fourth.reused > 0 && fourth.reused < fourth.files)
        try Self.expectSameAsFresh(site)
    }

    @Test func anUnchangedRebuildReportsTheSameProblems() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: 站\norganization: 局\nas_of: 2022-09-30\nmotto: 无\n"])
        let first = try site.build()
        #expect(first.diagnostics.count == 1)
        let second = try site.build()
        #expect(second.unchanged)
        #expect(second.diagnostics == first.diagnostics)
        #expect(second.notes == first.notes && second.pages == first.pages && second.asOf == first.asOf)
    }

    /// A plan with an error in its front matter is kept in the validation
    /// cache with its references: a rebuild reports what a build without
    /// the cache reports (the unknown id too, not only the front matter's error).
    @Test func aRebuildReportsAPlanWithAFrontMatterErrorAsABuildWithoutTheCache() throws {
        let plan = try String(contentsOf: site0Plan, encoding: .utf8)
            .replacingOccurrences(of: "issuer: 测试局\n", with: "").replacingOccurrences(of: "indicator:t-water", with: "indicator:t-wter")
        let site = try TestSite()
        #expect(try site.build().published)
        try site.write(Data(plan.utf8), to: "content/plans/test-plan.md")
        let cold = try site.build()
        #expect(cold.checked == 1 && cold.diagnostics.count == 2)
        // The plan's result now comes from the cache.
        try Self.expectWarmAsUncached(site, cold: cold)
    }

    /// … and its checks across files: its indicators' sections against
    /// its headings, its 索引号 against another plan's.
    @Test func aRebuildChecksAPlanWithAFrontMatterErrorAcrossFilesAsABuildWithoutTheCache() throws {
        let plan = try String(contentsOf: site0Plan, encoding: .utf8).replacingOccurrences(of: "issuer: 测试局\n", with: "")
        let site = try TestSite()
        #expect(try site.build().published)
        try site.write(Data(plan.utf8), to: "content/plans/test-plan.md")
        try site.write(Data("---\ntitle: t\nissuer: i\nyear: 2022\npublished: 2022-03-01\nindex_no: 0001/2022-00001\n---\n\n正文。\n".utf8),
                       to: "content/plans/other.md")
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "section: 具体指标设置为", with: "section: 没有这一节") }
        let cold = try site.build()
        #expect(cold.checked == 3)
        #expect(cold.diagnostics.filter { $0.description.contains("没有这一节") || $0.description.contains("already used by") }.count == 2)
        // Every file's result now comes from the cache.
        try Self.expectWarmAsUncached(site, cold: cold)
    }

    /// A build of `site` again (every file's result from the cache)
    /// reports what `cold` and a build without the cache report.
    static func expectWarmAsUncached(_ site: TestSite, cold: BuildResult,
                                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let warm = try site.build()
        #expect(warm.checked == 0, sourceLocation: sourceLocation)
        #expect(warm.diagnostics.map(\.description) == cold.diagnostics.map(\.description), sourceLocation: sourceLocation)
        var options = site.options
        options.useCache = false
        let uncached = try Pipeline.build(options)
        #expect(warm.diagnostics.map(\.description) == uncached.diagnostics.map(\.description), sourceLocation: sourceLocation)
    }

    private var site0Plan: URL { Repo.fixtures.appendingPathComponent("basic/content/plans/test-plan.md") }

    @Test func aTamperedTreeIsRebuilt() throws {
        let site = try TestSite()
        _ = try site.build()
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("indicators/t-water/index.html"))
        #expect(!(try site.build().unchanged))
        try Self.expectSameAsFresh(site)
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("stray.html"))
        #expect(!(try site.build().unchanged))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("stray.html").path))
    }

    @Test func anIndicatorEditRemakesWhatShowsIt() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        let water = site.output.appendingPathComponent("indicators/t-water/index.html")
        let other = site.output.appendingPathComponent("indicators/t-other/index.html")
        let waterBefore = Self.inode(water), otherBefore = Self.inode(other)
        // An area page that does not list t-other.
        let areas = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("areas").path).sorted()
        let waterArea = try #require(areas.map { "areas/\($0)/index.html" }.first { !(try site.read($0)).contains("其他指标") })
        let waterAreaBefore = Self.inode(site.output.appendingPathComponent(waterArea))
        #expect(waterAreaBefore != nil)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 4") }
        let result = try site.build()
        #expect(result.reused > 0)
        #expect(Self.inode(water) == waterBefore)  // another file: reused
        #expect(Self.inode(other) != otherBefore)  // remade
        // The list of the other area shows no row of the edited file: reused.
        #expect(Self.inode(site.output.appendingPathComponent(waterArea)) == waterAreaBefore)
        #expect(try site.read("indicators/t-other/index.html").contains("4天"))
        #expect(try site.read("plans/test-plan/index.html").contains("4天"))
        try Self.expectSameAsFresh(site)
    }

    @Test func everyKindOfEditGivesTheFreshBytes() throws {
        let site = try TestSite()
        _ = try site.build()
        let edits: [(String, (String) -> String)] = [
            ("content/plans/test-plan.md", { $0.replacingOccurrences(of: "前言段落。", with: "新的前言。") }),
            // A new heading id: the indicator page's link to the section must follow.
            ("content/plans/test-plan.md", { $0.replacingOccurrences(of: "### (一)具体指标设置为:", with: "### 二、具体指标设置为：") }),
            ("content/indicators/test-plan.yaml", { $0.replacingOccurrences(of: "percent: 40", with: "percent: 60") }),
            ("content/site.yaml", { $0.replacingOccurrences(of: "title: 测试站点", with: "title: 改名的站点") }),
            ("content/site.yaml", { $0.replacingOccurrences(of: "as_of: 2022-09-30", with: "as_of: 2022-05-31") }),
            ("templates/indicator.mustache", { "<p class=\"edited\">改过</p>\n" + $0 }),
            ("templates/partials/progress-table.mustache", { $0.replacingOccurrences(of: "<table", with: "<table data-x=\"1\"") }),
            ("content/files/plan.txt", { $0 + "更长的附件内容。\n" }),
        ]
        for (path, change) in edits {
            try site.edit(path, change)
            #expect(try site.build().published, "after editing \(path)")
            try Self.expectSameAsFresh(site)
        }
        #expect(try site.read("indicators/t-water/index.html").contains("class=\"edited\""))
    }

    /// A plan index page shows its plans, in order, with their indicator
    /// counts: an edit that changes what or where it shows remakes it, and
    /// the pages it does not reach are reused.
    @Test func aPlanIndexPageFollowsItsPlansAndTheirIndicators() throws {
        let site = try TestSite(files: [
            "content/plans/older.md": "---\ntitle: 较早的要点\nissuer: 测试局\nyear: 2021\npublished: 2021-03-01\n---\n\n正文。\n",
            "content/indicators/other.yaml": TestSite.otherIndicatorFile])
        var options = site.options
        options.listPageSize = 1
        func build() throws {
            #expect(try Pipeline.build(options).published)
            try Self.expectSameAsFresh(site, listPageSize: 1)
        }
        try build()
        let first = site.output.appendingPathComponent("plans/index.html"), second = site.output.appendingPathComponent("plans/page-2.html")
        #expect(try site.read("plans/index.html").contains("2022年测试工作要点") && site.read("plans/page-2.html").contains("较早的要点"))
        // An indicator of test-plan is now achieved: its counts on page 1 change; page 2 is reused.
        let secondBefore = Self.inode(second), firstBefore = Self.inode(first)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 4") }
        try build()
        #expect(Self.inode(second) == secondBefore && Self.inode(first) != firstBefore)
        #expect(try site.read("plans/index.html").contains("已完成</span> 1</li>"))
        // The older plan becomes the newest: the two pages trade places.
        try site.edit("content/plans/older.md") { $0.replacingOccurrences(of: "2021", with: "2023") }
        try build()
        #expect(try site.read("plans/index.html").contains("较早的要点") && site.read("plans/page-2.html").contains("2022年测试工作要点"))
        // A new indicator file of the older plan: its count follows.
        try site.write(Data("plan: older\nindicators:\n  - {id: o-1, name: 新指标, area: 水环境, kind: milestone, target: {by: 2023-12-31}}\n".utf8),
                       to: "content/indicators/older.yaml")
        try build()
        #expect(try site.read("plans/index.html").contains("1 项指标"))
    }

    /// A data table feeds an indicator: editing the table remakes the
    /// pages that show the indicator, and only what a fresh build makes.
    @Test func aDataTableEditRemakesWhatShowsItsIndicators() throws {
        let site = try TestSite(files: ["content/data/月报.csv": "indicator,period,value\nt-water,2022-09,67.5\n"])
        #expect(try site.build().published)
        #expect(try site.read("indicators/t-water/index.html").contains("67.5%"))
        try site.edit("content/data/月报.csv") { $0.replacingOccurrences(of: "67.5", with: "68.1") }
        let result = try site.build()
        #expect(result.published && result.reused > 0)
        #expect(try site.read("indicators/t-water/index.html").contains("68.1%"))
        #expect(try site.read("plans/test-plan/index.html").contains("68.1%"))
        try Self.expectSameAsFresh(site)
    }

    /// A correction added to, then changed in a table's row (the indicator
    /// file and its cached validation unchanged): the pages and the open
    /// data follow, as a fresh build makes them.
    @Test func aTableCorrectionEditGivesTheFreshBytes() throws {
        let site = try TestSite(files: ["content/data/月报.csv": "indicator,period,value,corrected_on,previous_value\nt-water,2022-08,67.5,,\n"])
        #expect(try site.build().published)
        #expect(try !site.read("indicators/t-water/index.html").contains("已更正"))
        try site.edit("content/data/月报.csv") { $0.replacingOccurrences(of: "67.5,,", with: "67.5,2022-09-20,66.9") }
        #expect(try site.build().published)
        #expect(try site.read("indicators/t-water/index.html").contains("原值：66.9%"))
        #expect(try site.read("data/corrections.csv").contains("t-water,2022-08,67.5,2022-09-20,66.9,"))
        try Self.expectSameAsFresh(site)
        try site.edit("content/data/月报.csv") { $0.replacingOccurrences(of: "66.9", with: "65.2") }
        #expect(try site.build().published)
        #expect(try site.read("indicators/t-water/index.html").contains("原值：65.2%"))
        #expect(try site.read("data/corrections.csv").contains(",66.9,") == false)
        try Self.expectSameAsFresh(site)
    }

    @Test func aDamagedRecordIsIgnored() throws {
        let site = try TestSite()
        _ = try site.build()
        try Data("sitegen build record v2\nkey\tnonsense\n".utf8).write(to: site.state.record)
        let result = try site.build()
        #expect(result.reused == 0)
        try Self.expectSameAsFresh(site)
    }

    @Test func hashIsStableAndSensitive() {
        // Pinned: a change of the hash function shows here, not as caches
        // that silently stop matching.
        #expect(ContentHash("abc").description == "36c93b3d408220a66e21b30804551937")
        #expect(ContentHash("abc") != ContentHash("abd"))
        var ab = ContentHash(); ab.add("ab"); ab.add("c")
        var a = ContentHash(); a.add("a"); a.add("bc")
        #expect(ab != a)
        #expect(ContentHash("").description.count == 32)
    }
}
