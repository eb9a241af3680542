import Foundation

/// The plan index (`plans/index.html`, page-2.html, …) and the plan
/// entries it shares with the home page.
extension SiteRenderer {
    /// One page of the plan index: its plans, newest first, and links to
    /// every page.
    func planIndexView(page: Int) -> [String: Any] {
        let all = index.plansNewestFirst
        let start = min((page - 1) * listPageSize, all.count)
        var view = planEntries(all[start..<min(start + listPageSize, all.count)], root: "../")
        view["count"] = String(all.count)
        view["planWord"] = Escape.html(text.planWord(all.count))
        view["hasPlans"] = !all.isEmpty
        view.merge(paginationView(all.count, page: page, first: Routes.plans)) { _, new in new }
        return view
    }

    /// Plans (positions in `site.plans`) as the ready rows `plansHTML`
    /// (links start with `root`) and, only when a template names it, the
    /// list `plans` (`href` from the site root): title, issuer, date
    /// published, indicator count, summary and the count of each status present.
    func planEntries(_ positions: ArraySlice<Int>, root: String) -> [String: Any] {
        var plansHTML = ""
        var plans: [[String: Any]] = []
        for position in positions {
            let plan = site.plans[position]
            var byStatus: [Status: Int] = [:]
            for k in index.byPlan[plan.slug] ?? [] { byStatus[rows[k].evaluation.status, default: 0] += 1 }
            let title = Escape.html(plan.title), href = Routes.plan(plan.slug), issuer = Escape.html(plan.issuer)
            let published = text.format(plan.published), summary = plan.summary.map(Escape.html)
            let total = String(index.byPlan[plan.slug]?.count ?? 0)
            let present = Status.allCases.filter { (byStatus[$0] ?? 0) > 0 }
            plansHTML += "  <li>\n    <h3><a href=\"" + root + href + "\">" + title + "</a></h3>\n    <p class=\"meta\">" + issuer + " · "
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
        var view: [String: Any] = ["plansHTML": plansHTML]
        if namedLists.contains("plans") { view["plans"] = plans }
        return view
    }
}
