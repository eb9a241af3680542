/// One table read from `content/data/`: a CSV file, or one sheet of a
/// workbook. Every cell keeps its position, so each rule can point at it.
struct DataTable: Sendable {
    /// The file, relative to the site folder.
    var path: String
    /// The sheet's name for a workbook; nil for a CSV file.
    var sheet: String?
    /// Rows in file order; a row with no cell is left out.
    var rows: [DataRow]

    /// Where a cell is: `path:line:column`, and the words a message about
    /// it starts with (`sheet 水环境, cell D7: ` in a workbook, nothing in CSV).
    func place(_ row: DataRow, _ cell: DataCell) -> (SourceLocation, String) {
        (SourceLocation(path: path, line: row.line, column: cell.column), Self.cellWords(sheet: sheet, row: row.line, column: cell.index))
    }

    /// `sheet 水环境, cell D7: ` for a workbook cell; nothing without a sheet.
    static func cellWords(sheet: String?, row: Int, column: Int) -> String {
        guard let sheet else { return "" }
        return "sheet \(sheet), cell \(DataCell.columnName(column))\(row): "
    }

    /// The place a problem of the whole table is reported at.
    var start: SourceLocation { SourceLocation(path: path, line: rows.first?.line ?? 1, column: 1) }
}

/// A row: CSV line where it starts, or the workbook's row number (1-based).
struct DataRow: Sendable {
    var line: Int
    /// Non-empty cells, by column.
    var cells: [DataCell]

    /// The cell of field or column `index`, if it is not empty.
    func cell(_ index: Int) -> DataCell? { cells.first { $0.index == index } }
}

/// A cell's text as its reader shows it: CSV text as written; a workbook
/// number as typed (the shortest decimal that is the stored number, a
/// percentage as the number shown), a date as the period its format shows.
struct DataCell: Sendable {
    enum Kind: Sendable { case text, number, date }

    /// 1-based: which field of its row (CSV), the column number (workbook, A = 1).
    var index: Int
    /// 1-based, for positions: CSV column in characters, workbook column number.
    var column: Int
    var text: String
    var kind: Kind = .text

    /// 1 → A, 27 → AA.
    static func columnName(_ column: Int) -> String {
        var n = column, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
