/// The words of an indicator page: one sentence a citizen can quote, and
/// the facts behind its status ("how was this judged"). Pure: indicator +
/// evaluation + reporting date + interface text → plain strings (the caller
/// escapes them).
struct IndicatorSummary {
    let text: InterfaceText

    struct Fact: Equatable {
        var label: String
        var value: String
    }

    // MARK: The sentence

    /// e.g. "截至2022年9月底为66.7%，较基准提高6.0个百分点，距目标69.7%还差3.0个百分点，进度滞后。"
    func sentence(_ i: Indicator, _ e: Evaluation, asOf: Day?) -> String {
        let w = text.words
        var clauses: [String] = []
        switch i.kind {
        case .quantitative:
            guard let latest = e.latest else { return noDataSentence(asOf) }
            let unit = i.unit ?? ""
            let digits = Self.fractionDigits(i, latest: latest.value)
            clauses.append(fill(w.valueAt, ["when": asOfPhrase(latest.period), "value": latest.value.text + unit]))
            if let baseline = i.baseline {
                let change = latest.value.value - baseline.value.value
                let amount = deltaText(abs(change), digits: digits, unit: unit)
                if abs(change) < 1e-9 { clauses.append(w.sameAsBaseline) }
                else { clauses.append(fill(change > 0 ? w.upOnBaseline : w.downOnBaseline, ["amount": amount])) }
            }
            if let target = i.target.value {
                let targetText = target.text + unit
                if e.status == .achieved {
                    clauses.append(fill(w.targetMet, ["target": targetText]))
                } else {
                    let gap: Double
                    switch i.target.op {
                    case .atLeast: gap = target.value - latest.value.value
                    case .atMost: gap = latest.value.value - target.value
                    case .equal: gap = abs(latest.value.value - target.value)
                    }
                    clauses.append(fill(w.targetGap, ["target": targetText,
                                                      "amount": deltaText(max(0, gap), digits: digits, unit: unit)]))
                }
            }
        case .milestone:
            guard let update = e.latestUpdate else {
                guard let asOf else { return noDataSentence(nil) }
                clauses.append(fill(w.milestoneNotStarted, ["when": text.format(asOf)]))
                clauses.append(fill(w.deadlineIs, ["date": text.format(i.target.by)]))
                clauses.append(w.statusPhrase[e.status] ?? text.statusName(e.status))
                return join(clauses)
            }
            if update.stage == .done {
                return join([fill(w.milestoneDone, ["when": text.format(asOf ?? update.date), "date": text.format(update.date)])])
            }
            var stage = text.stageName(update.stage)
            if let p = update.percent, update.stage != .done { stage += fill(w.percentDone, ["percent": p.text + "%"]) }
            clauses.append(fill(w.milestoneAt, ["when": text.format(asOf ?? update.date),
                                                "date": text.format(update.date), "stage": stage]))
            if e.status != .achieved { clauses.append(fill(w.deadlineIs, ["date": text.format(i.target.by)])) }
        }
        clauses.append(w.statusPhrase[e.status] ?? text.statusName(e.status))
        return join(clauses)
    }

    private func noDataSentence(_ asOf: Day?) -> String {
        guard let asOf else { return text.words.noDataYet }
        return join([fill(text.words.noDataAt, ["when": text.format(asOf)])])
    }

    /// "截至2022年9月底" for a month, "…第三季度末" for a quarter, "截至2022年9月30日" for a day.
    func asOfPhrase(_ period: Period) -> String {
        let w = text.words
        switch period.kind {
        case .year, .month: return fill(w.byEndOf, ["period": text.format(period)])
        case .quarter: return fill(w.byEndOfQuarter, ["period": text.format(period)])
        case .day: return fill(w.asOfDay, ["period": text.format(period)])
        }
    }

    /// A difference with its unit: "3.0个百分点" for %, "5天", "1.2 μg/m³".
    func deltaText(_ amount: Double, digits: Int, unit: String) -> String {
        let number = NumberText.fixed(amount, digits: digits)
        return unit == "%" ? number + text.words.percentagePoints : number + unit
    }

    /// As many decimals as the most precise of baseline, target and value.
    static func fractionDigits(_ i: Indicator, latest: DecimalNumber) -> Int {
        max(decimals(latest), i.target.value.map(decimals) ?? 0, i.baseline.map { decimals($0.value) } ?? 0)
    }

