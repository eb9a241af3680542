import Mustache

/// A template that Mustache cannot parse, as a diagnostic at the place the
/// parser stopped, in words that say what to write (not the parser's own
/// error value).
enum TemplateParseProblem {
    /// `error` from parsing `prefix` + the template's text (`prefix` has
    /// no line break: the lines are the template's own, and only the first
    /// line's columns are shifted by it).
    /// `text` is the template's own text (without `prefix`): a section
    /// left open is reported where it opens, by its name, not at the end
    /// of the file where the parser stopped.
    static func diagnostic(_ error: Error, path: String, prefix: String, text: String = "") -> Diagnostic {
        guard let parse = error as? MustacheTemplate.ParserError else {
            return .error(SourceLocation(path: path), "template does not parse: \(error)")
        }
        if case .expectedSectionEnd = parse.error as? MustacheTemplate.Error, let open = unclosedSection(in: text) {
            return .error(SourceLocation(path: path, line: open.line, column: open.column),
                          "template does not parse: the section {{\(open.sigil)\(open.name)}} is not closed: add {{/\(open.name)}} where it ends")
        }
        let line = max(1, parse.context.lineNumber)
        let column = max(1, parse.context.columnNumber - (line == 1 ? prefix.count : 0))
        return .error(SourceLocation(path: path, line: line, column: column), "template does not parse: " + words(parse.error))
    }

    /// The innermost section (`{{#name}}`, `{{^name}}`, `{{$name}}`,
    /// `{{<name}}`) of `text` still open at its end, where it opens (line
    /// and column in characters, as Mustache counts them); nil when none
    /// is, or when the template changes its delimiters (`{{=<% %>=}}`).
    static func unclosedSection(in text: String) -> (line: Int, column: Int, sigil: Character, name: String)? {
        var open: [(line: Int, column: Int, sigil: Character, name: String)] = []
        for tag in MustacheTags.all(in: text) {
            switch tag.sigil {
            case "="?: return nil
            case let sigil? where "#^$<".contains(sigil): open.append((tag.line, tag.column, sigil, tag.name))
            case "/"?: if !open.isEmpty { open.removeLast() }
            default: continue
            }
        }
        return open.last
    }

    private static func words(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect:
            return "a section is closed with another name than the one it was opened with: {{/name}} must close {{#name}} or {{^name}}"
        case .unfinishedName:
            return "a tag is not finished: write it as {{name}}, with no space or line break inside the name"
        case .expectedSectionEnd:
            return "a section ({{#name}} or {{^name}}) is not closed before the end of the template: add its {{/name}}"
        case .invalidSetDelimiter:
            return "a delimiter-changing tag is badly written: write it as {{=<% %>=}}"
        case .transformAppliedToInheritanceSection:
            return "a transform such as uppercased(name) cannot name an inherited section ({{$name}}, {{<name}})"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "inside {{<parent}} … {{/parent}} only {{$block}} sections may stand: move the rest into a block"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            return "a {{% … }} tag is not one Mustache knows: delete it"
        }
    }
}
