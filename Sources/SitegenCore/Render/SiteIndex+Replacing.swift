extension SiteIndex {
    /// The index of `evaluated`, which is the site of `previous` with the
    /// indicators at `changed` (positions) replaced by indicators of the
    /// same ids and plans: only the rows and the status lists change. Nil
    /// when a replaced indicator moved to another area (the area pages and
    /// their slugs are made from all areas): make the whole index then.
    init?(_ evaluated: EvaluatedSite, replacing changed: [Int], in previous: SiteIndex) {
        let rows = OpenData.Rows(evaluated).all
        guard rows.count == previous.rows.count,
              changed.allSatisfy({ rows.indices.contains($0) && rows[$0].indicator.area == previous.rows[$0].indicator.area })
        else { return nil }
        var byStatus = previous.byStatus
        for p in changed {
            let old = previous.rows[p].evaluation.status, new = rows[p].evaluation.status
            guard old != new else { continue }
            // Positions stay ascending and an empty status has no list, as `Dictionary(grouping:)` makes them.
            byStatus[old]?.removeAll { $0 == p }
            if byStatus[old]?.isEmpty == true { byStatus[old] = nil }
            var list = byStatus[new] ?? []
            list.insert(p, at: list.firstIndex { $0 > p } ?? list.count)
            byStatus[new] = list
        }
        self.rows = rows
        byID = previous.byID
        byPlan = previous.byPlan
        self.byStatus = byStatus
        byArea = previous.byArea
        plansBySlug = previous.plansBySlug
        plansNewestFirst = previous.plansNewestFirst
        areas = previous.areas
        areaSlugs = previous.areaSlugs
    }
}
