// The byte form of days and periods (see ByteCoding.swift).

extension ByteWriter {
    mutating func day(_ d: Day) {
        int(d.year); int(d.month); int(d.day)
    }

    mutating func period(_ p: Period) {
        int(Period.codedKinds.firstIndex(of: p.kind) ?? 0)
        day(p.lastDay)
    }
}

extension ByteReader {
    mutating func day() -> Day? {
        guard let y = int(), let m = int(), let d = int() else { return nil }
        return Day(year: y, month: m, day: d)
    }

    mutating func period() -> Period? {
        let kinds = Period.codedKinds
        guard let k = int(), kinds.indices.contains(k), let last = day() else { return nil }
        return Period(kind: kinds[k], lastDay: last)
    }
}

extension Period {
    /// How a period's kind is stored: its place in this list.
    static let codedKinds: [Period.Kind] = [.year, .quarter, .month, .day]
}
