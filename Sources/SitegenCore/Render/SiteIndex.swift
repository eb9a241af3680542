/// The site's indicators with their evaluations, in site order, and the
/// ways pages look them up: by id, plan, status and area (positions in
/// `rows`, not copies: a large site has 100,000 rows), plans by slug, and
/// the area slugs of the area pages' addresses.
struct SiteIndex {
    private(set) var rows: [OpenData.Row]
    let byID: [String: Int]
    let byPlan: [String: [Int]]
    private(set) var byStatus: [Status: [Int]]
    let byArea: [String: [Int]]
    private(set) var plansBySlug: [String: Plan]
    /// Each plan's file by its slug (a page's inputs name it: no copy of the plan).
    private(set) var planPaths: [String: String]
    /// Positions in `site.plans`, newest first: by year, date published,
    /// then slug, all descending (the home page and the plan index).
    private(set) var plansNewestFirst: [Int]
    /// Areas in site order.
    let areas: [String]
    /// Area pages use the area's slug; areas whose slugs clash get -1, -2.
    let areaSlugs: [String: String]

    init(_ evaluated: EvaluatedSite) {
        let site = evaluated.site
        let rows = OpenData.Rows(evaluated).all
        self.rows = rows
        byID = Dictionary(rows.indices.map { (rows[$0].indicator.id, $0) }, uniquingKeysWith: { a, _ in a })
        byPlan = Dictionary(grouping: rows.indices, by: { rows[$0].indicator.plan })
        byStatus = Dictionary(grouping: rows.indices, by: { rows[$0].evaluation.status })
        byArea = Dictionary(grouping: rows.indices, by: { rows[$0].indicator.area })
        plansBySlug = Dictionary(site.plans.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        planPaths = plansBySlug.mapValues(\.path)
        plansNewestFirst = Self.newestFirst(site.plans)
        areas = orderedUnique(site.indicators.map(\.area))
        areaSlugs = Dictionary(uniqueKeysWithValues: zip(areas, HeadingIDs.assign(areas)))
    }

    static func newestFirst(_ plans: [Plan]) -> [Int] {
        plans.indices.sorted { a, b in
            let x = plans[a], y = plans[b]
            return (x.year, x.published, x.slug) > (y.year, y.published, y.slug)
        }
    }

    func row(id: String) -> OpenData.Row? { byID[id].map { rows[$0] } }
    func rows(_ indexes: [Int]?) -> [OpenData.Row] { (indexes ?? []).map { rows[$0] } }
}

/// `items` without repeats, in first-seen order.
func orderedUnique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}

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
        self = previous
        self.rows = rows
        self.byStatus = byStatus
    }

    /// The index of `evaluated`, which is the site of `previous` with the
    /// plan at `changed` (a position in `site.plans`) replaced by a plan
    /// of the same slug: the rows (they show the site they are made from),
    /// the plan by its slug and, when its year or date published moved,
    /// the order of the plans change; its indicators are the same.
    init(_ evaluated: EvaluatedSite, replacingPlan changed: Int, in previous: SiteIndex) {
        let plan = evaluated.site.plans[changed], before = previous.plansBySlug[plan.slug]
        self = previous
        rows = OpenData.Rows(evaluated).all
        plansBySlug[plan.slug] = plan
        planPaths[plan.slug] = plan.path
        if before?.year != plan.year || before?.published != plan.published {
            plansNewestFirst = Self.newestFirst(evaluated.site.plans)
        }
    }
}
