/// `feed.xml` (Atom) and `sitemap.xml`: the only files with absolute URLs,
/// so they exist only when site.yaml gives `base_url`.
struct Feeds {
    /// Absolute, ending in `/` (the validator guarantees it).
    let baseURL: String
    let text: InterfaceText

    /// At most this many entries, newest first: a feed is for what is new.
    static let entryLimit = 100

    struct Entry {
        var id: String
        var title: String
        var path: String
        var updated: Day
        var summary: String
    }

    /// The absolute URL of an output page; `x/index.html` becomes `x/`.
    func url(_ path: String) -> String {
        // Most paths have no `#`: a byte scan tells, before a search by characters.
        if path.utf8.contains(35), let hash = path.firstIndex(of: "#") {
            return url(String(path[..<hash])) + "#" + Escape.pathSegment(String(path[path.index(after: hash)...]))
        }
        var p = path
        if p == "index.html" { p = "" } else if p.hasSuffix("/index.html") { p = String(p.dropLast("index.html".count)) }
        return baseURL + Escape.path(p)
    }

    func atom(title: String, author: String, updated: Day?, entries: [Entry]) -> String {
        let newest = entries.sorted { ($0.updated, $1.id) > ($1.updated, $0.id) }.prefix(Self.entryLimit)
        let stamp = (updated ?? newest.first?.updated).map(Self.timestamp) ?? "1970-01-01T00:00:00Z"
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(text.lang)\">\n"
        out += "  <title>\(Escape.xml(title))</title>\n"
        out += "  <id>\(Escape.xml(baseURL))</id>\n"
        out += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(baseURL))\"/>\n"
        out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Escape.xml(baseURL + "feed.xml"))\"/>\n"
        out += "  <updated>\(stamp)</updated>\n"
        out += "  <author><name>\(Escape.xml(author))</name></author>\n"
        for e in newest {
            out += "  <entry>\n"
            out += "    <title>\(Escape.xml(e.title))</title>\n"
            out += "    <id>\(Escape.xml(baseURL + "#" + e.id))</id>\n"
            out += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(url(e.path)))\"/>\n"
            out += "    <updated>\(Self.timestamp(e.updated))</updated>\n"
            out += "    <summary>\(Escape.xml(e.summary))</summary>\n"
            out += "  </entry>\n"
        }
        return out + "</feed>\n"
    }

    /// The most URLs one sitemap file may list (sitemaps.org: 50,000 URLs
    /// and 50 MB; a URL here is under 1 KB).
    static let sitemapLimit = 50_000

    /// `sitemap.xml` of a site with more pages than one sitemap may list:
    /// the files that list them.
    func sitemapIndex(parts: [String], lastModified: Day?) -> String {
        sitemapXML(root: "sitemapindex", entry: "sitemap", paths: parts, lastModified: lastModified)
    }

    func sitemap(pages: [String], lastModified: Day?) -> String {
        sitemapXML(root: "urlset", entry: "url", paths: pages, lastModified: lastModified)
    }

    /// A sitemap or sitemap index: one `<ENTRY><loc>` a path, in `<ROOT>`.
    private func sitemapXML(root: String, entry: String, paths: [String], lastModified: Day?) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<\(root) xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths {
            out += "  <\(entry)><loc>\(Escape.xml(url(path)))</loc>"
            if let lastModified { out += "<lastmod>\(lastModified)</lastmod>" }
            out += "</\(entry)>\n"
        }
        return out + "</\(root)>\n"
    }

    /// Dates are calendar days; the feed states them at midnight UTC.
    static func timestamp(_ day: Day) -> String { "\(day)T00:00:00Z" }
}

/// The feed's entries for a site: plans, the last report, each indicator's latest data.
extension SiteRenderer {
    /// Plans (by publication date) and each indicator's latest observation
    /// or update on or before as_of.
    func feedEntries(_ rows: [OpenData.Row]) -> [Feeds.Entry] {
        var entries = site.plans.map {
            Feeds.Entry(id: "plan-" + $0.slug, title: $0.title, path: Routes.plan($0.slug), updated: $0.published,
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
            // Read through the row: `let i = row.indicator` copies it whole.
            if let o = row.evaluation.latest { latest.append((o.period.lastDay, "observation-\(row.indicator.id)-\(o.period.text)", k)) }
            else if let u = row.evaluation.latestUpdate { latest.append((u.date, "update-\(row.indicator.id)-\(u.date)", k)) }
        }
        latest.sort { ($0.updated, $1.id) > ($1.updated, $0.id) }
        for (day, id, k) in latest.prefix(Feeds.entryLimit) {
            let i = rows[k].indicator, e = rows[k].evaluation
            entries.append(Feeds.Entry(id: id, title: i.name + text.colon + text.statusName(e.status), path: Routes.indicator(i.id),
                                       updated: day, summary: summary.sentence(i, e, asOf: evaluated.asOf)))
        }
        // One entry per correction: a changed figure is news too.
        for c in correctionLines(rows, after: nil, through: evaluated.asOf) {
            let i = rows[c.index].indicator
            entries.append(Feeds.Entry(id: "correction-\(i.id)-\(c.period.text)-\(c.correction.date)",
                                       title: i.name + text.colon + text.gov.corrected, path: Routes.indicator(i.id),
                                       updated: c.correction.date, summary: c.text))
        }
        return entries
    }
}
