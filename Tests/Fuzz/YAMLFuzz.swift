import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as an indicator file and as site.yaml, through
/// decoding, the YAML reader and the validators.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let (decoded, _) = SourceFile.decode(Data(bytes: start, count: count), path: "content/indicators/fuzz.yaml")
    guard let file = decoded else { return 0 }
    let (doc, problems) = YAMLDocument.parse(file.text, path: file.path)
    var diagnostics = problems
    if let doc {
        _ = IndicatorValidator.validate(doc, diagnostics: &diagnostics)
        _ = SiteConfigValidator.validate(doc, diagnostics: &diagnostics)
    }
    _ = diagnostics.map(\.description)
    return 0
}
