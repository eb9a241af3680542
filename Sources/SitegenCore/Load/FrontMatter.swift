/// Splits a plan file into YAML front matter and Markdown body.
enum FrontMatter {
    static func split(_ file: SourceFile, slug: String) -> (RawPlan?, [Diagnostic]) {
        let text = file.text
        guard text.hasPrefix("---\n") || text == "---" else {
            return (nil, [.error(SourceLocation(path: file.path),
                "a plan file begins with YAML front matter between two '---' lines (title, issuer, year, published)")])
        }
        // Find the closing line: `---` or `...` alone on a line.
        var lineNumber = 1
        var yamlLines: [Substring] = []
        var bodyStart: String.Index?
        // Past the opening line; a file that is only `---` has nothing after it.
        var index = text.index(text.startIndex, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex
        while index < text.endIndex {
            let end = text[index...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[index..<end]
            lineNumber += 1
            if line == "---" || line == "..." || line.hasPrefix("--- ") {
                bodyStart = end < text.endIndex ? text.index(after: end) : end
                break
            }
            yamlLines.append(line)
            index = end < text.endIndex ? text.index(after: end) : end
        }
        guard let bodyStart else {
            return (nil, [.error(SourceLocation(path: file.path),
                "front matter is not closed: add a line '---' after the last field")])
        }
        let yaml = yamlLines.joined(separator: "\n")
        let (doc, diagnostics) = YAMLDocument.parse(yaml, path: file.path, lineOffset: 1)
        let plan = RawPlan(slug: slug, path: file.path, frontMatter: doc,
                           body: text[bodyStart...], bodyLineOffset: lineNumber,
                           bodyStart: text.utf8.distance(from: text.startIndex, to: bodyStart))
        return (plan, diagnostics)
    }
}