    /// The digits after a number's point (its text is canonical: ASCII,
    /// at most one point).
    private static func decimals(_ n: DecimalNumber) -> Int {
        let utf8 = n.text.utf8
        guard let point = utf8.firstIndex(of: 0x2E) else { return 0 }
        return utf8.distance(from: point, to: utf8.endIndex) - 1
    }

    private func join(_ clauses: [String]) -> String {
        clauses.joined(separator: text.words.clauseSeparator) + text.words.fullStop
    }

    /// The pattern with each `{name}` replaced by its value.
    /// Scans UTF-8 bytes (the braces are ASCII; every indicator page fills several).
    /// The values are a few pairs, looked up by comparing names (no
    /// dictionary made and hashed for each sentence).
    func fill(_ pattern: String, _ values: KeyValuePairs<String, String>) -> String {
        var out = ""
        out.reserveCapacity(pattern.utf8.count + 32)
        var rest = Substring(pattern)
        while let open = rest.utf8.firstIndex(of: 123) {  // {
            out += rest[..<open]
            guard let close = rest.utf8[open...].firstIndex(of: 125) else { return out + rest[open...] }  // }
            let name = rest[rest.utf8.index(after: open)..<close]
            out += values.first { $0.key == name }?.value ?? String(rest[open...close])
            rest = rest[rest.utf8.index(after: close)...]
        }
        return out + rest
    }

    // MARK: How the status was judged

    func explanation(_ i: Indicator, _ e: Evaluation, asOf: Day?, target: String) -> [Fact] {
        let w = text.words
        var facts: [Fact] = []
        let unit = i.unit ?? ""
        if let latest = e.latest {
            facts.append(Fact(label: text.latest, value: latest.value.text + unit + text.paren(text.format(latest.period))))
        } else if let u = e.latestUpdate {
            var v = text.stageName(u.stage)
            if let p = u.percent { v += " " + p.text + "%" }
            facts.append(Fact(label: text.latest, value: v + text.paren(text.format(u.date))))
        } else {
            facts.append(Fact(label: text.latest, value: text.noData))
        }
        if let expected = e.expected, let latest = e.latest, let baseline = i.baseline {
            let digits = Self.fractionDigits(i, latest: latest.value) + 1
            let value = NumberText.fixed(expected, digits: digits) + unit
            facts.append(Fact(label: w.expectedLabel,
                              value: fill(w.expectedValue, ["value": value, "period": text.format(latest.period),
                                                            "baseline": baseline.value.text + unit,
                                                            "baselinePeriod": text.format(baseline.period),
                                                            "target": (i.target.value?.text ?? "") + unit,
                                                            "by": text.format(i.target.by)])))
        }
        facts.append(Fact(label: text.target, value: target))
        facts.append(Fact(label: text.deadline, value: text.format(i.target.by)))
        facts.append(Fact(label: w.ruleLabel, value: w.ruleText[e.rule] ?? e.rule.rawValue))
        // Not `asOf.map(text.format)`: that method value holds a copy of the texts.
        let reported = if let asOf { text.format(asOf) } else { text.noData }
        facts.append(Fact(label: text.reportingDate, value: reported))
        return facts
    }
}

/// Sentence patterns of one language; `{name}` marks a blank.
struct SentenceWords: Sendable {
    var byEndOf: String
    var byEndOfQuarter: String
    var asOfDay: String
    var valueAt: String
    var upOnBaseline: String
    var downOnBaseline: String
    var sameAsBaseline: String
    var targetGap: String
    var targetMet: String
    var percentagePoints: String
    var milestoneAt: String
    var milestoneNotStarted: String
    var milestoneDone: String
    var percentDone: String
    var deadlineIs: String
    var noDataAt: String
    var noDataYet: String
    var clauseSeparator: String
    var fullStop: String
    var statusPhrase: [Status: String]
    var expectedLabel: String
    var expectedValue: String
    var ruleLabel: String
    var reportPeriod: String
    var andMore: String
    var pageOf: String
    /// Above the home page's plans when it shows only the newest.
    var newestPlans: String
    var reportEntry: String
    var ruleText: [StatusRule: String]

