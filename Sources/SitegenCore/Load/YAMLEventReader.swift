import CLibYAML

/// Builds a `YAMLNode` tree from libyaml's event stream in one pass, without
/// recursion. It refuses what content never needs and what would let a small
/// file cost unbounded work: aliases (never expanded), nesting deeper than
/// `maxDepth` and a second document stop the reading; every key written
/// twice in one mapping is reported and the reading goes on.
struct YAMLEventReader {
    /// A problem at a 1-based position of the text read. `context` is
    /// libyaml's note on where the construct began (its line is 1-based).
    struct Problem {
        var line: Int
        var column: Int
        var message: String
        var context: (text: String, line: Int)? = nil
        /// libyaml's own words, for a syntax error (see `YAMLProblem`).
        var syntax: String? = nil
    }

    /// A collection being read.
    private struct Frame {
        var isMapping: Bool
        var line: Int
        var column: Int
        var items: [YAMLNode] = []
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        /// The key read, waiting for its value.
        var key: YAMLNode?
        /// The scalar keys, once a mapping is too long to search them in a line.
        var keys: Set<String>?
    }

    /// The collection being read, and the ones it is inside; at the bottom
    /// a sequence for the document, which receives the root.
    private var current = Frame(isMapping: false, line: 1, column: 1)
    private var parents: [Frame] = []
    private var problems: [Problem] = []

    /// The single document of `bytes` (UTF-8), nil when it holds none; with
    /// any problem (listed in the order of the text), no document.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> (YAMLNode?, [Problem]) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return (nil, []) }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            return (nil, [Problem(line: 1, column: 1, message: "cannot read YAML: out of memory")])
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, base, bytes.count)
        var reader = YAMLEventReader()
        var event = yaml_event_t()
        var documents = 0
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { return (nil, reader.problems + [problem(of: parser.pointee)]) }
            defer { yaml_event_delete(&event) }
            let line = Int(truncatingIfNeeded: event.start_mark.line) + 1
            let column = Int(truncatingIfNeeded: event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return reader.problems.isEmpty ? (reader.current.items.first, []) : (nil, reader.problems)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return (nil, reader.problems + [Problem(line: line, column: column,
                        message: "a second YAML document starts here: a file holds one; remove this '---' line (or move what follows to a file of its own)")])
                }
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let text = s.length == 0 || s.value == nil ? ""
                    : String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                let scalar = YAMLNode.Scalar(string: text, isPlain: s.style == YAML_PLAIN_SCALAR_STYLE)
                reader.add(YAMLNode(content: .scalar(scalar), line: line, column: column))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard reader.parents.count < maxDepth else {
                    return (nil, reader.problems + [Problem(line: line, column: 1, message: "YAML is nested more than \(maxDepth) levels deep here")])
                }
                reader.parents.append(reader.current)
                reader.current = Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, line: line, column: column)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let parent = reader.parents.popLast() else { continue }
                let frame = reader.current
                reader.current = parent
                let content: YAMLNode.Content = frame.isMapping ? .mapping(.init(pairs: frame.pairs)) : .sequence(frame.items)
                reader.add(YAMLNode(content: content, line: frame.line, column: frame.column))
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0).prefix(40) } ?? ""
                return (nil, reader.problems + [Problem(line: line, column: column,
                                                           message: "aliases (*\(name)) are not supported: write the value out in full")])
            default:
                continue
            }
        }
    }

    /// Puts a finished node where it belongs; a repeated key is a problem.
    private mutating func add(_ node: YAMLNode) {
        guard current.isMapping else {
            current.items.append(node)
            return
        }
        guard let key = current.key else {
            if case .scalar(let s) = node.content, isRepeated(s.string) {
                problems.append(Problem(line: node.line, column: node.column,
                                        message: "duplicate key '\(s.string)': each key may appear once in a mapping"))
            }
            current.key = node
            return
        }
        current.pairs.append((key, node))
        current.key = nil
    }

    /// Whether the current mapping already has the scalar key `name` (and
    /// records it): a line search while short, a set once long, so a huge
    /// mapping costs linear time.
    private mutating func isRepeated(_ name: String) -> Bool {
        if current.keys == nil {
            if current.pairs.count < 16 {
                return current.pairs.contains { if case .scalar(let s) = $0.key.content { s.string == name } else { false } }
            }
            current.keys = Set(current.pairs.compactMap { $0.key.scalar?.string })
        }
        return current.keys?.insert(name).inserted == false
    }

    /// libyaml's error as a problem: its own words and position.
    private static func problem(of parser: yaml_parser_t) -> Problem {
        let text = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let mark = parser.problem_mark
            var problem = Problem(line: max(1, Int(truncatingIfNeeded: mark.line) + 1),
                                  column: max(1, Int(truncatingIfNeeded: mark.column) + 1),
                                  message: "YAML syntax: \(text)")
            problem.syntax = text
            if let context = parser.context {
                problem.context = (String(cString: context), Int(truncatingIfNeeded: parser.context_mark.line) + 1)
            }
            return problem
        case YAML_MEMORY_ERROR:
            return Problem(line: 1, column: 1, message: "cannot read YAML: out of memory")
        default:
            return Problem(line: 1, column: 1, message: "cannot read YAML: \(text)")
        }
    }
}
