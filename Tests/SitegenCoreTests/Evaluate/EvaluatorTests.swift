import Testing
@testable import SitegenCore

/// The status table of content-format.md, case by case.
@Suite struct EvaluatorTests {
    static func day(_ s: String) -> Day { Day(iso: s)! }

    static func quantitative(direction: Direction = .increase, op: TargetOp? = nil, target: String = "70",
                             by: String = "2022-12-31", baseline: (String, String)? = ("2021", "60"),
                             observations: [(String, String)]) -> Indicator {
        Indicator(id: "x", plan: "p", name: "n", area: "a", kind: .quantitative, unit: "%", direction: direction,
                  target: Target(value: DecimalNumber(target), op: op ?? (direction == .increase ? .atLeast : .atMost), by: day(by), text: nil),
                  baseline: baseline.map { Baseline(period: Period($0.0)!, value: DecimalNumber($0.1)!) },
                  owner: nil, section: nil, source: nil,
                  observations: observations.map { Observation(period: Period($0.0)!, value: DecimalNumber($0.1)!, note: nil, source: nil) },
                  updates: [], location: SourceLocation(path: "x"))
    }

    static func milestone(by: String = "2022-12-31", updates: [(String, Stage, String?)]) -> Indicator {
        Indicator(id: "m", plan: "p", name: "n", area: "a", kind: .milestone, unit: nil, direction: nil,
                  target: Target(value: nil, op: .atLeast, by: day(by), text: nil), baseline: nil, owner: nil, section: nil,
                  source: nil, observations: [],
                  updates: updates.map { MilestoneUpdate(date: day($0.0), stage: $0.1, percent: $0.2.flatMap(DecimalNumber.init), note: nil) },
                  location: SourceLocation(path: "x"))
    }

    func status(_ i: Indicator, _ asOf: String) -> Status { Evaluator.evaluate(i, asOf: Self.day(asOf)).status }

    @Test func noObservationOnOrBeforeAsOfIsNoData() {
        #expect(status(Self.quantitative(observations: []), "2022-09-30") == .noData)
        #expect(status(Self.quantitative(observations: [("2022-10", "80")]), "2022-09-30") == .noData)
        // Even after the deadline, no data stays no data.
        #expect(status(Self.quantitative(observations: []), "2023-03-31") == .noData)
    }

    @Test func latestIsTheLatestPeriodOnOrBeforeAsOf() {
        let i = Self.quantitative(observations: [("2022-06", "71"), ("2022-09", "50"), ("2022-10", "50")])
        let e = Evaluator.evaluate(i, asOf: Self.day("2022-07-31"))
        #expect(e.latest?.period.text == "2022-06")
        #expect(e.status == .achieved)
        // A quarter ends on its last day: 2022-Q3 is not yet in on 2022-09-29.
        let q = Self.quantitative(observations: [("2022-Q2", "62"), ("2022-Q3", "75")])
        #expect(Evaluator.evaluate(q, asOf: Self.day("2022-09-29")).latest?.period.text == "2022-Q2")
        #expect(Evaluator.evaluate(q, asOf: Self.day("2022-09-30")).status == .achieved)
    }

    @Test func increaseAchievedAtOrAboveTarget() {
        #expect(status(Self.quantitative(observations: [("2022-06", "70")]), "2022-09-30") == .achieved)
        #expect(status(Self.quantitative(observations: [("2022-06", "69.99")]), "2022-09-30") != .achieved)
    }

    @Test func decreaseAchievedAtOrBelowTarget() {
        let i = Self.quantitative(direction: .decrease, target: "30", baseline: ("2021", "40"), observations: [("2022-06", "30")])
        #expect(status(i, "2022-09-30") == .achieved)
        let j = Self.quantitative(direction: .decrease, target: "30", baseline: ("2021", "40"), observations: [("2022-06", "30.1")])
        #expect(status(j, "2022-09-30") != .achieved)
    }

    @Test func equalOpNeedsTheExactValue() {
        let exact = Self.quantitative(op: .equal, target: "5", baseline: nil, observations: [("2022-06", "5")])
        let over = Self.quantitative(op: .equal, target: "5", baseline: nil, observations: [("2022-06", "6")])
        #expect(status(exact, "2022-09-30") == .achieved)
        #expect(status(over, "2022-09-30") == .inProgress)
    }

    @Test func explicitOpOverridesDirection() {
        // Increase with op <=: a cap.
        let i = Self.quantitative(direction: .increase, op: .atMost, target: "10", baseline: nil, observations: [("2022-06", "8")])
        #expect(status(i, "2022-09-30") == .achieved)
    }

    @Test func notAchievedAfterDeadlineIsMissed() {
        let i = Self.quantitative(by: "2022-06-30", observations: [("2022-06", "65")])
        #expect(status(i, "2022-07-01") == .missed)
        // On the deadline itself it is not yet missed.
        #expect(status(i, "2022-06-30") != .missed)
        // Achieved wins over missed.
        #expect(status(Self.quantitative(by: "2022-06-30", observations: [("2022-06", "70")]), "2022-12-31") == .achieved)
    }

