// The byte form of days and periods (see ByteCoding.swift).

extension ByteWriter {
    mutating func day(_ d: Day) {
        int(d.year); int(d.month); int(d.day)
    }

    /// One integer: the kind's place in `codedKinds` above the last day's
    /// packed form (24 bits).
    mutating func period(_ p: Period) {
        int((Period.codedKinds.firstIndex(of: p.kind) ?? 0) << 24 | Int(p.lastDay.packedValue))
    }
}

extension ByteReader {
    mutating func day() -> Day? {
        guard let y = int(), let m = int(), let d = int() else { return nil }
        return Day(year: y, month: m, day: d)
    }

    mutating func period() -> Period? {
        let kinds = Period.codedKinds
        guard let coded = int(), coded >= 0, coded >> 24 < kinds.count else { return nil }
        let last = Day(packed: Int32(coded & 0xFF_FFFF))
        // Only a date that is one (the bits could say 2022-02-30).
        guard Day(year: last.year, month: last.month, day: last.day) == last else { return nil }
        return Period(kind: kinds[coded >> 24], lastDay: last)
    }
}

extension Period {
    /// How a period's kind is stored: its place in this list.
    static let codedKinds: [Period.Kind] = [.year, .quarter, .month, .day]
}
