import Foundation
import Testing
@testable import SitegenCore

/// Reading the tables of `Fixtures/data` (made by its make_fixtures.py):
/// each encoding and layout, and workbook cells of every kind.
@Suite struct DataTableReadingTests {
    static let dir = Repo.fixtures.appendingPathComponent("data")

    static func tables(_ name: String) -> ([DataTable], [String]) {
        let data = (try? Data(contentsOf: dir.appendingPathComponent(name))) ?? Data()
        var d: [Diagnostic] = []
        let path = "content/data/" + name
        let tables = name.hasSuffix(".csv") ? CSVTable.read(data, path: path, diagnostics: &d).map { [$0] } ?? []
                                            : XLSXTable.read(data, path: path, diagnostics: &d)
        return (tables, d.map(\.description))
    }

    /// `indicator period value` of every observation, and the problems.
    static func observations(_ name: String) -> ([String], [String]) {
        let (tables, problems) = tables(name)
        var d: [Diagnostic] = []
        let found = DataTableValidator.observations(tables, diagnostics: &d).compactMap { item in
            item.observation.map { o in
                [item.indicator, o.period.text, o.value.text, o.note, o.source].compactMap { $0 }.joined(separator: " ")
                    + " @\(item.place.0.line):\(item.place.0.column)"
            }
        }
        return (found, problems + d.map(\.description))
    }

