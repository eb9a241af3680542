import Foundation
import Testing
@testable import SitegenCore

/// Reading texts out of the flat tree.
@Suite struct YAMLTreeTests {
    /// A tree of one scalar per text, in order.
    func tree(_ texts: [String], kind: YAMLTree.Kind = .quotedScalar) -> YAMLTree {
        var nodes: [YAMLTree.Record] = [], bytes: [UInt8] = []
        for text in texts {
            let start = Int32(bytes.count)
            bytes += Array(text.utf8)
            nodes.append(.init(line: 1, column: 1, start: start, end: Int32(bytes.count), kind: kind,
                               isASCII: text.utf8.allSatisfy { $0 < 0x80 }))
        }
        return YAMLTree(nodes: nodes, text: bytes)
    }

    /// Trimmed as Foundation's `.whitespacesAndNewlines` trims, whether the
    /// ends are seen on the bytes (printable ASCII, CJK) or not (spaces,
    /// U+3000, U+2028, emoji).
    @Test func trimmedStringIsWhitespaceTrim() {
        let texts = ["", " ", "x", "指标", "指标 ", " 指标", "\u{3000}标题\u{3000}", "标题\u{3000}", "\u{3000}标题", "㐀", "\u{3001}",
                     "a\u{2028}", "\u{2028}a", "\u{A0}x\u{A0}", "😀", " 😀\t", "x😀", "é", "x\u{85}", "\n指标\n", "月报\u{200B}"]
        let t = tree(texts)
        for (k, text) in texts.enumerated() {
            #expect(t.trimmedString(k) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// YAML's nulls are a plain empty scalar, `~` and `null` in three
    /// spellings; nothing else, and nothing quoted.
    @Test func nullIsFiveSpellingsOfAPlainScalar() {
        let texts = ["", "~", "null", "Null", "NULL", "nULL", "NuLL", "nulL", "NulL", "nUll", "nul", "nulll", "nill", "None", "~~", "0", "Nuul"]
        let plain = tree(texts, kind: .plainScalar), quoted = tree(texts)
        #expect(texts.indices.filter { plain.isNull($0) } == [0, 1, 2, 3, 4])
        #expect(texts.indices.filter { quoted.isNull($0) } == [])
    }
}
