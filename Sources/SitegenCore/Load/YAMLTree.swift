#if canImport(Glibc)
import Glibc
#endif

/// The values of one YAML document, flat: one record per node in the order
/// of the text (a collection before its contents), and the bytes of every
/// scalar in one buffer the tree owns (and frees). One array and one
/// buffer per file however many values it holds,
/// so reading the hundreds of thousands of observations of a large site
/// makes no object per value. (Unchecked `Sendable`: the text buffer is
/// the tree's own and never changed once made.)
final class YAMLTree: @unchecked Sendable {
    enum Kind: UInt8 {
        case plainScalar, quotedScalar, sequence, mapping

        /// A scalar, plain or quoted (the two scalar kinds come first).
        @inline(__always)
        var isScalar: Bool { rawValue < Kind.sequence.rawValue }
    }

    struct Record {
        /// 1-based line and column (in Unicode scalars) where the node starts.
        var line: Int32
        var column: Int32
        /// Scalar: offset of its text in `text`; collection: its number of
        /// children (items, or keys and values).
        var start: Int32
        /// Scalar: offset just past its text; collection: the index just
        /// past its last descendant.
        var end: Int32
        var kind: Kind
        /// A key whose text is ASCII alone (true for any other scalar:
        /// only keys are compared).
        var isASCII: Bool
    }

    let nodes: [Record]
    /// The scalars' UTF-8 text, one after another: the tree's own memory
    /// (the reader fills it with `memcpy`; freed with the tree).
    let text: UnsafeBufferPointer<UInt8>

