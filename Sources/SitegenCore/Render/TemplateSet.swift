import Foundation
import Mustache

/// The site's templates: sitegen's built-in theme (`BuiltInTheme`) with
/// each file the site's template folder has replacing the built-in file of
/// the same name (`layout.mustache`, `partials/progress-table.mustache`,
/// `assets/site.css`, …). Static assets (`assets/`) are copied to `public/assets/`.
///
/// Every value a view holds is already escaped for where it lands, so the
/// templates render with Mustache's TEXT content type: `{{x}}` and `{{{x}}}`
/// print the same, and neither can let user text through unescaped.
struct TemplateSet {
    var library: MustacheLibrary
    var names: Set<String>
    /// `assets/...` files to publish: the built-in ones as text, the site's as copies.
    var assets: [OutputFile]
    /// Hash of every template's name and text: a page depends on all of them.
    var hash = ContentHash()
    /// Every template's text, for `tagsName(_:)`.
    var texts: [String] = []
    /// Template name → its text (`PageSkeleton` cuts list sections out of it).
    var textByName: [String: String] = [:]
    /// Template name → the path a problem in it names (the site's file, or
    /// the built-in theme's).
    var pathByName: [String: String] = [:]
    /// Template name → the partials and parents it names (`{{> name}}`,
    /// `{{< name}}`), found once when loaded.
    var partialsByName: [String: [String]] = [:]

    /// Page templates the renderer uses.
    static let required = ["layout", "index", "plan", "plans", "indicator", "list", "partials/progress-table", "partials/pagination"]

