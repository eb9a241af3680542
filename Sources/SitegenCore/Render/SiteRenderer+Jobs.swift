/// The files a site is made of: one job each, where it goes, and what
/// it is made from (what a rebuild compares to reuse it).
extension SiteRenderer {
    /// One output file to make. Each is rendered on its own, in any order
    /// and on any thread, and gives the same bytes.
    enum Job: Sendable {
        case home
        case plan(Int)
        /// A page of the plan index: page 1, 2, …
        case plans(page: Int)
        case indicator(Int)
        /// A list page of a status or an area: page 1, 2, …
        case status(Status, page: Int)
        case area(String, page: Int)
        case feed
        /// `sitemap.xml` (part 0), and when the site has more pages than one
        /// sitemap may list, `sitemap-1.xml`, … (parts 1, 2, …).
        case sitemap(part: Int)
        case indicatorsJSON, indicatorsCSV, observationsCSV, correctionsCSV
        case dataPackage
        /// Search (SiteRenderer+Search.swift).
        case search(SearchFile)
    }

    /// The open data files: the largest of a site, each made on its own.
    static let dataJobs: [Job] = [.indicatorsJSON, .observationsCSV, .indicatorsCSV, .correctionsCSV, .dataPackage]

    /// The files that each show the whole site — the open data, the feed,
    /// the sitemap and the home page — first, each its own job (see
    /// `Publisher.publish(alone:)`): the largest are made while the pages
    /// are, and none is left for the end of a rebuild that remakes little else.
    var wholeSiteJobs: [Job] { wholeSiteJobs(pageJobs()) }

    /// `wholeSiteJobs` of a site whose `pageJobs()` are `pages`.
    func wholeSiteJobs(_ pages: [Job]) -> [Job] {
        Self.dataJobs + (site.config.baseURL != nil ? [.feed] + sitemapJobs(pages) : []) + [.home]
    }

    /// `sitemap.xml`, and the files it points to when the pages are more
    /// than one may list (`sitemapLimit`).
    func sitemapJobs(_ pages: [Job]) -> [Job] {
        let count = 1 + pages.filter(isPage).count  // sitemapPages(pages).count
        let parts = count > sitemapLimit ? (count + sitemapLimit - 1) / sitemapLimit : 0
        return (0...parts).map { .sitemap(part: $0) }
    }

    /// The pages a sitemap lists: the home page, then every other page of `pages`.
    func sitemapPages(_ pages: [Job]) -> [Job] {
        [.home] + pages.filter(isPage)
    }

    /// True when the job's file is an HTML page (its `path` ends in .html),
    /// known without making the path.
    func isPage(_ job: Job) -> Bool {
        switch job {
        case .home, .plan, .plans, .indicator, .status, .area, .search(.page): return true
        case .feed, .sitemap, .indicatorsJSON, .indicatorsCSV, .observationsCSV, .correctionsCSV, .dataPackage, .search: return false
        }
    }

    /// Every file of the site, in a fixed order: `wholeSiteJobs`, then the
    /// plan pages, the plan index, the indicator and list pages.
    func jobs() -> [Job] {
        let pages = pageJobs()
        return wholeSiteJobs(pages) + pages
    }

    /// The jobs after `wholeSiteJobs`: pages and search's files.
    func pageJobs() -> [Job] {
        var jobs: [Job] = site.plans.indices.map { .plan($0) }
        jobs += (1...pageCount(site.plans.count)).map { .plans(page: $0) }
        jobs += rows.indices.map { .indicator($0) }
        for status in Status.allCases {
            jobs += (1...pageCount(index.byStatus[status]?.count ?? 0)).map { .status(status, page: $0) }
        }
        for area in index.areas {
            jobs += (1...pageCount(index.byArea[area]?.count ?? 0)).map { .area(area, page: $0) }
        }
        jobs += searchJobs()
        return jobs
    }

    /// The order in which the write stage makes `jobs` followed by
    /// `copies` files to copy (positions in `jobs + copies`): the heavy
    /// files first, so the end of the write is many small pages that keep
    /// every core busy to the last. `wholeSiteJobs` stay first (each has
    /// a worker of its own), then the list pages (two hundred rows each,
    /// and page links that grow with the list), the plan pages, search's
    /// files, the copies, and the indicator pages last. Within a kind the
    /// order of `jobs` is kept; the files made do not depend on it.
    func writeOrder(_ jobs: [Job], copies: Int) -> [Int] {
        func rank(_ job: Job) -> Int {
            switch job {
            case .status, .area, .plans: return 1
            case .plan: return 2
            case .search: return 3
            case .indicator: return 5
            // The whole-site files (`wholeSiteJobs`), each on a worker of its own.
            case .home, .feed, .sitemap, .indicatorsJSON, .indicatorsCSV, .observationsCSV, .correctionsCSV, .dataPackage: return 0
            }
        }
        let ranks = jobs.map(rank) + Array(repeating: 4, count: copies)
        var order: [Int] = []
        order.reserveCapacity(ranks.count)
        for r in 0...5 { order += ranks.indices.filter { ranks[$0] == r } }
        return order
    }

