// The byte form of positions and problems (see ByteCoding.swift); a
// round-trip test in ByteCodingTests checks every field.

extension ByteWriter {
    mutating func location(_ l: SourceLocation) {
        string(l.path)
        int(l.line)
        int(l.column)
    }

    mutating func diagnostics(_ list: [Diagnostic]) {
        int(list.count)
        for d in list {
            bool(d.severity == .error)
            location(d.location)
            string(d.message)
        }
    }
}

extension ByteReader {
    mutating func location() -> SourceLocation? {
        guard let path = path(), let line = int(), let column = int() else { return nil }
        return SourceLocation(path: path, line: line, column: column)
    }

    mutating func diagnostics() -> [Diagnostic]? {
        guard let n = count() else { return nil }
        var list: [Diagnostic] = []
        for _ in 0..<n {
            guard let isError = bool(), let l = location(), let message = string() else { return nil }
            list.append(Diagnostic(isError ? .error : .warning, l, message))
        }
        return list
    }
}
