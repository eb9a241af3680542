import Foundation

/// The site's addresses (URL scheme), relative to the site root: one
/// folder per page, `index.html` inside, list pages `page-2.html`, ….
enum Routes {
    static func plan(_ slug: String) -> String { "plans/\(slug)/index.html" }

    /// The plan index: every plan, newest first, page 1 (`Routes.page` for the others).
    static let plans = "plans/index.html"

    static func indicator(_ id: String) -> String { "indicators/\(id)/index.html" }

    static func status(_ status: Status) -> String { "status/\(status.rawValue)/index.html" }

    /// `x/index.html` for page 1, `x/page-N.html` after.
    static func page(_ first: String, _ page: Int) -> String {
        page <= 1 ? first : (first as NSString).deletingLastPathComponent + "/" + pageFile(page)
    }

    /// The file name of a list's page N (N ≥ 2) in the folder of its first.
    static func pageFile(_ page: Int) -> String { "page-\(page).html" }
}

/// Addresses that depend on the site: area slugs, list page counts.
extension SiteRenderer {
    func areaPath(_ area: String) -> String { "areas/\(index.areaSlugs[area] ?? "area")/index.html" }

    func areaHref(_ area: String) -> String { Escape.path(areaPath(area)) }

    func pageCount(_ rows: Int) -> Int { max(1, (rows + listPageSize - 1) / listPageSize) }
}
