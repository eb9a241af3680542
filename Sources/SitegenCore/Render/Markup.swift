import Foundation

/// Markup shared by the page views: badges, values and targets as text,
/// progress rows and tables, definition and data rows made in Swift
/// (where the profile showed Mustache loops cost too much).
extension SiteRenderer {
    /// A status's badge (made once for each, `badges`).
    func badge(_ status: Status) -> String { badges[status] ?? "" }

    static func badge(_ status: Status, _ text: InterfaceText) -> String {
        "<span class=\"badge status-\(status.rawValue)\"><span class=\"badge-icon\" aria-hidden=\"true\"></span>\(Escape.html(text.statusName(status)))</span>"
    }

    func valueText(_ value: DecimalNumber, _ unit: String?) -> String { value.text + (unit ?? "") }

    /// The 更新不及时 mark beside data that is not updated on time (made
    /// once a renderer: `staleMark`).
    static func staleMark(_ text: InterfaceText) -> String {
        "<span class=\"stale-mark\">" + Escape.html(text.gov.stale) + "</span>"
    }

    func targetText(_ i: Indicator) -> String { targetText(i.target, i.kind, unit: i.unit) }

    /// The baseline as text: its value (with the unit) and its period in brackets.
    func baselineText(_ baseline: Baseline, unit: String?) -> String {
        valueText(baseline.value, unit) + text.paren(text.format(baseline.period))
    }

    /// The target as text, from the indicator's fields (a progress row
    /// reads them through its row: no copy of the indicator).
    func targetText(_ target: Target, _ kind: IndicatorKind, unit: String?) -> String {
        if let t = target.text { return t }
        switch kind {
        case .quantitative:
            return Self.opPrefix(target.op) + (target.value.map { valueText($0, unit) } ?? "") + text.paren(text.format(target.by))
        case .milestone:
            return text.deadline + " " + text.format(target.by)
        }
    }

    /// `≥ `, `≤ ` or nothing before a target's value.
    static func opPrefix(_ op: TargetOp) -> String { op == .atLeast ? "≥ " : (op == .atMost ? "≤ " : "") }

    /// A row of the progress table as the default partial prints it
    /// (`{{{rowsHTML}}}`), its cells escaped as they are written.
    func progressRowHTML(_ row: OpenData.Row, root: String, into out: inout TextBuffer) {
        let bar = row.evaluation.bar, status = row.evaluation.status
        out.raw("<tr><th scope=\"row\"><a href=\"")
        out.raw(root)
        out.raw(Routes.indicator(row.indicator.id))
        out.raw("\">")
        out.html(row.indicator.name)
        out.raw("</a></th><td>")
        targetCell(row, into: &out)
        out.raw("</td><td>")
        baselineCell(row, into: &out)
        out.raw("</td><td>")
        latestCell(row, into: &out)
        out.raw("</td><td>")
        out.raw(badge(status))
        out.raw("</td><td class=\"bar-cell\">")
        if let bar {
            out.raw("<span class=\"bar\" aria-hidden=\"true\"><span class=\"fill status-")
            out.raw(status.rawValue)
            out.raw("\" style=\"width:")
            out.number(bar * 100, maxFractionDigits: 1)
            out.raw("%\"></span></span>")
        }
        out.raw(" <span class=\"bar-text\">")
        progressTextCell(bar, into: &out)
        out.raw("</span></td></tr>\n")
    }

    /// The same row's texts for a template's own loop (`{{#rows}}`): the
    /// cells `progressRowHTML` writes, each made a string.
    func progressRow(_ row: OpenData.Row, root: String) -> ProgressRow {
        let cell = TextBuffer.made
        let bar = row.evaluation.bar, status = row.evaluation.status
        return ProgressRow(
            name: Escape.html(row.indicator.name), href: root + Routes.indicator(row.indicator.id), area: Escape.html(row.indicator.area),
            target: cell { targetCell(row, into: &$0) }, baseline: cell { baselineCell(row, into: &$0) },
            latest: cell { latestCell(row, into: &$0) }, status: badge(status), statusCode: status.rawValue,
            barPercent: NumberText.format((bar ?? 0) * 100, maxFractionDigits: 1),
            progressText: cell { progressTextCell(bar, into: &$0) },
            hasBar: bar != nil)
    }

    // The cells of a progress row, escaped, for both writers of a row.
    // The fields are read through the row, one at a time: the row's
    // indicator and evaluation passed on together as arguments were
    // copied, each of their strings and lists retained and released.

    // The cells' texts are written a piece at a time, as `targetText`,
    // `baselineText` and `latestText` make them: escaping goes byte by
    // byte, so the pieces escape as their whole would (`RenderTests`
    // ties them together).

    private func targetCell(_ row: OpenData.Row, into out: inout TextBuffer) {
        let target = row.indicator.target
        guard target.text == nil, row.indicator.kind == .quantitative else {
            return out.html(targetText(target, row.indicator.kind, unit: row.indicator.unit))
        }
        out.raw(Self.opPrefix(target.op))
        if let value = target.value { valueCell(value, row.indicator.unit, into: &out) }
        out.html(text.paren(text.format(target.by)))
    }

