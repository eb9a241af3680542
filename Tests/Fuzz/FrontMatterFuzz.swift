import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as a plan file, split into front matter and body,
/// the front matter read and checked, the body analysed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let (decoded, _) = SourceFile.decode(Data(bytes: start, count: count), path: "content/plans/fuzz.md")
    guard let file = decoded else { return 0 }
    let (raw, problems) = FrontMatter.split(file, slug: "fuzz")
    var diagnostics = problems
    if let raw { _ = PlanValidator.validate(raw, files: ["a.pdf": 1], diagnostics: &diagnostics) }
    _ = diagnostics.map(\.description)
    return 0
}
