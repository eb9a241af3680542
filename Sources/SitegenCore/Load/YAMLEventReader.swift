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

    let maxDepth: Int
    private var stack: [Frame] = []
    private var root: YAMLNode?
    private var problems: [Problem] = []

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

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
        var reader = YAMLEventReader(maxDepth: maxDepth)
        var event = yaml_event_t()
        var documents = 0
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { return (nil, reader.problems + [problem(of: parser.pointee)]) }
            defer { yaml_event_delete(&event) }
            let line = Int(truncatingIfNeeded: event.start_mark.line) + 1
            let column = Int(truncatingIfNeeded: event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return reader.problems.isEmpty ? (reader.root, []) : (nil, reader.problems)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return (nil, reader.problems + [Problem(line: line, column: column, message: "YAML syntax: but found another document",
                                                               context: ("expected a single document in the stream", 1))])
                }
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let text = s.length == 0 || s.value == nil ? ""
                    : String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                let scalar = YAMLNode.Scalar(string: text, isPlain: s.style == YAML_PLAIN_SCALAR_STYLE)
                reader.add(YAMLNode(content: .scalar(scalar), line: line, column: column))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard reader.stack.count < maxDepth else {
                    return (nil, reader.problems + [Problem(line: line, column: 1, message: "YAML is nested more than \(maxDepth) levels deep here")])
                }
                reader.stack.append(Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, line: line, column: column))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = reader.stack.popLast() else { continue }
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
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].key else {
            if case .scalar(let s) = node.content, isRepeated(s.string, at: top) {
                problems.append(Problem(line: node.line, column: node.column,
                                        message: "duplicate key '\(s.string)': each key may appear once in a mapping"))
            }
            stack[top].key = node
            return
        }
        stack[top].pairs.append((key, node))
        stack[top].key = nil
    }

    /// Whether the mapping at `index` already has the scalar key `name`
    /// (and records it): a line search while short, a set once long, so a
    /// huge mapping costs linear time.
    private mutating func isRepeated(_ name: String, at index: Int) -> Bool {
        if stack[index].keys == nil {
            let pairs = stack[index].pairs
            if pairs.count < 16 {
                return pairs.contains { if case .scalar(let s) = $0.key.content { s.string == name } else { false } }
            }
            stack[index].keys = Set(pairs.compactMap { $0.key.scalar?.string })
        }
        return stack[index].keys?.insert(name).inserted == false
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
