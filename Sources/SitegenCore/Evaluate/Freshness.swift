/// Whether an indicator's data is current at `as_of` (更新及时): the
/// reporting interval its periods show, when the next figure is due, and
/// whether the deadline's own period has a figure.
public enum Freshness {
    /// Months between two periods of this kind; nil for days (no interval
    /// can be told from a single date: set `stale_after`).
    static func intervalMonths(_ kind: Period.Kind) -> Int? {
        switch kind {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        case .day: return nil
        }
    }

    /// The last day of the month `months` after the month of `day`.
    static func monthEnd(_ day: Day, plus months: Int) -> Day? {
        let index = day.year * 12 + (day.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        return Day(year: year, month: month, day: Day.daysIn(month: month, year: year))
    }

    /// The reporting interval in months: what the latest period's kind
    /// says (month, quarter, year), or the gap from the figure before it
    /// when that is longer (a quarterly series written as months, `2022-03`,
    /// `2022-06`), at most a year.
    static func interval(_ indicator: Indicator, latest: Period) -> Int? {
        guard let months = intervalMonths(latest.kind) else { return nil }
        guard let k = indicator.observations.firstIndex(where: { $0.period == latest }), k > 0 else { return months }
        let before = indicator.observations[k - 1].period.lastDay, end = latest.lastDay
        let gap = (end.year * 12 + end.month) - (before.year * 12 + before.month)
        return min(12, max(months, gap))
    }

    /// The last day on which `latest` still counts as current: its period's
    /// end plus `stale_after` days, or the end of the second period after
    /// it (the next figure more than one interval late). Nil when no later
    /// figure is expected: the next period ends after the deadline, or the
    /// interval is unknown.
    static func currentUntil(_ indicator: Indicator, latest: Period) -> Day? {
        let end = latest.lastDay
        if let days = indicator.staleAfter {
            return Day(ordinal: end.ordinal + days)
        }
        guard let months = interval(indicator, latest: latest), let next = monthEnd(end, plus: months),
              next <= indicator.target.by else { return nil }
        return monthEnd(end, plus: 2 * months)
    }

    /// A quantitative indicator whose latest figure at `asOf` is more than
    /// one reporting interval late.
    public static func isStale(_ indicator: Indicator, latest: Observation?, asOf: Day?) -> Bool {
        guard indicator.kind == .quantitative, let latest, let asOf,
              let until = currentUntil(indicator, latest: latest.period) else { return false }
        return asOf > until
    }

    /// The first day of a period.
    static func firstDay(_ p: Period) -> Day {
        switch p.kind {
        case .year: return Day(year: p.year, month: 1, day: 1) ?? p.lastDay
        case .quarter: return Day(year: p.year, month: p.part * 3 - 2, day: 1) ?? p.lastDay
        case .month: return Day(year: p.year, month: p.part, day: 1) ?? p.lastDay
        case .day: return p.lastDay
        }
    }

    /// The deadline has passed at `asOf` and no figure on or before `asOf`
    /// is for a period that contains it.
    public static func deadlineUnreported(_ indicator: Indicator, asOf: Day?) -> Bool {
        guard indicator.kind == .quantitative, let asOf, asOf > indicator.target.by else { return false }
        let by = indicator.target.by
        return !indicator.observations.contains { $0.period.lastDay <= asOf && firstDay($0.period) <= by && by <= $0.period.lastDay }
    }
}
