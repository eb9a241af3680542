import Foundation

/// The render stage: model → output files (pages, charts, open data).
/// Pure: reads no files but the ones it is handed (templates), so the same
/// site gives the same bytes.
struct SiteRenderer {
    private(set) var evaluated: EvaluatedSite
    let templates: TemplateSet
    let text: InterfaceText
    let chart: Chart
    /// The interface strings as templates see them (`t.home`, ...).
    let textView: [String: String]
    /// Each status's badge and the 更新不及时 mark, made once (`badge`, `staleMark`).
    let badges: [Status: String]
    let staleMark: String
    private(set) var index: SiteIndex
    var rows: [OpenData.Row] { index.rows }
    /// The layout and page templates, split once per page depth and
    /// shape of view (see `TemplateSkeleton`).
    let skeletons: TemplateSkeletons
    /// The search index, made once (SiteRenderer+Search.swift).
    private(set) var searchIndexOnce = SearchIndexOnce()
    /// Which of the lists that only templates with their own loops need
    /// (`rows`, `observations`, `updates`, `plans`, `facts`,
    /// `explanation`, `metadata`) a template names. A list no template
    /// names is left out of the view: nothing prints it, and a page's
    /// shape (`TemplateSkeleton.Shape`) need not look at its items.
    let namedLists: Set<String>
    /// Lists longer than this are split into pages (page-2.html, …): a
    /// reader's browser and the build both handle them in pieces.
    let listPageSize: Int
    /// The most pages one sitemap file lists (`Feeds.sitemapLimit`).
    let sitemapLimit: Int
    /// False renders every page in full (tests compare the two).
    var useSkeletons = true
    /// `frameView(root:)` of the folder depths pages have (0 to 3), made once.
    private(set) var frames: [FrameView] = []

    var site: Site { evaluated.site }

