import Foundation
import CCmark

/// What validation needs to know about a plan body.
struct BodyAnalysis {
    struct Reference { var id: String; var line: Int; var column: Int }

    var headings: [Heading] = []
    /// `indicator:ID` links and ids listed in `indicators` blocks.
    var references: [Reference] = []
    /// Raw HTML and unsafe URLs, as warnings (lines are file lines).
    var warnings: [(line: Int, column: Int, message: String)] = []

    static let indicatorScheme = "indicator:"

    /// Lines in the result are body lines plus `lineOffset`.
    static func analyze(_ markdown: Substring, lineOffset: Int) -> BodyAnalysis {
        var result = BodyAnalysis()
        guard let doc = CmarkDocument(markdown) else { return result }
        // Needed only for the positions of links and warnings: where each
        // line starts (UTF-8 offsets), found once, when first asked.
        var utf8: [UInt8] = [], lineStarts: [Int]?
        func column(_ line: Int, _ byteColumn: Int) -> Int {
            let starts: [Int]
            if let lineStarts { starts = lineStarts } else {
                // A copy at once (not a byte at a time), the line starts in one pass.
                utf8 = markdown.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(markdown.utf8)
                var found = [0]
                for k in utf8.indices where utf8[k] == 10 { found.append(k + 1) }
                starts = found
                lineStarts = starts
            }
            guard line >= 1, line <= starts.count else { return byteColumn }
            let start = starts[line - 1], lineEnd = line < starts.count ? starts[line] - 1 : utf8.count
            // Characters before the column: the bytes that begin one.
            return utf8[start..<min(lineEnd, start + max(0, byteColumn - 1))].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } + 1
        }
        var headingTexts: [(Int, String, Int)] = []
        // Headings (level, column) and text blocks (nil) in document order, for empty sections.
        var outline: [(level: Int, column: Int)?] = []
        for pointer in doc.nodes() {
            let node = CmarkNode(pointer)
            if node.type == CMARK_NODE_PARAGRAPH || node.type == CMARK_NODE_CODE_BLOCK, outline.last.map({ $0 != nil }) ?? false {
                outline.append(nil)
            }
            switch node.type {
            case CMARK_NODE_HEADING:
                headingTexts.append((node.headingLevel, node.plainText, node.startLine + lineOffset))
                outline.append((node.headingLevel, max(1, node.startColumn)))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = node.url
                let (line, byteColumn) = node.position
                if node.type == CMARK_NODE_LINK, url.hasPrefix(indicatorScheme) {
                    let id = String(url.dropFirst(indicatorScheme.count))
                    result.references.append(Reference(id: id, line: line + lineOffset, column: column(line, byteColumn)))
                } else if !URLPolicy.isSafe(url) {
                    let what = node.type == CMARK_NODE_LINK ? "link" : "image"
                    let scheme = URLPolicy.scheme(of: url) ?? ""
                    result.warnings.append((line + lineOffset, column(line, byteColumn),
                        "\(what) with the URL scheme '\(scheme):' is not shown; use http, https, mailto or a relative path"))
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let (line, byteColumn) = node.position
                result.warnings.append((line + lineOffset, column(line, byteColumn),
                    "raw HTML is not shown on the page; write it in Markdown"))
            case CMARK_NODE_CODE_BLOCK where Whitespace.trim(node.fenceInfo) == "indicators":
                for (i, raw) in node.literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let id = Whitespace.trim(raw)
                    guard !id.isEmpty else { continue }
                    let lead = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
                    result.references.append(Reference(id: id, line: node.startLine + 1 + i + lineOffset, column: node.startColumn + lead))
                }
            default:
                break
            }
        }
        var k = 0
        for (position, entry) in outline.enumerated() {
            guard let heading = entry else { continue }
            defer { k += 1 }
            let rest = outline[(position + 1)...]
            let end = rest.firstIndex { $0.map { $0.level <= heading.level } ?? false } ?? outline.endIndex
            if !outline[(position + 1)..<end].contains(where: { $0 == nil }) {
                let h = headingTexts[k]
                result.warnings.append((h.2, heading.column,
                    "the section '\(h.1)' is empty (no text before the next heading of its level); inspectors count an empty section (空白栏目): write its text or remove the heading"))
            }
        }
        let ids = HeadingIDs.assign(headingTexts.map(\.1))
        result.headings = zip(headingTexts, ids).map { Heading(level: $0.0, text: $0.1, id: $1, line: $0.2) }
        return result
    }
}
