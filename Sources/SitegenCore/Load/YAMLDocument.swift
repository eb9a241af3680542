import Yams

/// A parsed YAML document: the node tree keeps each value's position.
struct YAMLDocument {
    var path: String
    /// Nil for an empty document.
    var root: Node?
    /// Added to node lines (front matter starts below line 1 of its file).
    var lineOffset: Int

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(path: path, line: 1 + lineOffset, column: 1) }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    /// Most levels of nesting a content file may use; far beyond any real
    /// file, and low enough that the recursive parser cannot run out of stack.
    static let maxDepth = 64

    /// Parses `text`; a syntax error is a diagnostic with its position.
    static func parse(_ text: String, path: String, lineOffset: Int = 0) -> (YAMLDocument?, [Diagnostic]) {
        if let line = lineExceedingDepth(text) {
            return (nil, [.error(SourceLocation(path: path, line: line + 1 + lineOffset, column: 1),
                                 "YAML is nested more than \(maxDepth) levels deep here")])
        }
        if let (line, column) = complexKey(text) {
            return (nil, [.error(SourceLocation(path: path, line: line + lineOffset, column: column),
                                 "a mapping key must be a plain word: '? ' keys and aliases (*name) as keys are not supported")])
        }
        do {
            // The basic resolver tags every scalar as text: the validators read
            // numbers and dates themselves, and the default one runs a regular
            // expression per scalar (most of the YAML time on a large site).
            let node = try Yams.compose(yaml: text, .basic)
            return (YAMLDocument(path: path, root: node, lineOffset: lineOffset), [])
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, text: text, path: path, lineOffset: lineOffset)])
        } catch {
            return (nil, [.error(SourceLocation(path: path, line: 1 + lineOffset, column: 1), "cannot read YAML: \(error)")])
        }
    }

    static func diagnostic(for error: YamlError, text: String, path: String, lineOffset: Int) -> Diagnostic {
        func at(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path: path, line: max(1, mark?.line ?? 1) + lineOffset, column: max(1, mark?.column ?? 1))
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            if let tab = tabInIndentation(text, atOrBefore: mark.line) {
                return .error(SourceLocation(path: path, line: tab.line + lineOffset, column: tab.column), YAMLProblem.tab)
            }
            return .error(at(mark), YAMLProblem.message(problem, context: context?.text, contextLine: context.map { $0.mark.line + lineOffset }))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let position = secondOccurrence(ofKey: key, after: context.mark, in: text)
                ?? (context.mark.line, context.mark.column)
            return .error(SourceLocation(path: path, line: max(1, position.0) + lineOffset, column: max(1, position.1)), "duplicate key '\(key)': each key may appear once in a mapping")
        case let .reader(problem, _, _, _):
            return .error(at(nil), YAMLProblem.message(problem))
        default:
            return .error(at(nil), "cannot read YAML: \(error)")
        }
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

    /// Finds the line of the second `key:` at the same column as the first.
    static func secondOccurrence(ofKey key: String, after mark: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let column = mark.column
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count >= column else { continue }
            let rest = String(String.UnicodeScalarView(scalars[(column - 1)...]))
            let leading = scalars[..<(column - 1)].allSatisfy { $0 == " " || $0 == "-" }
            if leading, rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return (index + 1, column)
            }
        }
        return nil
    }

    /// Position of an explicit key (`? `) or an alias used as a key
    /// (`*a: …`). The YAML library compares such keys by value, which an
    /// alias-expansion bomb turns into exponential work; content never needs them.
    static func complexKey(_ text: String) -> (Int, Int)? {
        // Every byte that matters is ASCII, so this scans UTF-8 bytes.
        let space: UInt8 = 0x20, dash: UInt8 = 0x2D, question: UInt8 = 0x3F, star: UInt8 = 0x2A
        var lineNumber = 0
        var result: (Int, Int)?
        var text = text
        text.makeContiguousUTF8()
        _ = text.utf8.withContiguousStorageIfAvailable { all in
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
        }
        return result
    }

    /// The first line (0-based) at which flow brackets or block indentation
    /// go deeper than `maxDepth`, or nil. Deliberately rough: it only has to
    /// accept every reasonable file and refuse pathological ones.
    static func lineExceedingDepth(_ text: String) -> Int? {
        var flow = 0
        var line = 0
        var atLineStart = true
        var indent = 0
        var quote: UInt8 = 0
        var comment = false
        var previous: UInt8 = 0x3A
        for byte in text.utf8 {
            defer { if byte != 0x20 { previous = byte } }
            if byte == 0x0A {
                line += 1; atLineStart = true; indent = 0; comment = false
                continue
            }
            if comment { continue }
            if atLineStart {
                if byte == 0x20 || byte == 0x2D || byte == 0x3F || byte == 0x3A { // space - ? :
                    indent += 1
                    if indent > maxDepth * 8 { return line }
                    continue
                }
                atLineStart = false
                previous = 0x3A
            }
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            switch byte {
            case 0x23: comment = true
            case 0x22, 0x27: if flow > 0 { quote = byte }
            case 0x5B, 0x7B:
                guard flow > 0 || [0x3A, 0x2D, 0x2C].contains(previous) else { break }
                flow += 1
                if flow > maxDepth { return line }
            case 0x5D, 0x7D: flow = max(0, flow - 1)
            default: break
            }
        }
        return nil
    }
}
