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
        // YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD: ASCII only, read on bytes.
        let parsed: Period?? = text.utf8.withContiguousStorageIfAvailable { Self.parse($0, text: text) }
        guard let period = parsed ?? Self.parse(Array(text.utf8), text: text) else { return nil }
        self = period
    }

    private static func parse<C: RandomAccessCollection>(_ b: C, text: String) -> Period? where C.Element == UInt8, C.Index == Int {
        let s = b.startIndex
        func digits(_ from: Int, _ count: Int) -> Int? { Day.digits(b, from: from, count: count) }
        guard b.count >= 4, let y = digits(0, 4), y >= 1 else { return nil }
        if b.count == 4 {
            guard let d = Day(year: y, month: 12, day: 31) else { return nil }
            return Period(kind: .year, year: y, part: 0, dayOfMonth: 0, lastDay: d, text: text)
        }
        guard b[s + 4] == 45 else { return nil }  // '-'
        switch b.count {
        case 7 where b[s + 5] == 81:  // 'Q'
            guard let q = digits(6, 1), (1...4).contains(q),
                  let d = Day(year: y, month: q * 3, day: Day.daysIn(month: q * 3, year: y)) else { return nil }
            return Period(kind: .quarter, year: y, part: q, dayOfMonth: 0, lastDay: d, text: text)
        case 7:
            guard let m = digits(5, 2), (1...12).contains(m),
                  let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { return nil }
            return Period(kind: .month, year: y, part: m, dayOfMonth: 0, lastDay: d, text: text)
        case 10:
            guard b[s + 7] == 45, let m = digits(5, 2), let day = digits(8, 2),
                  let d = Day(year: y, month: m, day: day) else { return nil }
            return Period(kind: .day, year: y, part: d.month, dayOfMonth: d.day, lastDay: d, text: text)
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
