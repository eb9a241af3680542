#if canImport(Glibc)
import Glibc
#endif

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
        let (root, problems) = text.withUTF8(read)
        guard problems.isEmpty else {
            return (nil, problems.map { problem in
                guard let syntax = problem.syntax else {
                    return .error(SourceLocation(path: path, line: problem.line + lineOffset, column: problem.column), problem.message)
                }
                // A syntax error in plain words; a tab in the indentation is
                // its cause whatever libyaml calls it.
                if let tab = tabInIndentation(text, atOrBefore: problem.line) {
                    return .error(SourceLocation(path: path, line: tab.line + lineOffset, column: tab.column), YAMLProblem.tab)
                }
                let message = YAMLProblem.message(syntax, context: problem.context?.text,
                                                  contextLine: problem.context.map { $0.line + lineOffset })
                return .error(SourceLocation(path: path, line: problem.line + lineOffset, column: problem.column), message)
            })
        }
        return (YAMLDocument(path: path, root: root, lineOffset: lineOffset), [])
    }

    /// The document in `bytes` as read from a file (no BOM, CR or NUL),
    /// when it has no problem at all; nil at the first problem: `parse` of
    /// the decoded text then gives the messages. No text of the whole file
    /// is made: libyaml checks every byte is valid UTF-8 as it reads (a
    /// file it reads to the end is one `String(validating:)` accepts).
    static func parseWithoutProblems(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> YAMLDocument? {
        let (root, problems) = read(bytes)
        guard problems.isEmpty else { return nil }
        return YAMLDocument(path: path, root: root, lineOffset: 0)
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> (YAMLNode?, [YAMLEventReader.Problem]) {
        if let (line, column) = complexKey(bytes) {
            return (nil, [.init(line: line, column: column,
                                message: "a mapping key must be a plain word: '? ' keys and aliases (*name) as keys are not supported")])
        }
        return YAMLEventReader.read(bytes, maxDepth: maxDepth)
    }

    /// Position of an explicit key (`? `) or an alias used as a key
    /// (`*a: …`), looked for before anything else so that such a file (the
    /// shape of an alias-expansion bomb) gets this one message; content
    /// never needs them.
    static func complexKey(_ all: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        // Every byte that matters is ASCII, so this scans UTF-8 bytes; text
        // with neither '?' nor '*' (nearly every file) needs no line scan.
        let space: UInt8 = 0x20, dash: UInt8 = 0x2D, question: UInt8 = 0x3F, star: UInt8 = 0x2A
        guard let base = all.baseAddress,
              memchr(base, Int32(question), all.count) != nil || memchr(base, Int32(star), all.count) != nil else { return nil }
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

    /// The first tab in the indentation of line `line` (1-based) or the
    /// line before it (libyaml often stops at the next token): the cause
    /// of the syntax error, whatever libyaml calls it.
    static func tabInIndentation(_ text: String, atOrBefore line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for number in [line, line - 1] where number >= 1 && number <= lines.count {
            var column = 1
            for c in lines[number - 1].utf8 {
                if c == 0x09 { return (number, column) }
                guard c == 0x20 else { break }
                column += 1
            }
        }
        return nil
    }
}
