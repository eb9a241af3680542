import Foundation

/// `content/data/`: the observation tables, read on every core in
/// file-name order. CSV and XLSX files become tables; any other file is a
/// warning (Office's `~$` lock files and hidden files are passed over).
enum DataFolder {
    static let folder = "content/data"

    struct Result {
        var tables: [DataTable] = []
        /// Hash of each table file's bytes, by path.
        var hashes: [String: ContentHash] = [:]
        var diagnostics: [Diagnostic] = []
    }

    static func read(root: URL) -> Result {
        let names = SiteLoader.listFiles(root.appendingPathComponent(folder))
        let results = Parallel.map(names) { name -> Result in
            var one = Result()
            let path = folder + "/" + name
            let lower = name.lowercased()
            guard !name.hasPrefix("."), !name.hasPrefix("~$") else { return one }
            guard lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") else {
                let hint = lower.hasSuffix(".xls") || lower.hasSuffix(".et")
                    ? "; save it as an Excel workbook (.xlsx) or as CSV" : ""
                one.diagnostics.append(.warning(SourceLocation(path: path),
                    "ignored: content/data holds observation tables (.csv or .xlsx)\(hint)"))
                return one
            }
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                one.diagnostics.append(.error(SourceLocation(path: path), "file cannot be read"))
                return one
            }
            one.hashes[path] = ContentHash(data)
            if lower.hasSuffix(".csv") {
                if let table = CSVTable.read(data, path: path, diagnostics: &one.diagnostics) { one.tables.append(table) }
            } else {
                one.tables = XLSXTable.read(data, path: path, diagnostics: &one.diagnostics)
            }
            return one
        }
        var all = Result()
        for r in results {
            all.tables += r.tables
            all.hashes.merge(r.hashes) { a, _ in a }
            all.diagnostics += r.diagnostics
        }
        return all
    }
}
