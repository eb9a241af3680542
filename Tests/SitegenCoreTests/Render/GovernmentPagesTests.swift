import Foundation
import Testing
@testable import SitegenCore

/// What the government-site features put on pages: the metadata tags of
/// each page kind, the stale mark, corrections, the reading modes.
@Suite struct GovernmentPagesTests {
    static let siteYAML = "title: 测试站点 <&>\norganization: 测试局\nas_of: 2022-09-30\ncompare_to: 2022-06-30\nsite_id_code: \"4209000012\"\nsite_domain: www.example.gov.cn\n"

    /// The tags every page of a site with `siteYAML` starts with.
    static let siteMeta = [
        "<meta name=\"SiteName\" content=\"测试站点 &lt;&amp;&gt;\">",
        "<meta name=\"SiteDomain\" content=\"www.example.gov.cn\">",
        "<meta name=\"SiteIDCode\" content=\"4209000012\">",
    ]

    func built(_ files: [String: String?] = [:]) throws -> TestSite {
        var all = files
        if all["content/site.yaml"] == nil { all["content/site.yaml"] = Self.siteYAML }
        let site = try TestSite(files: all)
        #expect(try site.build().published)
        return site
    }

    /// The `<meta name=…>` lines of a page, in order.
    static func meta(_ html: String) -> [String] {
        html.split(separator: "\n").filter { $0.hasPrefix("<meta name=\"") && !$0.hasPrefix("<meta name=\"viewport") }.map(String.init)
    }

    @Test func homePageMetadata() throws {
        let site = try built()
        #expect(Self.meta(try site.read("index.html")) == Self.siteMeta + [
            "<meta name=\"ColumnName\" content=\"首页\">",
            "<meta name=\"ColumnType\" content=\"首页\">",
        ])
    }

    @Test func planPageMetadata() throws {
        let site = try built()
        #expect(Self.meta(try site.read("plans/test-plan/index.html")) == Self.siteMeta + [
            "<meta name=\"ColumnName\" content=\"工作要点\">",
            "<meta name=\"ColumnType\" content=\"规划计划\">",
            "<meta name=\"ArticleTitle\" content=\"2022年测试工作要点\">",
            "<meta name=\"PubDate\" content=\"2022-03-01\">",
            "<meta name=\"ContentSource\" content=\"测试局\">",
            "<meta name=\"Keywords\" content=\"生态环境,测试市\">",
            "<meta name=\"Description\" content=\"一份用于测试的工作要点。\">",
        ])
    }

    @Test func indicatorPageMetadata() throws {
        let site = try built()
        #expect(Self.meta(try site.read("indicators/t-water/index.html")) == Self.siteMeta + [
            "<meta name=\"ColumnName\" content=\"指标进展\">",
            "<meta name=\"ColumnType\" content=\"统计数据\">",
            "<meta name=\"ArticleTitle\" content=\"断面水质优良比例\">",
            "<meta name=\"PubDate\" content=\"2022-06-30\">",
            "<meta name=\"ContentSource\" content=\"水科\">",
            "<meta name=\"Keywords\" content=\"水环境\">",
            "<meta name=\"Description\" content=\"截至2022年6月底为66.7%，与基准持平，距目标69.7%还差3.0个百分点，进度滞后。\">",
        ])
    }

    @Test func listPageMetadataAndUnsetFieldsLeftOut() throws {
        // The basic fixture sets neither site_id_code nor site_domain: no tag, no placeholder.
        let site = try built(["content/site.yaml": "title: 测试站点\norganization: 测试局\nas_of: 2022-09-30\n"])
        #expect(Self.meta(try site.read("areas/水环境/index.html")) == [
            "<meta name=\"SiteName\" content=\"测试站点\">",
            "<meta name=\"ColumnName\" content=\"指标进展\">",
            "<meta name=\"ColumnType\" content=\"统计数据\">",
            "<meta name=\"Keywords\" content=\"水环境\">",
        ])
        #expect(Self.meta(try site.read("status/behind/index.html")).count == 3)
    }

    @Test func staleIndicatorIsMarkedOnItsPageListsAndOpenData() throws {
        let yaml = "plan: test-plan\nindicators:\n  - {id: z, name: 旧数据指标, area: 水环境, direction: increase, source: s, target: {value: 90, by: 2022-12-31},\n     observations: [{period: 2022-05, value: 1}, {period: 2022-06, value: 2}]}\n"
        let site = try built(["content/indicators/z.yaml": yaml])
        let page = try site.read("indicators/z/index.html")
        #expect(page.contains("<span class=\"stale-mark\">更新不及时</span>"))
        #expect(page.contains("<span class=\"data-through\">数据截至2022年6月</span>"))
        #expect(page.contains("<div><dt>更新不及时</dt><dd>最新数据为2022年6月，超过一个报告周期未更新，更新不及时</dd></div>"))
        #expect(try site.read("areas/水环境/index.html").contains("2（2022年6月） <span class=\"stale-mark\">更新不及时</span>"))
        #expect(try site.read("data/indicators.json").contains("\"stale\": true"))
        #expect(!(try site.read("indicators/t-water/index.html")).contains("stale-mark"))
    }

    /// Indicator z: 2022-07 is 2.5, 2022-08 is 3, first published as 2.9
    /// and corrected on 2022-09-20; `observations` gives them in YAML.
    static func correctedIndicator(_ observations: String) -> String {
        """
        plan: test-plan
        indicators:
          - id: z
            name: 更正指标
            area: 水环境
            direction: increase
            source: s
            target: {value: 3, by: 2022-12-31}

        """ + observations
    }

    /// The correction on the indicator page, the home page, the feed and the open data.
    func expectCorrectionShown(_ files: [String: String?], binary: [String: Data] = [:],
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var all = files
        all["content/site.yaml"] = Self.siteYAML + "base_url: https://example.gov.cn/\n"
        let site = try TestSite(files: all)
        for (path, data) in binary { try site.write(data, to: path) }
        #expect(try site.build().diagnostics == [], sourceLocation: sourceLocation)
        let page = try site.read("indicators/z/index.html")
        #expect(page.contains("<td class=\"num\">3<span class=\"correction\"><strong>已更正</strong> 更正日期：2022年9月20日；原值：2.9；更正原因：复核&lt;更正&gt;</span></td>"),
                sourceLocation: sourceLocation)
        // 2.9 would not have met the target: the box says the correction changed the status.
        #expect(page.contains("<div><dt>已更正</dt><dd>该数据经更正，按原值判定为“推进中”</dd></div>"), sourceLocation: sourceLocation)
        #expect(try site.read("index.html").contains("<li><a href=\"indicators/z/index.html\">更正指标</a>：2022年8月 3（原值：2.9；更正日期：2022年9月20日；更正原因：复核&lt;更正&gt;）</li>"),
                sourceLocation: sourceLocation)
        let feed = try site.read("feed.xml")
        #expect(feed.contains("correction-z-2022-08-2022-09-20") && feed.contains("<title>更正指标：已更正</title>"), sourceLocation: sourceLocation)
        #expect(try site.read("data/corrections.csv").hasSuffix("id,period,value,corrected_on,previous_value,reason\r\nz,2022-08,3,2022-09-20,2.9,复核<更正>\r\n"),
                sourceLocation: sourceLocation)
        #expect(try site.read("data/indicators.json").contains("{\"period\": \"2022-08\", \"value\": 3, \"corrections\": [{\"date\": \"2022-09-20\", \"previous\": 2.9, \"reason\": \"复核<更正>\"}]}"),
                sourceLocation: sourceLocation)
    }

    @Test func correctionsOnTheIndicatorPageHomeFeedAndOpenData() throws {
        try expectCorrectionShown(["content/indicators/z.yaml": Self.correctedIndicator("""
                observations:
                  - {period: 2022-07, value: 2.5}
                  - period: 2022-08
                    value: 3
                    corrections: [{date: 2022-09-20, previous: 2.9, reason: "复核<更正>"}]

            """)])
    }

    /// A correction from a data table is shown exactly as one from YAML.
    @Test func aCorrectionFromACSVTableIsShownAsFromYAML() throws {
        try expectCorrectionShown([
            "content/indicators/z.yaml": Self.correctedIndicator(""),
            "content/data/月报.csv": "indicator,period,value,corrected_on,previous_value,reason\nz,2022-07,2.5,,,\nz,2022-08,3,2022-09-20,2.9,复核<更正>\n",
        ])
    }

    @Test func aCorrectionFromAWorkbookIsShownAsFromYAML() throws {
        let workbook = try Data(contentsOf: Repo.fixtures.appendingPathComponent("data/corrected.xlsx"))
        try expectCorrectionShown(["content/indicators/z.yaml": Self.correctedIndicator("")], binary: ["content/data/月报.xlsx": workbook])
    }
}

