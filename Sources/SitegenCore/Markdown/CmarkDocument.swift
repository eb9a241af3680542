import Foundation
import CCmark

/// Owns one parsed libcmark document. Not shared between threads; each
/// document is parsed, walked and rendered on one thread.
final class CmarkDocument {
    let root: OpaquePointer

    /// Parses `markdown` with source positions; never fails (cmark accepts any text).
    init?(_ markdown: Substring) {
        // No CMARK_OPT_VALIDATE_UTF8: a Swift string is valid UTF-8 already
        // (cmark's check would copy every line through its validator).
        let options = CMARK_OPT_SOURCEPOS
        var text = markdown
        let parsed: OpaquePointer? = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }
        guard let parsed else { return nil }
        root = parsed
    }

    convenience init?(_ markdown: String) { self.init(Substring(markdown)) }

    /// The document of a text's UTF-8 bytes (`PlanBody.bytes`: those of a
    /// text that was checked as UTF-8 when it was loaded, read again with
    /// no String made), parsed as its string would be.
    init?(bytes: Data) {
        let parsed: OpaquePointer? = bytes.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_SOURCEPOS) }
        }
        guard let parsed else { return nil }
        root = parsed
    }

    deinit { cmark_node_free(root) }

    /// Visits every node once on entering (after the walk, edit freely).
    func nodes() -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        guard let iter = cmark_iter_new(root) else { return result }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) { result.append(node) }
        }
        return result
    }

    /// HTML of the (possibly edited) tree, as cmark writes it (whole
    /// UTF-8: the tree's texts came from strings). `unsafe` lets through raw
    /// HTML nodes: use it only after removing every author HTML node.
    func html(unsafe: Bool) -> ByteText {
        let options = CMARK_OPT_DEFAULT | (unsafe ? CMARK_OPT_UNSAFE : 0)
        guard let cString = cmark_render_html(root, options) else { return ByteText("") }
        defer { free(cString) }
        let count = strlen(cString)
        return ByteText(capacity: count) { out in
            cString.withMemoryRebound(to: UInt8.self, capacity: count) { out.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
        }
    }
}

/// Read access to a cmark node.
struct CmarkNode {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
    var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    /// 1-based, in bytes.
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }
    var firstChild: CmarkNode? { cmark_node_first_child(pointer).map(CmarkNode.init) }
    var next: CmarkNode? { cmark_node_next(pointer).map(CmarkNode.init) }
    var previous: CmarkNode? { cmark_node_previous(pointer).map(CmarkNode.init) }

    var children: [CmarkNode] {
        var result: [CmarkNode] = []
        var child = firstChild
        while let c = child { result.append(c); child = c.next }
        return result
    }

    /// The nearest position: inline nodes may have none, so use an ancestor's.
    var position: (line: Int, column: Int) {
        var node: CmarkNode? = self
        while let n = node {
            if n.startLine > 0 { return (n.startLine, max(1, n.startColumn)) }
            node = n.parent
        }
        return (1, 1)
    }

    /// Plain text of the inline content: text and code, soft breaks joined
    /// without a space between two CJK characters.
    var plainText: String {
        var out = ""
        var stack: [CmarkNode] = children.reversed()
        while let n = stack.popLast() {
            switch n.type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: out += n.literal
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: stack += n.children.reversed()
            }
        }
        return CJK.joinSoftBreaks(Whitespace.trim(out))
    }
}
