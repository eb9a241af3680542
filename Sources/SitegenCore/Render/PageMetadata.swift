/// The metadata tags every page of a government site carries (政府网站发展
/// 指引, 国办发〔2017〕47号): the site's from site.yaml, the page's from what
/// it shows. A field that is not known is left out, never filled in.
struct PageMetadata {
    var columnName: String?
    var columnType: String?
    var articleTitle: String?
    var pubDate: Day?
    var contentSource: String?
    var keywords: String?
    var description: String?

    /// `<meta name=… content=…>` lines in the order of the 指引, escaped.
    func html(_ config: SiteConfig) -> String {
        let fields: [(String, String?)] = [
            ("SiteName", config.title), ("SiteDomain", config.siteDomain), ("SiteIDCode", config.siteIDCode),
            ("ColumnName", columnName), ("ColumnType", columnType), ("ArticleTitle", articleTitle),
            ("PubDate", pubDate?.description), ("ContentSource", contentSource),
            ("Keywords", keywords), ("Description", description),
        ]
        var out = ""
        // Each tag's pieces appended in place (no joined temporaries), in
        // room for the values as they are (escaping rarely adds).
        out.reserveCapacity(fields.reduce(0) { $0 + 32 + ($1.1?.utf8.count ?? 0) })
        for (name, value) in fields {
            guard let value, !value.isEmpty else { continue }
            out += "<meta name=\""; out += name; out += "\" content=\""; out += Escape.html(value); out += "\">\n"
        }
        return out
    }
}
