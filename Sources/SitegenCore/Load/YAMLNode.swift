/// A value of a YAML document as written, with the 1-based line and column
/// (in Unicode scalars) where it starts. Aliases never appear: the reader
/// refuses them, so the tree is exactly as large as the text.
struct YAMLNode {
    enum Content {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping(Mapping)
    }

    struct Scalar {
        var string: String
        /// Written without quotes or block indicators: only such a scalar can
        /// be YAML's null (`~`, `null`, nothing).
        var isPlain: Bool
    }

    /// Key/value pairs in file order; keys are unique scalars or refused.
    struct Mapping {
        var pairs: [(key: YAMLNode, value: YAMLNode)]

        /// The value of the scalar key `key`.
        subscript(key: String) -> YAMLNode? {
            for pair in pairs {
                if case .scalar(let s) = pair.key.content, s.string == key { return pair.value }
            }
            return nil
        }
    }

    var content: Content
    var line: Int
    var column: Int

    var scalar: Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var mapping: Mapping? {
        if case .mapping(let m) = content { return m }
        return nil
    }
}
