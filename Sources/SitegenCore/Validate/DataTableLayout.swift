/// Which of the two layouts a table has, from its header row.
///
/// - long: a column of indicator ids, one of periods, one of values, and
///   maybe notes, sources and a correction (date, previous value, reason);
///   one observation per row.
/// - wide (the 月报 table): a column of indicator ids, one column per
///   period (headed `2022-01`, `2022年1月`, `2022年第一季度` …), and any other
///   columns the author keeps for people (名称, 单位 …), which are not read.
struct DataTableLayout: Sendable {
    /// A long table's columns.
    struct Long: Sendable {
        var period: Int
        var value: Int
        var note: Int?
        var source: Int?
        /// The correction columns: all three or none (`reason` may be left out).
        var correctedOn: Int?
        var previousValue: Int?
        var reason: Int?
    }

    enum Kind: Sendable {
        case long(Long)
        /// Period columns in column order.
        case wide([(column: Int, period: Period)])
    }

    /// The header row's line.
    var headerLine: Int
    var indicatorColumn: Int
    var kind: Kind

    /// How many rows from the top may come before the header (a title, a date line …).
    static let headerSearchRows = 10

    static let indicatorNames: Set<String> = ["indicator", "指标编号"]
    static let periodNames: Set<String> = ["period", "时期"]
    static let valueNames: Set<String> = ["value", "数值"]
    static let noteNames: Set<String> = ["note", "说明"]
    static let sourceNames: Set<String> = ["source", "来源"]
    static let correctedOnNames: Set<String> = ["corrected_on", "更正日期"]
    static let previousValueNames: Set<String> = ["previous_value", "原值"]
    static let reasonNames: Set<String> = ["reason", "更正原因"]

    enum Outcome {
        case layout(DataTableLayout)
        /// No row near the top has an indicator column: not an observation table.
        case noHeader
        /// A header with an indicator column, but wrong: reported.
        case failed
    }

    static func recognise(_ table: DataTable, diagnostics: inout [Diagnostic]) -> Outcome {
        guard let header = table.rows.prefix(headerSearchRows).first(where: { row in
            row.cells.contains { indicatorNames.contains(name($0.text)) }
        }), let indicator = header.cells.first(where: { indicatorNames.contains(name($0.text)) }) else { return .noHeader }
        func column(_ names: Set<String>) -> Int? { header.cells.first { names.contains(name($0.text)) }?.index }
        let (location, prefix) = table.place(header, indicator)
        let period = column(periodNames), value = column(valueNames)
        let correctedOn = column(correctedOnNames), previousValue = column(previousValueNames), reason = column(reasonNames)
        if period != nil || value != nil {
            guard let period, let value else {
                diagnostics.append(.error(location, prefix + (period == nil
                    ? "the header has a value column (数值 or value) but no period column (时期 or period)"
                    : "the header has a period column (时期 or period) but no value column (数值 or value)")))
                return .failed
            }
            if (correctedOn != nil || previousValue != nil || reason != nil) && (correctedOn == nil || previousValue == nil) {
                diagnostics.append(.error(location, prefix + "the header has "
                    + (correctedOn == nil ? "no correction date column (更正日期 or corrected_on)" : "no previous value column (原值 or previous_value)")
                    + ", but a correction needs both: add the column, or remove the other correction columns"))
                return .failed
            }
            return .layout(DataTableLayout(headerLine: header.line, indicatorColumn: indicator.index,
                kind: .long(Long(period: period, value: value, note: column(noteNames), source: column(sourceNames),
                                 correctedOn: correctedOn, previousValue: previousValue, reason: reason))))
        }
        if let correction = [correctedOn, previousValue, reason].compactMap({ $0 }).min(), let cell = header.cell(correction) {
            let (cellLocation, cellPrefix) = table.place(header, cell)
            diagnostics.append(.error(cellLocation, cellPrefix + "a correction column ('\(cell.text)') is read only in a long table "
                + "(指标编号, 时期, 数值, one observation a row): give corrected values in such a table, or rename the column"))
            return .failed
        }
        var periods: [(column: Int, period: Period)] = []
        var seen: [String: DataCell] = [:]
        var failed = false
        for cell in header.cells where cell.index != indicator.index {
            let (cellLocation, cellPrefix) = table.place(header, cell)
            guard let p = Self.period(cell.text) else {
                if looksLikePeriod(cell.text) {
                    diagnostics.append(.error(cellLocation, cellPrefix + "column header '\(cell.text)' is not a period: "
                        + "write 2022-01, 2022-Q1, 2022, 2022年1月, 2022年第一季度 or 2022年"))
                    failed = true
                }
                continue
            }
            if let first = seen[p.text] {
                diagnostics.append(.error(cellLocation, cellPrefix
                    + "period \(p.text) already heads column \(columnName(table, first.index)); each period has one column"))
                failed = true
                continue
            }
            seen[p.text] = cell
            periods.append((cell.index, p))
        }
        if failed { return .failed }
        guard !periods.isEmpty else {
            diagnostics.append(.error(location, prefix + "the header has an indicator column but neither a period and a value column "
                + "(a long table: 时期/period, 数值/value) nor columns headed by periods (a wide table: 2022-01, 2022年1月 …)"))
            return .failed
        }
        return .layout(DataTableLayout(headerLine: header.line, indicatorColumn: indicator.index, kind: .wide(periods)))
    }

    /// A column as a message names it: its letter in a workbook, its number in CSV.
    static func columnName(_ table: DataTable, _ index: Int) -> String {
        table.sheet == nil ? String(index) : DataCell.columnName(index)
    }

    /// A header as compared: lower-case, no spaces.
    static func name(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// `2022-01`, `2022-Q1`, `2022`, `2022-01-31`, or as people write them:
    /// `2022年1月`, `2022年第一季度`, `2022年一季度`, `2022年1季度`, `2022年`, `2022年度`.
    static func period(_ raw: String) -> Period? {
        let text = name(raw).uppercased()
        if let p = Period(text) { return p }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 4, scalars[4] == "年", scalars[..<4].allSatisfy({ $0.value >= 48 && $0.value <= 57 }) else { return nil }
        let year = String(String.UnicodeScalarView(scalars[..<4]))
        var rest = String(String.UnicodeScalarView(scalars[5...]))
        if rest.isEmpty || rest == "度" { return Period(year) }
        if rest.hasSuffix("月"), let m = Int.asciiDigits(rest.dropLast()), (1...12).contains(m) {
            return Period(year + "-" + Day.pad(m, 2))
        }
        if rest.hasSuffix("季度") {
            rest = String(rest.dropLast(2))
            if rest.hasPrefix("第") { rest.removeFirst() }
            let quarters = ["1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4]
            if let q = quarters[rest] { return Period(year + "-Q" + String(q)) }
        }
        return nil
    }

    /// Starts like a period (four digits, then `-`, `年` or nothing): a
    /// header that does but is not one is a mistake, not a column for people.
    static func looksLikePeriod(_ raw: String) -> Bool {
        let s = Array(name(raw).unicodeScalars)
        guard s.count >= 4, s[..<4].allSatisfy({ $0.value >= 48 && $0.value <= 57 }) else { return false }
        return s.count == 4 || s[4] == "-" || s[4] == "年"
    }
}
