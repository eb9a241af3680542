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
    func html(_ config: SiteConfig) -> ByteText {
        let fields: [(String, String?)] = [
            ("SiteName", config.title), ("SiteDomain", config.siteDomain), ("SiteIDCode", config.siteIDCode),
            ("ColumnName", columnName), ("ColumnType", columnType), ("ArticleTitle", articleTitle),
            ("PubDate", pubDate?.description), ("ContentSource", contentSource),
            ("Keywords", keywords), ("Description", description),
        ]
        // Each tag's pieces written in place, escaped as they go, in room
        // for the values as they are (escaping rarely adds).
        return ByteText(capacity: fields.reduce(0) { $0 + 32 + ($1.1?.utf8.count ?? 0) }) { out in
            for (name, value) in fields {
                guard let value, !value.isEmpty else { continue }
                out.raw("<meta name=\""); out.raw(name); out.raw("\" content=\""); out.html(value); out.raw("\">\n")
            }
        }
    }
}
