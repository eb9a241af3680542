/// A reporting period: `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
/// It stands for its last day when compared with dates.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case year, quarter, month, day

        /// Where texts of this kind that end on the same day sort.
        var textRank: Int {
            switch self {
            case .year: return 0
            case .month: return 1
            case .day: return 2
            case .quarter: return 3
            }
        }
    }

    /// The kind (0–3 in `codedKinds` order) above the last day's 23 bits:
    /// the two are the whole period (a large site holds millions: four
    /// bytes each); the rest is worked out from them.
    private let packed: UInt32

    public var kind: Kind {
        switch packed >> 24 {
        case 0: return .year
        case 1: return .quarter
        case 2: return .month
        default: return .day
        }
    }
    /// The last day of the period.
    public var lastDay: Day { Day(packed: Int32(packed & 0xFF_FFFF)) }

    public var year: Int { lastDay.year }
    /// Quarter (1–4) for `.quarter`, month (1–12) for `.month` and `.day`.
    public var part: Int {
        switch kind {
        case .year: return 0
        case .quarter: return lastDay.month / 3
        case .month, .day: return lastDay.month
        }
    }
    public var dayOfMonth: Int { kind == .day ? lastDay.day : 0 }
    /// The text as written, e.g. `2022-Q2` (only one text is accepted for each period).
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text`'s ASCII bytes appended (the open data writes millions of
    /// periods: no string made for each).
    func appendText<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        switch kind {
        case .year: NumberText.appendDigits(Int64(year), minimumCount: 4, to: &bytes)
        case .quarter:
            NumberText.appendDigits(Int64(year), minimumCount: 4, to: &bytes)
            bytes.append(0x2D); bytes.append(0x51)  // -Q
            NumberText.appendDigits(Int64(part), minimumCount: 1, to: &bytes)
        case .month:
            NumberText.appendDigits(Int64(year), minimumCount: 4, to: &bytes)
            bytes.append(0x2D)
            NumberText.appendDigits(Int64(part), minimumCount: 2, to: &bytes)
        case .day: lastDay.appendText(to: &bytes)
        }
    }

    public init?(_ text: String) {
        // YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD: ASCII only, read on bytes.
        let parsed: Period?? = text.utf8.withContiguousStorageIfAvailable { Self.parse($0) }
        guard let period = parsed ?? Self.parse(Array(text.utf8)) else { return nil }
        self = period
    }

    /// The period UTF-8 bytes spell exactly (no white space around).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let period = Self.parse(bytes) else { return nil }
        self = period
    }

    private static func parse<C: RandomAccessCollection>(_ b: C) -> Period? where C.Element == UInt8, C.Index == Int {
        let s = b.startIndex
        func digits(_ from: Int, _ count: Int) -> Int? { Day.digits(b, from: from, count: count) }
        guard b.count >= 4, let y = digits(0, 4), y >= 1 else { return nil }
        if b.count == 4 {
            guard let d = Day(year: y, month: 12, day: 31) else { return nil }
            return Period(kind: .year, lastDay: d)
        }
        guard b[s + 4] == 45 else { return nil }  // '-'
        switch b.count {
        case 7 where b[s + 5] == 81:  // 'Q'
            guard let q = digits(6, 1), (1...4).contains(q),
                  let d = Day(year: y, month: q * 3, day: Day.daysIn(month: q * 3, year: y)) else { return nil }
            return Period(kind: .quarter, lastDay: d)
        case 7:
            guard let m = digits(5, 2), (1...12).contains(m),
                  let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { return nil }
            return Period(kind: .month, lastDay: d)
        case 10:
            guard b[s + 7] == 45, let m = digits(5, 2), let day = digits(8, 2),
                  let d = Day(year: y, month: m, day: day) else { return nil }
            return Period(kind: .day, lastDay: d)
        default:
            return nil
        }
    }

    /// A period `init?(_:)` made before (the validation cache stores them).
    init(kind: Kind, lastDay: Day) {
        let code: UInt32 = switch kind {
        case .year: 0
        case .quarter: 1
        case .month: 2
        case .day: 3
        }
        packed = code << 24 | UInt32(lastDay.packedValue)
    }

    /// Ordered by last day; on the same day as their texts are:
    /// year, month, day, quarter (`2022` < `2022-12` < `2022-12-31` < `2022-Q4`).
    public static func < (a: Period, b: Period) -> Bool {
        let (dayA, dayB) = (a.packed & 0xFF_FFFF, b.packed & 0xFF_FFFF)
        if dayA != dayB { return dayA < dayB }
        return a.kind.textRank < b.kind.textRank
    }

    public var description: String { text }
}
