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

    /// Re-pairs `**` in one container when cmark left a literal `**` next to
    /// a wide character. cmark may then have paired the wrong runs
    /// (`**甲。**乙**（丙）**` gives `**甲。<strong>乙</strong>（丙）**`), so
    /// its strong nodes here are unwrapped back into `**` and every run of
    /// exactly two stars is paired again, left to right, with the flanking
    /// rule minus its punctuation clause: a run opens when no space follows
    /// it and closes when no space precedes it.
    static func fixStrong(in container: OpaquePointer) {
        guard hasLiteralRunTouchingCJK(container) else { return }
        unwrapStrong(in: container)
        mergeTexts(in: container)

        // Every `**` run with what is around it.
        struct Run { var node: OpaquePointer; var offset: Int; var canOpen: Bool; var canClose: Bool }
        var runs: [Run] = []
        var child = cmark_node_first_child(container)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_TEXT {
                let scalars = Array(CmarkNode(node).literal.unicodeScalars)
                var i = 0
                while i < scalars.count {
                    guard scalars[i] == "*" else { i += 1; continue }
                    var j = i
                    while j < scalars.count, scalars[j] == "*" { j += 1 }
                    if j - i == 2 {
                        let before = i > 0 ? scalars[i - 1] : neighbour(cmark_node_previous(node))
                        let after = j < scalars.count ? scalars[j] : neighbour(cmark_node_next(node))
                        runs.append(Run(node: node, offset: i, canOpen: after.map { !$0.properties.isWhitespace } ?? false,
                                        canClose: before.map { !$0.properties.isWhitespace } ?? false))
                    }
                    i = j
                }
            }
            child = cmark_node_next(node)
        }

        // Pair them: a closer takes the nearest open opener.
        var stack: [Int] = []
        var pairs: [(Int, Int)] = []
        for (index, run) in runs.enumerated() {
            if run.canClose, let opener = stack.popLast() {
                pairs.append((opener, index))
            } else if run.canOpen {
                stack.append(index)
            }
        }
        guard !pairs.isEmpty else { return }

        // Split the text nodes so each paired run is a node of its own.
        let paired = Set(pairs.flatMap { [$0.0, $0.1] })
        var delimiterNodes: [Int: OpaquePointer] = [:]
        var byNode: [OpaquePointer: [Int]] = [:]
        for index in paired.sorted() { byNode[runs[index].node, default: []].append(index) }
        for (node, indices) in byNode {
            let scalars = Array(CmarkNode(node).literal.unicodeScalars)
            var cursor = 0
            var last: OpaquePointer = node
            var first = true
            func emit(_ text: String) -> OpaquePointer? {
                if first {
                    first = false
                    cmark_node_set_literal(node, text)
                    return node
                }
                guard let made = textNode(text) else { return nil }
                cmark_node_insert_after(last, made)
                last = made
                return made
            }
            for index in indices {
                let offset = runs[index].offset
                _ = emit(String(String.UnicodeScalarView(scalars[cursor..<offset])))
                if let d = emit("**") { delimiterNodes[index] = d }
                cursor = offset + 2
            }
            _ = emit(String(String.UnicodeScalarView(scalars[cursor...])))
        }

        // Inner pairs close first, so wrapping in this order nests correctly.
        for (open, close) in pairs {
            guard let opener = delimiterNodes[open], let closer = delimiterNodes[close],
                  let strong = cmark_node_new(CMARK_NODE_STRONG) else { continue }
            cmark_node_insert_before(opener, strong)
            while let next = cmark_node_next(strong), next != closer {
                cmark_node_unlink(next)
                if next == opener { cmark_node_free(next) } else { cmark_node_append_child(strong, next) }
            }
            cmark_node_unlink(closer)
            cmark_node_free(closer)
        }
        removeEmptyTexts(in: container)
    }

    /// What a run at the edge of a text node sees beyond it: a line break
    /// counts as space, other inline nodes (code, links) as text.
    private static func neighbour(_ node: OpaquePointer?) -> Unicode.Scalar? {
        guard let node else { return nil }
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ? " " : "x"
    }

    /// A text child holds a `**` run with a wide character beside it.
    private static func hasLiteralRunTouchingCJK(_ container: OpaquePointer) -> Bool {
        var child = cmark_node_first_child(container)
        while let node = child {
            // Most texts have no `**`: those are passed over without a string made.
            if cmark_node_get_type(node) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node), hasDoubleStar(literal) {
                let scalars = Array(CmarkNode(node).literal.unicodeScalars)
                for i in scalars.indices.dropLast() where scalars[i] == "*" && scalars[i + 1] == "*" {
                    let before = i > 0 ? scalars[i - 1] : nil
                    let after = i + 2 < scalars.count ? scalars[i + 2] : nil
                    if [before, after].contains(where: { $0.map(CJK.isWide) ?? false }) { return true }
                }
            }
            child = cmark_node_next(node)
        }
        return false
    }

    /// The C string holds `**`.
    private static func hasDoubleStar(_ text: UnsafePointer<CChar>) -> Bool {
        var p = text
        while p.pointee != 0 {
            if p.pointee == 42 && p[1] == 42 { return true }
            p += 1
        }
        return false
    }

    /// Replaces each strong child by `**`, its children, `**`.
    private static func unwrapStrong(in container: OpaquePointer) {
        var child = cmark_node_first_child(container)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == CMARK_NODE_STRONG else { continue }
            if let open = textNode("**") { cmark_node_insert_before(node, open) }
            while let inner = cmark_node_first_child(node) {
                cmark_node_unlink(inner)
                cmark_node_insert_before(node, inner)
            }
            if let close = textNode("**") { cmark_node_insert_before(node, close) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// Joins neighbouring text children into one.
    private static func mergeTexts(in container: OpaquePointer) {
        var child = cmark_node_first_child(container)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_TEXT, let next = cmark_node_next(node),
               cmark_node_get_type(next) == CMARK_NODE_TEXT {
                cmark_node_set_literal(node, CmarkNode(node).literal + CmarkNode(next).literal)
                cmark_node_unlink(next)
                cmark_node_free(next)
                continue
            }
            child = cmark_node_next(node)
        }
    }

    private static func removeEmptyTexts(in container: OpaquePointer) {
        var child = cmark_node_first_child(container)
        while let node = child {
            child = cmark_node_next(node)
            if cmark_node_get_type(node) == CMARK_NODE_TEXT, CmarkNode(node).literal.isEmpty {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    private static func textNode(_ text: String) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_TEXT)
        cmark_node_set_literal(node, text)
        return node
    }
}
