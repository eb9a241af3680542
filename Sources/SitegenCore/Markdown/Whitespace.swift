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
        return (newlines ? CharacterSet.whitespacesAndNewlines : CharacterSet.whitespaces).contains(scalar)
    }

    /// `text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`;
    /// the string itself (no copy) when there is nothing to trim.
    static func trim<S: StringProtocol>(_ text: S, newlines: Bool = false) -> String {
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, contains(scalars[start], newlines: newlines) { start = scalars.index(after: start) }
        while end > start, contains(scalars[scalars.index(before: end)], newlines: newlines) { end = scalars.index(before: end) }
        if start == scalars.startIndex, end == scalars.endIndex, let string = text as? String { return string }
        return String(Substring(scalars[start..<end]))
    }
}
