import Foundation
import Mustache

/// The site's templates (`templates/*.mustache`, partials in subfolders)
/// and its static assets (`templates/assets/`, copied to `public/assets/`).
///
/// Every value a view holds is already escaped for where it lands, so the
/// templates render with Mustache's TEXT content type: `{{x}}` and `{{{x}}}`
/// print the same, and neither can let user text through unescaped.
struct TemplateSet {
    var library: MustacheLibrary
    var names: Set<String>
    var assets: [(path: String, url: URL)]
    /// Hash of every template's name and text: a page depends on all of them.
    var hash = ContentHash()
    /// Every template's text, for `tagsName(_:)`.
    var texts: [String] = []

    /// Page templates the renderer uses.
    static let required = ["layout", "index", "plan", "indicator", "list", "partials/progress-table"]

    static func load(from dir: URL, sitePath: String) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            return (nil, [.error(SourceLocation(path: sitePath), "template folder is missing: copy the default set from sitegen's templates/ folder")])
        }
        var library = MustacheLibrary()
        var names = Set<String>()
        var sources: [String: String] = [:]
        var assets: [(String, URL)] = []
        let base = dir.standardizedFileURL.path
        let walker = fm.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        var urls: [URL] = []
        while let url = walker?.nextObject() as? URL { urls.append(url) }
        for url in urls.sorted(by: { $0.path < $1.path }) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            let display = sitePath + "/" + relative
            if relative.hasPrefix("assets/") {
                assets.append((relative, url))
                continue
            }
            guard relative.hasSuffix(".mustache") else { continue }
            let name = String(relative.dropLast(".mustache".count))
            guard let data = fm.contents(atPath: url.path) else { continue }
            let (file, problem) = SourceFile.decode(data, path: display)
            if let problem { diagnostics.append(problem); continue }
            guard let file else { continue }
            do {
                let template = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + file.text)
                library.register(template, named: name)
                names.insert(name)
                sources[name] = file.text
            } catch {
                diagnostics.append(.error(SourceLocation(path: display), "template does not parse: \(error)"))
            }
        }
        for name in required where !names.contains(name) {
            diagnostics.append(.error(SourceLocation(path: sitePath + "/" + name + ".mustache"), "template '\(name)' is missing"))
        }
        // A missing partial or parent renders as empty text: refuse it here.
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            for (line, reference) in partialReferences(in: text) where !names.contains(reference) {
                diagnostics.append(.error(SourceLocation(path: sitePath + "/" + name + ".mustache", line: line),
                                          "template '\(name)' uses '\(reference)', which does not exist"))
            }
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }
        var hash = ContentHash()
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            hash.add(name)
            hash.add(text)
        }
        return (TemplateSet(library: library, names: names, assets: assets, hash: hash, texts: Array(sources.values)), diagnostics)
    }

    /// `{{> name}}` and `{{< name}}` references with their line numbers.
    static func partialReferences(in text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                let trimmed = rest.drop(while: { $0 == " " })
                guard let sigil = trimmed.first, sigil == ">" || sigil == "<" else { continue }
                let nameStart = trimmed.dropFirst().drop(while: { $0 == " " })
                guard let close = nameStart.range(of: "}}") else { break }
                let name = nameStart[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { result.append((i + 1, name)) }
                rest = nameStart[close.upperBound...]
            }
        }
        return result
    }

    /// Whether some template's tags name `name` (`{{#rows}}`,
    /// `{{count(rows)}}`, `{{rows.first}}`; not `{{{rowsHTML}}}` or
    /// `{{t.rows}}`): a value no template names need not be made. A
    /// template that changes its delimiters (`{{=<% %>=}}`) names everything.
    func tagsName(_ name: String) -> Bool {
        func isWordByte(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        let word = Array(name.utf8)
        guard !word.isEmpty else { return false }
        for text in texts {
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                let tag = rest[open.upperBound...]
                if tag.hasPrefix("=") { return true }
                let close = tag.range(of: "}}")?.lowerBound ?? tag.endIndex
                let bytes = Array(tag[..<close].utf8)
                if bytes.count >= word.count {
                    for start in 0...(bytes.count - word.count) where bytes[start..<(start + word.count)].elementsEqual(word) {
                        let before = start == 0 ? 0 : bytes[start - 1]
                        let after = start + word.count < bytes.count ? bytes[start + word.count] : 0
                        if !isWordByte(before) && before != 46 && !isWordByte(after) { return true }
                    }
                }
                rest = tag[close...]
            }
        }
        return false
    }

    func render(_ view: [String: Any], template: String) -> String {
        library.render(view, withTemplate: template) ?? ""
    }
}
