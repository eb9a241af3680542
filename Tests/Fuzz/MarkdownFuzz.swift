import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as a plan body, analysed (headings, indicator
/// references, warnings), rendered with every transform sitegen applies,
/// and made into search postings (sections, plain text, tokens).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    // Search reads a body's bytes as they are (`PlanBody.bytes`): any bytes, cut at some lines.
    let raw = Data(bytes: start, count: count)
    let cut = SearchIndex.sections(raw, lineOffset: 0, headingLines: [2, 5])
    _ = SearchIndex.postings(of: SearchIndex.Group(title: "", slug: "raw", fields: [], intro: cut.intro,
                                                   sections: cut.sections.map { SearchIndex.Section(heading: "", anchor: "", text: $0) },
                                                   indicators: []), at: 0)
    let (decoded, _) = SourceFile.decode(raw, path: "content/plans/fuzz.md")
    guard let file = decoded else { return 0 }
    let markdown = Substring(file.text)
    let analysis = BodyAnalysis.analyze(markdown, lineOffset: 3)
    let body = PlanBody(markdown: markdown, lineOffset: 3, headings: analysis.headings,
                        indicatorIDs: analysis.references.map(\.id))
    let renderer = MarkdownRenderer(link: { id in
        id.hasPrefix("x") ? nil : MarkdownRenderer.IndicatorLink(href: "../../indicators/\(Escape.path(id))/", badgeHTML: "<span>b</span>")
    }, table: { ids in ByteText("<table>\(ids.count)</table>") }, anchorLabel: "#")
    _ = renderer.render(body)
    // Search's transforms of the same text: cut at its headings, made plain, tokenized.
    let (intro, bodies) = SearchIndex.sections(Data(markdown.utf8), lineOffset: 3, headingLines: analysis.headings.map(\.line))
    let group = SearchIndex.Group(
        title: String(markdown.prefix(64)), slug: "fuzz", fields: [], intro: intro,
        sections: zip(analysis.headings, bodies).map { SearchIndex.Section(heading: $0.text, anchor: $0.id, text: $1) },
        indicators: [SearchIndex.Item(name: String(markdown.suffix(64)), id: "x", status: "", latest: "", fields: [])])
    _ = SearchIndex.postings(of: group, at: 0)
    return 0
}