    static let chinese = SentenceWords(
        byEndOf: "截至{period}底", byEndOfQuarter: "截至{period}末", asOfDay: "截至{period}",
        valueAt: "{when}为{value}", upOnBaseline: "较基准提高{amount}", downOnBaseline: "较基准下降{amount}",
        sameAsBaseline: "与基准持平", targetGap: "距目标{target}还差{amount}", targetMet: "已达到目标{target}",
        percentagePoints: "个百分点",
        milestoneAt: "截至{when}，最新进展为{stage}（{date}）", milestoneNotStarted: "截至{when}尚未报告进展", milestoneDone: "截至{when}，已于{date}完成",
        percentDone: "，完成{percent}", deadlineIs: "完成时限为{date}",
        noDataAt: "截至{when}尚无数据", noDataYet: "尚无数据。", clauseSeparator: "，", fullStop: "。",
        statusPhrase: [.achieved: "已完成", .onTrack: "进展顺利", .inProgress: "正在推进", .behind: "进度滞后",
                       .missed: "未按期完成", .noData: "暂无数据"],
        expectedLabel: "按计划应达到",
        expectedValue: "{period}应为{value}（从{baselinePeriod}的基准{baseline}到{by}的目标{target}按直线推算）",
        ruleLabel: "判定规则",
        reportPeriod: "{from}至{to}", andMore: "另有{count}项，完整数据见开放数据。", pageOf: "第{page}页，共{pages}页",
        newestPlans: "最新发布的{count}份（按年度和发布日期）。",
        reportEntry: "{to}进展报告：{changes}项指标状态变化，新增{observations}个数据，{milestones}项里程碑任务完成",
        ruleText: [
            .noObservation: "统计截止日期前没有观测值，判为“暂无数据”。",
            .targetMet: "最新值已达到目标，判为“已完成”。",
            .pastDeadline: "统计截止日期已过完成时限，目标仍未达到，判为“未完成”。",
            .atOrBeyondTrajectory: "最新值达到或超过按直线推算的应达值，判为“进展顺利”。",
            .shortOfTrajectory: "最新值低于按直线推算的应达值，判为“进度滞后”。",
            .noBaseline: "尚未达到目标，且没有基准值可推算应达值，判为“推进中”。",
            .milestoneDone: "最新进展为“已完成”，判为“已完成”。",
            .milestoneSuspended: "最新进展为“暂停”，判为“进度滞后”。",
            .milestoneInProgress: "最新进展为“推进中”，且未过完成时限，判为“推进中”。",
            .milestoneNotStarted: "统计截止日期前没有进展记录或尚未启动，判为“暂无数据”。",
        ])

    static let english = SentenceWords(
        byEndOf: "By the end of {period}", byEndOfQuarter: "By the end of {period}", asOfDay: "As of {period}",
        valueAt: "{when} it was {value}", upOnBaseline: "up {amount} on the baseline",
        downOnBaseline: "down {amount} on the baseline", sameAsBaseline: "unchanged from the baseline",
        targetGap: "{amount} short of the target of {target}", targetMet: "meeting the target of {target}",
        percentagePoints: " percentage points",
        milestoneAt: "As of {when} the latest update ({date}) says {stage}",
        milestoneNotStarted: "As of {when} no progress has been reported",
        milestoneDone: "As of {when} it is done: completed on {date}", percentDone: ", {percent} complete",
        deadlineIs: "the deadline is {date}", noDataAt: "As of {when} there is no data yet", noDataYet: "No data yet.",
        clauseSeparator: ", ", fullStop: ".",
        statusPhrase: [.achieved: "achieved", .onTrack: "on track", .inProgress: "in progress",
                       .behind: "behind schedule", .missed: "missed", .noData: "no data yet"],
        expectedLabel: "Expected by plan",
        expectedValue: "{value} for {period} (a straight line from the baseline {baseline} in {baselinePeriod} to the target {target} by {by})",
        ruleLabel: "Rule applied",
        reportPeriod: "{from} to {to}", andMore: "{count} more: the open data lists them all.", pageOf: "Page {page} of {pages}",
        newestPlans: "The {count} newest (by year and date published).",
        reportEntry: "Report of {to}: {changes} status changes, {observations} new data points, {milestones} milestones reached",
        ruleText: [
            .noObservation: "No observation on or before the reporting date: no data.",
            .targetMet: "The latest value meets the target: achieved.",
            .pastDeadline: "The deadline has passed and the target is not met: missed.",
            .atOrBeyondTrajectory: "The latest value is at or beyond the straight-line value expected for its period: on track.",
            .shortOfTrajectory: "The latest value falls short of the straight-line value expected for its period: behind.",
            .noBaseline: "The target is not yet met and there is no baseline to draw the expected line from: in progress.",
            .milestoneDone: "The latest update says done: achieved.",
            .milestoneSuspended: "The latest update says suspended: behind.",
            .milestoneInProgress: "The latest update says in progress and the deadline has not passed: in progress.",
            .milestoneNotStarted: "No update on or before the reporting date, or not started: no data.",
        ])
}
