import Foundation
import Testing
@testable import SitegenCore

/// The rules across tables and YAML, through the basic fixture site
/// (t-water has YAML observations for 2022-03 and 2022-06; t-milestone is a milestone).
@Suite struct DataTableRulesTests {
    @Test func tableValuesReachThePagesAndOpenData() throws {
        let site = try TestSite(files: ["content/data/月报.csv": "指标编号,2022年9月\nt-water,69.7\n"])
        #expect(try site.build().diagnostics == [])
        #expect(try site.read("data/observations.csv").contains("t-water,2022-09,69.7,"))
        #expect(try site.read("indicators/t-water/index.html").contains("69.7"))
    }

    @Test func unknownIdMilestoneAndTwiceGiven() throws {
        let site = try TestSite(files: [
            "content/data/a.csv": "指标编号,2022-03,2022-09\nt-nope,1,\nt-milestone,,5\nt-water,,70\n",
            "content/data/b.csv": "indicator,period,value\nt-water,2022-09,71\n",
            "content/data/notes.txt": "x",
        ])
        #expect(site.diagnostics() == [
            "content/data/a.csv:2:1: error: unknown indicator id 't-nope': no file of content/indicators defines it; correct the id or delete the row",
            "content/data/a.csv:3:1: error: indicator t-milestone is a milestone: a table gives values of quantitative indicators; write its progress as updates in content/indicators/test-plan.yaml",
            "content/data/b.csv:2:17: error: t-water has a value for 2022-09 twice: here and at content/data/a.csv:4:10; keep one",
            "content/data/notes.txt:1:1: warning: ignored: content/data holds observation tables (.csv or .xlsx)",
        ])
    }

    /// A value in a row without an id, or without a period, says what to write.
    @Test func aValueWithoutIdOrPeriodSaysWhatToWrite() throws {
        let site = try TestSite(files: [
            "content/data/a.csv": "指标编号,2022-09\n,70\n",
            "content/data/b.csv": "indicator,period,value\n,2022-09,71\nt-water,,72\n",
        ])
        #expect(site.errors() == [
            "content/data/a.csv:2:2: error: a value in a row without an indicator id (column 1 is empty): write the indicator's id there, or delete the row",
            "content/data/b.csv:2:10: error: a value in a row without an indicator id: write the indicator's id in the row, or delete the row",
            "content/data/b.csv:3:10: error: a value without a period: the period column of this row is empty; write the period there (such as 2023-06)",
        ])
    }

    @Test func tableAndYAMLGiveOnePeriodTwice() throws {
        let site = try TestSite(files: ["content/data/a.csv": "指标编号,2022-03\nt-water,63.6\n"])
        #expect(site.errors() == [
            "content/data/a.csv:2:9: error: t-water has a value for 2022-03 twice: here and in the observations of t-water at content/indicators/test-plan.yaml:3:5; keep one"])
    }

    /// A site that already fails (site.yaml) still has its YAML
    /// observations when the tables are merged: the repeat is reported.
    @Test func tableAndYAMLGiveOnePeriodTwiceInAFailingSite() throws {
        let site = try TestSite(files: [
            "content/data/a.csv": "指标编号,2022-03\nt-water,63.6\n",
            "content/site.yaml": "title: T\norganization: O\ndata_license: 可自由使用\n",
        ])
        #expect(site.errors() == [
            "content/data/a.csv:2:9: error: t-water has a value for 2022-03 twice: here and in the observations of t-water at content/indicators/test-plan.yaml:3:5; keep one",
            "content/site.yaml:3:15: error: data_license must be a licence id such as CC-BY-4.0 or an http(s) URL of the licence, got '可自由使用'"])
    }

    @Test func workbookErrorsThroughTheSite() throws {
        let site = try TestSite()
        try site.write(Data(contentsOf: Repo.fixtures.appendingPathComponent("data/errors.xlsx")), to: "content/data/月报.xlsx")
        #expect(site.errors() == [
            "content/data/月报.xlsx:2:3: error: sheet 水环境, cell C2: value must be a plain decimal number, got '六十'",
            "content/data/月报.xlsx:3:1: error: sheet 水环境, cell A3: unknown indicator id 't-nope': no file of content/indicators defines it; correct the id or delete the row",
            "content/data/月报.xlsx:4:1: error: sheet 水环境, cell A4: indicator t-milestone is a milestone: a table gives values of quantitative indicators; write its progress as updates in content/indicators/test-plan.yaml",
        ])
    }

    @Test func headerProblems() throws {
        let site = try TestSite(files: [
            "content/data/a.csv": "标题\n",
            "content/data/b.csv": "指标编号,时期\nt-water,2022-01\n",
            "content/data/c.csv": "指标编号,2022年13月\n",
            "content/data/d.csv": "指标编号,2022-01,2022年1月\n",
            "content/data/e.csv": "indicator,period,value\nt-water,2022-13,1\n",
        ])
        #expect(site.errors() == [
            "content/data/a.csv:1:1: error: no header row: none of the first 10 rows has a column headed 指标编号 or indicator; see 'Data from spreadsheets' in the README for the two layouts",
            "content/data/b.csv:1:1: error: the header has a period column (时期 or period) but no value column (数值 or value)",
            "content/data/c.csv:1:6: error: column header '2022年13月' is not a period: write 2022-01, 2022-Q1, 2022, 2022年1月, 2022年第一季度 or 2022年",
            "content/data/d.csv:1:14: error: period 2022-01 already heads column 2; each period has one column",
            "content/data/e.csv:2:9: error: period must be 2022-01, 2022-Q1, 2022, 2022-01-31, 2022年1月, 2022年第一季度 or 2022年, got '2022-13'",
        ])
    }

    @Test func dataPackageNamesTheLicence() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: T\norganization: O\ndata_license: CC-BY-4.0\n"])
        _ = try site.build()
        let json = try site.read("data/datapackage.json")
        #expect(json.contains("\"licenses\": [{\"name\": \"CC-BY-4.0\"}]"))
        #expect(json.contains("\"foreignKeys\": [{\"fields\": [\"id\"], \"reference\": {\"resource\": \"indicators\", \"fields\": [\"id\"]}}]"))
        let bad = try TestSite(files: ["content/site.yaml": "title: T\norganization: O\ndata_license: 可自由使用\n"])
        #expect(bad.errors() == ["content/site.yaml:3:15: error: data_license must be a licence id such as CC-BY-4.0 or an http(s) URL of the licence, got '可自由使用'"])
    }
}
