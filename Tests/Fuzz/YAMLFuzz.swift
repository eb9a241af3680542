import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as an indicator file and as site.yaml, through
/// decoding, the YAML reader and the validators.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let path = "content/indicators/fuzz.yaml"
    // The indicator file read on its bytes (what `check` does) gives what
    // its decoded text gives; a file read on its bytes is valid UTF-8.
    let (bytesResult, bytesDiagnostics) = SiteValidator.checkIndicatorFile(data, path: path)
    let (decoded, problem) = SourceFile.decode(data, path: path)
    guard let file = decoded else {
        precondition(bytesResult == nil && bytesDiagnostics.map(\.description) == problem.map { [$0.description] } ?? [])
        return 0
    }
    let (doc, problems) = YAMLDocument.parse(file.text, path: file.path)
    var diagnostics = problems
    if let doc {
        let result = IndicatorValidator.validate(doc, diagnostics: &diagnostics)
        precondition(bytesResult?.indicators.count == result?.indicators.count)
        precondition(bytesDiagnostics.map(\.description) == diagnostics.map(\.description))
        _ = SiteConfigValidator.validate(doc, diagnostics: &diagnostics)
    } else {
        precondition(bytesResult == nil && bytesDiagnostics.map(\.description) == diagnostics.map(\.description))
    }
    if YAMLDocument.parseWithoutProblems(UnsafeBufferPointer(start: start, count: count), path: path) != nil,
       SourceFile.needsOnlyUTF8Check(UnsafeBufferPointer(start: start, count: count)) {
        precondition(String(validating: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) != nil)
    }
    _ = diagnostics.map(\.description)
    return 0
}