    init(_ evaluated: EvaluatedSite, templates: TemplateSet, listPageSize: Int = 200, sitemapLimit: Int = Feeds.sitemapLimit) {
        self.evaluated = evaluated
        self.templates = templates
        self.text = InterfaceText.forLanguage(evaluated.site.config.language)
        self.chart = Chart(text: text)
        self.textView = Self.textView(text)
        // `self.text` once more: a closure may not capture self in `init`.
        let text = self.text
        self.badges = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, Self.badge($0, text)) })
        self.staleMark = Self.staleMark(text)
        self.namedLists = Set(["rows", "observations", "updates", "plans", "facts", "explanation", "metadata"]
            .filter(templates.tagsName(_:)))
        self.index = SiteIndex(evaluated)
        self.skeletons = TemplateSkeletons()
        self.listPageSize = max(1, listPageSize)
        self.sitemapLimit = max(1, sitemapLimit)
        self.frames = (0...3).map { FrameView(values: frameView(root: String(repeating: "../", count: $0))) }
    }

    /// `previous` showing `evaluated`, a site that differs from its own
    /// only in some indicators' data (the same ids, plans, areas, settings
    /// and reporting date; `index` made by `SiteIndex(_:replacing:in:)`):
    /// the templates' skeletons and the site-wide values are taken over;
    /// the search index is made anew. `serve` patches an edit with it.
    init(_ evaluated: EvaluatedSite, index: SiteIndex, from previous: SiteRenderer) {
        self = previous
        self.evaluated = evaluated
        self.index = index
        searchIndexOnce = SearchIndexOnce()
    }

    // MARK: Render

    func render(_ job: Job) -> OutputFile {
        let path = path(job)
        switch job {
        case .home:
            return page("index", path: path, title: nil, view: homeView(rows), meta: homeMetadata())
        case .plan(let i):
            let plan = site.plans[i]
            return page("plan", path: path, title: plan.title, view: planView(plan, index.rows(index.byPlan[plan.slug])),
                        meta: planMetadata(plan))
        case .plans(let number):
            return page("plans", path: path, title: text.plans, view: planIndexView(page: number), meta: planIndexMetadata())
        case .indicator(let i):
            let row = rows[i]
            // Shown on the page and as its description: made once.
            let sentence = IndicatorSummary(text: text).sentence(row.indicator, row.evaluation, asOf: evaluated.asOf)
            return page("indicator", path: path, title: row.indicator.name,
                        view: indicatorView(row, index.plansBySlug[row.indicator.plan], sentence: sentence),
                        meta: indicatorMetadata(row, sentence: sentence))
        case .status(let status, let number):
            let title = text.statusName(status)
            return page("list", path: path, title: title,
                        view: listView(title: Escape.html(title), index.byStatus[status] ?? [], page: number, first: Routes.status(status)),
                        meta: listMetadata())
        case .area(let area, let number):
            return page("list", path: path, title: area,
                        view: listView(title: Escape.html(area), index.byArea[area] ?? [], page: number, first: areaPath(area)),
                        meta: listMetadata(keywords: area))
        case .feed:
            let feeds = Feeds(baseURL: site.config.baseURL ?? "", text: text)
            return .text(path, feeds.atom(title: site.config.title, author: site.config.organization,
                                          updated: evaluated.asOf, entries: feedEntries(rows)))
        case .sitemap(let part):
            let feeds = Feeds(baseURL: site.config.baseURL ?? "", text: text)
            // Each file makes the paths of its own part only (a large site has several).
            let pageJobs = pageJobs()
            let pages = sitemapPages(pageJobs)
            guard pages.count > sitemapLimit else {
                return .text(path, feeds.sitemap(pages: pages.map(self.path), lastModified: evaluated.asOf))
            }
            guard part > 0 else {
                let parts = sitemapJobs(pageJobs).dropFirst().map(self.path)
                return .text(path, feeds.sitemapIndex(parts: parts, lastModified: evaluated.asOf))
            }
            let start = min((part - 1) * sitemapLimit, pages.count)
            return .text(path, feeds.sitemap(pages: pages[start..<min(start + sitemapLimit, pages.count)].map(self.path),
                                             lastModified: evaluated.asOf))
        case .indicatorsJSON: return OutputFile(path: path, content: .parts(OpenData.indicatorsJSONParts(rows)))
        case .indicatorsCSV: return OutputFile(path: path, content: .parts(OpenData.indicatorsCSVParts(rows)))
        case .observationsCSV: return OutputFile(path: path, content: .parts(OpenData.observationsCSVParts(rows)))
        case .search(let file): return renderSearch(file)
        case .dataPackage: return .text(path, DataPackage.json(site.config, asOf: evaluated.asOf))
        case .correctionsCSV: return OutputFile(path: path, content: .parts(OpenData.correctionsCSVParts(rows)))
        }
    }

    /// The whole site at once (tests; the build streams `jobs()` instead).
    func render() -> [OutputFile] { jobs().map(render) }

    // MARK: Pages

    /// Renders a page template inside the layout. `title` is raw text;
    /// `path` is the page's place in the output, which sets `root`. The page
    /// template sees its view and the site-wide values; the layout sees the
    /// site-wide values, `pageTitle`, `canonical`, `pageMeta` (the metadata
    /// tags, see `PageMetadata`) and `content`.
    func page(_ template: String, path: String, title: String?, view: [String: Any], meta: PageMetadata = PageMetadata()) -> OutputFile {
        let depth = Self.depth(path)
        let root = String(repeating: "../", count: depth)
        let frame = depth < frames.count ? frames[depth].values : frameView(root: root)
        let config = site.config
        var layout: [String: Any] = [
            "pageTitle": Escape.html(title.map { "\($0) - \(config.title)" } ?? config.title),
            "content": rendered(template, root: root, frame: frame, view: view),
            "pageMeta": meta.html(config),
        ]
        if let baseURL = config.baseURL { layout["canonical"] = Escape.html(Feeds(baseURL: baseURL, text: text).url(path)) }
        return OutputFile(path: path, content: .bytes(rendered("layout", root: root, frame: frame, view: layout)))
    }

    /// How many folders deep `path` is: its parts between slashes, empty
    /// ones not counted, less one (the file), as `split(separator: "/")`
    /// would count them, without making the parts.
    static func depth(_ path: String) -> Int {
        var parts = 0, inPart = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                inPart = false
            } else if !inPart {
                inPart = true
                parts += 1
            }
        }
        return parts - 1
    }

    /// `template` rendered with `view` and the site-wide values `frame`:
    /// filled in from the skeleton of the view's shape when it has one
    /// (see `TemplateSkeleton`), else by Mustache. The view's texts are
    /// `String`s or `ByteText`s (Mustache sees both as strings).
    func rendered(_ template: String, root: String, frame: [String: Any], view: [String: Any]) -> ByteText {
        func full() -> [String: Any] {
            view.merging(frame) { _, site in site }.mapValues { value -> Any in ByteText.of(value)?.string ?? value }
        }
        guard useSkeletons, let shape = TemplateSkeleton.Shape(view, except: frame, keyPrefix: template + "\u{0}" + root + "\u{0}") else {
            return ByteText(templates.render(full(), template: template))
        }
        let skeleton = skeletons.skeleton(shape.key) {
            pageSkeleton(template, shape, full: full(), view: view)
        }
        guard let page = skeleton?.fill(view) else { return ByteText(templates.render(full(), template: template)) }
        return page
    }

    /// The values every page shows the same at one depth (`frames`).
    // @unchecked: made once in `init` and only read after; its values are
    // strings, flags and lists and mappings of them.
    struct FrameView: @unchecked Sendable { let values: [String: Any] }

    /// The values every page shows the same at depth `root`.
    func frameView(root: String) -> [String: Any] {
        let config = site.config
        var v: [String: Any] = [
            "root": root, "lang": text.lang, "siteTitle": Escape.html(config.title),
            "organization": Escape.html(config.organization),
            "asOf": evaluated.asOf.map(text.format) ?? text.noData, "t": textView,
            "statusLinks": Status.allCases.map { ["href": root + Routes.status($0), "name": text.statusName($0)] },
        ]
        if config.baseURL != nil { v["feed"] = root + "feed.xml" }
        // Absent, not an empty optional: Mustache takes an Optional inside
        // `Any` as present and prints "nil".
        if let notice = config.notice { v["notice"] = Escape.html(notice) }
        if config.search { v["search"] = true }
        return v
    }

    /// Interface strings for templates (fixed text; escaped anyway).
    static func textView(_ text: InterfaceText) -> [String: String] {
        let mirror = Mirror(reflecting: text)
        var out: [String: String] = [:]
        for child in mirror.children {
            if let label = child.label, let value = child.value as? String { out[label] = Escape.html(value) }
        }
        for (name, value) in [("readingModes", text.gov.readingModes), ("largeText", text.gov.largeText),
                              ("standardText", text.gov.standardText), ("highContrast", text.gov.highContrast)] {
            out[name] = Escape.html(value)
        }
        out["openParen"] = Escape.html(text.openParen)
        out["closeParen"] = Escape.html(text.closeParen)
        return out
    }
}
