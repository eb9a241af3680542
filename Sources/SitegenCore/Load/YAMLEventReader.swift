import CLibYAML
#if canImport(Glibc)
import Glibc
#endif

/// Builds a `YAMLTree` from libyaml's event stream in one pass, without
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
    private struct Open {
        /// Its record in `nodes`.
        var index: Int
        var isMapping: Bool
        /// Children read so far (keys and values of a mapping).
        var count: Int32 = 0
        /// Its scalar keys' place in `keySets`, once a mapping is too long
        /// to search them in a line; -1 before. (An index, not the set: a
        /// plain value is copied per event without reference counting.)
        var keys: Int32 = -1
    }

    private var nodes: [YAMLTree.Record] = []
    /// The scalars' bytes, one after another (`Text`: copied with `memcpy`,
    /// handed to the tree without a copy).
    private var text = Text()
    /// The collection being read (nil outside the root); `outer` the ones
    /// it is inside, innermost last.
    private var top: Open?
    private var outer: [Open] = []
    private var problems: [Problem] = []
    /// The key sets of long mappings (see `Open.keys`).
    private var keySets: [Set<String>] = []

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
        // Freed here unless handed to the tree.
        defer { reader.text.free() }
        // About one node per 7 bytes of indicator YAML; the scalars' text is
        // about the file's size at most (escapes can make it longer: it grows).
        reader.nodes.reserveCapacity(bytes.count / 6 + 16)
        reader.text.reserve(bytes.count + 16)
        var event = yaml_event_t()
        var documents = 0
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { return (nil, reader.problems + [problem(of: parser.pointee)]) }
            defer { yaml_event_delete(&event) }
            let line = Int32(truncatingIfNeeded: event.start_mark.line &+ 1)
            let column = Int32(truncatingIfNeeded: event.start_mark.column &+ 1)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let start = Int32(truncatingIfNeeded: reader.text.count)
                var ascii = true
                if s.length > 0, let value = s.value {
                    let scalar = UnsafeBufferPointer(start: value, count: s.length)
                    reader.text.append(scalar)
                    // Only keys are compared (a value's flag is never read).
                    if let top = reader.top, top.isMapping, top.count & 1 == 0 { ascii = Self.isASCII(scalar) }
                }
                reader.add(.init(line: line, column: column, start: start, end: Int32(truncatingIfNeeded: reader.text.count),
                                 kind: s.style == YAML_PLAIN_SCALAR_STYLE ? .plainScalar : .quotedScalar, isASCII: ascii))
            case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
                guard reader.outer.count + (reader.top == nil ? 0 : 1) < maxDepth else {
                    return (nil, reader.problems + [Problem(line: Int(line), column: 1, message: "YAML is nested more than \(maxDepth) levels deep here")])
                }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                reader.add(.init(line: line, column: column, start: 0, end: 0, kind: isMapping ? .mapping : .sequence, isASCII: true))
                if let top = reader.top { reader.outer.append(top) }
                reader.top = Open(index: reader.nodes.count - 1, isMapping: isMapping)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = reader.top else { continue }
                reader.top = reader.outer.popLast()
                reader.nodes[done.index].start = done.count
                reader.nodes[done.index].end = Int32(truncatingIfNeeded: reader.nodes.count)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return (nil, reader.problems + [Problem(line: Int(line), column: Int(column),
                        message: "a second YAML document starts here: a file holds one; remove this '---' line (or move what follows to a file of its own)")])
                }
            case YAML_STREAM_END_EVENT:
                guard reader.problems.isEmpty else { return (nil, reader.problems) }
                guard !reader.nodes.isEmpty else { return (nil, []) }
                return (YAMLNode(tree: YAMLTree(nodes: reader.nodes, owning: reader.text.take()), index: 0), [])
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0).prefix(40) } ?? ""
                return (nil, reader.problems + [Problem(line: Int(line), column: Int(column),
                                                           message: "aliases (*\(name)) are not supported: write the value out in full")])
            default:
                continue
            }
        }
    }

    /// Records a node (a collection at its start) as the next child of the
    /// open collection; a repeated key is a problem.
    private mutating func add(_ record: YAMLTree.Record) {
        let index = nodes.count
        nodes.append(record)
        guard let parent = top else { return }
        let count = parent.count
        top?.count = count &+ 1
        // A mapping's first key repeats nothing (no call made for it).
        guard parent.isMapping, count & 1 == 0, count != 0, record.kind.isScalar,
              isRepeated(key: index, in: parent) else { return }
        let name = String(decoding: text.bytes[Int(record.start)..<Int(record.end)], as: UTF8.self)
        problems.append(Problem(line: Int(record.line), column: Int(record.column),
                                message: "duplicate key '\(name)': each key may appear once in a mapping"))
    }

    /// Whether the mapping being read already has the scalar key at `key`
    /// (and records it): a line search while short, a set once long, so a
    /// huge mapping costs linear time.
    private mutating func isRepeated(key: Int, in parent: Open) -> Bool {
        if parent.keys < 0 {
            // The keys so far: the first child, then every second one.
            let pairs = Int(parent.count / 2)
            var child = parent.index + 1
            if pairs < 16 {
                // Two ASCII keys of different lengths differ: told without a call.
                let k = nodes[key], length = k.end &- k.start
                for _ in 0..<pairs {
                    let c = nodes[child]
                    if c.end &- c.start == length || !(c.isASCII && k.isASCII), sameScalar(child, key) { return true }
                    child = next(next(child))
                }
                return false
            }
            var keys = Set<String>(minimumCapacity: pairs + 1)
            for _ in 0..<pairs {
                if nodes[child].kind.isScalar { keys.insert(string(child)) }
                child = next(next(child))
            }
            top?.keys = Int32(truncatingIfNeeded: keySets.count)
            keySets.append(keys)
            return !keySets[keySets.count - 1].insert(string(key)).inserted
        }
        return !keySets[Int(parent.keys)].insert(string(key)).inserted
    }

    /// The node after `index` and its descendants (closed ones: keys and
    /// values of a mapping being read are complete).
    private func next(_ index: Int) -> Int { YAMLTree.next(index, in: nodes) }

    private func string(_ index: Int) -> String {
        String(decoding: text.bytes[Int(nodes[index].start)..<Int(nodes[index].end)], as: UTF8.self)
    }

    /// Whether two nodes are scalars of the same text (as strings compare:
    /// canonically equivalent texts are the same key).
    private func sameScalar(_ a: Int, _ b: Int) -> Bool {
        let x = nodes[a], y = nodes[b]
        guard x.kind.isScalar else { return false }
        // Texts of ASCII alone are equivalent only when equal.
        let ascii = x.isASCII && y.isASCII
        if ascii && x.end &- x.start != y.end &- y.start { return false }
        let t = text.bytes
        let p = UnsafeBufferPointer(rebasing: t[Int(x.start)..<Int(x.end)])
        let q = UnsafeBufferPointer(rebasing: t[Int(y.start)..<Int(y.end)])
        if p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) { return true }
        return !ascii && String(decoding: p, as: UTF8.self) == String(decoding: q, as: UTF8.self)
    }

    /// A growing byte buffer of the reader's own: a scalar's bytes are
    /// one `memcpy` (an array's generic `append(contentsOf:)` cost more than
    /// the tree's records), and the tree takes the memory as it is.
    /// It owns raw memory: never copy it (a copy that grows would leave the
    /// other pointing at freed memory); the reader holds the only one.
    private struct Text {
        private var base: UnsafeMutablePointer<UInt8>?
        private var capacity = 0
        private(set) var count = 0

        /// The bytes written so far.
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

        mutating func reserve(_ size: Int) {
            guard size > capacity else { return }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            if let base {
                grown.update(from: base, count: count)
                base.deallocate()
            }
            base = grown
            capacity = size
        }

        @inline(__always)
        mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
            guard let from = b.baseAddress, !b.isEmpty else { return }
            if count + b.count > capacity { reserve(max(2 * capacity, count + b.count)) }
            // Reserved above: `base` is set.
            guard let base else { return }
            (base + count).update(from: from, count: b.count)
            count += b.count
        }

        /// The bytes, now the caller's to free (`allocate`d, at least one byte).
        mutating func take() -> UnsafeBufferPointer<UInt8> {
            reserve(1)
            defer { base = nil; capacity = 0; count = 0 }
            return UnsafeBufferPointer(start: base, count: count)
        }

        mutating func free() {
            base?.deallocate()
            base = nil
            capacity = 0
            count = 0
        }
    }

    private static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = UnsafeRawPointer(b.baseAddress) else { return true }
        // Eight bytes at a time, then the rest.
        var i = 0, high: UInt64 = 0
        while i + 8 <= b.count {
            high |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < b.count {
            high |= UInt64(b[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
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
