import Foundation

/// What sitegen knows about one output tree, kept beside it (never in it):
/// the key of all the inputs that made it, its summary, every file it holds
/// and, for each page, the key of what the page was made from. A record
/// names the tree it describes by the folder's identity (device and inode,
/// which the atomic swap carries along), so a record that does not describe
/// the tree in place is never believed.
struct BuildRecord {
    static let header = "sitegen build record v2"

    /// `inputKey(_:)` as text.
    var inputKey: String
    /// The folder this record describes.
    var tree: TreeID
    var result: BuildResult
    /// Every file of the tree, so a damaged tree is rebuilt, with the key
    /// of a page (nil for a file that is always made anew).
    var files: [(path: String, key: String?)]
    /// The change time (nanoseconds) of a file made once the tree was
    /// complete: a folder of the tree changed later has a later one
    /// (`SpareTree.recycle`). Nil when not known.
    var written: Int64?

    /// A folder's identity: device and inode.
    struct TreeID: Equatable {
        var device: UInt64
        var inode: UInt64

        init?(_ folder: URL) {
            var info = stat()
            guard lstat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }

        init?(_ text: some StringProtocol) {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let d = UInt64(parts[0]), let i = UInt64(parts[1]) else { return nil }
            device = d
            inode = i
        }

        var description: String { "\(device):\(inode)" }
    }

    /// A hash of the sitegen binary, the options that change output, and
    /// the path and bytes of every file under content/ and the template
    /// folder; with each content file's hash and stamp by path (relative to
    /// the site folder), so that the load stage need not read them again.
    /// With `stamps` (the workspace's `ContentStamps`), a content file
    /// whose stamp is the one kept there is not read: its kept hash is
    /// taken; `stamps` in the result are the ones to keep there for the
    /// next build once this one publishes (nil: the kept ones hold).
    static func inputKey(_ options: BuildOptions, stamps: URL? = nil) -> (key: ContentHash, known: SiteLoader.Known, stamps: ContentStamps?) {
        var key = ContentHash(header)
        key.add(options.tool)
        key.add(options.asOf?.description ?? "-")
        key.add(String(options.listPageSize))
        key.add(String(options.sitemapLimit))
        var known: SiteLoader.Known = [:]
        // Made before any file is read: its change time is `taken`.
        let taken = stamps.flatMap { IncrementalBuild.mark($0.appendingPathExtension("taken")) }
        // The kept stamps (thousands of lines) read beside the listing of
        // the content folder and the stats of its files, with more than
        // one worker; taken where the first kept hash is looked up.
        let keptRead = Parallel.workers > 1 ? stamps.map { url in Background { ContentStamps.read(url) } } : nil
        var keptTaken: ContentStamps?
        func keptStamps() -> ContentStamps {
            if let keptTaken { return keptTaken }
            let read = keptRead?.take() ?? stamps.map(ContentStamps.read) ?? .none
            keptTaken = read
            return read
        }
        let content = options.root.appendingPathComponent("content")
        let hashed = Parallel.Counter()  // content files read that could have been believed by their stamps
        for dir in [content, options.templates] {
            let folder = dir.path
            key.add(folder)
            let files = FileTree.entries(folder).map(\.path).sorted()
            let isContent = dir == content
            // Each content file's stamp, looked up in its folder.
            let now = isContent ? FileStamp.stamps(of: files.map { folder + "/" + $0 }) : []
            let kept = isContent ? keptStamps() : .none
            let read = Parallel.map(Array(files.indices)) { i -> (ContentHash, ContentHash?, FileStamp?) in
                let path = files[i]
                var h = ContentHash(path)
                let full = folder + "/" + path
                if isContent, let stamp = now[i], let bytes = kept.hash("content/" + path, stamp: stamp) {
                    h.add(bytes)
                    return (h, bytes, stamp)
                }
                guard let (data, stamp) = FileStamp.read(full) else { return (h, nil, nil) }
                if isContent, ContentStamps.keeps(path) { _ = hashed.increment() }
                let bytes = ContentHash(data)
                h.add(bytes)
                return (h, bytes, stamp)
            }
            for (h, _, _) in read { key.add(h) }
            guard isContent else { continue }
            known.reserveCapacity(files.count)
            for (path, (_, bytes, stamp)) in zip(files, read) {
                // Settled: older than `taken`, so any later write changes the stamp (`ContentStamps`).
                if let bytes, let stamp {
                    known["content/" + path] = (bytes, stamp, taken.map { stamp.device == $0.device && stamp.changed < $0.changed } ?? false)
                }
            }
        }
        if let stamps { unlink(stamps.appendingPathExtension("taken").path) }
        // Kept anew when a file was read or one of the kept is gone (the
        // others' stamps are older than the kept `taken`, and so than this one).
        let keep = taken.flatMap { taken in
            hashed.value > 0 || keptStamps().entries.count != known.keys.count(where: ContentStamps.keeps)
                ? ContentStamps(taken: taken.changed, device: taken.device, entries: known.mapValues { ($0.stamp, $0.hash) }) : nil
        }
        return (key, known, keep)
    }

    func encode() -> String {
        var out = head()
        out += Self.fileLines(files)
        return out
    }

