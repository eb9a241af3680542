import Foundation

/// A workbook of `content/data/` → one `DataTable` per sheet.
///
/// `ZipArchive` unpacks the parts (each given up as soon as it grows past
/// `partLimit`: a zip bomb costs at most that much); `XMLScanner` reads
/// their XML.
enum XLSXTable {
    /// Larger files are refused rather than read.
    static let sizeLimit = 32 * 1024 * 1024
    /// The most any one part (a sheet's XML, the shared strings) may unpack to.
    static let partLimit = 64 * 1024 * 1024
    static let partLimitText = "64 MiB"

    struct Failure: Error { var message: String }

    static func read(_ data: Data, path: String, diagnostics: inout [Diagnostic]) -> [DataTable] {
        let start = SourceLocation(path: path)
        if data.count > sizeLimit {
            diagnostics.append(.error(start,
                "file is \(NumberText.fixed(Double(data.count) / 1_048_576, digits: 1)) MiB; a data table may be at most 32 MiB: split it"))
            return []
        }
        do {
            return try tables(data, path: path, diagnostics: &diagnostics)
        } catch let failure as Failure {
            diagnostics.append(.error(start, "not a valid workbook: \(failure.message); open it in Excel or WPS and save it again as .xlsx"))
        } catch {
            diagnostics.append(.error(start, "not a valid workbook (\(error)); open it in Excel or WPS and save it again as .xlsx"))
        }
        return []
    }

    static func tables(_ data: Data, path: String, diagnostics: inout [Diagnostic]) throws -> [DataTable] {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw Failure(message: data.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
                ? "it is an old .xls workbook, not .xlsx" : "it is not a zip file, as an .xlsx is")
        }
        let archive: ZipArchive
        do {
            archive = try ZipArchive([UInt8](data))
        } catch {
            throw Failure(message: "it is a damaged zip file: \(error.message)")
        }
        func part(_ name: String, required: Bool = true) throws -> Data? {
            let bytes: [UInt8]?
            do {
                bytes = try archive.unpack(name, limit: partLimit, limitText: partLimitText)
            } catch {
                throw Failure(message: error.message)
            }
            guard let bytes else {
                if required { throw Failure(message: "\(name) is missing") }
                return nil
            }
            return Data(bytes)
        }
        func parse(_ name: String, _ data: Data, _ handler: XMLHandler) throws {
            do {
                try XMLScanner.scan([UInt8](data), handler)
            } catch let problem as XMLScanner.Failure {
                throw Failure(message: "\(name) is not well-formed XML (line \(problem.line): \(problem.message))")
            }
        }

        let workbook = XLSXWorkbookReader()
        try parse("xl/workbook.xml", try part("xl/workbook.xml") ?? Data(), workbook)
        let rels = XLSXRelationsReader()
        try parse("xl/_rels/workbook.xml.rels", try part("xl/_rels/workbook.xml.rels") ?? Data(), rels)
        let strings = XLSXStringsReader()
        if let d = try part("xl/sharedStrings.xml", required: false) { try parse("xl/sharedStrings.xml", d, strings) }
        let styles = XLSXStylesReader()
        if let d = try part("xl/styles.xml", required: false) { try parse("xl/styles.xml", d, styles) }
        let formats = XLSXCellFormats(styles: styles)

        var tables: [DataTable] = []
        for sheet in workbook.sheets {
            guard let target = rels.targets[sheet.id] else { throw Failure(message: "sheet \(sheet.name) has no part") }
            let name = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            let reader = XLSXSheetReader(strings: strings.strings, formats: formats, date1904: workbook.date1904)
            try parse(name, try part(name) ?? Data(), reader)
            if let row = reader.tooManyRows {
                diagnostics.append(.error(SourceLocation(path: path, line: row, column: 1),
                    "sheet \(sheet.name), row \(row): more than \(DataTableLimits.rowsText) rows; sitegen reads at most \(DataTableLimits.rowsText) rows of a sheet: split it"))
                continue
            }
            tables.append(DataTable(path: path, sheet: sheet.name, rows: reader.rows))
        }
        return tables
    }
}

/// Element names without a namespace prefix (`x:row` → `row`).
private func localName(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}

/// `xl/workbook.xml`: the sheets in order, and the date system.
final class XLSXWorkbookReader: XMLHandler {
    var sheets: [(name: String, id: String)] = []
    var date1904 = false

