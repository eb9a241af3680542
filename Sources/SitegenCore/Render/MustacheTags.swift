import Foundation

/// The tags of a Mustache template's text as sitegen's checks of a theme
/// read them (`TemplateSet.partialReferences`,
/// `TemplateParseProblem.unclosedSection`): each `{{…}}` with where it
/// opens (line and column in characters, as Mustache counts them), its
/// sigil and its name.
enum MustacheTags {
    struct Tag {
        let line: Int
        let column: Int
        /// `#`, `^`, `/`, `>`, `<`, `$`, `!`, `=`, `&` or `{`; nil for a plain `{{name}}`.
        let sigil: Character?
        let name: String
    }

    static let sigils: Set<Character> = ["#", "^", "/", ">", "<", "$", "!", "=", "&", "{"]

    /// Each tag of `text` in order, its sigil and name trimmed of
    /// whitespace; a tag not closed on its line ends that line's tags.
    static func all(in text: String) -> [Tag] {
        var tags: [Tag] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let inside = rest[open.upperBound...]
                guard let close = inside.range(of: "}}") else { break }
                rest = inside[close.upperBound...]
                let body = inside[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let sigil = body.first.flatMap { sigils.contains($0) ? $0 : nil }
                tags.append(Tag(line: i + 1, column: line.distance(from: line.startIndex, to: open.lowerBound) + 1, sigil: sigil,
                                name: sigil == nil ? body : body.dropFirst().trimmingCharacters(in: .whitespaces)))
            }
        }
        return tags
    }
}