    @Test func onTrackAtOrBeyondTheStraightLine() {
        // Baseline 60 at 2021-12-31, target 70 at 2022-12-31; at 2022-06-30 the line is 60 + 10 * 181/365.
        let expected = 60 + 10 * 181.0 / 365
        let at = Self.quantitative(observations: [("2022-06", String(format: "%.6f", expected + 0.000001))])
        let below = Self.quantitative(observations: [("2022-06", String(format: "%.6f", expected - 0.01))])
        #expect(status(at, "2022-09-30") == .onTrack)
        #expect(status(below, "2022-09-30") == .behind)
        let e = Evaluator.evaluate(below, asOf: Self.day("2022-09-30"))
        #expect(abs((e.expected ?? 0) - expected) < 1e-9)
    }

    @Test func decreaseTrajectoryComparesDownwards() {
        // 40 → 30 over 2022; at mid-year the line is about 35.04.
        let ahead = Self.quantitative(direction: .decrease, target: "30", baseline: ("2021", "40"), observations: [("2022-06", "34")])
        let behind = Self.quantitative(direction: .decrease, target: "30", baseline: ("2021", "40"), observations: [("2022-06", "36")])
        #expect(status(ahead, "2022-09-30") == .onTrack)
        #expect(status(behind, "2022-09-30") == .behind)
    }

    @Test func withoutBaselineNotAchievedIsInProgress() {
        #expect(status(Self.quantitative(baseline: nil, observations: [("2022-06", "65")]), "2022-09-30") == .inProgress)
    }

    @Test func progressIsClampedShareOfTheWay() {
        let half = Evaluator.evaluate(Self.quantitative(observations: [("2022-06", "65")]), asOf: Self.day("2022-09-30"))
        #expect(half.progress == 0.5)
        let worse = Evaluator.evaluate(Self.quantitative(observations: [("2022-06", "55")]), asOf: Self.day("2022-09-30"))
        #expect(worse.progress == 0)
        let over = Evaluator.evaluate(Self.quantitative(observations: [("2022-06", "90")]), asOf: Self.day("2022-09-30"))
        #expect(over.progress == 1)
        let noBaseline = Evaluator.evaluate(Self.quantitative(baseline: nil, observations: [("2022-06", "35")]), asOf: Self.day("2022-09-30"))
        #expect(noBaseline.progress == nil)
        #expect(noBaseline.bar == 0.5)
    }

    @Test func milestoneRules() {
        #expect(status(Self.milestone(updates: []), "2022-09-30") == .noData)
        #expect(status(Self.milestone(updates: [("2022-03-31", .notStarted, nil)]), "2022-09-30") == .noData)
        #expect(status(Self.milestone(updates: [("2022-03-31", .inProgress, "20")]), "2022-09-30") == .inProgress)
        #expect(status(Self.milestone(updates: [("2022-03-31", .suspended, nil)]), "2022-09-30") == .behind)
        #expect(status(Self.milestone(updates: [("2022-03-31", .done, nil)]), "2022-09-30") == .achieved)
        // The latest update on or before as_of decides.
        let m = Self.milestone(updates: [("2022-03-31", .inProgress, "20"), ("2022-10-31", .done, nil)])
        #expect(status(m, "2022-09-30") == .inProgress)
        #expect(status(m, "2022-10-31") == .achieved)
        // Past the deadline and not done: missed, whatever the stage.
        #expect(status(Self.milestone(by: "2022-06-30", updates: [("2022-03-31", .suspended, nil)]), "2022-09-30") == .missed)
        #expect(status(Self.milestone(by: "2022-06-30", updates: []), "2022-09-30") == .missed)
        #expect(status(Self.milestone(by: "2022-06-30", updates: [("2022-06-01", .done, nil)]), "2022-09-30") == .achieved)
    }

    /// A site's indicators are judged on every core (`evaluate(site)`):
    /// each evaluation in its indicator's place, as judging them one by one gives.
    @Test func aSiteIsJudgedInTheOrderOfItsIndicators() {
        var indicators: [Indicator] = []
        for n in 0..<300 {
            // Each status and latest period at its own place (none repeats its neighbours').
            let months = (1...(n % 12 + 1)).map { (String(format: "2022-%02d", $0), String(50 + (n * 7 + $0 * 3) % 40)) }
            var i = n % 5 == 4 ? Self.milestone(updates: [(String(format: "2022-%02d-15", n % 12 + 1), .inProgress, String(n % 100))])
                : Self.quantitative(direction: n % 2 == 0 ? .increase : .decrease, observations: months)
            i.id = "i\(n)"
            indicators.append(i)
        }
        let site = Site(config: SiteConfig(title: "t", organization: "o"), plans: [], indicators: indicators, files: [])
        let asOf = Evaluator.asOf(site)
        let evaluated = Parallel.with(jobs: 2) { Evaluator.evaluate(site) }
        let one = indicators.map { Evaluator.evaluate($0, asOf: asOf) }
        #expect(evaluated.evaluations.count == indicators.count)
        #expect(evaluated.evaluations.map(\.status) == one.map(\.status))
        #expect(evaluated.evaluations.map { $0.latest?.period.text } == one.map { $0.latest?.period.text })
        #expect(evaluated.evaluations.map { $0.latestUpdate?.percent?.text } == one.map { $0.latestUpdate?.percent?.text })
        #expect(evaluated.evaluations.map(\.progress) == one.map(\.progress))
    }

    @Test func asOfDefaultsToTheLatestDateInTheSite() {
        let site = Site(config: SiteConfig(title: "t", organization: "o"), plans: [],
                        indicators: [Self.quantitative(observations: [("2022-Q2", "1")]),
                                     Self.milestone(updates: [("2022-05-15", .inProgress, nil)])], files: [])
        #expect(Evaluator.asOf(site)?.description == "2022-06-30")
    }
}
