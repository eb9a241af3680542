import Foundation
import Testing
@testable import SitegenCore

/// An indicator file checked on its bytes as read (`SiteValidator.checkIndicatorFile(_:path:)`)
/// gives what its decoded text gives, problems and all.
@Suite struct IndicatorFileBytesTests {
    static let path = "content/indicators/p.yaml"
    static let good = """
        plan: p
        indicators:
          - id: a
            name: 指标
            area: 大气
            direction: increase
            target: {value: 5, by: 2023-12-31}
            source: 月报
            observations:
              - {period: 2022-01, value: 1.5}
              - {period: 2022-02, value: 2}

        """

    /// What the decoded text gives: decode, parse, validate.
    func fromText(_ bytes: [UInt8]) -> (indicators: Int?, messages: [String]) {
        let (file, problem) = SourceFile.decode(Data(bytes), path: Self.path, hashing: false)
        guard let file else { return (nil, problem.map { [$0.description] } ?? []) }
        let (doc, syntax) = YAMLDocument.parse(file.text, path: file.path)
        var d = syntax
        let result = doc.flatMap { IndicatorValidator.validate($0, diagnostics: &d) }
        return (result?.indicators.count, d.map(\.description))
    }

    func fromBytes(_ bytes: [UInt8]) -> (indicators: Int?, messages: [String]) {
        let (result, d) = SiteValidator.checkIndicatorFile(Data(bytes), path: Self.path)
        return (result?.indicators.count, d.map(\.description))
    }

    @Test(arguments: [
        Array(good.utf8),
        [0xEF, 0xBB, 0xBF] + Array(good.utf8),                                       // a BOM
        Array(good.replacingOccurrences(of: "\n", with: "\r\n").utf8),               // CRLF
        Array(good.replacingOccurrences(of: "name: 指标", with: "name: 指\u{0}标").utf8), // a NUL
        Array(good.replacingOccurrences(of: "source: 月报", with: "source: 月报\n    source: 年报").utf8), // a repeated key
        Array(good.replacingOccurrences(of: "area: 大气", with: "area: [大气").utf8),   // a syntax error
        Array(good.replacingOccurrences(of: "指标", with: "\"\\L\\L\"").utf8),          // escapes, a blank name
    ])
    func bytesGiveWhatTheTextGives(_ bytes: [UInt8]) {
        let text = fromText(bytes)
        #expect(fromBytes(bytes) == text)
    }

    /// Invalid UTF-8 is libyaml's to find on the bytes path; the message
    /// is still decode's, at the first bad byte.
    @Test func invalidUTF8KeepsItsMessage() throws {
        var bytes = Array(Self.good.utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "d")))  // in "indicators", line 2
        bytes.insert(0xFF, at: at)
        let (result, d) = SiteValidator.checkIndicatorFile(Data(bytes), path: Self.path)
        #expect(result == nil)
        #expect(d.map(\.description) == ["content/indicators/p.yaml:2:3: error: file is not valid UTF-8 (byte 0xFF at offset \(at)); save it as UTF-8"])
        #expect(fromText(bytes).messages == d.map(\.description))
    }

    @Test func aGoodFileGivesItsIndicator() {
        let (result, d) = SiteValidator.checkIndicatorFile(Data(Self.good.utf8), path: Self.path)
        #expect(d.isEmpty)
        #expect(result?.indicators.map(\.id) == ["a"])
        #expect(result?.indicators.first?.observations.map(\.line) == [10, 11])
    }
}
