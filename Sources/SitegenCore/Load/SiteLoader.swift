import Foundation

/// The load stage: reads `content/` into raw documents with positions.
/// It never writes, and reads nothing outside the site folder.
enum SiteLoader {
    /// Each file's hash and stamp by path (relative to the site folder),
    /// from a read made moments before by the same build; `settled` when
    /// the stamp's change time is older than the moment that build began
    /// reading (`BuildRecord.inputKey`): a later read that finds the same
    /// stamp finds these bytes (`SourceFile.Unread.settled`).
    typealias Known = [String: (hash: ContentHash, stamp: FileStamp, settled: Bool)]

    /// `keepText: false` reads and hashes each plan and indicator file (or
    /// takes its hash from `known`, read moments before) and keeps only its
    /// path, hash and stamp: the validate stage reads it again
    /// (`SourceFile.withText()`, which decodes it) only when it checks it,
    /// one file per core at a time, and the render stage a plan's body when
    /// its page is made. `hashing: false` (with `keepText: false`) does
    /// not even read the plan and indicator files: they are only listed,
    /// and each is read once, when it is checked, without a hash (`check`
    /// with no earlier results to look up by hash).
    ///
    /// A listed plan or indicator file that cannot be read (no permission,
    /// a folder named like one) is still listed, with its one problem
    /// (`SourceFile.problem`): a plan that cannot be read is a plan there,
    /// not a missing one.
    static func load(root: URL, keepText: Bool = true, known: Known = [:], hashing: Bool = true) -> (RawSite, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        let content = root.appendingPathComponent("content")
        let sitePath = "content/site.yaml"

        var siteDoc: YAMLDocument?
        var hashes: [String: ContentHash] = [:]
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(sitePath).path) {
            diagnostics.append(.error(SourceLocation(path: sitePath), missingSiteFile))
        } else if let file = readText(root: root, relative: sitePath, diagnostics: &diagnostics, required: true) {
            hashes[sitePath] = file.hash
            let (doc, d) = YAMLDocument.parse(file.text, path: sitePath)
            siteDoc = doc
            diagnostics += d
        }

