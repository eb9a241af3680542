/// A value of a YAML document as written, with the 1-based line and column
/// (in Unicode scalars) where it starts: a place in its document's
/// `YAMLTree`. Aliases never appear: the reader refuses them, so the tree
/// is exactly as large as the text.
struct YAMLNode {
    let tree: YAMLTree
    let index: Int

    private var record: YAMLTree.Record { tree.nodes[index] }
    var kind: YAMLTree.Kind { record.kind }
    var line: Int { Int(record.line) }
    var column: Int { Int(record.column) }

    /// The text of a scalar; nil for a collection.
    var scalarText: String? { kind.isScalar ? tree.string(index) : nil }

    /// The items of a sequence (none for anything else), made one by one.
    struct Items: Sequence {
        private let node: YAMLNode?

        init(_ node: YAMLNode? = nil) { self.node = node?.kind == .sequence ? node : nil }

        var isEmpty: Bool { node.map { $0.tree.nodes[$0.index].start == 0 } ?? true }
        /// How many items.
        var count: Int { node.map { Int($0.tree.nodes[$0.index].start) } ?? 0 }

        func makeIterator() -> Iterator { Iterator(node: node) }

        struct Iterator: IteratorProtocol {
            private let tree: YAMLTree?
            private var children: YAMLTree.Children?

            init(node: YAMLNode?) {
                tree = node?.tree
                children = node.map { $0.tree.children(of: $0.index) }
            }

            mutating func next() -> YAMLNode? {
                guard let tree, let index = children?.next() else { return nil }
                return YAMLNode(tree: tree, index: index)
            }
        }
    }

    /// The value of the last scalar key `key` of a mapping; nil for
    /// anything else.
    func value(forKey key: String) -> YAMLNode? {
        guard kind == .mapping, let at = tree.lastValue(ofKey: key, in: index) else { return nil }
        return YAMLNode(tree: tree, index: at)
    }

    /// A scalar whose text is exactly `text` (no string made).
    func isScalar(_ text: String) -> Bool { tree.isScalar(index, text) }

    /// A plain empty, `~` or `null` scalar: YAML's null.
    var isNull: Bool { tree.isNull(index) }
}