    /// The built-in theme with the files of `dir` (which need not exist)
    /// over it. A file of `dir` that the theme does not have and nothing
    /// uses is a warning: most likely a misspelt name.
    static func load(from dir: URL, sitePath: String) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        // Template name (path without .mustache) → text and the path problems name.
        var sources: [String: (text: String, display: String)] = [:]
        var assets: [String: OutputFile] = [:]
        for (path, text) in BuiltInTheme.files {
            if path.hasPrefix("assets/") {
                assets[path] = .text(path, text)
            } else if path.hasSuffix(".mustache") {
                sources[String(path.dropLast(".mustache".count))] = (text, "(built-in theme)/" + path)
            }
        }
        var extras: [(relative: String, text: String?)] = []
        for (relative, url) in regularFiles(dir) {
            let display = sitePath + "/" + relative
            let builtIn = BuiltInTheme.text(relative) != nil
            if relative.hasPrefix("assets/") {
                assets[relative] = OutputFile(path: relative, content: .copy(from: url))
                if !builtIn { extras.append((relative, nil)) }
                continue
            }
            guard relative.hasSuffix(".mustache") else {
                diagnostics.append(.warning(SourceLocation(path: display),
                    "ignored: templates end in .mustache, and files to publish as they are go in \(sitePath)/assets/"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let (file, problem) = SourceFile.decode(data, path: display)
            if let problem { diagnostics.append(problem); continue }
            guard let file else { continue }
            sources[String(relative.dropLast(".mustache".count))] = (file.text, display)
            if !builtIn { extras.append((relative, file.text)) }
        }
        var library = MustacheLibrary()
        var names = Set<String>()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            let prefix = "{{%CONTENT_TYPE:TEXT}}"
            do {
                let template = try MustacheTemplate(string: prefix + source.text)
                library.register(template, named: name)
                names.insert(name)
            } catch {
                diagnostics.append(TemplateParseProblem.diagnostic(error, path: source.display, prefix: prefix, text: source.text))
            }
        }
        for name in required where sources[name] == nil {
            diagnostics.append(.error(SourceLocation(path: sitePath + "/" + name + ".mustache"), "template '\(name)' is missing"))
        }
        // A missing partial or parent renders as empty text: refuse it here.
        var referenced = Set<String>(), partialsByName: [String: [String]] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            let references = partialReferences(in: source.text)
            partialsByName[name] = references.map(\.1)
            for (line, reference) in references {
                referenced.insert(reference)
                guard sources[reference] == nil else { continue }
                diagnostics.append(.error(SourceLocation(path: source.display, line: line),
                                          "template '\(name)' uses '\(reference)', which does not exist"))
            }
        }
        diagnostics += unused(extras, sitePath: sitePath, referenced: referenced,
                              texts: sources.values.map(\.text) + assets.values.compactMap(\.cssText))
        if diagnostics.hasErrors { return (nil, diagnostics) }
        var hash = ContentHash()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            hash.add(name)
            hash.add(source.text)
        }
        return (TemplateSet(library: library, names: names, assets: assets.values.sorted { $0.path < $1.path },
                            hash: hash, texts: sources.values.map(\.text),
                            textByName: sources.mapValues(\.text), pathByName: sources.mapValues(\.display),
                            partialsByName: partialsByName), diagnostics)
    }

    /// With search off (site.yaml `search: false`), a warning for each
    /// place in the layout, or a partial it uses, that loads
    /// `search/search.js` where Mustache prints it with search off (outside
    /// `{{#search}}…{{/search}}`, in `{{^search}}`): the script is not
    /// made, so the page would ask for a file that is not there. Each place
    /// is marked, every inverted section on another name made a section
    /// (`showingEverySection`), and the layout rendered as a page with
    /// search off would be, with every other name there: all that is left
    /// hiding a place is `{{#search}}`, so a place whose mark is printed
    /// is warned, however its sections nest.
    func searchScriptWarnings(sitePath: String) -> [Diagnostic] {
        let script = "search/search.js"
        var library = library
        var places: [(marker: String, name: String, text: String, at: String.Index)] = []
        for (name, text) in textByName.sorted(by: { $0.key < $1.key }) {
            var marked = "", rest = Substring(text)
            while let at = rest.range(of: script) {
                let marker = "\u{E000}sitegen-script-\(places.count)\u{E001}"
                places.append((marker, name, text, at.lowerBound))
                marked += rest[..<at.lowerBound] + marker
                rest = rest[at.upperBound...]
            }
            let shown = Self.showingEverySection(marked + rest, but: "search")
            guard shown != text, let template = try? MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + shown) else { continue }
            library.register(template, named: name)
        }
        // A partial that includes itself (through others) stops on the
        // page's data, which these views do not have: rendered with them it
        // might never stop. Such a theme is not looked at (no warning).
        guard !places.isEmpty, !partialsCycle(from: "layout") else { return [] }
        let page = library.render(SearchOffView(), withTemplate: "layout") ?? ""
        return places.filter { page.contains($0.marker) }.map { place in
            let (line, column) = SourceFile.position(ofByte: place.text.utf8.distance(from: place.text.startIndex, to: place.at),
                                                     in: Array(place.text.utf8))
            return .warning(SourceLocation(path: pathByName[place.name] ?? sitePath + "/" + place.name + ".mustache", line: line, column: column),
                "site.yaml has search: false, but the layout still loads search/search.js, which is not made; "
                + "put the script's line inside {{#search}}…{{/search}} as the built-in layout does")
        }
    }

    /// Whether a partial reached from `start` includes itself, through
    /// any number of others.
    func partialsCycle(from start: String) -> Bool {
        var done: Set<String> = [], open: Set<String> = []
        func visit(_ name: String) -> Bool {
            if open.contains(name) { return true }
            guard !done.contains(name), let partials = partialsByName[name] else { return false }
            open.insert(name)
            defer { open.remove(name); done.insert(name) }
            return partials.contains(where: visit)
        }
        return visit(start)
    }

    /// A layout's view with search off (no `search`) for
    /// `searchScriptWarnings`: every other name is there (a section on it
    /// is shown, with this view inside).
    private struct SearchOffView: MustacheParent {
        func child(named name: String) -> Any? { name == "search" ? nil : self }
    }

    /// `text` with each inverted section's tag (`{{^name}}`) on a name
    /// other than `kept` (or a name inside it, `kept.x`) made a section's
    /// (`{{#name}}`): rendered with every name there, all such sections show.
    static func showingEverySection(_ text: String, but kept: String) -> String {
        var result = "", rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            let spaces = rest.prefix(while: { $0 == " " })
            guard rest.dropFirst(spaces.count).first == "^", let close = rest.range(of: "}}") else { continue }
            let name = rest[rest.index(rest.startIndex, offsetBy: spaces.count + 1)..<close.lowerBound]
                .trimmingCharacters(in: .whitespaces)
            guard name != kept, !name.hasPrefix(kept + ".") else { continue }
            result += spaces + "#" + name + "}}"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// Warnings for the site's files the built-in theme does not have that
    /// nothing uses: a template no template includes (`{{> name}}`), an
    /// asset whose name no template or style sheet mentions.
    static func unused(_ extras: [(relative: String, text: String?)], sitePath: String, referenced: Set<String>,
                       texts: [String]) -> [Diagnostic] {
        let theme = BuiltInTheme.paths.joined(separator: ", ")
        return extras.compactMap { extra in
            if extra.relative.hasPrefix("assets/") {
                let name = String(extra.relative.dropFirst("assets/".count))
                if texts.contains(where: { $0.contains(name) }) { return nil }
            } else if referenced.contains(String(extra.relative.dropLast(".mustache".count))) {
                return nil
            }
            return .warning(SourceLocation(path: sitePath + "/" + extra.relative),
                "not used: the built-in theme has no file \(extra.relative) and nothing uses it; "
                + "a file replaces the theme's file of the same name (\(theme))")
        }
    }

    /// Regular files under `dir` (relative paths, sorted), none hidden; empty when `dir` does not exist.
    static func regularFiles(_ dir: URL) -> [(String, URL)] {
        let base = dir.standardizedFileURL.path
        var result: [(String, URL)] = []
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey],
                                                    options: [.skipsHiddenFiles])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            result.append((String(full.dropFirst(base.count + 1)), url))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// `{{> name}}` and `{{< name}}` references with their line numbers.
    static func partialReferences(in text: String) -> [(Int, String)] {
        MustacheTags.all(in: text).filter { ($0.sigil == ">" || $0.sigil == "<") && !$0.name.isEmpty }.map { ($0.line, $0.name) }
    }

    /// Whether some template's tags name `name` (`{{#rows}}`,
    /// `{{count(rows)}}`, `{{rows.first}}`; not `{{{rowsHTML}}}` or
    /// `{{t.rows}}`): a value no template names need not be made. A
    /// template that changes its delimiters (`{{=<% %>=}}`) names everything.
    func tagsName(_ name: String) -> Bool {
        let word = Array(name.utf8)
        guard !word.isEmpty else { return false }
        for text in texts {
            var text = text
            if text.withUTF8({ Self.tagsName(word, in: $0) }) { return true }
        }
        return false
    }

    /// `tagsName` in one template's bytes.
    private static func tagsName(_ word: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isWordByte(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), n = bytes.count
        var i = 0
        while i + 1 < n {
            guard bytes[i] == open, bytes[i + 1] == open else {
                i += 1
                continue
            }
            let start = i + 2
            if start < n && bytes[start] == UInt8(ascii: "=") { return true }
            var end = start
            while end < n && !(bytes[end] == close && end + 1 < n && bytes[end + 1] == close) { end += 1 }
            if end - start >= word.count {
                for at in start...(end - word.count) where (0..<word.count).allSatisfy({ bytes[at + $0] == word[$0] }) {
                    let before = at == start ? 0 : bytes[at - 1]
                    let after = at + word.count < end ? bytes[at + word.count] : 0
                    if !isWordByte(before) && before != 46 && !isWordByte(after) { return true }
                }
            }
            i = end
        }
        return false
    }

    func render(_ view: [String: Any], template: String) -> String {
        library.render(view, withTemplate: template) ?? ""
    }

    /// `render(view, template:)` of a template made from `text` (with the
    /// set's partials); empty when it does not parse.
    func render(_ view: [String: Any], text: String) -> String {
        guard let template = try? MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + text) else { return "" }
        var library = library
        let name = "\u{0}sitegen-cut"
        library.register(template, named: name)
        return library.render(view, withTemplate: name) ?? ""
    }
}