    init(nodes: [Record], text: [UInt8]) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.count))
        _ = copy.initialize(from: text)
        self.nodes = nodes
        self.text = UnsafeBufferPointer(rebasing: copy[..<text.count])
    }

    /// A tree that owns `text` (allocated with `allocate(capacity:)`, at
    /// least one byte) and frees it.
    init(nodes: [Record], owning text: UnsafeBufferPointer<UInt8>) {
        self.nodes = nodes
        self.text = text
    }

    deinit { text.baseAddress.map { UnsafeMutablePointer(mutating: $0).deallocate() } }

    /// The index of the node after `index` and its descendants.
    @inline(__always)
    func next(_ index: Int) -> Int { Self.next(index, in: nodes) }

    /// The index of the node after `index` and its descendants in `nodes`
    /// (closed collections: the reader asks while the tree is being built).
    @inline(__always)
    static func next<C: RandomAccessCollection>(_ index: Int, in nodes: C) -> Int where C.Element == Record, C.Index == Int {
        let r = nodes[index]
        return r.kind.isScalar ? index + 1 : Int(r.end)
    }

    /// The indices of the children of the collection at `index`: its items,
    /// or its keys and values, alternating.
    func children(of index: Int) -> Children { Children(tree: self, index: index) }

    struct Children: Sequence, IteratorProtocol {
        let tree: YAMLTree
        private var at: Int
        private let end: Int

        init(tree: YAMLTree, index: Int) {
            self.tree = tree
            let r = tree.nodes[index]
            at = index + 1
            end = r.kind.isScalar ? index + 1 : Int(r.end)
        }

        mutating func next() -> Int? {
            guard at < end else { return nil }
            defer { at = tree.next(at) }
            return at
        }
    }

    /// The scalar's bytes, given to `body` without a copy.
    @inline(__always)
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let r = nodes[index]
        return body(UnsafeBufferPointer(rebasing: text[Int(r.start)..<Int(r.end)]))
    }

    /// The records and the scalars' bytes, given to `body` without a copy
    /// (a loop over many nodes takes them once).
    @inline(__always)
    func withBuffers<R>(_ body: (UnsafeBufferPointer<Record>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try nodes.withUnsafeBufferPointer { nodes in try body(nodes, text) }
    }

    /// The text of the scalar at `index`.
    func string(_ index: Int) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of the scalar at `index` without white space (newlines
    /// included) around it (`Whitespace.trim`, which sees the usual text's
    /// ends on its bytes).
    func trimmedString(_ index: Int) -> String {
        withBytes(index) { b in
            // The usual text's ends seen on its bytes: the string is made once.
            Whitespace.plainEnds(b) ? String(decoding: b, as: UTF8.self) : Whitespace.trim(String(decoding: b, as: UTF8.self), newlines: true)
        }
    }

    /// The byte count of the scalar at `index`; -1 for a collection.
    @inline(__always)
    func scalarLength(_ index: Int) -> Int {
        let r = nodes[index]
        return r.kind.isScalar ? Int(r.end &- r.start) : -1
    }

    /// Whether the node at `index` is a scalar reading exactly `text`.
    func isScalar(_ index: Int, _ text: StaticString) -> Bool {
        guard scalarLength(index) == text.utf8CodeUnitCount else { return false }
        return withBytes(index) { b in b.isEmpty || memcmp(b.baseAddress!, text.utf8Start, b.count) == 0 }
    }

    /// Whether the node at `index` is a scalar reading exactly `text`.
    func isScalar(_ index: Int, _ text: String) -> Bool {
        let r = nodes[index]
        guard r.kind.isScalar, Int(r.end &- r.start) == text.utf8.count else { return false }
        var want = text
        return want.withUTF8 { w in w.isEmpty || memcmp(self.text.baseAddress! + Int(r.start), w.baseAddress!, w.count) == 0 }
    }

    /// Whether the scalar at `index` is the key `name`, compared as
    /// strings compare (canonically equivalent texts are one key): on
    /// bytes for an ASCII key, the usual case.
    func isKey(_ index: Int, _ name: String) -> Bool {
        let r = nodes[index]
        guard r.kind.isScalar else { return false }
        if r.isASCII { return isScalar(index, name) }
        return string(index) == name
    }

    /// The index of the value of the last scalar key `name` of the mapping
    /// at `mapping`; nil when it has none. One pass over the records, an
    /// ASCII key compared on bytes (validators ask a mapping for each of
    /// its fields: a handful of keys each time).
    func lastValue(ofKey name: String, in mapping: Int) -> Int? {
        var name = name
        return name.withUTF8 { want in
            withBuffers { nodes, text -> Int? in
                guard mapping < nodes.count, nodes[mapping].kind == .mapping else { return nil }
                var found: Int?
                var at = mapping + 1
                let end = min(Int(nodes[mapping].end), nodes.count)
                while at + 1 < end {
                    let key = nodes[at]
                    guard key.kind.isScalar else {
                        // A collection as key (reported elsewhere): skip it and its value.
                        at = Int(key.end)
                        guard at < end else { break }
                        at = Self.next(at, in: nodes)
                        continue
                    }
                    let value = at + 1
                    let bytes = UnsafeBufferPointer(rebasing: text[Int(key.start)..<Int(key.end)])
                    if key.isASCII {
                        if bytes.count == want.count && (want.isEmpty || memcmp(bytes.baseAddress!, want.baseAddress!, want.count) == 0) {
                            found = value
                        }
                    } else if String(decoding: bytes, as: UTF8.self) == String(decoding: want, as: UTF8.self) {
                        found = value
                    }
                    at = Self.next(value, in: nodes)
                }
                return found
            }
        }
    }

    /// A plain empty, `~` or `null` scalar (also `Null`, `NULL`): YAML's null.
    func isNull(_ index: Int) -> Bool {
        guard nodes[index].kind == .plainScalar else { return false }
        return withBytes(index, Self.isNull)
    }

    /// Whether a plain scalar's bytes spell YAML's null: nothing, `~`,
    /// `null`, `Null` or `NULL`.
    static func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        switch b.count {
        case 0: return true
        case 1: return b[0] == UInt8(ascii: "~")
        case 4:
            let (n, u, l, l2) = (b[0], b[1], b[2], b[3])
            return (n == UInt8(ascii: "n") || n == UInt8(ascii: "N")) && l == l2
                && (u == UInt8(ascii: "u") && l == UInt8(ascii: "l") || n == UInt8(ascii: "N") && u == UInt8(ascii: "U") && l == UInt8(ascii: "L"))
        default: return false
        }
    }
}