    /// Everything but the file lines, which follow it (`fileLines`): a
    /// build makes those beside its last look at the sources, before the
    /// tree is complete and `written` known.
    func head() -> String {
        var out = ""
        func line(_ parts: String...) {
            for part in parts { out += part }
            out += "\n"
        }
        line(Self.header)
        line("key\t", inputKey)
        line("tree\t", tree.description)
        line("summary\t\(result.plans)\t\(result.indicators)\t\(result.pages)\t\(result.files)\t\(result.asOf?.description ?? "-")")
        for note in result.notes { line("note\t", Self.oneLine(note)) }
        line("diagnostics\t", Self.oneLine(result.diagnostics.jsonReport()))
        if let written { line("written\t\(written)") }
        return out
    }

    /// The lines of `files`, one a file, as the record holds them after its head.
    static func fileLines(_ files: some Collection<(path: String, key: String?)>) -> String {
        var out = ""
        out.reserveCapacity(files.count * 80)
        for file in files {
            out += "file\t"
            out += file.key ?? "-"
            out += "\t"
            out += file.path
            out += "\n"
        }
        return out
    }

    /// `text` with each line break a space (by byte: a large site's
    /// diagnostics are megabytes of JSON).
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(10) else { return text }
        return String(decoding: text.utf8.map { $0 == 10 ? 32 : $0 }, as: UTF8.self)
    }

    /// The record at `url` when it describes `tree`; with `key`, nil as
    /// soon as the recorded key differs (the rest is then not worth parsing).
    /// Without `diagnostics` its result's diagnostics are left empty (they
    /// are the record's JSON, the slow part; a rebuild needs only the pages).
    /// Read as bytes: a record lists every file of a large site.
    /// With `key`, its line is looked at first (`recordedKey`): a rebuild's
    /// differs, and the rest of a large site's record is megabytes.
    static func read(_ url: URL, describing tree: URL, ifKey expected: String? = nil, diagnostics: Bool = true) -> BuildRecord? {
        guard let id = TreeID(tree), let file = OpenFile(url.path) else { return nil }
        if let expected, let head = file.bytes(0..<min(file.size, headSize)),
           let recorded = recordedKey(head), recorded != expected { return nil }
        return file.bytes(0..<file.size)?.withUnsafeBufferPointer { bytes in
            parse(bytes, tree: id, ifKey: expected, diagnostics: diagnostics)
        }
    }

    /// How much of a record `read` looks at first for its key.
    static let headSize = 4096

    /// The key of a record whose first bytes are `head` (its header line,
    /// then its key's); nil when they are not those lines, whole.
    static func recordedKey(_ head: [UInt8]) -> String? {
        let lead = Array((header + "\nkey\t").utf8)
        guard head.count > lead.count, head.starts(with: lead),
              let end = head[lead.count...].firstIndex(of: 10) else { return nil }
        return String(decoding: head[lead.count..<end], as: UTF8.self)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, tree id: TreeID, ifKey expected: String?,
                              diagnostics withDiagnostics: Bool) -> BuildRecord? {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func firstTab(_ range: Range<Int>) -> Int? { bytes[range].firstIndex(of: 9) }
        var key: String?
        var recordedTree: TreeID?
        var result = BuildResult(diagnostics: [])
        var files: [(path: String, key: String?)] = []
        var written: Int64?
        var sawSummary = false, sawDiagnostics = false
        var start = 0, first = true
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            let line = start..<end
            start = end + 1
            if first {
                guard text(line) == header else { return nil }
                first = false
                continue
            }
            if line.isEmpty { continue }
            guard let tab = firstTab(line) else { return nil }
            let name = text(line.lowerBound..<tab), value = tab + 1..<line.upperBound
            switch name {
            case "file":
                guard let split = firstTab(value) else { return nil }
                let fileKey = text(value.lowerBound..<split)
                files.append((text(split + 1..<value.upperBound), fileKey == "-" ? nil : fileKey))
            case "key":
                let recorded = text(value)
                if let expected, recorded != expected { return nil }
                key = recorded
            case "tree":
                guard let recorded = TreeID(text(value)), recorded == id else { return nil }
                recordedTree = recorded
            case "summary":
                let s = text(value).split(separator: "\t").map(String.init)
                guard s.count == 5, let plans = Int(s[0]), let indicators = Int(s[1]), let pages = Int(s[2]),
                      let count = Int(s[3]) else { return nil }
                result.plans = plans; result.indicators = indicators; result.pages = pages; result.files = count
                result.asOf = Day(iso: s[4])
                sawSummary = true
            case "note": result.notes.append(text(value))
            case "written":
                guard let stamp = Int64(text(value)) else { return nil }
                written = stamp
            case "diagnostics":
                sawDiagnostics = true
                guard withDiagnostics else { continue }
                guard let list = try? JSONSerialization.jsonObject(with: Data(UnsafeBufferPointer(rebasing: bytes[value]))) as? [[String: Any]] else { return nil }
                for item in list {
                    guard let file = item["file"] as? String, let line = item["line"] as? Int, let column = item["column"] as? Int,
                          let severity = (item["severity"] as? String).flatMap(Severity.init(rawValue:)),
                          let message = item["message"] as? String else { return nil }
                    result.diagnostics.append(Diagnostic(severity, SourceLocation(path: file, line: line, column: column), message))
                }
            default: return nil
            }
        }
        guard !first, let key, let recordedTree, sawSummary, sawDiagnostics else { return nil }
        return BuildRecord(inputKey: key, tree: recordedTree, result: result, files: files, written: written)
    }

    /// True when the tree at `folder` holds every file recorded and no other.
    func isWhole(_ folder: URL) -> Bool {
        FileTree.entries(folder.path).map(\.path).sorted() == files.map(\.path).sorted()
    }
}
