/// The evaluate stage: status and progress of every indicator at `as_of`.
public enum Evaluator {
    /// Every indicator judged at the reporting date (and at `compare_to`).
    public static func evaluate(_ site: Site) -> EvaluatedSite {
        // A pure judge: the indicators are judged on every core.
        evaluate(site, judge: evaluate(_:asOf:), parallel: true)
    }

    /// `evaluate(site)` with each indicator judged at a date by `judge`,
    /// which must give what `evaluate(_:asOf:)` gives (`serve` remembers
    /// the judgments of indicators that did not change). With `parallel`
    /// (only for a `judge` that may run on several threads at once) the
    /// indicators are judged on every core, each result in its place.
    static func evaluate(_ site: Site, judge: (Indicator, Day?) -> Evaluation, parallel: Bool = false) -> EvaluatedSite {
        let asOf = asOf(site)
        // Through the buffer: `map` would copy each Indicator to hand it over.
        func judgeAll(_ day: Day?) -> [Evaluation] {
            site.indicators.withUnsafeBufferPointer { all in
                guard parallel else { return all.indices.map { judge(all[$0], day) } }
                return [Evaluation](unsafeUninitializedCapacity: all.count) { buffer, initialized in
                    guard let base = buffer.baseAddress else { return }
                    Parallel.forEachIndex(all.count) { (base + $0).initialize(to: judge(all[$0], day)) }
                    initialized = all.count
                }
            }
        }
        var evaluated = EvaluatedSite(site: site, asOf: asOf, evaluations: judgeAll(asOf))
        if let from = site.config.compareTo, let asOf, from < asOf {
            let previous = judgeAll(from)
            evaluated.previous = previous
            evaluated.changes = ReportChanges.compute(site.indicators, previous: previous, current: evaluated.evaluations,
                                                      from: from, to: asOf)
        }
        return evaluated
    }


    /// The reporting date: site.yaml's `as_of`, else the latest observation
    /// or update date in the site, else nil (no data at all).
    public static func asOf(_ site: Site) -> Day? {
        if let day = site.config.asOf { return day }
        var latest: Day?
        // By position: an Indicator (and an Observation) is large to copy.
        for i in site.indicators.indices {
            let observations = site.indicators[i].observations, updates = site.indicators[i].updates
            for k in observations.indices where latest == nil || observations[k].period.lastDay > latest! {
                latest = observations[k].period.lastDay
            }
            for k in updates.indices where latest == nil || updates[k].date > latest! { latest = updates[k].date }
        }
        return latest
    }

    public static func evaluate(_ indicator: Indicator, asOf: Day?) -> Evaluation {
        switch indicator.kind {
        case .quantitative:
            var result = quantitative(indicator, asOf: asOf)
            result.stale = Freshness.isStale(indicator, latest: result.latest, asOf: asOf)
            result.deadlineUnreported = Freshness.deadlineUnreported(indicator, asOf: asOf)
            // The latest figure as first published, had it not been corrected.
            if let latest = result.latest, let first = latest.corrections.first, let asOf,
               let k = indicator.observations.lastIndex(where: { $0.period.lastDay <= asOf }) {
                var original = indicator
                original.observations[k].value = first.previous
                original.observations[k].corrections = []
                let before = quantitative(original, asOf: asOf).status
                if before != result.status { result.statusBeforeCorrection = before }
            }
            return result
        case .milestone: return milestone(indicator, asOf: asOf)
        }
    }

    /// Relative tolerance for comparing decimals held as binary doubles.
    static func atLeast(_ a: Double, _ b: Double) -> Bool { a >= b - 1e-9 * max(1, abs(b)) }
    static func nearlyEqual(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

    static func satisfies(_ value: Double, _ op: TargetOp, _ target: Double) -> Bool {
        switch op {
        case .atLeast: return atLeast(value, target)
        case .atMost: return atLeast(-value, -target)
        case .equal: return nearlyEqual(value, target)
        }
    }

    static func quantitative(_ indicator: Indicator, asOf: Day?) -> Evaluation {
        let targetValue = indicator.target.value?.value ?? 0
        guard let asOf, let latest = indicator.observations.last(where: { $0.period.lastDay <= asOf }) else {
            return Evaluation(status: .noData, rule: .noObservation)
        }
        let value = latest.value.value
        var result = Evaluation(status: .noData, rule: .noObservation, latest: latest)
        let increase = indicator.direction != .decrease

        if let baseline = indicator.baseline {
            let span = targetValue - baseline.value.value
            if span == 0 {
                result.progress = satisfies(value, indicator.target.op, targetValue) ? 1 : 0
            } else {
                result.progress = min(1, max(0, (value - baseline.value.value) / span))
            }
            result.bar = result.progress
        } else if targetValue != 0 || value != 0 {
            let ratio = increase ? value / targetValue : targetValue / value
            result.bar = ratio.isFinite ? min(1, max(0, ratio)) : 0
        } else {
            result.bar = 1
        }

        if satisfies(value, indicator.target.op, targetValue) {
            result.status = .achieved
            result.rule = .targetMet
            return result
        }
        if asOf > indicator.target.by {
            result.status = .missed
            result.rule = .pastDeadline
            return result
        }
        guard let baseline = indicator.baseline else {
            result.status = .inProgress
            result.rule = .noBaseline
            return result
        }
        let expected = trajectory(from: (baseline.period.lastDay, baseline.value.value),
                                  to: (indicator.target.by, targetValue), at: latest.period.lastDay)
        result.expected = expected
        let onLine = increase ? atLeast(value, expected) : atLeast(-value, -expected)
        result.status = onLine ? .onTrack : .behind
        result.rule = onLine ? .atOrBeyondTrajectory : .shortOfTrajectory
        return result
    }

    /// The straight line through two (day, value) points, at `day`.
    public static func trajectory(from start: (Day, Double), to end: (Day, Double), at day: Day) -> Double {
        let span = Double(end.0.ordinal - start.0.ordinal)
        guard span > 0 else { return end.1 }
        let t = Double(day.ordinal - start.0.ordinal) / span
        return start.1 + (end.1 - start.1) * t
    }

    static func milestone(_ indicator: Indicator, asOf: Day?) -> Evaluation {
        let latest = asOf.flatMap { day in indicator.updates.last(where: { $0.date <= day }) }
        var result = Evaluation(status: .noData, rule: .milestoneNotStarted, latestUpdate: latest)
        if let latest {
            result.progress = latest.stage == .done ? 1 : (latest.percent.map { min(1, max(0, $0.value / 100)) } ?? 0)
            result.bar = result.progress
        }
        if latest?.stage == .done {
            result.status = .achieved
            result.rule = .milestoneDone
        } else if let asOf, asOf > indicator.target.by {
            result.status = .missed
            result.rule = .pastDeadline
        } else if latest?.stage == .suspended {
            result.status = .behind
            result.rule = .milestoneSuspended
        } else if latest?.stage == .inProgress {
            result.status = .inProgress
            result.rule = .milestoneInProgress
        }
        return result
    }
}
