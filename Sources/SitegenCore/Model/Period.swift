/// A reporting period: `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
/// It stands for its last day when compared with dates.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case year, quarter, month, day }

    public let kind: Kind
    public let year: Int
    /// Quarter (1–4) for `.quarter`, month (1–12) for `.month` and `.day`.
    public let part: Int
    public let dayOfMonth: Int
    /// The last day of the period.
    public let lastDay: Day
    /// The text as written, e.g. `2022-Q2`.
    public let text: String

    public init?(_ text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = p.first, first.count == 4, let y = Int.asciiDigits(first), y >= 1 else { return nil }
        switch p.count {
        case 1:
            guard let d = Day(year: y, month: 12, day: 31) else { return nil }
            self.init(kind: .year, year: y, part: 0, dayOfMonth: 0, lastDay: d, text: text)
        case 2 where p[1].count == 2 && p[1].first == "Q":
            guard let q = Int.asciiDigits(p[1].dropFirst()), (1...4).contains(q) else { return nil }
            let m = q * 3
            guard let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { return nil }
            self.init(kind: .quarter, year: y, part: q, dayOfMonth: 0, lastDay: d, text: text)
        case 2:
            guard p[1].count == 2, let m = Int.asciiDigits(p[1]), (1...12).contains(m),
                  let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { return nil }
            self.init(kind: .month, year: y, part: m, dayOfMonth: 0, lastDay: d, text: text)
        case 3:
            guard let d = Day(iso: text) else { return nil }
            self.init(kind: .day, year: y, part: d.month, dayOfMonth: d.day, lastDay: d, text: text)
        default:
            return nil
        }
    }

    /// The parts as `init?(_:)` finds them (the validation cache stores them).
    init(kind: Kind, year: Int, part: Int, dayOfMonth: Int, lastDay: Day, text: String) {
        self.kind = kind
        self.year = year
        self.part = part
        self.dayOfMonth = dayOfMonth
        self.lastDay = lastDay
        self.text = text
    }

    /// Ordered by last day; a longer period first when two end on the same day.
    public static func < (a: Period, b: Period) -> Bool {
        if a.lastDay != b.lastDay { return a.lastDay < b.lastDay }
        return a.text < b.text
    }

    public var description: String { text }
}
