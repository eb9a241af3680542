import Foundation

/// The status and area list pages, and the page links of every paged list.
extension SiteRenderer {
    /// One page of a list: its rows and links to every page of the list.
    func listView(title: String, _ all: [Int], page: Int, first: String) -> [String: Any] {
        let start = (page - 1) * listPageSize
        let slice = all[min(start, all.count)..<min(start + listPageSize, all.count)].map { rows[$0] }
        var view = listView(title: title, slice, root: "../../")
        view["count"] = String(all.count)
        view.merge(paginationView(all.count, page: page, first: first)) { _, new in new }
        return view
    }

    /// `hasPages`, `pageOf` and `pages` (`number`, `href`, `current`) of
    /// page `page` of a list of `total` items whose first page is `first`;
    /// nothing when it has one page.
    func paginationView(_ total: Int, page: Int, first: String) -> [String: Any] {
        let count = pageCount(total)
        guard count > 1 else { return [:] }
        // Every page links to every other: the names made without a path each.
        let firstName = Escape.path((first as NSString).lastPathComponent)
        return [
            "hasPages": true,
            "pageOf": Escape.html(IndicatorSummary(text: text).fill(text.words.pageOf, ["page": String(page), "pages": String(count)])),
            "pages": (1...count).map { n -> [String: Any] in
                ["number": String(n), "href": n <= 1 ? firstName : Routes.pageFile(n), "current": n == page]
            },
        ]
    }

    func listView(title: String, _ rows: [OpenData.Row], root: String) -> [String: Any] {
        ["title": title, "table": rows.isEmpty ? ByteText("") : progressTable(rows, root: root), "count": String(rows.count), "indicatorWord": Escape.html(text.indicatorWord(rows.count))]
    }
}