    func start(_ elementName: String, _ attributes: [String: String]) {
        switch localName(elementName) {
        case "sheet":
            let id = attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
            sheets.append((attributes["name"] ?? "", id))
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
        default: break
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: relation id → part, relative to `xl/`.
final class XLSXRelationsReader: XMLHandler {
    var targets: [String: String] = [:]

    func start(_ elementName: String, _ attributes: [String: String]) {
        if localName(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// Text of `<t>` (and `<v>`) elements, phonetic guides (`<rPh>`) left
/// out: what the shared strings and the sheets share.
class XLSXTextReader: XMLHandler {
    var text = "", collecting = false, phonetic = false

    /// True when `name` was one of the text elements.
    func startText(_ name: Substring) -> Bool {
        switch name {
        case "v": collecting = true
        case "t": collecting = !phonetic
        case "rPh": phonetic = true
        default: return false
        }
        return true
    }

    func endText(_ name: Substring) {
        switch name {
        case "v", "t": collecting = false
        case "rPh": phonetic = false
        default: break
        }
    }

    func text(_ string: String) {
        if collecting { text += string }
    }

    var stopped: Bool { false }

    func start(_ elementName: String, _ attributes: [String: String]) {}

    func end(_ elementName: String) {}
}

/// `xl/sharedStrings.xml`: each string item's text (its runs joined).
final class XLSXStringsReader: XLSXTextReader {
    var strings: [String] = []

    override func start(_ elementName: String, _ attributes: [String: String]) {
        let name = localName(elementName)
        if !startText(name), name == "si" { text = "" }
    }

    override func end(_ elementName: String) {
        let name = localName(elementName)
        endText(name)
        if name == "si" { strings.append(text) }
    }
}

/// `xl/styles.xml`: custom number formats, and each cell format's number format id.
final class XLSXStylesReader: XMLHandler {
    var customFormats: [Int: String] = [:]
    var cellFormatIDs: [Int] = []
    private var inCellXfs = false

    func start(_ elementName: String, _ attributes: [String: String]) {
        switch localName(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customFormats[id] = attributes["formatCode"] ?? "" }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    func end(_ elementName: String) {
        if localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet's XML → rows of cells, each shown as `XLSXCellFormats` says.
final class XLSXSheetReader: XLSXTextReader {
    let strings: [String]
    let formats: XLSXCellFormats
    let date1904: Bool
    var rows: [DataRow] = []
    /// Set when the sheet has more rows than sitegen reads (parsing stops there).
    var tooManyRows: Int?
    override var stopped: Bool { tooManyRows != nil }

    private var cells: [DataCell] = []
    private var rowNumber = 0, rowCount = 0, column = 0, style = 0
    private var type = ""

    init(strings: [String], formats: XLSXCellFormats, date1904: Bool) {
        self.strings = strings
        self.formats = formats
        self.date1904 = date1904
    }


    override func start(_ elementName: String, _ attributes: [String: String]) {
        let name = localName(elementName)
        if startText(name) { return }
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            rowCount += 1
            cells = []
            column = 0
            if rowNumber > DataTableLimits.rows || rowCount > DataTableLimits.rows {
                tooManyRows = rowNumber
            }
        case "c":
            column = attributes["r"].flatMap(Self.column) ?? column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            text = ""
        default: break
        }
    }

    override func end(_ elementName: String) {
        let name = localName(elementName)
        endText(name)
        switch name {
        case "c":
            if let cell = cell() { cells.append(cell) }
        case "row":
            if !cells.isEmpty { rows.append(DataRow(line: rowNumber, cells: cells)) }
        default: break
        }
    }

    private func cell() -> DataCell? {
        let shown: (String, DataCell.Kind)
        switch type {
        case "s":
            guard let k = Int(text), strings.indices.contains(k) else { return nil }
            shown = (strings[k], .text)
        case "n":
            guard !text.isEmpty else { return nil }
            shown = formats.show(number: text, style: style, date1904: date1904)
        case "d":
            shown = formats.show(isoDate: text, style: style)
        case "b":
            shown = (text == "1" ? "TRUE" : "FALSE", .text)
        default:  // inlineStr, str (a formula's text), e (#DIV/0! …)
            shown = (text, .text)
        }
        let trimmed = shown.0.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : DataCell(index: column, column: column, text: trimmed, kind: shown.1)
    }

    /// `D7` → 4.
    static func column(_ reference: String) -> Int? {
        var n = 0
        for c in reference.utf8 {
            guard c >= 65 && c <= 90 else { break }
            n = n * 26 + Int(c - 64)
            guard n <= 16_384 else { return nil }
        }
        return n > 0 ? n : nil
    }
}
