import Foundation

/// Everything the render stage needs, already judged.
public struct EvaluatedSite: Sendable {
    public var site: Site
    public var asOf: Day?
    /// Aligned with `site.indicators`.
    public var evaluations: [Evaluation]
    /// With `compare_to`: every indicator judged at that date, aligned too.
    public var previous: [Evaluation]? = nil
    public var changes: ReportChanges? = nil
}

/// The render stage: model → output files (pages, charts, open data).
/// Pure: reads no files but the ones it is handed (templates), so the same
/// site gives the same bytes.
struct SiteRenderer {
    let evaluated: EvaluatedSite
    let templates: TemplateSet
    let text: InterfaceText
    let chart: Chart
    /// Area pages use the area's slug; areas whose slugs clash get -1, -2.
    let areaSlugs: [String: String]
    /// The interface strings as templates see them (`t.home`, ...).
    let textView: [String: String]
    /// Indicators with their evaluations, in site order, and indexes of them.
    let rows: [OpenData.Row]
    /// Positions in `rows` (not copies: a large site has 100,000 rows).
    let indexByID: [String: Int]
    let indexesByPlan: [String: [Int]]
    let indexesByStatus: [Status: [Int]]
    let indexesByArea: [String: [Int]]

    func row(id: String) -> OpenData.Row? { indexByID[id].map { rows[$0] } }
    func rows(_ indexes: [Int]?) -> [OpenData.Row] { (indexes ?? []).map { rows[$0] } }
    let plansBySlug: [String: Plan]
    /// The layout and page templates, split once per page depth and
    /// shape of view (see `TemplateSkeleton`).
    let skeletons = TemplateSkeletons()
    /// Which of the lists that only templates with their own loops need
    /// (`rows`, `observations`, `updates`, `plans`) a template names.
    let namedLists: Set<String>
    /// False renders every page in full (tests compare the two).
    var useSkeletons = true

    private var site: Site { evaluated.site }

