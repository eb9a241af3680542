import Foundation

/// Foundation's `CharacterSet.whitespaces` (space, tab and the Unicode
/// spaces such as U+3000), checked without bridging the text to NSString:
/// `trimmingCharacters(in: .whitespaces)` did that for every heading and
/// code block of every plan, twice a build.
enum Whitespace {
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`.
    static func trim<S: StringProtocol>(_ text: S) -> String {
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start, contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }
}