    @Test func wideCSVWithBOMAndCRLF() {
        let (found, problems) = Self.observations("wide-bom-crlf.csv")
        #expect(problems == [])
        #expect(found == ["t-water 2022-01 63.6 @3:16", "t-water 2022-02 66.70 @3:21",
                          "t-air 2022-Q1 80 @4:15", "t-air 2022-Q2 81.5 @4:18"])
    }

    @Test func longCSVInGB18030WithQuotes() {
        let (found, problems) = Self.observations("long-gb18030.csv")
        #expect(problems == [])
        #expect(found == ["t-water 2022-Q3 70 含引号\"与,逗号 监测站 @2:17", "t-air 2022-09 82 两行\n说明 @3:15"])
    }

    @Test func longCSVWithEnglishHeaders() {
        #expect(Self.observations("long-english.csv").0 == ["t-air 2022-10 83 @2:15"])
    }

    @Test func workbookCellsAreShownAsTyped() {
        let (found, problems) = Self.observations("workbook.xlsx")
        // Date headers as the month they show, 0.697 shown as 69.7 %, the
        // text '69.70' as written, 0.1 + 0.2 as its shortest decimal.
        #expect(found == ["t-water 2022-03 69.7 @4:4", "t-water 2022-04 69.7 @4:5", "t-water 2022-05 69.70 @4:6",
                          "t-water 2022 69.7 @4:7",
                          "t-air 2022-03 0.00001 @5:4", "t-air 2022-04 1234567 @5:5"])
        #expect(problems == ["content/data/workbook.xlsx:1:1: note: sheet 说明 is not read: none of its first 10 rows has a column headed 指标编号 or indicator"])
    }

    @Test func workbookErrorsNameSheetAndCell() {
        let (_, problems) = Self.observations("errors.xlsx")
        #expect(problems == ["content/data/errors.xlsx:2:3: error: sheet 水环境, cell C2: value must be a plain decimal number, got '六十'"])
    }

    @Test func notAWorkbook() {
        #expect(Self.tables("not-a-workbook.xlsx").1 == [
            "content/data/not-a-workbook.xlsx:1:1: error: not a valid workbook: it is not a zip file, as an .xlsx is; open it in Excel or WPS and save it again as .xlsx"])
    }

    /// Found by fuzzing (Tests/Fuzz, datatable): a workbook whose directory
    /// points past the end of the file crashed the zip reader.
    @Test func workbookWithADamagedDirectory() {
        #expect(Self.tables("cut-short.xlsx").1 == [
            "content/data/cut-short.xlsx:1:1: error: not a valid workbook: it is a damaged zip file: its directory points past the end of the file (the file is cut short?); open it in Excel or WPS and save it again as .xlsx"])
    }

    /// Found by fuzzing: a part whose deflate stream does not end inside
    /// its data made the zip reader loop forever.
    @Test func workbookWithAnUnfinishedPart() {
        #expect(Self.tables("unfinished-deflate.xlsx").1 == [
            "content/data/unfinished-deflate.xlsx:1:1: error: not a valid workbook: xl/styles.xml cannot be unpacked (its data is damaged or cut short); open it in Excel or WPS and save it again as .xlsx"])
    }

    /// Every cut of a real workbook is a message, never a crash.
    @Test func everyCutOfAWorkbookIsADiagnostic() throws {
        let whole = try Data(contentsOf: Self.dir.appendingPathComponent("workbook.xlsx"))
        for length in stride(from: 4, to: whole.count, by: 97) {
            var d: [Diagnostic] = []
            let tables = XLSXTable.read(whole.prefix(length), path: "content/data/cut.xlsx", diagnostics: &d)
            #expect(tables.isEmpty && d.count == 1 && d[0].description.contains("not a valid workbook"), "cut at \(length)")
        }
    }

    @Test func zipBombIsRefusedEarly() {
        let start = ContinuousClock.now
        #expect(Self.tables("bomb.xlsx").1 == [
            "content/data/bomb.xlsx:1:1: error: not a valid workbook: xl/worksheets/sheet1.xml unpacks to more than 64 MiB (a zip bomb?); sitegen reads at most 64 MiB of a part; open it in Excel or WPS and save it again as .xlsx"])
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func millionRowSheetIsRefused() {
        #expect(Self.tables("million-rows.xlsx").1 == [
            "content/data/million-rows.xlsx:1000000:1: error: sheet 长表, row 1000000: more than 100,000 rows; sitegen reads at most 100,000 rows of a sheet: split it"])
    }

    @Test func csvInNeitherEncoding() {
        var d: [Diagnostic] = []
        // Valid UTF-8 up to the stray byte, which GB18030 cannot read either.
        _ = CSVTable.read(Data("指标编号,2022-01\nt-water,1\u{80}".utf8) + Data([0xFF]), path: "content/data/x.csv", diagnostics: &d)
        #expect(d.map(\.description) == [
            "content/data/x.csv:2:11: error: file is neither UTF-8 nor GB18030: byte 0xFF at offset 32 cannot be read; save it again as CSV (UTF-8 or the Chinese default)"])
    }

    @Test func csvQuotingErrors() {
        func problems(_ text: String) -> [String] {
            var d: [Diagnostic] = []
            _ = CSVTable.read(Data(text.utf8), path: "c.csv", diagnostics: &d)
            return d.map(\.description)
        }
        #expect(problems("a,\"b\nc") == ["c.csv:1:3: error: a quoted field is not closed: its closing quote is missing"])
        #expect(problems("a,b\"c\n") == ["c.csv:1:4: error: a quote inside a field that does not start with one; put the whole field in quotes and write the quote twice (\"\")"])
        #expect(problems("a,\"b\"c\n") == ["c.csv:1:6: error: text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"])
    }

    @Test func shortestDecimals() {
        #expect(XLSXCellFormats.decimal(69.7) == "69.7")
        #expect(XLSXCellFormats.decimal(69.70000000000000284) == "69.7")
        #expect(XLSXCellFormats.decimal(0.697, shift: 2) == "69.7")
        #expect(XLSXCellFormats.decimal(-3) == "-3")
        #expect(XLSXCellFormats.decimal(-0.0) == "0")
        #expect(XLSXCellFormats.decimal(1.5e16) == "15000000000000000")
        #expect(XLSXCellFormats.decimal(0.5, shift: 2) == "50")
    }

    @Test func periodsAsPeopleWriteThem() {
        let cases = ["2022-01": "2022-01", "2022年1月": "2022-01", "2022年12月": "2022-12", "2022年第一季度": "2022-Q1",
                     "2022年一季度": "2022-Q1", "2022年4季度": "2022-Q4", "2022年": "2022", "2022年度": "2022", "2022-Q3": "2022-Q3"]
        for (text, period) in cases { #expect(DataTableLayout.period(text)?.text == period, "\(text)") }
        for text in ["2022年13月", "2022年第五季度", "2022-1", "二〇二二年"] { #expect(DataTableLayout.period(text) == nil, "\(text)") }
    }

    @Test func dateSerials() {
        #expect(XLSXCellFormats.day(serial: 44621, date1904: false)?.description == "2022-03-01")
        #expect(XLSXCellFormats.day(serial: 59, date1904: false)?.description == "1900-02-28")
        #expect(XLSXCellFormats.day(serial: 43159, date1904: true)?.description == "2022-03-01")
        #expect(XLSXCellFormats.classify("yyyy\"年\"m\"月\"") == .date(.month))
        #expect(XLSXCellFormats.classify("0.0%") == .percent)
        #expect(XLSXCellFormats.classify("[$-804]yyyy-mm-dd;@") == .date(.day))
        #expect(XLSXCellFormats.classify("0.00_);[Red](0.00)") == .plain)
    }
}
