import Mustache

/// A page template's skeleton whose lists are filled in code: each
/// `{{#list}}…{{/list}}` section over a list of mappings is cut out of the
/// template and split on its own (`items`), and the page's skeleton has a
/// slot where the section was. Filling a page prints, in that slot, each
/// item's skeleton filled with the item's texts, as Mustache would loop.
///
/// The view's texts are already escaped (TEXT content type): the pieces
/// print them as they are, like the template does.
///
/// A class, immutable once made: the pages of one shape share it, and
/// handing it to a page copies one reference, not its lists.
final class PageSkeleton: Sendable {
    let page: TemplateSkeleton
    /// A cut section: the list it loops over and the skeleton of each kind
    /// of item it holds (one, or a few when items differ in which texts
    /// are empty or which flags are set).
    typealias Items = (list: String, kinds: [(kind: TemplateSkeleton.Shape.Item, skeleton: TemplateSkeleton)])
    /// The items of each of the page's slots in order (nil: a text of the
    /// view), so that filling a page looks up no slot twice.
    private let slotItems: [Items?]

    /// `items`: slot of a cut section → its items.
    init(page: TemplateSkeleton, items: [String: Items]) {
        self.page = page
        slotItems = page.slots.map { items[$0] }
    }

    /// The page filled from `view` (its texts `String`s or `ByteText`s),
    /// as bytes; nil when an item of a list is of no kind the skeleton has
    /// (the caller renders the page in full).
    func fill(_ view: [String: Any]) -> ByteText? {
        var unknown = false
        // The page's own texts, each looked up and told apart once; the
        // pieces and they make the page (the lists' items grow it).
        var capacity = page.piecesLength
        let texts = page.slots.indices.map { k -> ViewText in
            guard slotItems[k] == nil else { return .none }
            let text = ViewText(view[page.slots[k]])
            capacity += text.count
            return text
        }
        let made = ByteText(capacity: capacity) { out in
            page.fill(into: &out) { k, out in
                guard let (list, kinds) = slotItems[k] else { return out.append(texts[k]) }
                if kinds.count == 1, let values = view[list] as? [[String: String]] {
                    for values in values { kinds[0].skeleton.fill(into: &out) { name, out in out.raw(values[name] ?? "") } }
                    return
                }
                // Items of a few kinds (texts alone, or texts and flags), each filled from its kind's skeleton.
                for values in (view[list] as? [[String: Any]]) ?? [] {
                    guard let item = kinds.first(where: { $0.kind.matches(values) }) else { unknown = true; return }
                    item.skeleton.fill(into: &out) { name, out in out.raw((values[name] as? String) ?? "") }
                }
            }
        }
        return unknown ? nil : made
    }

    /// The slot a cut section of `list` leaves.
    static func slot(_ list: String) -> String { "sitegenList_" + list }

    /// A section of a template's text cut out: the text with a slot in its place, and its body.
    struct Cut {
        var text: String
        var body: String
    }

    /// `text` with its one `{{#list}}…{{/list}}` section replaced by
    /// `{{{slot}}}`; nil when the section is not there exactly once, or
    /// its body does what filling items from a skeleton cannot (partials,
    /// transforms such as `{{index()}}`, delimiter changes, another
    /// section of the same list). A tag alone on its line takes its line
    /// with it, as in Mustache.
    static func cut(_ text: String, list: String) -> Cut? {
        let open = "{{#" + list + "}}", close = "{{/" + list + "}}"
        guard let openRange = text.range(of: open), let closeRange = text.range(of: close),
              openRange.upperBound <= closeRange.lowerBound,
              text[openRange.upperBound...].range(of: open) == nil,
              text[closeRange.upperBound...].range(of: close) == nil else { return nil }
        // Where the opening tag's line ends when it stands alone, and where the closing tag's begins.
        let (cutStart, bodyStart) = standalone(text, openRange) ?? (openRange.lowerBound, openRange.upperBound)
        let (bodyEnd, cutEnd) = standalone(text, closeRange) ?? (closeRange.lowerBound, closeRange.upperBound)
        guard bodyStart <= bodyEnd else { return nil }
        let body = String(text[bodyStart..<bodyEnd])
        var rest = Substring(body)
        while let tag = rest.range(of: "{{") {
            let inner = rest[tag.upperBound...]
            let end = inner.range(of: "}}")?.lowerBound ?? inner.endIndex
            let content = inner[..<end]
            if content.contains("(") || content.contains("=") { return nil }
            if let sigil = content.drop(while: { $0 == " " }).first, ">$<".contains(sigil) { return nil }
            rest = inner[end...]
        }
        let slotTag = "{{{" + slot(list) + "}}}"
        // A standalone section leaves a line of its own; the slot's text carries no newline of its own.
        return Cut(text: String(text[..<cutStart]) + slotTag + String(text[cutEnd...]), body: body)
    }

    /// `text` with each partial tag (`{{> name}}`) that stands alone on
    /// its line, unindented, replaced by the partial's text (`partials`:
    /// template name → text), one level deep: a list section inside a
    /// partial (the page links of `partials/pagination`) can then be cut.
    /// What this gives is checked like the rest of a skeleton, against
    /// the template rendered by Mustache.
    static func inliningPartials(_ text: String, _ partials: [String: String]) -> String {
        guard text.contains("{{>") else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out = ""
        for (k, line) in lines.enumerated() {
            if k > 0 { out += "\n" }
            let name = line.dropFirst(3).dropLast(2)
            guard line.hasPrefix("{{>"), line.hasSuffix("}}"), !name.contains("}"),
                  let partial = partials[name.trimmingCharacters(in: .whitespaces)], partial.hasSuffix("\n") else {
                out += line
                continue
            }
            // The tag's line with its line break becomes the partial's lines,
            // which begin as a template's do (`TemplateSet`: a content type tag).
            out += "{{%CONTENT_TYPE:TEXT}}" + (k == lines.count - 1 ? partial : String(partial.dropLast()))
        }
        return out
    }

    /// For a tag alone on its line (spaces or tabs around it): where the
    /// line starts and where the next begins.
    private static func standalone(_ text: String, _ tag: Range<String.Index>) -> (String.Index, String.Index)? {
        var start = tag.lowerBound
        while start > text.startIndex {
            let before = text.index(before: start)
            if text[before] == "\n" { break }
            guard text[before] == " " || text[before] == "\t" else { return nil }
            start = before
        }
        var end = tag.upperBound
        while end < text.endIndex, text[end] == " " || text[end] == "\t" { end = text.index(after: end) }
        if end == text.endIndex { return (start, end) }
        if text[end] == "\n" { return (start, text.index(after: end)) }
        if text[end] == "\r", text.index(after: end) < text.endIndex, text[text.index(after: end)] == "\n" {
            return (start, text.index(end, offsetBy: 2))
        }
        return nil
    }
}
