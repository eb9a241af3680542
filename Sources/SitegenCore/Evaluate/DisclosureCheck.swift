/// The rules that depend on the reporting date, checked on the evaluated
/// site (not a rule of one file: `as_of` can change without the file):
/// plans published after `as_of`, stale data, deadlines passed with no
/// figure for their period, corrections dated after `as_of`.
public enum DisclosureCheck {
    public static func check(_ evaluated: EvaluatedSite) -> [Diagnostic] {
        check(evaluated, plans: evaluated.site.plans.indices, indicators: evaluated.site.indicators.indices)
    }

    /// The rules for the plans and indicators at those positions only
    /// (`serve`, after one file's edit).
    static func check(_ evaluated: EvaluatedSite, plans: some Sequence<Int>, indicators positions: some Sequence<Int>) -> [Diagnostic] {
        guard let asOf = evaluated.asOf else { return [] }
        var d: [Diagnostic] = []
        for p in plans where evaluated.site.plans[p].published > asOf {
            let plan = evaluated.site.plans[p]
            d.append(.warning(plan.publishedLocation ?? SourceLocation(path: plan.path),
                "published (\(plan.published)) is after as_of (\(asOf)): a report cannot show a plan published after its reporting date; check the date or as_of"))
        }
        // By position, an Indicator copied only when it has something to report (a large site has 100,000).
        let indicators = evaluated.site.indicators
        for i in positions {
            let stale = evaluated.evaluations[i].stale, deadlineUnreported = evaluated.evaluations[i].deadlineUnreported
            let observations = indicators[i].observations
            let corrected = observations.indices.contains { !observations[$0].corrections.isEmpty }
            guard stale || deadlineUnreported || corrected else { continue }
            let indicator = indicators[i], e = evaluated.evaluations[i]
            let path = indicator.location.path
            if e.stale, let latest = e.latest {
                let why = indicator.staleAfter.map { "its latest figure is for \(latest.period.text), which ended more than \($0) days (stale_after) before as_of \(asOf)" }
                    ?? "its latest figure is for \(latest.period.text), and at as_of \(asOf) the next is more than one reporting interval late"
                // A figure from a data table has no position in the indicator file: the indicator's is given.
                let at = latest.line > 0 ? SourceLocation(path: path, line: latest.line, column: latest.column) : indicator.location
                d.append(.warning(at,
                    "indicator '\(indicator.id)' is not updated on time (更新不及时): \(why); add the figures since, or set stale_after (days) if it is reported less often"))
            }
            if e.deadlineUnreported {
                d.append(.warning(indicator.deadlineLocation ?? indicator.location,
                    "the deadline \(indicator.target.by) of indicator '\(indicator.id)' has passed with no figure for its period: the status rests on older data; add the observation for the period that contains the deadline"))
            }
            for o in indicator.observations {
                for c in o.corrections where c.date > asOf {
                    d.append(.error(c.location, DataTable.cellWords(sheet: c.sheet, row: c.location.line, column: c.location.column)
                        + "correction dated \(c.date) is after as_of (\(asOf)): a report cannot show a correction made after its reporting date"))
                }
            }
        }
        return d
    }
}
