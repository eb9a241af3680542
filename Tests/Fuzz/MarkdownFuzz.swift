import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as a plan body, analysed (headings, indicator
/// references, warnings), rendered with every transform sitegen applies,
/// and made into search postings (sections, plain text, tokens).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let (decoded, _) = SourceFile.decode(Data(bytes: start, count: count), path: "content/plans/fuzz.md")
    guard let file = decoded else { return 0 }
    let markdown = Substring(file.text)
    let analysis = BodyAnalysis.analyze(markdown, lineOffset: 3)
    let body = PlanBody(markdown: markdown, lineOffset: 3, headings: analysis.headings,
                        indicatorIDs: analysis.references.map(\.id))
    let renderer = MarkdownRenderer(link: { id in
        id.hasPrefix("x") ? nil : MarkdownRenderer.IndicatorLink(href: "../../indicators/\(Escape.path(id))/", badgeHTML: "<span>b</span>")
    }, table: { ids in "<table>\(ids.count)</table>" }, anchorLabel: "#")
    _ = renderer.render(body)
    // Search's transforms of the same text: cut at its headings, made plain, tokenized.
    let (intro, bodies) = SearchIndex.sections(markdown, lineOffset: 3, headingLines: analysis.headings.map(\.line))
    let group = SearchIndex.Group(
        title: String(markdown.prefix(64)), slug: "fuzz", fields: [SearchIndex.plainText(intro)],
        sections: zip(analysis.headings, bodies).map { SearchIndex.Section(heading: $0.text, anchor: $0.id, text: SearchIndex.plainText($1)) },
        indicators: [SearchIndex.Item(name: String(markdown.suffix(64)), id: "x", status: "", latest: "", fields: [])])
    _ = SearchIndex.postings(of: group, at: 0)
    return 0
}
