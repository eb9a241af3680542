/// Chinese typesetting helpers.
enum CJK {
    /// Han ideographs, CJK punctuation and full-width forms.
    static func isWide(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
        case 0x3000...0x303F: return true
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014: return true
        default: return false
        }
    }

    /// Removes a single space between two wide characters ("甲 乙" → "甲乙").
    static func joinSoftBreaks(_ s: String) -> String {
        // On the bytes: `s.contains(" ")` is Foundation's search of a
        // substring (an NSString bridge and a locale-aware compare). A
        // space before a combining mark counts here too, as in the loop
        // (pinned by `aSpaceBeforeAWideCombiningMarkGoesEvenWhenItIsTheOnlySpace`).
        guard s.utf8.contains(UInt8(ascii: " ")) else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            if c == " ", i > 0, i + 1 < scalars.count, isWide(scalars[i - 1]), isWide(scalars[i + 1]) { continue }
            out.append(c)
        }
        return String(out)
    }
}
