import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as a plan body, analysed (headings, indicator
/// references, warnings) and rendered with every transform sitegen applies.
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
    return 0
}
