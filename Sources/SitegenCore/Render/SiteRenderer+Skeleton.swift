/// The skeleton of a page template for one shape of view (see
/// `TemplateSkeleton`, `PageSkeleton`).
extension SiteRenderer {
    /// `template`'s skeleton for views of `shape`, its sections over lists
    /// of mappings cut out and split on their own where the template
    /// allows; `full` is this page's view with the site-wide values. Nil
    /// when filling it would not give what Mustache renders: it is checked
    /// against the template rendered with lists of one and of two items.
    func pageSkeleton(_ template: String, _ shape: TemplateSkeleton.Shape, full: [String: Any], view: [String: Any]) -> PageSkeleton? {
        var text = PageSkeleton.inliningPartials(templates.textByName[template] ?? "", templates.textByName)
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
                v[name] = TemplateSkeleton.Shape.standInList(view[name], kinds: shape.items[name], count: n)
            }
        }
        guard !cuts.isEmpty else {
            return TemplateSkeleton.make(slots: shape.slots) { values, n in
                var v = full
                standIns(&v, values, n)
                return templates.render(v, template: template)
            }.map { PageSkeleton(page: $0, items: [:]) }
        }
        var items: [String: (list: String, kinds: [(kind: TemplateSkeleton.Shape.Item, skeleton: TemplateSkeleton)])] = [:]
        // The page's own texts as foreign stand-ins: an item that prints one has no skeleton.
        var base = full
        for slot in shape.slots { base[slot] = TemplateSkeleton.foreign }
        for (list, body) in cuts {
            guard let kinds = shape.items[list] else { return nil }
            var made: [(kind: TemplateSkeleton.Shape.Item, skeleton: TemplateSkeleton)] = []
            for kind in kinds {
                let itemBase = base.merging(kind.fixed) { $1 }
                let item = TemplateSkeleton.make(slots: kind.filled) { values, _ in
                    var v = itemBase
                    for (name, value) in values { v[name] = value }
                    return templates.render(v, text: body)
                }
                guard let item else { return nil }
                made.append((kind, item))
            }
            items[PageSkeleton.slot(list)] = (list, made)
        }
        let page = TemplateSkeleton.make(slots: shape.slots + cuts.map { PageSkeleton.slot($0.list) }) { values, n in
            var v = full
            standIns(&v, values, n)
            return templates.render(v, text: text)
        }
        guard let page else { return nil }
        let skeleton = PageSkeleton(page: page, items: items)
        // The template itself, with the lists it loops over of one and of two items of each kind.
        for n in 1...2 {
            var v = full
            standIns(&v, Dictionary(uniqueKeysWithValues: shape.slots.map { ($0, TemplateSkeleton.standIn($0, n)) }), n)
            for (list, _) in cuts {
                guard let kinds = shape.items[list] else { return nil }
                let stand = (1...n).flatMap { k in kinds.map { $0.standIn(list, k) } }
                // Lists of texts alone as the view holds them (`PageSkeleton.fill` takes them so).
                if kinds.allSatisfy({ $0.on.isEmpty && $0.off.isEmpty }) {
                    v[list] = stand.map { $0.compactMapValues { $0 as? String } }
                } else {
                    v[list] = stand
                }
            }
            guard skeleton.fill(v)?.string == templates.render(v, template: template) else { return nil }
        }
        return skeleton
    }
}