        // Plans and indicator files are read on every core;
        // the results and their problems are kept in file-name order.
        let changes = keepText ? nil : SourceChanges()
        let planFiles = readFolder(root: root, "plans", suffixes: [".md"], kind: planKind, leaveOnDisk: changes, known: known,
                                   read: hashing, diagnostics: &diagnostics) { name, path, diagnostics in
            let slug = String(name.dropLast(3))
            guard Slug.isValid(slug) else {
                diagnostics.append(.error(SourceLocation(path: path),
                    "plan file name '\(slug)' is not a slug: use lower-case ASCII letters, digits and '-' (e.g. xiaogan-2022.md)"))
                return false
            }
            return true
        }
        let indicatorFiles = readFolder(root: root, "indicators", suffixes: [".yaml", ".yml"], kind: indicatorKind,
                                        leaveOnDisk: changes, known: known, read: hashing, diagnostics: &diagnostics) { _, _, _ in true }
        for file in planFiles + indicatorFiles where file.isHashed { hashes[file.path] = file.hash }

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
        let data = DataFolder.read(root: root)
        hashes.merge(data.hashes) { a, _ in a }
        diagnostics += data.diagnostics
        return (RawSite(site: siteDoc, sitePath: sitePath, planFiles: planFiles, indicatorFiles: indicatorFiles, files: files,
                        hashes: hashes, dataTables: data.tables, changes: changes), diagnostics)
    }

    /// A first run in the wrong folder, or a site not yet started.
    static let missingSiteFile = "there is no content/site.yaml here: a site needs one with its title and organization "
        + "(both required); run sitegen init to start a new site, or give the site's folder (sitegen build SITE_DIR)"

    /// What the plan and indicator folders hold, for the warning on a file
    /// without their suffix (`ignored`).
    static let planKind = "plan files end in .md", indicatorKind = "indicator files end in .yaml"

    /// The warning on a file of a content folder without its suffix.
    static func ignored(_ path: String, kind: String) -> Diagnostic {
        .warning(SourceLocation(path: path), "ignored: \(kind)")
    }

    /// Reads every file of `content/FOLDER` on every core, in file-name
    /// order: a name without one of `suffixes` is a warning, one `accept`
    /// refuses is left out (it reports why). A file (or folder) with the
    /// suffix whose text cannot be taken is listed with its problem
    /// (`SourceFile.failed`), a folder without being opened. With
    /// `leaveOnDisk`, each file is only hashed (not decoded), or not even
    /// read when `known` has it, and left there (`SourceFile.leftOnDisk`);
    /// with `read: false` as well, not even read (`SourceFile.unreadUntilChecked`).
    static func readFolder(root: URL, _ folder: String, suffixes: [String], kind: String, leaveOnDisk: SourceChanges? = nil,
                           known: Known = [:], read: Bool = true,
                           diagnostics: inout [Diagnostic],
                           accept: (String, String, inout [Diagnostic]) -> Bool) -> [SourceFile] {
        let entries = listEntries(root.appendingPathComponent("content").appendingPathComponent(folder))
        let results = Parallel.map(entries) { name, isFolder -> (SourceFile?, [Diagnostic]) in
            var diagnostics: [Diagnostic] = []
            let path = "content/\(folder)/\(name)"
            guard suffixes.contains(where: name.hasSuffix) else {
                if !name.hasPrefix("."), !isFolder { diagnostics.append(ignored(path, kind: kind)) }
                return (nil, diagnostics)
            }
            guard accept(name, path, &diagnostics) else { return (nil, diagnostics) }
            let url = root.appendingPathComponent(path, isDirectory: false)
            guard !isFolder else { return (.failed(path, unreadable(path, at: url)), diagnostics) }
            guard let leaveOnDisk else {
                var problems: [Diagnostic] = []
                let file = readText(root: root, relative: path, diagnostics: &problems, required: true)
                return (file ?? problems.first.map { .failed(path, $0) }, diagnostics)
            }
            // A listed regular file: no stat to ask whether it is a folder.
            guard read || known[path] != nil else { return (SourceFile.unreadUntilChecked(path, at: url, changes: leaveOnDisk), diagnostics) }
            guard let (hash, stamp, settled) = known[path] ?? FileStamp.read(url.path).map({ (ContentHash($0.data), $0.stamp, false) }) else {
                return (.failed(path, unreadable(path, at: url)), diagnostics)
            }
            let file = SourceFile(path: path, text: "", hash: hash).leftOnDisk(at: url, changes: leaveOnDisk, stamp: stamp, settled: settled)
            return (file, diagnostics)
        }
        diagnostics += results.flatMap(\.1)
        return results.compactMap(\.0)
    }

    /// Regular files of a folder (not symbolic links, FIFOs or devices),
    /// sorted by name; read with `readdir`, one `lstat` at most per entry.
    static func listFiles(_ dir: URL) -> [String] {
        listEntries(dir).compactMap { $0.isFolder ? nil : $0.name }
    }

    /// `listFiles` with the folders, sorted by name.
    static func listEntries(_ dir: URL) -> [(name: String, isFolder: Bool)] {
        FileTree.list(dir.path, "").compactMap { $0.1 == .other ? nil : ($0.0, $0.1 == nil) }.sorted { $0.name < $1.name }
    }

    /// The error on a content file that cannot be read, with why as far as
    /// the system tells and what to do: gone since it was listed, a folder
    /// named like a file, or (usually) no permission to read it.
    static func unreadable(_ path: String, at url: URL) -> Diagnostic {
        var info = stat()
        let message: String
        if lstat(url.path, &info) != 0 {
            message = "file is missing or cannot be read"
        } else if info.st_mode & S_IFMT == S_IFDIR {
            let name = path.split(separator: "/").last ?? "", folder = path.dropLast(name.count + 1)
            let suffix = name.lastIndex(of: ".").map { name[$0...] } ?? ""
            message = "this is a folder, not a file: give it a name without '\(suffix)', or move it out of \(folder)"
        } else {
            message = "file cannot be read: let the user who runs sitegen read it (for example chmod a+r \(path))"
        }
        return .error(SourceLocation(path: path), message)
    }

    static func readText(root: URL, relative: String, diagnostics: inout [Diagnostic], required: Bool) -> SourceFile? {
        let url = root.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if required {
                diagnostics.append(unreadable(relative, at: url))
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
        // On bytes: a text of these ASCII bytes alone has one character per
        // byte (no grapheme breaking asked for its ends).
        let dash = UInt8(ascii: "-")
        return !s.isEmpty && s.utf8.count <= 100
            && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && s.utf8.first != dash && s.utf8.last != dash
    }
}
