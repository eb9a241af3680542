import CCmark
import Foundation

/// Renders a plan body to HTML with libcmark, editing the node tree first:
/// heading ids and anchors, `indicator:ID` links with status badges,
/// `indicators` blocks as progress tables, CJK emphasis and line breaks,
/// and no author HTML or unsafe URL. The site's own markup is added as
/// custom nodes holding HTML the site generated and escaped itself.
struct MarkdownRenderer {
    /// What the renderer needs to know about indicators.
    struct IndicatorLink {
        /// Relative URL of the indicator page from the plan page.
        var href: String
        /// Escaped HTML of the badge shown after the link.
        var badgeHTML: String
    }

    /// id → link; unknown ids were errors in validation.
    var link: (String) -> IndicatorLink?
    /// Escaped HTML of a progress table for the given ids (empty: all of the plan).
    var table: ([String]) -> ByteText
    /// Escaped text of the heading anchor's accessible label.
    var anchorLabel: String

    func render(_ body: PlanBody) -> ByteText {
        // The body's bytes as they were checked when loaded (`PlanBody.bytes`), not made a String again.
        guard let markdown = body.bytes(), let doc = CmarkDocument(bytes: markdown) else { return ByteText("") }
        let nodes = doc.nodes()
        var headingIndex = 0
        var toFree: [OpaquePointer] = []
        for pointer in nodes {
            let node = CmarkNode(pointer)
            switch node.type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                cmark_node_unlink(pointer)
                toFree.append(pointer)
            case CMARK_NODE_LINK where node.url.hasPrefix(BodyAnalysis.indicatorScheme):
                let id = String(node.url.dropFirst(BodyAnalysis.indicatorScheme.count))
                if let link = link(id) {
                    cmark_node_set_url(pointer, link.href)
                    let badge = customInline(link.badgeHTML)
                    cmark_node_insert_after(pointer, badge)
                } else {
                    unwrap(pointer)
                    toFree.append(pointer)
                }
            case CMARK_NODE_LINK where !URLPolicy.isSafe(node.url):
                unwrap(pointer)
                toFree.append(pointer)
            case CMARK_NODE_IMAGE where !URLPolicy.isSafe(node.url):
                let alt = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(alt, node.plainText)
                cmark_node_insert_before(pointer, alt)
                cmark_node_unlink(pointer)
                toFree.append(pointer)
            case CMARK_NODE_CODE_BLOCK where Whitespace.trim(node.fenceInfo) == "indicators":
                let ids = node.literal.split(separator: "\n").map { Whitespace.trim($0) }.filter { !$0.isEmpty }
                let block = customBlock(enter: table(ids))
                cmark_node_insert_before(pointer, block)
                cmark_node_unlink(pointer)
                toFree.append(pointer)
            case CMARK_NODE_HEADING:
                guard headingIndex < body.headings.count else { break }
                let heading = body.headings[headingIndex]
                headingIndex += 1
                let tag = "h\(min(6, max(1, heading.level)))"
                let anchor = "<a class=\"anchor\" href=\"#\(Escape.html(heading.id))\" aria-label=\"\(anchorLabel)\">#</a>"
                let block = customBlock(enter: "<\(tag) id=\"\(Escape.html(heading.id))\">", exit: " \(anchor)</\(tag)>\n")
                while let child = cmark_node_first_child(pointer) {
                    cmark_node_unlink(child)
                    cmark_node_append_child(block, child)
                }
                cmark_node_insert_before(pointer, block)
                cmark_node_unlink(pointer)
                toFree.append(pointer)
            default:
                break
            }
        }
        for pointer in toFree { cmark_node_free(pointer) }
        CJKInline.fix(doc)
        return doc.html(unsafe: false)
    }

    /// Replaces a node by its children.
    private func unwrap(_ pointer: OpaquePointer) {
        while let child = cmark_node_first_child(pointer) {
            cmark_node_unlink(child)
            cmark_node_insert_before(pointer, child)
        }
        cmark_node_unlink(pointer)
    }

    private func customInline(_ html: String) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
        cmark_node_set_on_enter(node, html)
        cmark_node_set_on_exit(node, "")
        return node
    }

    /// A block of `enter`'s HTML (a progress table, made as bytes).
    private func customBlock(enter: ByteText) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
        // cmark copies the text up to its terminating 0, as from a Swift string.
        var text = enter.bytes
        text.append(0)
        _ = text.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_on_enter(node, $0.baseAddress) } }
        cmark_node_set_on_exit(node, "")
        return node
    }

    private func customBlock(enter: String, exit: String) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }
}
