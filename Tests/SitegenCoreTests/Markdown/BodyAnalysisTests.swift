import Foundation
import Testing
@testable import SitegenCore

@Suite struct BodyAnalysisTests {
    /// `Whitespace.trim` trims what Foundation's `.whitespaces` does: tab,
    /// space, U+3000, U+00A0, U+200B; nothing else (a line feed stays).
    @Test func trimMatchesFoundation() {
        let texts = ["", " ", "\t a b \t", "\u{3000}标题\u{3000}", "\u{00A0}x\u{200B}", "\nx\n", "指标 ", " 😀 ", "a\u{2028}",
                     "x", "指标", "㐀", "\u{3001}", "标题\u{3000}", "é", "x😀", "😀", "月报\u{200B}"]
        for text in texts {
            #expect(Whitespace.trim(text) == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    /// With `newlines`, what `.whitespacesAndNewlines` does: line feeds,
    /// carriage returns, U+0085 and U+2028 too.
    @Test func trimWithNewlinesMatchesFoundation() {
        let texts = ["", "\n", "\r\n x \u{0B}\u{0C}", "\u{3000}标题\n", "\u{85}x\u{2028}", "a\u{2029}", "指标", " 😀\t"]
        for text in texts {
            #expect(Whitespace.trim(text, newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(Array(text.unicodeScalars))")
        }
    }

    /// A link's column counts characters, not bytes, on its own line.
    @Test func linkColumnsCountCharacters() {
        let markdown = "# 标题\n\n段落文字 [x](indicator:a-1) 和 [y](javascript:x)\n\n第二行 [z](indicator:b)\n"
        let analysis = BodyAnalysis.analyze(Substring(markdown), lineOffset: 10)
        #expect(analysis.references.map { "\($0.id) \($0.line):\($0.column)" } == ["a-1 13:6", "b 15:5"])
        #expect(analysis.warnings.map { "\($0.line):\($0.column)" } == ["13:27"])
    }
}