    init(_ evaluated: EvaluatedSite, templates: TemplateSet, listPageSize: Int = 500) {
        self.evaluated = evaluated
        self.templates = templates
        self.text = InterfaceText.forLanguage(evaluated.site.config.language)
        self.chart = Chart(text: text)
        self.textView = Self.textView(text)
        self.namedLists = Set(["rows", "observations", "updates", "plans"].filter(templates.tagsName(_:)))
        let areas = orderedUnique(evaluated.site.indicators.map(\.area))
        self.areaSlugs = Dictionary(uniqueKeysWithValues: zip(areas, HeadingIDs.assign(areas)))
        let site = evaluated.site
        let rows = site.indicators.indices.map {
            OpenData.Row(indicator: site.indicators[$0], evaluation: evaluated.evaluations[$0], previous: evaluated.previous?[$0])
        }
        self.rows = rows
        self.indexByID = Dictionary(rows.indices.map { (rows[$0].indicator.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.indexesByPlan = Dictionary(grouping: rows.indices, by: { rows[$0].indicator.plan })
        self.indexesByStatus = Dictionary(grouping: rows.indices, by: { rows[$0].evaluation.status })
        self.indexesByArea = Dictionary(grouping: rows.indices, by: { rows[$0].indicator.area })
        self.listPageSize = max(1, listPageSize)
        self.plansBySlug = Dictionary(site.plans.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Addresses (relative to the site root)

    static func planPath(_ slug: String) -> String { "plans/\(slug)/index.html" }
    static func indicatorPath(_ id: String) -> String { "indicators/\(id)/index.html" }
    static func statusPath(_ status: Status) -> String { "status/\(status.rawValue)/index.html" }

    func areaPath(_ area: String) -> String { "areas/\(areaSlugs[area] ?? "area")/index.html" }
    func areaHref(_ area: String) -> String { Escape.path(areaPath(area)) }

    // MARK: Render

    /// One output file to make. Each is rendered on its own, in any order
    /// and on any thread, and gives the same bytes.
    enum Job: Sendable {
        case home
        case plan(Int)
        case indicator(Int)
        /// A list page of a status or an area: page 1, 2, …
        case status(Status, page: Int)
        case area(String, page: Int)
        case feed
        case sitemap
        case indicatorsJSON, indicatorsCSV, observationsCSV
        case dataPackage
    }

    /// The open data files: the largest of a site, each made on its own.
    static let dataJobs: [Job] = [.indicatorsJSON, .observationsCSV, .indicatorsCSV, .dataPackage]

    /// The files that each show the whole site — the open data, the feed,
    /// the sitemap and the home page — first, each its own job (see
    /// `Publisher.publish(alone:)`): the largest are made while the pages
    /// are, and none is left for the end of a rebuild that remakes little else.
    var wholeSiteJobs: [Job] {
        Self.dataJobs + (site.config.baseURL != nil ? [.feed, .sitemap] : []) + [.home]
    }

    /// Every file of the site, in a fixed order: `wholeSiteJobs`, then the
    /// plan, indicator and list pages.
    func jobs() -> [Job] {
        var jobs: [Job] = wholeSiteJobs
        jobs += site.plans.indices.map { .plan($0) }
        jobs += rows.indices.map { .indicator($0) }
        for status in Status.allCases {
            jobs += (1...pageCount(indexesByStatus[status]?.count ?? 0)).map { .status(status, page: $0) }
        }
        for area in orderedUnique(site.indicators.map(\.area)) {
            jobs += (1...pageCount(indexesByArea[area]?.count ?? 0)).map { .area(area, page: $0) }
        }
        return jobs
    }

    /// Where a job's file goes, relative to the output folder.
    func path(_ job: Job) -> String {
        switch job {
        case .home: return "index.html"
        case .plan(let i): return Self.planPath(site.plans[i].slug)
        case .indicator(let i): return Self.indicatorPath(rows[i].indicator.id)
        case .status(let s, let page): return Self.pagePath(Self.statusPath(s), page)
        case .area(let a, let page): return Self.pagePath(areaPath(a), page)
        case .feed: return "feed.xml"
        case .sitemap: return "sitemap.xml"
        case .indicatorsJSON: return "data/indicators.json"
        case .indicatorsCSV: return "data/indicators.csv"
        case .observationsCSV: return "data/observations.csv"
        case .dataPackage: return "data/datapackage.json"
        }
    }

    func render(_ job: Job) -> OutputFile {
        let path = path(job)
        switch job {
        case .home:
            return page("index", path: path, title: nil, view: homeView(rows))
        case .plan(let i):
            let plan = site.plans[i]
            return page("plan", path: path, title: plan.title, view: planView(plan, rows(indexesByPlan[plan.slug])))
        case .indicator(let i):
            let row = rows[i]
            return page("indicator", path: path, title: row.indicator.name, view: indicatorView(row, plansBySlug[row.indicator.plan]))
        case .status(let status, let number):
            let title = text.statusName(status)
            return page("list", path: path, title: title,
                        view: listView(title: Escape.html(title), indexesByStatus[status] ?? [], page: number, first: Self.statusPath(status)))
        case .area(let area, let number):
            return page("list", path: path, title: area,
                        view: listView(title: Escape.html(area), indexesByArea[area] ?? [], page: number, first: areaPath(area)))
        case .feed:
            let feeds = Feeds(baseURL: site.config.baseURL ?? "", text: text)
            return .text(path, feeds.atom(title: site.config.title, author: site.config.organization,
                                          updated: evaluated.asOf, entries: feedEntries(rows)))
        case .sitemap:
            let feeds = Feeds(baseURL: site.config.baseURL ?? "", text: text)
            let pages = jobs().map(self.path).filter { $0.hasSuffix(".html") }
            return .text(path, feeds.sitemap(pages: pages, lastModified: evaluated.asOf))
        case .indicatorsJSON: return OutputFile(path: path, content: .parts(OpenData.indicatorsJSONParts(rows)))
        case .indicatorsCSV: return OutputFile(path: path, content: .parts(OpenData.indicatorsCSVParts(rows)))
        case .observationsCSV: return OutputFile(path: path, content: .parts(OpenData.observationsCSVParts(rows)))
        case .dataPackage: return .text(path, DataPackage.json(site.config, asOf: evaluated.asOf))
        }
    }

    // MARK: What each file depends on

    /// One hash of everything a job's bytes depend on: the build cache
    /// reuses the file from the last build only when it matches. `salt`
    /// covers the tool, the templates and the options; site.yaml is in
    /// every key (title, language, dates, base_url reach every page).
    func cacheKey(_ job: Job, salt: ContentHash) -> ContentHash {
        var key = salt
        let hashes = site.sourceHashes
        func add(_ path: String) {
            key.add(path)
            key.add(hashes[path] ?? ContentHash("missing"))
        }
        add("content/site.yaml")
        /// A list page shows its rows (each from one indicator file) and
        /// links to the other pages of its list.
        func addList(_ all: [Int], page: Int) {
            key.add("list")
            key.add(path(job))
            key.add("\(all.count) \(pageCount(all.count)) \(listPageSize)")
            let start = min((page - 1) * listPageSize, all.count)
            for index in all[start..<min(start + listPageSize, all.count)] {
                key.add(rows[index].indicator.id)
                add(rows[index].indicator.location.path)
            }
        }
        switch job {
        case .plan(let i):
            let plan = site.plans[i]
            key.add("plan")
            add(plan.path)
            // Its indicator table, the badges of the indicators it links,
            // the titles of its related plans.
            var files = Set((indexesByPlan[plan.slug] ?? []).map { rows[$0].indicator.location.path })
            for id in plan.body.indicatorIDs { if let row = row(id: id) { files.insert(row.indicator.location.path) } }
            for slug in plan.related { if let other = plansBySlug[slug] { files.insert(other.path) } }
            for path in files.sorted() { add(path) }
            for a in plan.attachments { key.add("\(a.file)\t\(a.size)") }
        case .indicator(let i):
            let indicator = rows[i].indicator
            key.add("indicator")
            key.add(indicator.id)
            add(indicator.location.path)
            if let plan = plansBySlug[indicator.plan] { add(plan.path) }
        case .status(let status, let page):
            addList(indexesByStatus[status] ?? [], page: page)
        case .area(let area, let page):
            key.add(area)
            addList(indexesByArea[area] ?? [], page: page)
        default:
            // The home page, feeds and open data: everything.
            key.add("site")
            key.add(path(job))
            for path in hashes.keys.sorted() { add(path) }
        }
        return key
    }

    /// The whole site at once (tests; the build streams `jobs()` instead).
    func render() -> [OutputFile] { jobs().map(render) }

    /// Plans (by publication date) and each indicator's latest observation
    /// or update on or before as_of.
    func feedEntries(_ rows: [OpenData.Row]) -> [Feeds.Entry] {
        var entries = site.plans.map {
            Feeds.Entry(id: "plan-" + $0.slug, title: $0.title, path: Self.planPath($0.slug), updated: $0.published,
                        summary: $0.summary ?? ($0.issuer + " · " + text.format($0.published)))
        }
        let summary = IndicatorSummary(text: text)
        if let changes = evaluated.changes {
            let title = summary.fill(text.words.reportEntry, [
                "to": text.format(changes.to), "changes": String(changes.statusChanges.count),
                "observations": String(changes.newObservations.count + changes.newUpdates.count),
                "milestones": String(changes.milestonesReached.count)])
            let period = summary.fill(text.words.reportPeriod, ["from": text.format(changes.from), "to": text.format(changes.to)])
            entries.append(Feeds.Entry(id: "report-\(changes.to)", title: title, path: "index.html#changes",
                                       updated: changes.to, summary: text.sinceLastReport + text.paren(period)))
        }
        // Each indicator's latest data; only those the feed can show (its
        // newest, in its order) get their sentence written.
        var latest: [(updated: Day, id: String, row: Int)] = []
        for (k, row) in rows.enumerated() {
            let i = row.indicator, e = row.evaluation
            if let o = e.latest { latest.append((o.period.lastDay, "observation-\(i.id)-\(o.period.text)", k)) }
            else if let u = e.latestUpdate { latest.append((u.date, "update-\(i.id)-\(u.date)", k)) }
        }
        latest.sort { ($0.updated, $1.id) > ($1.updated, $0.id) }
        for (day, id, k) in latest.prefix(Feeds.entryLimit) {
            let i = rows[k].indicator, e = rows[k].evaluation
            entries.append(Feeds.Entry(id: id, title: i.name + text.colon + text.statusName(e.status), path: Self.indicatorPath(i.id),
                                       updated: day, summary: summary.sentence(i, e, asOf: evaluated.asOf)))
        }
        return entries
    }

    // MARK: Pages

    /// Renders a page template inside the layout. `title` is raw text;
    /// `path` is the page's place in the output, which sets `root`. The page
    /// template sees its view and the site-wide values; the layout sees the
    /// site-wide values, `pageTitle`, `canonical` and `content`.
    func page(_ template: String, path: String, title: String?, view: [String: Any]) -> OutputFile {
        let root = String(repeating: "../", count: path.split(separator: "/").count - 1)
        let frame = frameView(root: root)
        let config = site.config
        var layout: [String: Any] = [
            "pageTitle": Escape.html(title.map { "\($0) - \(config.title)" } ?? config.title),
            "content": rendered(template, root: root, frame: frame, view: view),
        ]
        if let baseURL = config.baseURL { layout["canonical"] = Escape.html(Feeds(baseURL: baseURL, text: text).url(path)) }
        return .text(path, rendered("layout", root: root, frame: frame, view: layout))
    }

    /// `template` rendered with `view` and the site-wide values `frame`:
    /// filled in from the skeleton of the view's shape when it has one
    /// (see `TemplateSkeleton`), else by Mustache.
    func rendered(_ template: String, root: String, frame: [String: Any], view: [String: Any]) -> String {
        func full() -> [String: Any] { view.merging(frame) { _, site in site } }
        guard useSkeletons, let shape = TemplateSkeleton.Shape(view, except: frame) else {
            return templates.render(full(), template: template)
        }
        let skeleton = skeletons.skeleton(template + "\u{0}" + root + "\u{0}" + shape.key) {
            TemplateSkeleton.make(slots: shape.slots) { values, n in
                var v = full()
                for (name, value) in values { v[name] = value }
                for name in shape.lists { v[name] = TemplateSkeleton.Shape.standInList(view[name], count: n) }
                return templates.render(v, template: template)
            }
        }
        guard let skeleton else { return templates.render(full(), template: template) }
        return skeleton.fill { (view[$0] as? String) ?? "" }
    }

    /// The values every page shows the same at depth `root`.
    func frameView(root: String) -> [String: Any] {
        let config = site.config
        var v: [String: Any] = [
            "root": root, "lang": text.lang, "siteTitle": Escape.html(config.title),
            "organization": Escape.html(config.organization),
            "asOf": evaluated.asOf.map(text.format) ?? text.noData, "t": textView,
            "statusLinks": Status.allCases.map { ["href": root + Self.statusPath($0), "name": text.statusName($0)] },
        ]
        if config.baseURL != nil { v["feed"] = root + "feed.xml" }
        // Absent, not an empty optional: Mustache takes an Optional inside
        // `Any` as present and prints "nil".
        if let notice = config.notice { v["notice"] = Escape.html(notice) }
        return v
    }

    /// Interface strings for templates (fixed text; escaped anyway).
    static func textView(_ text: InterfaceText) -> [String: String] {
        let mirror = Mirror(reflecting: text)
        var out: [String: String] = [:]
        for child in mirror.children {
            if let label = child.label, let value = child.value as? String { out[label] = Escape.html(value) }
        }
        out["openParen"] = Escape.html(text.openParen)
        out["closeParen"] = Escape.html(text.closeParen)
        return out
    }

    func homeView(_ rows: [OpenData.Row]) -> [String: Any] {
        let total = rows.count
        let statusCounts = Status.allCases.map { status -> [String: Any] in
            let n = rows.filter { $0.evaluation.status == status }.count
            let share = total > 0 ? Double(n) / Double(total) : 0
            return ["code": status.rawValue, "name": text.statusName(status), "count": String(n),
                    "percent": NumberText.format(share * 100, maxFractionDigits: 1),
                    "href": Self.statusPath(status), "hasAny": n > 0]
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
        let indicatorCount = textView["indicatorCount"] ?? ""
        for plan in site.plans.sorted(by: { ($0.year, $0.published, $0.slug) > ($1.year, $1.published, $1.slug) }) {
            var byStatus: [Status: Int] = [:]
            for k in indexesByPlan[plan.slug] ?? [] { byStatus[rows[k].evaluation.status, default: 0] += 1 }
            let title = Escape.html(plan.title), href = Self.planPath(plan.slug), issuer = Escape.html(plan.issuer)
            let published = text.format(plan.published), summary = plan.summary.map(Escape.html)
            let total = String(indexesByPlan[plan.slug]?.count ?? 0)
            let present = Status.allCases.filter { (byStatus[$0] ?? 0) > 0 }
            plansHTML += "  <li>\n    <h3><a href=\"" + href + "\">" + title + "</a></h3>\n    <p class=\"meta\">" + issuer + " · "
                + published + " · " + total + " " + indicatorCount + "</p>\n    " + (summary.map { "<p>" + $0 + "</p>" } ?? "")
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
                "plansHTML": plansHTML]
        if namedLists.contains("plans") { view["plans"] = plans }
        if let changes = evaluated.changes { view["changes"] = changesView(changes, rows) }
        return view
    }

    static let changeListLimit = 100

    /// The home page's "since the last report" section.
    func changesView(_ changes: ReportChanges, _ rows: [OpenData.Row]) -> [String: Any] {
        func link(_ index: Int) -> [String: String] {
            let i = rows[index].indicator
            return ["name": Escape.html(i.name), "href": Self.indicatorPath(i.id)]
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
        // Only present when there is more: an empty string would still open a section.
        view["moreStatusChanges"] = more(statusChanges)
        view["moreNewData"] = more(newData)
        view["moreMilestones"] = more(milestones)
        return view
    }

    func planView(_ plan: Plan, _ rows: [OpenData.Row]) -> [String: Any] {
        let root = "../../"
        var meta: [[String: String]] = []
        func add(_ label: String, _ value: String?) { if let value { meta.append(["label": label, "value": Escape.html(value)]) } }
        add(text.indexNo, plan.indexNo)
        add(text.topic, plan.topic)
        add(text.issuer, plan.issuer)
        add(text.written, plan.written.map(text.format))
        add(text.docNo, plan.docNo)
        add(text.published, text.format(plan.published))
        add(text.year, String(plan.year))
        add(text.region, plan.region)

        let renderer = MarkdownRenderer(link: { id in
            self.row(id: id).map { MarkdownRenderer.IndicatorLink(href: root + Self.indicatorPath(id), badgeHTML: self.badge($0.evaluation.status)) }
        }, table: { ids in
            let chosen = ids.isEmpty ? rows : ids.compactMap { self.row(id: $0) }
            return self.progressTable(chosen, root: root)
        }, anchorLabel: Escape.html(text.anchorLabel))

        let toc = plan.body.headings.filter { $0.level <= 3 }.map {
            ["id": Escape.html($0.id), "text": Escape.html($0.text), "level": String($0.level)]
        }
        let related = plan.related.compactMap { plansBySlug[$0] }.map {
            ["title": Escape.html($0.title), "href": root + Self.planPath($0.slug)]
        }
        return [
            "title": Escape.html(plan.title), "metadata": meta, "metadataRows": Self.definitionRowsHTML(meta), "toc": toc, "hasToc": !toc.isEmpty,
            "body": renderer.render(plan.body),
            "attachments": plan.attachments.map {
                ["title": Escape.html($0.title), "href": root + "files/" + Escape.path($0.file),
                 "size": Self.sizeText($0.size), "type": Escape.html(($0.file as NSString).pathExtension.uppercased())]
            },
            "related": related, "links": plan.links.map { ["title": Escape.html($0.title), "href": Escape.html($0.url)] },
            "indicatorTable": rows.isEmpty ? "" : progressTable(rows, root: root), "hasIndicators": !rows.isEmpty,
            "hasAttachments": !plan.attachments.isEmpty, "hasRelated": !related.isEmpty, "hasLinks": !plan.links.isEmpty,
        ]
    }

    static func sizeText(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return NumberText.fixed(Double(bytes) / 1024, digits: 1) + " KB" }
        return NumberText.fixed(Double(bytes) / 1_048_576, digits: 1) + " MB"
    }

    func badge(_ status: Status) -> String {
        "<span class=\"badge status-\(status.rawValue)\"><span class=\"badge-icon\" aria-hidden=\"true\"></span>\(Escape.html(text.statusName(status)))</span>"
    }

    func valueText(_ value: DecimalNumber, _ unit: String?) -> String { value.text + (unit ?? "") }

    func targetText(_ i: Indicator) -> String {
        if let t = i.target.text { return t }
        switch i.kind {
        case .quantitative:
            let op = i.target.op == .atLeast ? "≥ " : (i.target.op == .atMost ? "≤ " : "")
            return op + (i.target.value.map { valueText($0, i.unit) } ?? "") + text.paren(text.format(i.target.by))
        case .milestone:
            return text.deadline + " " + text.format(i.target.by)
        }
    }

    /// One row of a progress table: its texts, escaped.
    struct ProgressRow {
        var name, href, area, target, baseline, latest, status, statusCode, barPercent, progressText: String
        var hasBar: Bool

        /// The row as the default partial prints it (`{{{rowsHTML}}}`).
        var html: String {
            let bar = hasBar
                ? "<span class=\"bar\" aria-hidden=\"true\"><span class=\"fill status-\(statusCode)\" style=\"width:\(barPercent)%\"></span></span>"
                : ""
            return "<tr><th scope=\"row\"><a href=\"\(href)\">\(name)</a></th><td>\(target)</td><td>\(baseline)</td>"
                + "<td>\(latest)</td><td>\(status)</td><td class=\"bar-cell\">\(bar) <span class=\"bar-text\">\(progressText)</span></td></tr>\n"
        }

        /// The row for a template's own loop (`{{#rows}}`).
        var view: [String: Any] {
            ["name": name, "href": href, "area": area, "target": target, "baseline": baseline, "latest": latest,
             "status": status, "statusCode": statusCode, "barPercent": barPercent, "progressText": progressText, "hasBar": hasBar]
        }
    }

    func progressRow(_ row: OpenData.Row, root: String) -> ProgressRow {
        let i = row.indicator, e = row.evaluation
        var latest = text.noData
        if let o = e.latest { latest = valueText(o.value, i.unit) + text.paren(text.format(o.period)) }
        if let u = e.latestUpdate { latest = text.stageName(u.stage) + (u.percent.map { " \($0.text)%" } ?? "") + text.paren(text.format(u.date)) }
        let bar = e.bar ?? 0
        return ProgressRow(
            name: Escape.html(i.name), href: root + Self.indicatorPath(i.id), area: Escape.html(i.area),
            target: Escape.html(targetText(i)),
            baseline: Escape.html(i.baseline.map { valueText($0.value, i.unit) + text.paren(text.format($0.period)) } ?? "—"),
            latest: Escape.html(latest), status: badge(e.status), statusCode: e.status.rawValue,
            barPercent: NumberText.format(bar * 100, maxFractionDigits: 1),
            progressText: e.bar == nil ? "—" : NumberText.format(bar * 100, maxFractionDigits: 1) + "%",
            hasBar: e.bar != nil)
    }

    /// The progress table partial. The rows as a list (`rows`) are made
    /// only when a template names them.
    func progressTable(_ rows: [OpenData.Row], root: String) -> String {
        let made = rows.map { progressRow($0, root: root) }
        var view: [String: Any] = ["rowsHTML": made.map(\.html).joined(), "t": textView, "root": root]
        if namedLists.contains("rows") { view["rows"] = made.map(\.view) }
        return templates.render(view, template: "partials/progress-table")
    }

    /// Items of a definition list (`label`, `value`, a link when `href`).
    static func definitionRowsHTML(_ items: [[String: String]]) -> String {
        var out = ""
        for item in items {
            let value = item["value"] ?? ""
            out += "<div><dt>" + (item["label"] ?? "") + "</dt><dd>"
                + (item["href"].map { "<a href=\"\($0)\">\(value)</a>" } ?? value) + "</dd></div>\n"
        }
        return out
    }

    /// Rows of a data table from cells in column order; the cells of
    /// column `num` are numbers (right-aligned).
    static func dataRowsHTML(_ rows: [[String]], num: Int) -> String {
        var out = ""
        out.reserveCapacity(rows.count * 160)
        for row in rows {
            out += "<tr>"
            for (k, cell) in row.enumerated() {
                out += k == num ? "<td class=\"num\">" : "<td>"
                out += cell
                out += "</td>"
            }
            out += "</tr>\n"
        }
        return out
    }

    /// Rows of cells as a list of mappings named by `keys`, for a template's own loop.
    static func dictionaries(_ rows: [[String]], keys: [String]) -> [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }
    }

    /// Lists longer than this are split into pages (page-2.html, …): a
    /// reader's browser and the build both handle them in pieces.
    let listPageSize: Int

    func pageCount(_ rows: Int) -> Int { max(1, (rows + listPageSize - 1) / listPageSize) }

    /// `x/index.html` for page 1, `x/page-N.html` after.
    static func pagePath(_ first: String, _ page: Int) -> String {
        page <= 1 ? first : (first as NSString).deletingLastPathComponent + "/page-\(page).html"
    }

    /// One page of a list: its rows and links to every page of the list.
    func listView(title: String, _ all: [Int], page: Int, first: String) -> [String: Any] {
        let count = pageCount(all.count)
        let start = (page - 1) * listPageSize
        let slice = all[min(start, all.count)..<min(start + listPageSize, all.count)].map { rows[$0] }
        var view = listView(title: title, slice, root: "../../")
        view["count"] = String(all.count)
        if count > 1 {
            view["hasPages"] = true
            view["pageOf"] = Escape.html(IndicatorSummary(text: text).fill(text.words.pageOf, ["page": String(page), "pages": String(count)]))
            view["pages"] = (1...count).map { n -> [String: Any] in
                ["number": String(n), "href": Escape.path((Self.pagePath(first, n) as NSString).lastPathComponent), "current": n == page]
            }
        }
        return view
    }

    func listView(title: String, _ rows: [OpenData.Row], root: String) -> [String: Any] {
        ["title": title, "table": rows.isEmpty ? "" : progressTable(rows, root: root), "count": String(rows.count)]
    }

    func indicatorView(_ row: OpenData.Row, _ plan: Plan?) -> [String: Any] {
        let root = "../../"
        let i = row.indicator, e = row.evaluation
        var facts: [[String: String]] = []
        func add(_ label: String, _ value: String?, href: String? = nil) {
            guard let value else { return }
            var f = ["label": Escape.html(label), "value": Escape.html(value)]
            if let href { f["href"] = href }
            facts.append(f)
        }
        if let previous = row.previous, let from = site.config.compareTo {
            add(text.previousReport, text.format(from) + text.colon + text.statusName(previous.status)
                + (previous.status == e.status ? "" : " → " + text.statusName(e.status)))
        }
        add(text.area, i.area)
        add(text.owner, i.owner)
        add(text.target, targetText(i))
        add(text.deadline, text.format(i.target.by))
        if let b = i.baseline { add(text.baseline, valueText(b.value, i.unit) + text.paren(text.format(b.period))) }
        add(text.source, i.source)
        if let plan {
            add(text.plan, plan.title, href: root + Self.planPath(plan.slug))
            if let section = i.section, let heading = SectionMatcher.find(section, in: plan.body.headings) {
                add(text.statedIn, heading.text, href: root + Self.planPath(plan.slug) + "#" + Escape.pathSegment(heading.id))
            }
        }
        let svg = i.kind == .quantitative
            ? chart.quantitative(i, e, asOf: evaluated.asOf, id: "chart")
            : chart.milestone(i, e, asOf: evaluated.asOf, id: "chart")
        let observations = i.observations.map {
            [Escape.html(text.format($0.period)), Escape.html(valueText($0.value, i.unit)),
             Escape.html($0.note ?? ""), Escape.html($0.source ?? i.source ?? "")]
        }
        let updates = i.updates.map {
            [Escape.html(text.format($0.date)), Escape.html(text.stageName($0.stage)),
             $0.percent.map { $0.text + "%" } ?? "", Escape.html($0.note ?? "")]
        }
        let summary = IndicatorSummary(text: text)
        let explanation = summary.explanation(i, e, asOf: evaluated.asOf, target: targetText(i)).map {
            ["label": Escape.html($0.label), "value": Escape.html($0.value)]
        }
        var view: [String: Any] = [
            "name": Escape.html(i.name), "facts": facts, "factRows": Self.definitionRowsHTML(facts),
            "status": badge(e.status), "statusCode": e.status.rawValue,
            "sentence": Escape.html(summary.sentence(i, e, asOf: evaluated.asOf)),
            "explanation": explanation, "explanationRows": Self.definitionRowsHTML(explanation),
            "progress": e.bar.map { NumberText.format($0 * 100, maxFractionDigits: 1) + "%" } ?? "—",
            "chart": svg, "legend": chart.legend(i, asOf: evaluated.asOf), "isMilestone": i.kind == .milestone,
            "hasObservations": !observations.isEmpty, "observationRows": Self.dataRowsHTML(observations, num: 1),
            "hasUpdates": !updates.isEmpty, "updateRows": Self.dataRowsHTML(updates, num: 2),
            "kind": Escape.html(text.kindNames[i.kind] ?? ""),
        ]
        // The cells as lists, for a template that loops over them itself.
        if namedLists.contains("observations") {
            view["observations"] = Self.dictionaries(observations, keys: ["period", "value", "note", "source"])
        }
        if namedLists.contains("updates") {
            view["updates"] = Self.dictionaries(updates, keys: ["date", "stage", "percent", "note"])
        }
        return view
    }
}

func orderedUnique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}
