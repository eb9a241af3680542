import Foundation
import Testing
@testable import SitegenCore

/// Corrections given in a long data table (`corrected_on`, `previous_value`,
/// `reason`; 更正日期, 原值, 更正原因): each rule once from CSV and once from
/// a workbook (Fixtures/data/corrections/, made by make_fixtures.py), with
/// its exact message and cell, through the basic fixture site (t-water; as_of 2022-09-30).
@Suite struct DataTableCorrectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// A CSV row under the English header.
        var row: String
        var csv: String
        /// The workbook in Fixtures/data/corrections and its message.
        var workbook: String
        var xlsx: String
        var testDescription: String { workbook }
    }

    static let header = "indicator,period,value,corrected_on,previous_value,reason\n"

    static let cases: [Case] = [
        Case(row: "t-water,2022-08,68,2022-08-31,66",
             csv: "content/data/c.csv:2:20: error: correction dated 2022-08-31 is not after period 2022-08 ends (2022-08-31): a value is corrected after its period; check the date",
             workbook: "before-period-end.xlsx",
             xlsx: "content/data/c.xlsx:2:4: error: sheet 早于时期结束, cell D2: correction dated 2022-08-31 is not after period 2022-08 ends (2022-08-31): a value is corrected after its period; check the date"),
        Case(row: "t-water,2022-09,69,2022-10-01,68",
             csv: "content/data/c.csv:2:20: error: correction dated 2022-10-01 is after as_of (2022-09-30): a report cannot show a correction made after its reporting date",
             workbook: "after-as-of.xlsx",
             xlsx: "content/data/c.xlsx:2:4: error: sheet 晚于统计截止, cell D2: correction dated 2022-10-01 is after as_of (2022-09-30): a report cannot show a correction made after its reporting date"),
        Case(row: "t-water,2022-05,65,2022-06-10,65.0",
             csv: "content/data/c.csv:2:31: error: correction's previous value 65.0 equals the value 65: write the value published before the correction",
             workbook: "previous-equals-value.xlsx",
             xlsx: "content/data/c.xlsx:2:5: error: sheet 原值相同, cell E2: correction's previous value 65 equals the value 65: write the value published before the correction"),
        Case(row: "t-water,2022-04,64,,63",
             csv: "content/data/c.csv:2:21: error: a previous value without a correction date: fill the correction date (更正日期 or corrected_on) of this row, or empty this cell",
             workbook: "previous-without-date.xlsx",
             xlsx: "content/data/c.xlsx:2:5: error: sheet 缺更正日期, cell E2: a previous value without a correction date: fill the correction date (更正日期 or corrected_on) of this row, or empty this cell"),
        Case(row: "t-water,2022-02,62,2022-03-05,",
             csv: "content/data/c.csv:2:20: error: a correction date without the previous value: fill the previous value (原值 or previous_value) of this row, or empty this cell",
             workbook: "date-without-previous.xlsx",
             xlsx: "content/data/c.xlsx:2:4: error: sheet 缺原值, cell D2: a correction date without the previous value: fill the previous value (原值 or previous_value) of this row, or empty this cell"),
        Case(row: "t-water,2022-01,61,,,复核",
             csv: "content/data/c.csv:2:22: error: a reason without a correction: fill the correction date (更正日期 or corrected_on) and the previous value (原值 or previous_value) of this row, or empty this cell",
             workbook: "reason-only.xlsx",
             xlsx: "content/data/c.xlsx:2:6: error: sheet 仅有原因, cell F2: a reason without a correction: fill the correction date (更正日期 or corrected_on) and the previous value (原值 or previous_value) of this row, or empty this cell"),
        Case(row: "t-water,2021-12,60,下个月,59",
             csv: "content/data/c.csv:2:20: error: the correction date must be a date that exists, 2022-10-15 or 2022年10月15日, got '下个月'",
             workbook: "not-a-date.xlsx",
             xlsx: "content/data/c.xlsx:2:4: error: sheet 日期不对, cell D2: the correction date must be a date that exists, 2022-10-15 or 2022年10月15日, got '下个月'"),
        Case(row: "t-water,2021-11,60,2021-12-03,五十九",
             csv: "content/data/c.csv:2:31: error: the previous value must be a plain decimal number, got '五十九'",
             workbook: "previous-not-a-number.xlsx",
             xlsx: "content/data/c.xlsx:2:5: error: sheet 原值不是数, cell E2: the previous value must be a plain decimal number, got '五十九'"),
        Case(row: "t-water,2021-10,,2021-11-03,59",
             csv: "content/data/c.csv:2:18: error: a correction in a row without a value: write the corrected value in the value column (数值 or value)",
             workbook: "no-value.xlsx",
             xlsx: "content/data/c.xlsx:2:4: error: sheet 缺数值, cell D2: a correction in a row without a value: write the corrected value in the value column (数值 or value)"),
    ]

    static func workbookSite(_ name: String) throws -> TestSite {
        let site = try TestSite()
        try site.write(Data(contentsOf: Repo.fixtures.appendingPathComponent("data/corrections/" + name)), to: "content/data/c.xlsx")
        return site
    }

    @Test(arguments: cases) func correctionRuleInCSV(_ c: Case) throws {
        #expect(try TestSite(files: ["content/data/c.csv": Self.header + c.row + "\n"]).errors() == [c.csv])
    }

    @Test(arguments: cases) func correctionRuleInAWorkbook(_ c: Case) throws {
        #expect(try Self.workbookSite(c.workbook).errors() == [c.xlsx])
    }

    @Test func aHeaderWithACorrectionDateAndNoPreviousValue() throws {
        #expect(try TestSite(files: ["content/data/c.csv": "指标编号,时期,数值,更正日期\n"]).errors() == [
            "content/data/c.csv:1:1: error: the header has no previous value column (原值 or previous_value), but a correction needs both: add the column, or remove the other correction columns"])
        #expect(try Self.workbookSite("header-without-previous.xlsx").errors() == [
            "content/data/c.xlsx:1:1: error: sheet 表头缺原值, cell A1: the header has no previous value column (原值 or previous_value), but a correction needs both: add the column, or remove the other correction columns"])
    }

    @Test func aCorrectionColumnInAWideTable() throws {
        #expect(try TestSite(files: ["content/data/c.csv": "指标编号,2022-07,更正原因\n"]).errors() == [
            "content/data/c.csv:1:14: error: a correction column ('更正原因') is read only in a long table (指标编号, 时期, 数值, one observation a row): give corrected values in such a table, or rename the column"])
        #expect(try Self.workbookSite("wide-table.xlsx").errors() == [
            "content/data/c.xlsx:1:3: error: sheet 宽表更正, cell C1: a correction column ('更正原因') is read only in a long table (指标编号, 时期, 数值, one observation a row): give corrected values in such a table, or rename the column"])
    }

    /// The Chinese headers, a date written 2022年8月20日, a reason, and a
    /// row without a correction: the observation gets one correction.
    @Test func aRowGivesItsObservationOneCorrection() throws {
        let site = try TestSite(files: ["content/data/c.csv": "指标编号,时期,数值,更正日期,原值,更正原因\nt-water,2022-07,68,2022年8月20日,67,复核\nt-water,2022-08,69,,,\n"])
        #expect(site.diagnostics() == [])
        let (built, _) = SiteValidator.validate(SiteLoader.load(root: site.root).0)
        let observations = try #require(built?.indicators.first { $0.id == "t-water" }).observations
        let corrections = observations.map { $0.corrections.map { c in
            "\(c.date) \(c.previous.text) \(c.reason ?? "-") \(c.location.path):\(c.location.line):\(c.location.column)"
        } }
        #expect(corrections == [[], [], ["2022-08-20 67 复核 content/data/c.csv:2:20"], []])
    }
}
