import Foundation
import Testing
@testable import SitegenCore

@Suite struct HeadingIDsTests {
    /// The slug lowercases scalar by scalar exactly as `lowercased()` does:
    /// every scalar with a case below U+3000, the full-width forms,
    /// compatibility ideographs, Deseret, and texts whose mapping is longer
    /// (İ) or depends on context elsewhere (final sigma): a text's slug is
    /// that of its `lowercased()` (lowercasing again changes nothing).
    @Test func slugLowercasesAsTheStandardLibrary() {
        var texts = ["ΣΑΣ ΟΔΟΣ", "İstanbul", "ǅungla", "ﬃ Straße", "Ⅻ 章", "（一）总体要求", "2025年 工作-要点_v1.2", "", "   ", "É\u{301}"]
        let ranges: [ClosedRange<UInt32>] = [0x41...0x5A, 0xC0...0x2FFF, 0xF900...0xFB4F, 0xFF00...0xFFEF, 0x10400...0x1044F, 0x1E900...0x1E95F]
        for range in ranges {
            for value in range {
                guard let c = Unicode.Scalar(value) else { continue }
                texts.append("A\(c)b 标题")
            }
        }
        for text in texts {
            #expect(HeadingIDs.slug(text) == HeadingIDs.slug(text.lowercased()), "\(Array(text.unicodeScalars))")
        }
    }

    /// Ids made unique as a set of `String`s does it (canonical
    /// equivalence), whether or not the slugs are plain ASCII and CJK.
    @Test func idsAreUniqueAsStringsCompare() {
        func byStrings(_ texts: [String]) -> [String] {
            var used = HeadingIDs.reserved
            return texts.map { text in
                let base = HeadingIDs.slug(text)
                var id = base, n = 1
                while used.contains(id) { id = "\(base)-\(n)"; n += 1 }
                used.insert(id)
                return id
            }
        }
        let lists: [[String]] = [
            ["总体要求", "总体要求", "总体要求-1", "Top", "目录", "目录"],
            ["\u{F900}", "\u{8C48}", "\u{8C48}"],
            ["caf\u{E9}", "cafe\u{301}", "café"],
            ["a", "a", "a-1", "A", "a-2", ""],
            ["section", "", "…"],
        ]
        for texts in lists {
            #expect(HeadingIDs.assign(texts) == byStrings(texts), "\(texts)")
        }
        #expect(HeadingIDs.assign(["\u{F900}", "\u{8C48}"]) == ["\u{F900}", "\u{8C48}-1"])
    }

    /// A space between two wide characters goes; others stay.
    @Test func softBreaksJoinBetweenWideCharacters() {
        #expect(CJK.joinSoftBreaks("甲 乙 a 丙") == "甲乙 a 丙")
        #expect(CJK.joinSoftBreaks("甲 \u{301}乙") == "甲 \u{301}乙")
        #expect(CJK.joinSoftBreaks("no-space") == "no-space")
    }

    /// The space is looked for on the bytes, so a space that makes one
    /// character with the combining mark after it (U+302A–302F,
    /// U+FF9E–FF9F: wide by `isWide`) is still a space there: it goes
    /// between wide characters even when it is the text's only space, as
    /// it always did in a text with another space.
    @Test func aSpaceBeforeAWideCombiningMarkGoesEvenWhenItIsTheOnlySpace() {
        #expect(CJK.joinSoftBreaks("甲 \u{302A}乙") == "甲\u{302A}乙")
        #expect(CJK.joinSoftBreaks("ｶ \u{FF9E}") == "ｶ\u{FF9E}")
        #expect(CJK.joinSoftBreaks("甲 \u{302F}乙 丙") == "甲\u{302F}乙丙")
        #expect(CJK.joinSoftBreaks("a \u{302A}乙") == "a \u{302A}乙")  // not between two wide characters: kept
    }
}
