import CCmark

/// Fixes two CommonMark habits that hurt Chinese text, on the node tree:
/// - `**推进碳达峰行动。**制定` stays literal because of the flanking rule next to
///   CJK punctuation: such leftover `**` pairs become strong emphasis;
/// - a soft line break between two Chinese characters would show as a
///   space: it is removed.
enum CJKInline {
    static func fix(_ doc: CmarkDocument) {
        var containers: [OpaquePointer] = []
        var softBreaks: [OpaquePointer] = []
        for pointer in doc.nodes() {
            let type = cmark_node_get_type(pointer)
            if type == CMARK_NODE_SOFTBREAK { softBreaks.append(pointer) }
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_CUSTOM_BLOCK
                || type == CMARK_NODE_EMPH || type == CMARK_NODE_LINK {
                containers.append(pointer)
            }
        }
        for pointer in softBreaks {
            let before = CmarkNode(pointer).previous.map(lastScalar)
            let after = CmarkNode(pointer).next.map(firstScalar)
            if let b = before ?? nil, let a = after ?? nil, CJK.isWide(b), CJK.isWide(a) {
                cmark_node_unlink(pointer)
                cmark_node_free(pointer)
            }
        }
        for container in containers { fixStrong(in: container) }
    }

    private static func lastScalar(_ node: CmarkNode) -> Unicode.Scalar? {
        node.type == CMARK_NODE_TEXT ? node.literal.unicodeScalars.last : nil
    }

    private static func firstScalar(_ node: CmarkNode) -> Unicode.Scalar? {
        node.type == CMARK_NODE_TEXT ? node.literal.unicodeScalars.first : nil
    }

    /// Pairs literal `**` in the text children of one container.
    static func fixStrong(in container: OpaquePointer) {
        var start = cmark_node_first_child(container)
        while let opener = findDelimiter(from: start, offset: 0) {
            guard let closer = findDelimiter(from: opener.node, offset: opener.offset + 2) else { return }
            let openText = Array(CmarkNode(opener.node).literal.unicodeScalars)
            let closeText = Array(CmarkNode(closer.node).literal.unicodeScalars)
            let innerFirst = opener.offset + 2 < openText.count ? openText[opener.offset + 2] : nil
            let innerLast = closer.offset > 0 ? closeText[closer.offset - 1] : nil
            let outerBefore = opener.offset > 0 ? openText[opener.offset - 1] : nil
            let outerAfter = closer.offset + 2 < closeText.count ? closeText[closer.offset + 2] : nil
            let touchesCJK = [innerFirst, innerLast, outerBefore, outerAfter].contains { $0.map(CJK.isWide) ?? false }
            let innerBlank = innerFirst == " " || innerLast == " " || (opener.node == closer.node && closer.offset == opener.offset + 2)
            guard touchesCJK, !innerBlank else {
                start = cmark_node_next(closer.node) ?? nil
                if start == nil { return }
                continue
            }
            let strong = cmark_node_new(CMARK_NODE_STRONG)
            let before = String(String.UnicodeScalarView(openText[..<opener.offset]))
            if opener.node == closer.node {
                let inner = String(String.UnicodeScalarView(openText[(opener.offset + 2)..<closer.offset]))
                let after = String(String.UnicodeScalarView(openText[(closer.offset + 2)...]))
                cmark_node_set_literal(opener.node, before)
                cmark_node_append_child(strong, textNode(inner))
                cmark_node_insert_after(opener.node, strong)
                let tail = textNode(after)
                cmark_node_insert_after(strong, tail)
                start = tail
            } else {
                let afterOpen = String(String.UnicodeScalarView(openText[(opener.offset + 2)...]))
                cmark_node_set_literal(opener.node, before)
                cmark_node_insert_after(opener.node, strong)
                if !afterOpen.isEmpty { cmark_node_append_child(strong, textNode(afterOpen)) }
                while let next = cmark_node_next(strong), next != closer.node {
                    cmark_node_unlink(next)
                    cmark_node_append_child(strong, next)
                }
                let inner = String(String.UnicodeScalarView(closeText[..<closer.offset]))
                if !inner.isEmpty { cmark_node_append_child(strong, textNode(inner)) }
                cmark_node_set_literal(closer.node, String(String.UnicodeScalarView(closeText[(closer.offset + 2)...])))
                start = closer.node
            }
        }
    }

    private static func textNode(_ text: String) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_TEXT)
        cmark_node_set_literal(node, text)
        return node
    }

    /// The next `**` in a text node at or after `offset` (in scalars) of `from`,
    /// then in later text siblings.
    private static func findDelimiter(from: OpaquePointer?, offset: Int) -> (node: OpaquePointer, offset: Int)? {
        var node = from
        var skip = offset
        while let n = node {
            if cmark_node_get_type(n) == CMARK_NODE_TEXT {
                let scalars = Array(CmarkNode(n).literal.unicodeScalars)
                var i = skip
                while i + 1 < scalars.count {
                    if scalars[i] == "*" && scalars[i + 1] == "*" { return (n, i) }
                    i += 1
                }
            }
            skip = 0
            node = cmark_node_next(n)
        }
        return nil
    }
}