    private func baselineCell(_ row: OpenData.Row, into out: inout TextBuffer) {
        guard let baseline = row.indicator.baseline else { return out.raw("—") }
        valueCell(baseline.value, row.indicator.unit, into: &out)
        out.html(text.paren(text.format(baseline.period)))
    }

    /// `valueText`, escaped.
    private func valueCell(_ value: DecimalNumber, _ unit: String?, into out: inout TextBuffer) {
        out.html(value)
        if let unit { out.html(unit) }
    }

    /// The latest value or stage, and the 更新不及时 mark when it is stale.
    private func latestCell(_ row: OpenData.Row, into out: inout TextBuffer) {
        if let u = row.evaluation.latestUpdate {
            out.html(text.stageName(u.stage))
            if let p = u.percent { out.raw(" "); out.html(p); out.raw("%") }
            out.html(text.paren(text.format(u.date)))
        } else if let o = row.evaluation.latest {
            valueCell(o.value, row.indicator.unit, into: &out)
            out.html(text.paren(text.format(o.period)))
        } else {
            out.html(text.noData)
        }
        if row.evaluation.stale {
            out.raw(" ")
            out.raw(staleMark)
        }
    }

    /// The progress as a percentage (`bar` × 100, one decimal at most), or "—" without a bar.
    private func progressTextCell(_ bar: Double?, into out: inout TextBuffer) {
        if let bar {
            out.number(bar * 100, maxFractionDigits: 1)
            out.raw("%")
        } else {
            out.raw("—")
        }
    }

    /// The latest value or stage (raw text), or "no data".
    func latestText(_ row: OpenData.Row) -> String {
        // Read where they lie (`Row` yields them): no copy of the indicator or its evaluation.
        var latest = text.noData
        if let o = row.evaluation.latest { latest = valueText(o.value, row.indicator.unit) + text.paren(text.format(o.period)) }
        if let u = row.evaluation.latestUpdate { latest = text.stageName(u.stage) + (u.percent.map { " \($0.text)%" } ?? "") + text.paren(text.format(u.date)) }
        return latest
    }

    /// The progress table partial. The rows as a list (`rows`) are made
    /// only when a template names them.
    func progressTable(_ rows: [OpenData.Row], root: String) -> ByteText {
        // The rows written into one buffer as they come: the ten strings
        // of a `ProgressRow` are made only for a template's own loop.
        let rowsHTML = ByteText(capacity: 700 * rows.count) { out in
            for row in rows { progressRowHTML(row, root: root, into: &out) }
        }
        var view: [String: Any] = ["rowsHTML": rowsHTML]
        if namedLists.contains("rows") { view["rows"] = rows.map { progressRow($0, root: root).view } }
        // From the partial's skeleton when it has one; it sees `t` and `root` besides, no other site-wide value.
        return rendered("partials/progress-table", root: root, frame: ["t": textView, "root": root], view: view)
    }

    /// Items of a definition list (a link when `href`) as HTML, made as
    /// they come; as mappings (`label`, `value`, `href`) too only when a
    /// template loops over them itself (`keepingItems`): an indicator page
    /// makes a dozen, and needs no mapping for any of them.
    struct DefinitionRows {
        private(set) var html = ""
        private(set) var items: [[String: String]]?

        init(keepingItems: Bool) {
            items = keepingItems ? [] : nil
            html.reserveCapacity(1_024)
        }

        /// One item; its texts escaped already.
        mutating func add(label: String, value: String, href: String? = nil) {
            html += "<div><dt>"
            html += label
            html += "</dt><dd>"
            if let href {
                html += "<a href=\""; html += href; html += "\">"; html += value; html += "</a>"
            } else {
                html += value
            }
            html += "</dd></div>\n"
            guard items != nil else { return }
            var item = ["label": label, "value": value]
            if let href { item["href"] = href }
            items?.append(item)
        }
    }

    /// Rows of a data table from cells in column order; the cells of
    /// column `num` are numbers (right-aligned).
    static func dataRowsHTML(_ rows: [[String]], num: Int) -> String {
        // As bytes, made a string once: a string's every append checks its
        // form, and a page's table is a few hundred pieces.
        // The exact length: the cells (often CJK) would outgrow a guess.
        var out = TextBuffer(capacity: rows.reduce(0) { total, row in
            row.reduce(total + 10 + 12 + row.count * 9) { $0 + $1.utf8.count }
        })
        for row in rows {
            out.raw("<tr>")
            for (k, cell) in row.enumerated() {
                if k == num { out.raw("<td class=\"num\">") } else { out.raw("<td>") }
                out.raw(cell)
                out.raw("</td>")
            }
            out.raw("</tr>\n")
        }
        return out.string
    }

    /// Rows of cells as a list of mappings named by `keys`, for a template's own loop.
    static func dictionaries(_ rows: [[String]], keys: [String]) -> [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }
    }

    /// One row of a progress table: its texts, escaped.
    struct ProgressRow {
        var name, href, area, target, baseline, latest, status, statusCode, barPercent, progressText: String
        var hasBar: Bool

        /// The row for a template's own loop (`{{#rows}}`).
        var view: [String: Any] {
            ["name": name, "href": href, "area": area, "target": target, "baseline": baseline, "latest": latest,
             "status": status, "statusCode": statusCode, "barPercent": barPercent, "progressText": progressText, "hasBar": hasBar]
        }
    }
}
