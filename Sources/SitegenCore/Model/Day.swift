/// A calendar date (proleptic Gregorian), free of clocks and time zones.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `year << 9 | month << 5 | day`: four bytes (a large site holds
    /// millions of days), ordered as the dates are.
    private let packed: Int32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int(packed >> 5 & 15) }
    public var day: Int { Int(packed & 31) }

    /// The packed form (23 bits: years up to 9999), for `Period`'s own.
    var packedValue: Int32 { packed }

    /// A day from `packedValue`.
    init(packed: Int32) { self.packed = packed }

    /// Returns nil for an impossible date such as 2022-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        packed = Int32(year << 9 | month << 5 | day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: String) {
        // YYYY-MM-DD in ASCII digits, read on bytes.
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = Day.digits(b, from: 0, count: 4),
              let m = Day.digits(b, from: 5, count: 2), let d = Day.digits(b, from: 8, count: 2) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `ordinal` days after 1970-01-01 (the inverse of `ordinal`).
    public init?(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before it).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (a: Day, b: Day) -> Bool { a.packed < b.packed }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `description`'s ASCII bytes (`YYYY-MM-DD`) appended.
    func appendText<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        NumberText.appendDigits(Int64(year), minimumCount: 4, to: &bytes)
        bytes.append(0x2D)
        NumberText.appendDigits(Int64(month), minimumCount: 2, to: &bytes)
        bytes.append(0x2D)
        NumberText.appendDigits(Int64(day), minimumCount: 2, to: &bytes)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Day {
    /// The number written by `count` ASCII digits of `bytes` from `from`;
    /// nil when one is not a digit. Dates and periods are read with it.
    static func digits<C: RandomAccessCollection>(_ bytes: C, from: Int, count: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        var n = 0
        for k in (bytes.startIndex + from)..<(bytes.startIndex + from + count) {
            let c = bytes[k]
            guard c >= 48 && c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }
}

extension Int {
    /// Only ASCII digits, no sign, no spaces.
    static func asciiDigits<S: StringProtocol>(_ s: S) -> Int? {
        guard !s.isEmpty, s.utf8.count <= 9, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(s)
    }
}
