/// A position in a source file: the path is relative to the site folder;
/// line and column are 1-based, the column counted in Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    /// Worth knowing, not a problem (a workbook sheet that is not read).
    case note
}

/// One content problem. Collected, never thrown; only the CLI prints it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    public static func note(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.note, location, message)
    }

    /// `path:line:column: error: message`
    public var description: String {
        "\(location.path):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// How many problems of one file a report shows: past that, one more
    /// line says how many were left out (a file of 100,000 repeated keys
    /// would otherwise print 100,000 lines nobody reads).
    public static var reportLimitPerFile: Int { 100 }

    /// Sorted by path, line, column, then message, without duplicates; at
    /// most `reportLimitPerFile` of one file, then a line counting the rest
    /// (an error if any of them is one, so a failing build still fails).
    public func sortedForReport() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let sorted = filter { seen.insert($0).inserted }.sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            if $0.severity != $1.severity { return $0.severity == .error }
            return $0.message < $1.message
        }
        var report: [Diagnostic] = []
        report.reserveCapacity(Swift.min(sorted.count, 4 * Self.reportLimitPerFile))
        var start = sorted.startIndex
        while start < sorted.endIndex {
            let path = sorted[start].location.path
            var end = start
            while end < sorted.endIndex, sorted[end].location.path == path { end += 1 }
            let shown = Swift.min(end - start, Self.reportLimitPerFile)
            report += sorted[start..<start + shown]
            let left = sorted[(start + shown)..<end]
            if let first = left.first {
                let severity: Severity = left.contains { $0.severity == .error } ? .error : first.severity
                report.append(Diagnostic(severity, first.location,
                                         "\(left.count) more problems in this file are not shown; fix the ones above and check again"))
            }
            start = end
        }
        return report
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// This report (`sortedForReport`) with the problems of the file at
    /// `path` replaced by `problems` (all of that file's): what sorting all
    /// of them again gives, without sorting the other files' again.
    func replacingReport(of path: String, with problems: [Diagnostic]) -> [Diagnostic] {
        let start = partitioningIndex { $0.location.path >= path }
        let end = self[start...].partitioningIndex { $0.location.path > path }
        var report = self
        report.replaceSubrange(start..<end, with: problems.sortedForReport())
        return report
    }
}

extension Collection {
    /// The first index whose element is `belongs` (false up to there, true
    /// after it: the collection is partitioned by it), or `endIndex`.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2, middle = index(low, offsetBy: half)
            if belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

extension Array where Element == Diagnostic {
    /// One JSON array of `{file, line, column, severity, message}`, one
    /// object per line, for CI pipelines and editors.
    public func jsonReport() -> String {
        guard !isEmpty else { return "[]\n" }
        let objects = map { d in
            "  {\"file\": \(Escape.json(d.location.path)), \"line\": \(d.location.line), \"column\": \(d.location.column), "
                + "\"severity\": \(Escape.json(d.severity.rawValue)), \"message\": \(Escape.json(d.message))}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
