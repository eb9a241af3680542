import Testing
@testable import SitegenCore

/// The quotable sentence and the "how was this judged" facts.
@Suite struct IndicatorSummaryTests {
    static func water(_ observations: [(String, String)], unit: String = "%", op: TargetOp = .atLeast,
                      baseline: String? = "60.7", target: String = "69.7") -> Indicator {
        Indicator(id: "w", plan: "p", name: "水质优良比例", area: "水", kind: .quantitative, unit: unit,
                  direction: op == .atMost ? .decrease : .increase,
                  target: Target(value: DecimalNumber(target), op: op, by: Day(iso: "2022-12-31")!, text: nil),
                  baseline: baseline.map { Baseline(period: Period("2021")!, value: DecimalNumber($0)!) },
                  owner: nil, section: nil, source: nil,
                  observations: observations.map { Observation(period: Period($0.0)!, value: DecimalNumber($0.1)!) },
                  updates: [], location: SourceLocation(path: "x"))
    }

    static let asOf = Day(iso: "2022-09-30")
    static let zh = IndicatorSummary(text: .chinese)
    static let en = IndicatorSummary(text: .english)

    static func sentence(_ i: Indicator, _ s: IndicatorSummary = zh) -> String {
        s.sentence(i, Evaluator.evaluate(i, asOf: asOf), asOf: asOf)
    }

    @Test func theIssuesExample() {
        let i = Self.water([("2022-09", "66.7")])
        #expect(Self.sentence(i) == "截至2022年9月底为66.7%，较基准提高6.0个百分点，距目标69.7%还差3.0个百分点，进度滞后。")
        #expect(Self.sentence(i, Self.en)
            == "By the end of Sep 2022 it was 66.7%, up 6.0 percentage points on the baseline, 3.0 percentage points short of the target of 69.7%, behind schedule.")
    }

    @Test func targetMetQuarterAndNoBaseline() {
        let i = Self.water([("2022-Q3", "70")], baseline: nil)
        #expect(Self.sentence(i) == "截至2022年第三季度末为70%，已达到目标69.7%，已完成。")
    }

    @Test func decreasingIndicatorWithOtherUnit() {
        let i = Self.water([("2022-06", "38")], unit: "μg/m³", op: .atMost, baseline: "42", target: "35")
        #expect(Self.sentence(i) == "截至2022年6月底为38μg/m³，较基准下降4μg/m³，距目标35μg/m³还差3μg/m³，进展顺利。")
    }

    @Test func noDataSaysSo() {
        #expect(Self.sentence(Self.water([])) == "截至2022年9月30日尚无数据。")
        #expect(Self.sentence(Self.water([("2022-12", "1")])) == "截至2022年9月30日尚无数据。")
    }

    @Test func milestoneSentences() {
        var m = Self.water([])
        m.kind = .milestone
        m.target = Target(value: nil, op: .equal, by: Day(iso: "2022-12-31")!, text: nil)
        m.updates = [MilestoneUpdate(date: Day(iso: "2022-08-15")!, stage: .inProgress, percent: DecimalNumber("60"), note: nil)]
        #expect(Self.sentence(m) == "截至2022年9月30日，最新进展为推进中，完成60%（2022年8月15日），完成时限为2022年12月31日，正在推进。")
        m.updates.append(MilestoneUpdate(date: Day(iso: "2022-09-20")!, stage: .done, percent: nil, note: nil))
        #expect(Self.sentence(m) == "截至2022年9月30日，已于2022年9月20日完成。")
    }

    @Test func explanationNamesTheRuleAndTheExpectedValue() {
        let i = Self.water([("2022-09", "66.7")])
        let e = Evaluator.evaluate(i, asOf: Self.asOf)
        let facts = Self.zh.explanation(i, e, asOf: Self.asOf, target: "≥ 69.7%")
        #expect(facts.map(\.label) == ["最新值", "按计划应达到", "目标", "完成时限", "判定规则", "统计截止日期"])
        // 60.7 at 2021-12-31 → 69.7 at 2022-12-31; at 2022-09-30 (273 of 365 days): 67.43.
        #expect(facts[1].value.hasPrefix("2022年9月应为67.43%"))
        #expect(facts[4].value == "最新值低于按直线推算的应达值，判为“进度滞后”。")
        #expect(facts[5].value == "2022年9月30日")
    }
}
