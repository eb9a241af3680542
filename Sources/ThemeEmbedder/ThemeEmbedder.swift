import Foundation

/// Build-time tool of the EmbedTheme plugin: writes every file under
/// TEMPLATES_DIR as a Swift string literal in OUTPUT, in path order:
/// `ThemeEmbedder TEMPLATES_DIR OUTPUT`. Files must be UTF-8 text.
@main
struct ThemeEmbedder {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: ThemeEmbedder TEMPLATES_DIR OUTPUT\n".utf8))
            exit(2)
        }
        let base = URL(fileURLWithPath: arguments[1]).standardizedFileURL
        var files: [(String, String)] = []
        let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(url.path): error: the built-in theme takes UTF-8 text files only\n".utf8))
                exit(1)
            }
            files.append((relative, text))
        }
        files.sort { $0.0 < $1.0 }
        var out = "// Generated at build time by ThemeEmbedder from templates/; do not edit.\n"
        out += "extension BuiltInTheme {\n    static let files: [(path: String, text: String)] = [\n"
        for (path, text) in files {
            out += "        (\(literal(path)), \(literal(text))),\n"
        }
        out += "    ]\n}\n"
        let target = URL(fileURLWithPath: arguments[2])
        // Unchanged bytes are not rewritten, so nothing downstream recompiles.
        if (try? Data(contentsOf: target)) != Data(out.utf8) {
            try Data(out.utf8).write(to: target, options: .atomic)
        }
    }

    /// A Swift string literal with the same characters.
    static func literal(_ text: String) -> String {
        var s = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "\n": s += "\\n"
            case "\r": s += "\\r"
            case "\t": s += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    s += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    s.unicodeScalars.append(scalar)
                }
            }
        }
        return s + "\""
    }
}
