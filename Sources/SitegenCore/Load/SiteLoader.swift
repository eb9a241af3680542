import Foundation

/// The load stage: reads `content/` into raw documents with positions.
/// It never writes, and reads nothing outside the site folder.
enum SiteLoader {
    static func load(root: URL) -> (RawSite, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        let content = root.appendingPathComponent("content")
        let sitePath = "content/site.yaml"

        var siteDoc: YAMLDocument?
        var hashes: [String: ContentHash] = [:]
        if let file = readText(root: root, relative: sitePath, diagnostics: &diagnostics, required: true) {
            hashes[sitePath] = file.hash
            let (doc, d) = YAMLDocument.parse(file.text, path: sitePath)
            siteDoc = doc
            diagnostics += d
        }

        // Plans and indicator files are read and parsed on every core; the
        // results (and their problems) are kept in file-name order.
        let planNames = listFiles(content.appendingPathComponent("plans"))
        let planResults = Parallel.map(planNames) { name -> (RawPlan?, [Diagnostic], ContentHash?) in
            var diagnostics: [Diagnostic] = []
            let path = "content/plans/\(name)"
            guard name.hasSuffix(".md") else {
                if !name.hasPrefix(".") {
                    diagnostics.append(.warning(SourceLocation(path: path), "ignored: plan files end in .md"))
                }
                return (nil, diagnostics, nil)
            }
            let slug = String(name.dropLast(3))
            if !Slug.isValid(slug) {
                diagnostics.append(.error(SourceLocation(path: path),
                    "plan file name '\(slug)' is not a slug: use lower-case ASCII letters, digits and '-' (e.g. xiaogan-2022.md)"))
                return (nil, diagnostics, nil)
            }
            guard let file = readText(root: root, relative: path, diagnostics: &diagnostics, required: true) else { return (nil, diagnostics, nil) }
            let (plan, d) = FrontMatter.split(file, slug: slug)
            return (plan, diagnostics + d, file.hash)
        }
        let plans = planResults.compactMap(\.0)
        diagnostics += planResults.flatMap(\.1)
        for (name, result) in zip(planNames, planResults) { if let h = result.2 { hashes["content/plans/\(name)"] = h } }

        let indicatorNames = listFiles(content.appendingPathComponent("indicators"))
        let indicatorResults = Parallel.map(indicatorNames) { name -> (SourceFile?, [Diagnostic], ContentHash?) in
            var diagnostics: [Diagnostic] = []
            let path = "content/indicators/\(name)"
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
                if !name.hasPrefix(".") {
                    diagnostics.append(.warning(SourceLocation(path: path), "ignored: indicator files end in .yaml"))
                }
                return (nil, diagnostics, nil)
            }
            guard let file = readText(root: root, relative: path, diagnostics: &diagnostics, required: true) else { return (nil, diagnostics, nil) }
            return (file, diagnostics, file.hash)
        }
        let indicatorFiles = indicatorResults.compactMap(\.0)
        diagnostics += indicatorResults.flatMap(\.1)
        for (name, result) in zip(indicatorNames, indicatorResults) { if let h = result.2 { hashes["content/indicators/\(name)"] = h } }

        var files: [String: Int] = [:]
        let filesDir = content.appendingPathComponent("files")
        if let walker = fm.enumerator(at: filesDir, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey]) {
            let base = filesDir.standardizedFileURL.path
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey])
                // Symbolic links could point outside the site: they are not published.
                guard values?.isSymbolicLink != true, values?.isRegularFile == true else { continue }
                let full = url.standardizedFileURL.path
                guard full.hasPrefix(base + "/") else { continue }
                files[String(full.dropFirst(base.count + 1))] = values?.fileSize ?? 0
            }
        }
        return (RawSite(site: siteDoc, sitePath: sitePath, plans: plans, indicatorFiles: indicatorFiles, files: files,
                        hashes: hashes), diagnostics)
    }

    /// Regular files of a folder (not symbolic links), sorted by name.
    static func listFiles(_ dir: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            let p = dir.appendingPathComponent(name).path
            let attrs = try? FileManager.default.attributesOfItem(atPath: p)
            let isLink = (attrs?[.type] as? FileAttributeType) == .typeSymbolicLink
            return !isLink && FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    static func readText(root: URL, relative: String, diagnostics: inout [Diagnostic], required: Bool) -> SourceFile? {
        let url = root.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if required {
                diagnostics.append(.error(SourceLocation(path: relative), "file is missing or cannot be read"))
            }
            return nil
        }
        let (file, problem) = SourceFile.decode(data, path: relative)
        if let problem { diagnostics.append(problem) }
        return file
    }
}

/// Page addresses and ids: lower-case ASCII letters, digits and `-`.
enum Slug {
    static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 100 && s.first != "-" && s.last != "-"
            && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
