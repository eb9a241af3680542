/// The skeleton of a page template for one shape of view (see
/// `TemplateSkeleton`, `PageSkeleton`).
extension SiteRenderer {
    /// `template`'s skeleton for views of `shape`, its sections over lists
    /// of mappings cut out and split on their own where the template
    /// allows; `full` is this page's view with the site-wide values. Nil
    /// when filling it would not give what Mustache renders: it is checked
    /// against the template rendered with lists of one and of two items.
    func pageSkeleton(_ template: String, _ shape: TemplateSkeleton.Shape, full: [String: Any], view: [String: Any]) -> PageSkeleton? {
        var text = templates.textByName[template] ?? ""
        var cuts: [(list: String, body: String)] = []
        for list in shape.lists where shape.items[list] != nil {
            guard let cut = PageSkeleton.cut(text, list: list) else { continue }
            text = cut.text
            cuts.append((list, cut.body))
        }
        let cutLists = Set(cuts.map(\.list))
        func standIns(_ v: inout [String: Any], _ values: [String: String], _ n: Int) {
            for (name, value) in values { v[name] = value }
            for name in shape.lists where !cutLists.contains(name) {
                v[name] = TemplateSkeleton.Shape.standInList(view[name], count: n)
            }
        }
        guard !cuts.isEmpty else {
            return TemplateSkeleton.make(slots: shape.slots) { values, n in
                var v = full
                standIns(&v, values, n)
                return templates.render(v, template: template)
            }.map { PageSkeleton(page: $0, items: [:]) }
        }
        var items: [String: (list: String, skeleton: TemplateSkeleton)] = [:]
        for (list, body) in cuts {
            guard let keys = shape.items[list] else { return nil }
            // The page's own texts as foreign stand-ins: an item that prints one has no skeleton.
            var base = full
            for slot in shape.slots { base[slot] = TemplateSkeleton.foreign }
            for key in keys.empty { base[key] = "" }
            let item = TemplateSkeleton.make(slots: keys.filled) { values, _ in
                var v = base
                for (name, value) in values { v[name] = value }
                return templates.render(v, text: body)
            }
            guard let item else { return nil }
            items[PageSkeleton.slot(list)] = (list, item)
        }
        let page = TemplateSkeleton.make(slots: shape.slots + cuts.map { PageSkeleton.slot($0.list) }) { values, n in
            var v = full
            standIns(&v, values, n)
            return templates.render(v, text: text)
        }
        guard let page else { return nil }
        let skeleton = PageSkeleton(page: page, items: items)
        // The template itself, with the lists it loops over of one and of two items.
        for n in 1...2 {
            var v = full
            standIns(&v, Dictionary(uniqueKeysWithValues: shape.slots.map { ($0, TemplateSkeleton.standIn($0, n)) }), n)
            for (list, _) in cuts {
                guard let keys = shape.items[list] else { return nil }
                v[list] = (1...n).map { k in
                    var item: [String: String] = [:]
                    for key in keys.filled { item[key] = TemplateSkeleton.standIn(list + "." + key, k) }
                    for key in keys.empty { item[key] = "" }
                    return item
                }
            }
            guard skeleton.fill(v) == templates.render(v, template: template) else { return nil }
        }
        return skeleton
    }
}
