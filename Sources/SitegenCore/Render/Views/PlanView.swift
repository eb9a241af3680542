import Foundation

/// A plan page.
extension SiteRenderer {
    func planView(_ plan: Plan, _ rows: [OpenData.Row]) -> [String: Any] {
        let root = "../../"
        var meta = DefinitionRows(keepingItems: namedLists.contains("metadata"))
        func add(_ label: String, _ value: String?) { if let value { meta.add(label: label, value: Escape.html(value)) } }
        add(text.indexNo, plan.indexNo)
        add(text.topic, plan.topic)
        add(text.issuer, plan.issuer)
        add(text.written, plan.written.map(text.format))
        add(text.docNo, plan.docNo)
        add(text.published, text.format(plan.published))
        add(text.year, String(plan.year))
        add(text.region, plan.region)

        // The plan's own table, made once: the page shows it and so does
        // an `indicators` block that names no ids.
        let planTable = rows.isEmpty ? ByteText("") : progressTable(rows, root: root)
        let renderer = MarkdownRenderer(link: { id in
            self.index.row(id: id).map { MarkdownRenderer.IndicatorLink(href: root + Routes.indicator(id), badgeHTML: self.badge($0.evaluation.status)) }
        }, table: { ids in
            if ids.isEmpty && !rows.isEmpty { return planTable }
            let chosen = ids.isEmpty ? rows : ids.compactMap { self.index.row(id: $0) }
            return self.progressTable(chosen, root: root)
        }, anchorLabel: Escape.html(text.anchorLabel))

        let toc = plan.body.headings.filter { $0.level <= 3 }.map {
            ["id": Escape.html($0.id), "text": Escape.html($0.text), "level": String($0.level)]
        }
        let related = plan.related.compactMap { index.plansBySlug[$0] }.map {
            ["title": Escape.html($0.title), "href": root + Routes.plan($0.slug)]
        }
        var view: [String: Any] = [
            "title": Escape.html(plan.title), "metadataRows": meta.html, "toc": toc, "hasToc": !toc.isEmpty,
            "body": renderer.render(plan.body),
            "attachments": plan.attachments.map {
                ["title": Escape.html($0.title), "href": root + "files/" + Escape.path($0.file),
                 "size": Self.sizeText($0.size), "type": Escape.html(($0.file as NSString).pathExtension.uppercased())]
            },
            "related": related, "links": plan.links.map { ["title": Escape.html($0.title), "href": Escape.html($0.url)] },
            "indicatorTable": planTable, "hasIndicators": !rows.isEmpty,
            "hasAttachments": !plan.attachments.isEmpty, "hasRelated": !related.isEmpty, "hasLinks": !plan.links.isEmpty,
        ]
        // For a template that loops over the metadata itself.
        if let items = meta.items { view["metadata"] = items }
        return view
    }

    static func sizeText(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return NumberText.fixed(Double(bytes) / 1024, digits: 1) + " KB" }
        return NumberText.fixed(Double(bytes) / 1_048_576, digits: 1) + " MB"
    }
}