    /// Where a job's file goes, relative to the output folder.
    func path(_ job: Job) -> String {
        switch job {
        case .home: return "index.html"
        case .plan(let i): return Routes.plan(evaluated.site.plans[i].slug)
        case .plans(let page): return Routes.page(Routes.plans, page)
        case .indicator(let i): return Routes.indicator(rows[i].indicator.id)
        case .status(let s, let page): return Routes.page(Routes.status(s), page)
        case .area(let a, let page): return Routes.page(areaPath(a), page)
        case .feed: return "feed.xml"
        case .sitemap(let part): return part == 0 ? "sitemap.xml" : "sitemap-\(part).xml"
        case .indicatorsJSON: return "data/indicators.json"
        case .indicatorsCSV: return "data/indicators.csv"
        case .observationsCSV: return "data/observations.csv"
        case .dataPackage: return "data/datapackage.json"
        case .search(let file): return searchPath(file)
        case .correctionsCSV: return "data/corrections.csv"
        }
    }

    /// The content a job's bytes are made from, beyond the site-wide
    /// inputs (site.yaml, templates, options) that every file depends on.
    /// Whatever a page shows from another file must be named here: a
    /// rebuild reuses a file only when none of these changed.
    func inputs(_ job: Job) -> JobInputs { inputs(job, path: path(job)) }

    /// `inputs(job)` of a job whose `path` is known.
    func inputs(_ job: Job, path: String) -> JobInputs {
        var inputs = JobInputs(kind: "", files: [], facts: [path])
        /// A list page shows its rows (each from one indicator file) and
        /// links to the other pages of its list.
        func addList(_ all: [Int], page: Int) {
            inputs.kind = "list"
            inputs.facts.append("\(all.count) \(pageCount(all.count)) \(listPageSize)")
            let start = min((page - 1) * listPageSize, all.count)
            inputs.rows = Array(all[start..<min(start + listPageSize, all.count)])
        }
        switch job {
        case .plan(let i):
            // By position (`plans[i]`), not a copy of the plan.
            let plans = evaluated.site.plans
            inputs.kind = "plan"
            // Its indicator table, the badges of the indicators it links,
            // the titles of its related plans.
            inputs.rows = index.byPlan[plans[i].slug] ?? []
            for id in plans[i].body.indicatorIDs { if let row = index.byID[id] { inputs.rows.append(row) } }
            var files = Set<String>()
            for slug in plans[i].related { if let other = index.planPaths[slug] { files.insert(other) } }
            inputs.files = [plans[i].path] + files.sorted()
            inputs.facts += plans[i].attachments.map { "\($0.file)\t\($0.size)" }
        case .plans(let page):
            // Its plans, in order, each with the counts of its indicators.
            inputs.kind = "plans"
            let all = index.plansNewestFirst
            inputs.facts.append("\(all.count) \(pageCount(all.count)) \(listPageSize)")
            let start = min((page - 1) * listPageSize, all.count)
            var files = Set<String>()
            let plans = evaluated.site.plans
            for position in all[start..<min(start + listPageSize, all.count)] {
                inputs.facts.append(plans[position].slug)
                files.insert(plans[position].path)
                inputs.rows += index.byPlan[plans[position].slug] ?? []
            }
            inputs.files = files.sorted()
        case .indicator(let i):
            inputs.kind = "indicator"
            inputs.rows = [i]
            inputs.files = index.planPaths[rows[i].indicator.plan].map { [$0] } ?? []
        case .status(let status, let page):
            addList(index.byStatus[status] ?? [], page: page)
        case .area(let area, let page):
            inputs.facts.append(area)
            addList(index.byArea[area] ?? [], page: page)
        case .search(let file):
            inputs.kind = "search"
            let (facts, files, rows) = searchInputs(file)
            inputs.facts += facts
            inputs.files = files
            inputs.rows = rows
        case .sitemap:
            // Which pages there are, in order; the base URL, as_of and the
            // sitemap limit come with site.yaml and the salt. Not what the
            // pages show: an edit that adds or removes no page keeps it.
            inputs.kind = "sitemap"
            inputs.facts += sitemapPages(pageJobs()).map { self.path($0) }
        default:
            // The home page, the feed and open data: everything.
            inputs.kind = "site"
            inputs.wholeSite = true
        }
        return inputs
    }

    /// What a row of `JobInputs.rows` stands for: its indicator's id and
    /// source files.
    func rowInputs(_ r: Int) -> (id: String, files: [String]) {
        // Through the buffer: `rows[r].indicator` would copy the indicator
        // (tens of strings and arrays retained) to read two fields.
        // Field by field: a computed property of the element copies it too.
        let row = rows[r]
        return row.site.evaluated.site.indicators.withUnsafeBufferPointer { all in
            let id = all[row.position].id, path = all[row.position].location.path, tables = all[row.position].tables
            return (id, Indicator.sourceFiles(path: path, tables: tables))
        }
    }
}
