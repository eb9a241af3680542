import Foundation

/// A CSV file of `content/data/` → a `DataTable`: UTF-8 (with or without
/// BOM) or GB18030, detected; CRLF or LF; RFC 4180 quoting.
enum CSVTable {
    /// Larger files are refused rather than read.
    static let sizeLimit = 32 * 1024 * 1024

    static func read(_ data: Data, path: String, diagnostics: inout [Diagnostic]) -> DataTable? {
        if data.count > sizeLimit {
            diagnostics.append(.error(SourceLocation(path: path),
                "file is \(NumberText.fixed(Double(data.count) / 1_048_576, digits: 1)) MiB; a data table may be at most 32 MiB: split it"))
            return nil
        }
        guard let text = decode([UInt8](data), path: path, diagnostics: &diagnostics) else { return nil }
        return parse(text, path: path, diagnostics: &diagnostics)
    }

    /// UTF-8 when the bytes are UTF-8 (after a BOM), else GB18030, which
    /// Excel and WPS write on a Chinese Windows. Neither: an error at the
    /// first byte that the encoding that read further could not read.
    static func decode(_ bytes: [UInt8], path: String, diagnostics: inout [Diagnostic]) -> String? {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = bom ? Array(bytes[3...]) : bytes
        guard let badUTF8 = SourceFile.firstInvalidUTF8(body) else { return String(decoding: body, as: UTF8.self) }
        if !bom {
            switch GB18030.decode(body) {
            case .success(let text): return text
            case .failure(let bad) where bad > badUTF8:
                let (line, column) = GB18030.position(ofByte: bad, in: body)
                diagnostics.append(.error(SourceLocation(path: path, line: line, column: column),
                    "file is neither UTF-8 nor GB18030: byte 0x\(hex(body[bad])) at offset \(bad) cannot be read; save it again as CSV (UTF-8 or the Chinese default)"))
                return nil
            case .failure: break
            }
        }
        let (line, column) = SourceFile.position(ofByte: badUTF8, in: body)
        let offset = badUTF8 + (bom ? 3 : 0)
        diagnostics.append(.error(SourceLocation(path: path, line: line, column: column),
            "file is neither UTF-8 nor GB18030: byte 0x\(hex(body[badUTF8])) at offset \(offset) cannot be read; save it again as CSV (UTF-8 or the Chinese default)"))
        return nil
    }

    static func hex(_ byte: UInt8) -> String {
        let s = String(byte, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    /// RFC 4180: fields separated by commas, records by CRLF or LF; a field
    /// in double quotes may hold commas, line breaks and doubled quotes.
    /// Positions are the line and column (in characters) where each field starts.
    static func parse(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> DataTable? {
        var rows: [DataRow] = []
        var cells: [DataCell] = []
        var field = String.UnicodeScalarView()
        var line = 1, column = 1
        var rowLine = 1, fieldColumn = 1, fieldLine = 1
        var quoted = false, inQuotes = false, afterQuote = false
        var recordCount = 0, fieldIndex = 1
        func endField() {
            let text = String(field).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { cells.append(DataCell(index: fieldIndex, column: fieldColumn, text: text)) }
            field = String.UnicodeScalarView()
            quoted = false
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !cells.isEmpty { rows.append(DataRow(line: rowLine, cells: cells)) }
            cells = []
            recordCount += 1
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append(c); i += 2; column += 2; continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    field.append(c)
                    if c == "\n" || (c == "\r" && !(i + 1 < scalars.count && scalars[i + 1] == "\n")) {
                        line += 1; column = 0
                    }
                }
                i += 1; column += 1
                continue
            }
            switch c {
            case ",":
                endField()
                fieldIndex += 1
                fieldColumn = column + 1
                fieldLine = line
            case "\r", "\n":
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                if rows.count > DataTableLimits.rows {
                    diagnostics.append(.error(SourceLocation(path: path, line: line, column: 1),
                        "more than \(DataTableLimits.rowsText) rows; sitegen reads at most \(DataTableLimits.rowsText) rows of a table: split it"))
                    return nil
                }
                line += 1; column = 0
                rowLine = line; fieldColumn = 1; fieldLine = line; fieldIndex = 1
            case "\"" where !quoted && !afterQuote && String(field).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                field = String.UnicodeScalarView()
                quoted = true
                inQuotes = true
            default:
                if afterQuote {
                    diagnostics.append(.error(SourceLocation(path: path, line: line, column: column),
                        "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"))
                    return nil
                }
                if c == "\"" {
                    diagnostics.append(.error(SourceLocation(path: path, line: line, column: column),
                        "a quote inside a field that does not start with one; put the whole field in quotes and write the quote twice (\"\")"))
                    return nil
                }
                field.append(c)
            }
            i += 1; column += 1
        }
        if inQuotes {
            diagnostics.append(.error(SourceLocation(path: path, line: fieldLine, column: fieldColumn),
                "a quoted field is not closed: its closing quote is missing"))
            return nil
        }
        endRecord()
        return DataTable(path: path, sheet: nil, rows: rows)
    }
}

/// How much of a table sitegen reads before refusing it (bounded time and memory).
enum DataTableLimits {
    static let rows = 100_000
    static let rowsText = "100,000"
}
