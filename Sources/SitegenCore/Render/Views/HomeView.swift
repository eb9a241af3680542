import Foundation

/// The home page: counts by status, area and plan, the newest plans and
/// what changed since the last report.
extension SiteRenderer {
    func homeView(_ rows: [OpenData.Row]) -> [String: Any] {
        let total = rows.count
        let statusCounts = Status.allCases.map { status -> [String: Any] in
            let n = rows.filter { $0.evaluation.status == status }.count
            let share = total > 0 ? Double(n) / Double(total) : 0
            return ["code": status.rawValue, "name": text.statusName(status), "count": String(n),
                    "percent": NumberText.format(share * 100, maxFractionDigits: 1),
                    "href": Routes.status(status), "hasAny": n > 0]
        }
        func groups(_ key: (Indicator) -> String?, path: ((String) -> String)?) -> [[String: Any]] {
            let names = orderedUnique(rows.compactMap { key($0.indicator) })
            // Counts by status for each name, without copying rows.
            var counts: [String: [Status: Int]] = [:]
            for row in rows { if let k = key(row.indicator) { counts[k, default: [:]][row.evaluation.status, default: 0] += 1 } }
            return names.map { name in
                let byStatus = counts[name] ?? [:]
                var g: [String: Any] = ["name": Escape.html(name), "total": String(byStatus.values.reduce(0, +)),
                                        "counts": Status.allCases.map { s in String(byStatus[s] ?? 0) }]
                if let path { g["href"] = path(name) }
                return g
            }
        }
        // The newest plans; the plan index has them all.
        let newest = index.plansNewestFirst.prefix(Self.homePlanLimit)
        var view: [String: Any] = ["total": String(total), "statusCounts": statusCounts,
                "statusHeaders": Status.allCases.map { ["code": $0.rawValue, "name": text.statusName($0)] },
                "areas": groups({ $0.area }, path: areaHref), "owners": groups({ $0.owner }, path: nil),
                "hasPlans": !site.plans.isEmpty, "indicatorWord": Escape.html(text.indicatorWord(total)),
                "planCount": String(site.plans.count), "plansIndex": Routes.plans]
        view.merge(planEntries(newest, root: "")) { _, new in new }
        if site.plans.count > newest.count {
            view["newestPlans"] = Escape.html(IndicatorSummary(text: text).fill(text.words.newestPlans, ["count": String(newest.count)]))
        }
        if let changes = evaluated.changes { view["changes"] = changesView(changes, rows) }
        return view
    }

    static let changeListLimit = 100

    /// The home page lists this many of the newest plans.
    static let homePlanLimit = 20

    /// The home page's "since the last report" section.
    func changesView(_ changes: ReportChanges, _ rows: [OpenData.Row]) -> [String: Any] {
        func link(_ index: Int) -> [String: String] {
            let i = rows[index].indicator
            return ["name": Escape.html(i.name), "href": Routes.indicator(i.id)]
        }
        let summary = IndicatorSummary(text: text)
        let statusChanges = changes.statusChanges.map { c -> [String: String] in
            var v = link(c.index)
            v["from"] = badge(c.from)
            v["to"] = badge(c.to)
            return v
        }
        var newData = changes.newObservations.map { n -> [String: String] in
            var v = link(n.index)
            v["what"] = Escape.html(text.format(n.observation.period) + " " + valueText(n.observation.value, rows[n.index].indicator.unit))
            return v
        }
        newData += changes.newUpdates.map { n -> [String: String] in
            var v = link(n.index)
            let percent = n.update.percent.map { " \($0.text)%" } ?? ""
            v["what"] = Escape.html(text.format(n.update.date) + " " + text.stageName(n.update.stage) + percent)
            return v
        }
        let milestones = changes.milestonesReached.map { index -> [String: String] in
            var v = link(index)
            v["what"] = Escape.html(rows[index].evaluation.latestUpdate.map { text.format($0.date) } ?? "")
            return v
        }
        /// Long lists are cut: the open data has everything.
        func capped(_ items: [[String: String]]) -> [[String: String]] { Array(items.prefix(Self.changeListLimit)) }
        func more(_ items: [[String: String]]) -> String? {
            guard items.count > Self.changeListLimit else { return nil }
            return Escape.html(summary.fill(text.words.andMore, ["count": String(items.count - Self.changeListLimit)]))
        }
        var view: [String: Any] = [
            "period": Escape.html(summary.fill(text.words.reportPeriod, ["from": text.format(changes.from), "to": text.format(changes.to)])),
            "statusChanges": capped(statusChanges), "hasStatusChanges": !statusChanges.isEmpty, "statusChangeCount": String(statusChanges.count),
            "newData": capped(newData), "hasNewData": !newData.isEmpty, "newDataCount": String(newData.count),
            "milestones": capped(milestones), "hasMilestones": !milestones.isEmpty, "milestoneCount": String(milestones.count),
        ]
        let corrections = correctionLines(rows, after: changes.from, through: changes.to).map { c -> [String: String] in
            var v = link(c.index)
            v["what"] = Escape.html(c.text)
            return v
        }
        view["corrections"] = capped(corrections)
        view["hasCorrections"] = !corrections.isEmpty
        view["correctionCount"] = String(corrections.count)
        view["correctionsTitle"] = Escape.html(text.gov.corrections)
        // Only present when there is more: an empty string would still open a section.
        view["moreStatusChanges"] = more(statusChanges)
        view["moreNewData"] = more(newData)
        view["moreMilestones"] = more(milestones)
        return view
    }

}
