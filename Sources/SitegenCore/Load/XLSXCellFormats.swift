import Foundation

/// How a workbook shows a number: as typed, as a percentage, or as a
/// date — read from the cell's number format.
struct XLSXCellFormats: Sendable {
    enum Shown: Sendable, Equatable {
        case plain
        case percent
        /// A date shown with at most this precision (a `yyyy-mm` cell is a month).
        case date(Period.Kind)
    }

    /// By cell format index (the `s` attribute of a cell).
    let shown: [Shown]

    init(styles: XLSXStylesReader) {
        shown = styles.cellFormatIDs.map { id in Self.classify(styles.customFormats[id] ?? Self.builtIn(id)) }
    }

    /// The built-in formats a workbook names by number only (ECMA-376
    /// 18.8.30, with the Chinese locale's 27–36 and 50–58).
    static func builtIn(_ id: Int) -> String {
        switch id {
        case 9: return "0%"
        case 10: return "0.00%"
        case 14: return "m/d/yyyy"
        case 15: return "d-mmm-yy"
        case 16: return "d-mmm"
        case 17: return "mmm-yy"
        case 18...21, 32...35, 45...47, 55, 56: return "h:mm"
        case 22: return "m/d/yyyy h:mm"
        case 27, 36, 50, 52, 57: return "yyyy\"年\"m\"月\""
        case 28, 29, 51, 53, 54, 58: return "m\"月\"d\"日\""
        case 30: return "m-d-yy"
        case 31: return "yyyy\"年\"m\"月\"d\"日\""
        default: return "General"
        }
    }

    /// A format code's kind: the letters outside quotes, escapes and
    /// brackets decide (`%` a percentage; y, m, d a date of that precision).
    static func classify(_ code: String) -> Shown {
        // Only the first section (positive numbers) counts; `General` is no date.
        let code = code.replacingOccurrences(of: "general", with: "", options: .caseInsensitive)
        var letters = Set<Character>()
        var inQuote = false, inBracket = false, escaped = false
        for c in code {
            if escaped { escaped = false; continue }
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if inBracket { if c == "]" { inBracket = false }; continue }
            switch c {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escaped = true
            case ";": return kind(letters)
            default: letters.insert(Character(c.lowercased()))
            }
        }
        return kind(letters)
    }

    private static func kind(_ letters: Set<Character>) -> Shown {
        if letters.contains("%") { return .percent }
        let y = letters.contains("y"), m = letters.contains("m"), d = letters.contains("d")
        if d { return .date(.day) }
        if y && m { return .date(.month) }
        if y { return .date(.year) }
        if letters.contains("h") || letters.contains("s") || m { return .date(.day) }
        return .plain
    }

    func show(number text: String, style: Int) -> Shown { shown.indices.contains(style) ? shown[style] : .plain }

    /// A number cell as the person sees it.
    func show(number text: String, style: Int, date1904: Bool) -> (String, DataCell.Kind) {
        guard let value = Double(text), value.isFinite else { return (text, .text) }
        switch show(number: text, style: style) {
        case .plain: return (Self.decimal(value), .number)
        case .percent: return (Self.decimal(value, shift: 2), .number)
        case .date(let kind):
            guard let day = Self.day(serial: value, date1904: date1904) else { return (Self.decimal(value), .number) }
            return (Self.period(day, kind), .date)
        }
    }

    /// A `t="d"` cell (ISO 8601 text), shown with its format's precision.
    func show(isoDate text: String, style: Int) -> (String, DataCell.Kind) {
        guard let day = Day(iso: String(text.prefix(10))) else { return (text, .text) }
        if case .date(let kind) = show(number: text, style: style) { return (Self.period(day, kind), .date) }
        return (day.description, .date)
    }

    static func period(_ day: Day, _ kind: Period.Kind) -> String {
        switch kind {
        case .year: return Day.pad(day.year, 4)
        case .month, .quarter: return Day.pad(day.year, 4) + "-" + Day.pad(day.month, 2)
        case .day: return day.description
        }
    }

    /// The shortest decimal that reads back as `value` (Swift's own
    /// round-trip digits), written without exponent, trailing zeros or
    /// "-0"; moved `shift` places left of the point first (a percentage:
    /// 0.697 → 69.7, with no binary arithmetic).
    static func decimal(_ value: Double, shift: Int = 0) -> String {
        let described = "\(abs(value))"  // e.g. 69.7, 1e-05, 1.5e+16
        let parts = described.split(separator: "e")
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let integer = mantissa[0], fraction = mantissa.count > 1 ? mantissa[1] : ""
        var digits = Array((integer + fraction).utf8)
        var point = integer.utf8.count + exponent + shift
        while let first = digits.first, first == 48 { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == 48 { digits.removeLast() }
        guard !digits.isEmpty else { return "0" }
        var out: [UInt8] = value < 0 ? [45] : []
        if point <= 0 {
            out += [48, 46] + [UInt8](repeating: 48, count: -point) + digits
        } else if point >= digits.count {
            out += digits + [UInt8](repeating: 48, count: point - digits.count)
        } else {
            out += digits[..<point] + [46] + digits[point...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A date serial's day: 1 is 1900-01-01 (with Excel's 29 February 1900,
    /// so serials from 61 are a day less), or 0 is 1904-01-01 in the 1904 system.
    static func day(serial: Double, date1904: Bool) -> Day? {
        guard serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let start = date1904 ? Day(year: 1904, month: 1, day: 1) : Day(year: 1899, month: 12, day: whole < 61 ? 31 : 30)
        guard let start else { return nil }
        return Day(ordinal: start.ordinal + whole)
    }
}