/// The reading modes: without script the page has no toolbar (only the
/// script element that loads what makes it, relative to the page, with its
/// labels); the CSS has the modes.
@Suite struct ReadingModesTests {
    @Test func toolbarIsMadeByScriptNotInTheHTML() throws {
        let site = try TestSite()
        #expect(try site.build().published)
        let page = try site.read("index.html")
        #expect(!page.contains("<div class=\"reading-modes\""))
        #expect(page.contains("<script src=\"assets/reading-modes.js\" defer data-label=\"阅读模式\" data-large=\"大字\" data-standard=\"标准\" data-contrast=\"高对比度\"></script>"))
        #expect(try site.read("plans/test-plan/index.html").contains("<script src=\"../../assets/reading-modes.js\" defer data-label="))
        #expect(try site.read("assets/reading-modes.js").contains("bar.className = \"reading-modes\""))
        #expect(page.contains("<a class=\"skip\" href=\"#main\">跳到正文</a>"))
        let english = try TestSite(files: ["content/site.yaml": "title: t\norganization: o\nlanguage: en\nas_of: 2022-09-30\n"])
        #expect(try english.build().published)
        #expect(try english.read("index.html").contains("data-label=\"Reading mode\" data-large=\"Large text\" data-standard=\"Standard\" data-contrast=\"High contrast\""))
        let css = try site.read("assets/site.css")
        for rule in ["@media (prefers-contrast: more)", "@media (forced-colors: active)", "html.large-text", "html.high-contrast", ":focus-visible"] {
            #expect(css.contains(rule), "\(rule)")
        }
    }
}
