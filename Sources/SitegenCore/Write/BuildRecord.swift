import Foundation

/// What a finished build leaves in its tree beside the pages: one key of
/// all its inputs and its summary. A build whose inputs have the same key
/// finds the tree already right and stops there (a no-change rebuild).
struct BuildRecord {
    static let fileName = ".sitegen-build"
    static let header = "sitegen build record v1"

    /// `inputKey(_:)` as text.
    var inputKey: String
    var result: BuildResult
    /// Every file of the tree, so a damaged tree is rebuilt.
    var paths: [String]

    /// A hash of the sitegen binary, the options that change output, and
    /// the path and bytes of every file under content/ and the template folder.
    static func inputKey(_ options: BuildOptions) -> ContentHash {
        var key = ContentHash(header)
        key.add(Pipeline.toolHash)
        key.add(options.asOf?.description ?? "-")
        key.add(String(options.listPageSize))
        for dir in [options.root.appendingPathComponent("content"), options.templates] {
            key.add(dir.path)
            let files = listAll(dir)
            let hashes = Parallel.map(files) { path -> ContentHash in
                var h = ContentHash(path)
                if let data = FileManager.default.contents(atPath: dir.path + "/" + path) { h.add(ContentHash(data)) }
                return h
            }
            for h in hashes { key.add(h) }
        }
        return key
    }

    /// Every file under `dir` (relative paths, sorted), symbolic links included.
    static func listAll(_ dir: URL) -> [String] {
        FileTree.entries(dir.path).map(\.path).sorted()
    }

    func encode() -> String {
        var lines = [Self.header, "key\t\(inputKey)",
                     "summary\t\(result.plans)\t\(result.indicators)\t\(result.pages)\t\(result.files)\t\(result.asOf?.description ?? "-")"]
        lines += result.notes.map { "note\t" + $0.replacingOccurrences(of: "\n", with: " ") }
        lines.append("diagnostics\t" + result.diagnostics.jsonReport().replacingOccurrences(of: "\n", with: " "))
        lines += paths.map { "file\t" + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The record of the tree at `output`; with `key`, nil as soon as the
    /// recorded key differs (the rest — summary, problems, every path — is
    /// then not worth parsing).
    static func read(_ output: URL, ifKey expected: String? = nil) -> BuildRecord? {
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(fileName).path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).lines
        guard lines.first == Substring(header) else { return nil }
        var key: String?
        var result = BuildResult(diagnostics: [])
        var paths: [String] = []
        var sawSummary = false, sawDiagnostics = false
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { return nil }
            let value = String(fields[1])
            switch fields[0] {
            case "key":
                if let expected, value != expected { return nil }
                key = value
            case "summary":
                let s = value.split(separator: "\t").map(String.init)
                guard s.count == 5, let plans = Int(s[0]), let indicators = Int(s[1]), let pages = Int(s[2]),
                      let files = Int(s[3]) else { return nil }
                result.plans = plans; result.indicators = indicators; result.pages = pages; result.files = files
                result.asOf = Day(iso: s[4])
                sawSummary = true
            case "note": result.notes.append(value)
            case "diagnostics":
                guard let list = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [[String: Any]] else { return nil }
                for item in list {
                    guard let file = item["file"] as? String, let line = item["line"] as? Int, let column = item["column"] as? Int,
                          let severity = (item["severity"] as? String).flatMap(Severity.init(rawValue:)),
                          let message = item["message"] as? String else { return nil }
                    result.diagnostics.append(Diagnostic(severity, SourceLocation(path: file, line: line, column: column), message))
                }
                sawDiagnostics = true
            case "file": paths.append(value)
            default: return nil
            }
        }
        guard let key, sawSummary, sawDiagnostics else { return nil }
        return BuildRecord(inputKey: key, result: result, paths: paths)
    }

    /// True when the tree at `output` holds every file it recorded and no other.
    func treeIsWhole(_ output: URL) -> Bool {
        let present = Self.listAll(output).filter { $0 != Self.fileName && $0 != Publisher.manifestName }
        return present == paths.sorted()
    }
}
