import Foundation

/// Foundation's `CharacterSet.whitespaces` (space, tab and the Unicode
/// spaces such as U+3000), and with `newlines` its
/// `.whitespacesAndNewlines`, checked without bridging the text to
/// NSString: `trimmingCharacters(in:)` did that for every heading, code
/// block and YAML text of a site.
enum Whitespace {
    static func contains(_ scalar: Unicode.Scalar, newlines: Bool = false) -> Bool {
        if scalar.value < 0x80 {
            return scalar == " " || scalar == "\t" || (newlines && scalar.value >= 0x0A && scalar.value <= 0x0D)
        }
        // None lies above U+3000 (CJK text, the usual case, is).
        guard scalar.value <= 0x3000 else { return false }
        return (newlines ? spacesAndNewlines : spaces).contains(scalar)
    }

    /// Foundation's sets, made once (its getters make one per call).
    private static let spaces = CharacterSet.whitespaces, spacesAndNewlines = CharacterSet.whitespacesAndNewlines

    /// `text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`;
    /// the string itself (no copy) when there is nothing to trim.
    static func trim<S: StringProtocol>(_ text: S, newlines: Bool = false) -> String {
        if let string = text as? String, plainEnds(string.utf8) { return string }
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, contains(scalars[start], newlines: newlines) { start = scalars.index(after: start) }
        while end > start, contains(scalars[scalars.index(before: end)], newlines: newlines) { end = scalars.index(before: end) }
        if start == scalars.startIndex, end == scalars.endIndex, let string = text as? String { return string }
        return String(Substring(scalars[start..<end]))
    }

    /// Whether both ends of a text, seen on its UTF-8 bytes, are printable
    /// ASCII or a character at U+4000 or above (a lead byte of 0xE4 or
    /// more; no white space lies above U+3000): the usual text, CJK or
    /// not, needs no scalar decoded to know there is nothing to trim.
    static func plainEnds<C: BidirectionalCollection>(_ utf8: C) -> Bool where C.Element == UInt8 {
        guard let first = utf8.first, let last = utf8.last else { return false }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        guard plain(first) || first >= 0xE4 else { return false }
        if plain(last) { return true }
        // The last character's lead byte, up to three continuation bytes back.
        var i = utf8.index(before: utf8.endIndex), back = 0
        while back < 3, utf8[i] & 0xC0 == 0x80, i > utf8.startIndex {
            i = utf8.index(before: i)
            back += 1
        }
        return back >= 2 && utf8[i] >= 0xE4
    }
}
