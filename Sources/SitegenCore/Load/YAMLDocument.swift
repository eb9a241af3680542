/// A parsed YAML document: the node tree keeps each value's position.
struct YAMLDocument {
    var path: String
    /// Nil for an empty document.
    var root: YAMLNode?
    /// Added to node lines (front matter starts below line 1 of its file).
    var lineOffset: Int

    func location(_ node: YAMLNode?) -> SourceLocation {
        guard let node else { return SourceLocation(path: path, line: 1 + lineOffset, column: 1) }
        return SourceLocation(path: path, line: node.line + lineOffset, column: node.column)
    }

    /// Most levels of nesting a content file may use; far beyond any real file.
    static let maxDepth = 64

    /// Parses `text` with libyaml; each problem is a diagnostic with its position.
    static func parse(_ text: String, path: String, lineOffset: Int = 0) -> (YAMLDocument?, [Diagnostic]) {
        var text = text
        let (root, problems) = text.withUTF8 { bytes -> (YAMLNode?, [YAMLEventReader.Problem]) in
            if let (line, column) = complexKey(bytes) {
                return (nil, [.init(line: line, column: column,
                                    message: "a mapping key must be a plain word: '? ' keys and aliases (*name) as keys are not supported")])
            }
            return YAMLEventReader.read(bytes, maxDepth: maxDepth)
        }
        guard problems.isEmpty else {
            return (nil, problems.map { problem in
                var message = problem.message
                if let context = problem.context { message += " (\(context.text) at line \(context.line + lineOffset))" }
                return .error(SourceLocation(path: path, line: problem.line + lineOffset, column: problem.column), message)
            })
        }
        return (YAMLDocument(path: path, root: root, lineOffset: lineOffset), [])
    }

    /// Position of an explicit key (`? `) or an alias used as a key
    /// (`*a: …`), looked for before anything else so that such a file (the
    /// shape of an alias-expansion bomb) gets this one message; content
    /// never needs them.
    static func complexKey(_ all: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        // Every byte that matters is ASCII, so this scans UTF-8 bytes; text
        // with neither '?' nor '*' (nearly every file) needs no line scan.
        let space: UInt8 = 0x20, dash: UInt8 = 0x2D, question: UInt8 = 0x3F, star: UInt8 = 0x2A
        guard all.contains(where: { $0 == question || $0 == star }) else { return nil }
        var lineNumber = 0
        var result: (Int, Int)?
        var lineStart = 0
        while lineStart <= all.count, result == nil {
            var lineEnd = lineStart
            while lineEnd < all.count, all[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            let line = UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])
            func found(_ offset: Int) {
                let column = String(decoding: UnsafeBufferPointer(rebasing: line[..<offset]), as: UTF8.self).unicodeScalars.count + 1
                result = (lineNumber, column)
            }
            var i = 0
            while i < line.count, line[i] == space || (line[i] == dash && (i + 1 == line.count || line[i + 1] == space)) { i += 1 }
            var starts = [i]
            if line.contains(0x7B) || line.contains(0x2C) {
                for k in i..<line.count where line[k] == 0x7B || line[k] == 0x2C {
                    var j = k + 1
                    while j < line.count, line[j] == space { j += 1 }
                    starts.append(j)
                }
            }
            for start in starts where start < line.count && result == nil {
                if line[start] == question, start + 1 == line.count || line[start + 1] == space { found(start); break }
                if line[start] == star {
                    var j = start + 1
                    while j < line.count, ![0x20, 0x2C, 0x3A, 0x5D, 0x7D].contains(line[j]) { j += 1 }
                    while j < line.count, line[j] == space { j += 1 }
                    if j < line.count, line[j] == 0x3A { found(start); break }
                }
            }
            lineStart = lineEnd + 1
        }
        return result
    }
}
