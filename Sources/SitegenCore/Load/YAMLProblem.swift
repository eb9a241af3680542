/// libyaml's problem and context strings (which Yams passes on unchanged,
/// and a direct libyaml reader gets the same) put in plain words that say
/// how to fix the file. One place, so the wording survives a change of
/// YAML reader.
enum YAMLProblem {
    /// What to tell the user for libyaml's `problem`; `context` (e.g.
    /// "while parsing a block mapping") and its line name the enclosing
    /// structure. `atTab` is true when the problem sits at a tab in a
    /// line's indentation.
    static func message(_ problem: String, context: String? = nil, contextLine: Int? = nil, atTab: Bool = false) -> String {
        if atTab || problem.contains("tab character") { return tab }
        var text = plain(problem)
        if let context, let contextLine, let what = structure(context) {
            text += " (in the \(what) that starts at line \(contextLine))"
        }
        return text
    }

    static let tab = "YAML indents with spaces, not tabs: replace the tab at the start of this line with spaces"

    /// The problem in plain words.
    static func plain(_ problem: String) -> String {
        for (key, words) in table where problem.hasPrefix(key) { return words }
        return "this line is not valid YAML: check its quotes, its ': ' after the key and its indentation"
    }

    static let table: [(String, String)] = [
        ("found character that cannot start any token",
         "this character cannot start a value (such as @, ` or %): put the whole value in quotes"),
        ("mapping values are not allowed in this context",
         "a ': ' here would start a new key: put a value that contains ': ' in quotes, or line this key up with the keys above it"),
        ("did not find expected key",
         "this line is not lined up with the keys of its mapping: indent it like the keys above it (or put a value containing '- ' or '#' in quotes)"),
        ("did not find expected '-' indicator",
         "a list item must start with '- ' lined up with the items above it"),
        ("could not find expected ':'",
         "a key must be followed by ': ' (a colon and a space); a text running over several lines must be in quotes"),
        ("did not find expected node content",
         "a value is missing here (after '- ', ', ', '[' or '{')"),
        ("did not find expected ',' or ']'",
         "a list in [ ] is not closed: separate its items with ', ' and end it with ']'"),
        ("did not find expected ',' or '}'",
         "a mapping in { } is not closed: separate its fields with ', ' and end it with '}'"),
        ("found unexpected end of stream",
         "the file ends inside a quoted text: close the quote"),
        ("found unknown escape character",
         "a backslash inside double quotes starts an escape: write \\\\ for a backslash, or use single quotes"),
        ("block sequence entries are not allowed in this context",
         "a list ('- ') cannot start on the line of a key: start it on the next line, indented under the key"),
        ("block mapping entries are not allowed in this context",
         "a new key cannot start here: put each key on its own line"),
        ("did not find expected comment or line break",
         "there is more text after a value's closing quote: end the value at the quote (a comment starts with ' #')"),
        ("found undefined alias",
         "the alias (*name) names no anchor (&name) written before it"),
        ("did not find expected alphabetic or numeric character",
         "'&' and '*' start an anchor or alias name: put a value that starts with them in quotes"),
        ("did not find expected whitespace or line break",
         "'&', '*' and '!' start YAML anchors, aliases and tags: put a value that starts with them in quotes"),
        ("found undefined tag handle",
         "'!' starts a YAML tag: put a value that starts with '!' in quotes"),
        ("did not find expected <document start>",
         "a second document ('---') starts here: a file holds one YAML document"),
        ("control characters are not allowed",
         "the file contains a control character, which YAML does not allow: remove it"),
        ("invalid leading UTF-8 octet", "the file is not UTF-8 text: save it as UTF-8"),
        ("invalid trailing UTF-8 octet", "the file is not UTF-8 text: save it as UTF-8"),
        ("incomplete UTF-8 octet sequence", "the file is not UTF-8 text: save it as UTF-8"),
    ]

    /// The structure a context names, in plain words.
    static func structure(_ context: String) -> String? {
        if context.contains("mapping") { return "mapping" }
        if context.contains("sequence") || context.contains("collection") { return "list" }
        if context.contains("quoted scalar") { return "quoted text" }
        if context.contains("simple key") { return "key" }
        if context.contains("block scalar") { return "text block" }
        return nil
    }
}
