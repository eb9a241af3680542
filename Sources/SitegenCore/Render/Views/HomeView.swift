import Foundation

/// The home page: counts by status, area and plan, the plan list and
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
        // The plan list, newest first, as ready rows (`plansHTML`); as a
        // list (`plans`) only when a template names it.
        var plansHTML = ""
        var plans: [[String: Any]] = []
        for plan in site.plans.sorted(by: { ($0.year, $0.published, $0.slug) > ($1.year, $1.published, $1.slug) }) {
            var byStatus: [Status: Int] = [:]
            for k in index.byPlan[plan.slug] ?? [] { byStatus[rows[k].evaluation.status, default: 0] += 1 }
            let title = Escape.html(plan.title), href = Routes.plan(plan.slug), issuer = Escape.html(plan.issuer)
            let published = text.format(plan.published), summary = plan.summary.map(Escape.html)
            let total = String(index.byPlan[plan.slug]?.count ?? 0)
            let present = Status.allCases.filter { (byStatus[$0] ?? 0) > 0 }
            plansHTML += "  <li>\n    <h3><a href=\"" + href + "\">" + title + "</a></h3>\n    <p class=\"meta\">" + issuer + " · "
                + published + " · " + total + " " + Escape.html(text.indicatorWord(index.byPlan[plan.slug]?.count ?? 0)) + "</p>\n    " + (summary.map { "<p>" + $0 + "</p>" } ?? "")
                + "\n    <ul class=\"inline-counts\">"
            for s in present { plansHTML += "<li>" + badge(s) + " " + String(byStatus[s] ?? 0) + "</li>" }
            plansHTML += "</ul>\n  </li>\n"
            if namedLists.contains("plans") {
                var item: [String: Any] = [
                    "title": title, "href": href, "issuer": issuer, "year": String(plan.year), "published": published, "total": total,
                    "counts": present.map { ["code": $0.rawValue, "name": text.statusName($0), "count": String(byStatus[$0] ?? 0)] }]
                if let summary { item["summary"] = summary }  // absent, not nil: see frameView
                plans.append(item)
            }
        }
        var view: [String: Any] = ["total": String(total), "statusCounts": statusCounts,
                "statusHeaders": Status.allCases.map { ["code": $0.rawValue, "name": text.statusName($0)] },
                "areas": groups({ $0.area }, path: areaHref), "owners": groups({ $0.owner }, path: nil),
                "plansHTML": plansHTML, "hasPlans": !site.plans.isEmpty, "indicatorWord": Escape.html(text.indicatorWord(total))]
        if namedLists.contains("plans") { view["plans"] = plans }
        if let changes = evaluated.changes { view["changes"] = changesView(changes, rows) }
        return view
    }

    static let changeListLimit = 100

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
