import Foundation

/// Reads the fields of one YAML mapping, reporting every problem with the
/// position of the offending value. Unknown keys are warnings.
struct MappingReader {
    let doc: YAMLDocument
    let node: YAMLNode
    /// What the mapping is, for messages: "site.yaml", "indicator", "target".
    let what: String
    /// How a field is named in messages: `target.by`, or `title` at the top.
    let prefix: String
    /// The names the mapping may hold (a handful: the mapping's keys are
    /// compared with them on bytes, no string made per key).
    private let allowed: [String]
    /// For each allowed name, the index in the tree of its key's value (the
    /// last, should the parser let two through); -1 when the mapping has
    /// none. Found in the one pass that checks the keys: a field asked for
    /// is then no pass over the mapping.
    private let values: SIMD16<Int32>

    /// Nil (with an error) when `node` is not a mapping.
    init?(_ node: YAMLNode?, in doc: YAMLDocument, what: String, allowed: [String], diagnostics: inout [Diagnostic]) {
        guard let node, node.kind == .mapping else {
            diagnostics.append(.error(doc.location(node), "\(what) must be a mapping of 'key: value' lines, got \(MappingReader.describe(node))"))
            return nil
        }
        self.doc = doc
        self.node = node
        self.what = what
        self.prefix = what == "target" || what == "baseline" ? what + "." : ""
        self.allowed = allowed
        let tree = node.tree
        // A vector, not an array: no allocation per mapping.
        precondition(allowed.count <= 16, "a mapping reader knows at most 16 names")
        var values = SIMD16<Int32>(repeating: -1)
        var children = tree.children(of: node.index)
        var next = 0
        while let k = children.next(), let v = children.next() {
            let key = YAMLNode(tree: tree, index: k)
            guard key.kind != .sequence && key.kind != .mapping else {
                diagnostics.append(.error(doc.location(key), "\(what): keys must be plain words: write each field as 'key: value'"))
                continue
            }
            // Keys are usually written in the order of `allowed`: the search
            // starts after the last name found and wraps around.
            if let slot = Self.slot(of: k, in: tree, allowed: allowed, from: next) {
                values[slot] = Int32(truncatingIfNeeded: v)
                next = slot + 1
            } else {
                let list = allowed.joined(separator: ", ")
                diagnostics.append(.warning(doc.location(key), "unknown field '\(tree.string(k))' in \(what) is ignored (known fields: \(list))"))
            }
        }
        self.values = values
    }

    /// The position in `allowed` of the key at `key`, looked for from
    /// `start` on, then from the beginning.
    private static func slot(of key: Int, in tree: YAMLTree, allowed: [String], from start: Int) -> Int? {
        let n = allowed.count
        for i in 0..<n {
            let slot = (start + i) % n
            if tree.isKey(key, allowed[slot]) { return slot }
        }
        return nil
    }

    /// The key and value of an allowed name; the last of a name, should
    /// the parser let two through.
    private func field(_ name: String) -> (key: YAMLNode, value: YAMLNode)? {
        // Names of another length told apart without a string comparison
        // (a field is asked for by name some twenty times per indicator).
        let length = name.utf8.count
        guard let slot = allowed.firstIndex(where: { $0.utf8.count == length && $0 == name }), values[slot] >= 0 else { return nil }
        let at = Int(values[slot])
        return (YAMLNode(tree: node.tree, index: at - 1), YAMLNode(tree: node.tree, index: at))
    }

    static func describe(_ node: YAMLNode?) -> String {
        guard let node else { return "nothing" }
        switch node.kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .plainScalar, .quotedScalar:
            let text = node.scalarText ?? ""
            if node.kind == .plainScalar && (text.isEmpty || text == "~" || text == "null") { return "nothing" }
            return "the text '\(text.prefix(40))'"
        }
    }

    func has(_ key: String) -> Bool { field(key).map { !isNull($0.value) } ?? false }

    /// Written but left blank (`title:` as `sitegen init` writes it): the key's position, else nil.
    func blankKey(_ key: String) -> SourceLocation? {
        guard let f = field(key), isNull(f.value) else { return nil }
        return doc.location(f.key)
    }

    func value(_ key: String) -> YAMLNode? {
        guard let v = field(key)?.value, !isNull(v) else { return nil }
        return v
    }

    func location(_ key: String) -> SourceLocation {
        if let v = field(key) { return doc.location(v.value) }
        return doc.location(node)
    }

    /// A plain empty, `~` or `null` scalar: YAML's null, read as a field left blank.
    private func isNull(_ node: YAMLNode?) -> Bool { node?.isNull ?? false }

    /// ": " and what to write in the required field `key`: `hint`, else
    /// the field's own (`whatToWrite`); empty when there is neither.
    private func fixSuffix(_ key: String, hint: String?) -> String {
        (hint ?? Self.whatToWrite(what, key)).map { ": " + $0 } ?? ""
    }

    /// A required field missing or left blank, with what to write in it:
    /// `hint` ("write …"), else the field's own (`whatToWrite`).
    func missing(_ key: String, _ diagnostics: inout [Diagnostic], hint: String? = nil) {
        let fix = fixSuffix(key, hint: hint)
        if let present = field(key) {
            // Written but left blank (as `sitegen new` leaves it): point at
            // the key. A nested field's name says whose it is (`target.value`).
            let of = prefix.isEmpty ? " of \(what)" : ""
            diagnostics.append(.error(doc.location(present.key), "the required field '\(prefix)\(key)'\(of) is empty\(fix)"))
            return
        }
        // A nested field's name says whose it is, as above.
        let message = prefix.isEmpty ? "\(what) is missing the required field '\(key)'" : "the required field '\(prefix)\(key)' is missing"
        diagnostics.append(.error(doc.location(node), message + fix))
    }

    /// What to write in a required field of `what`, for the message of one
    /// missing or left blank; nil for a field with no entry here.
    static func whatToWrite(_ what: String, _ key: String) -> String? {
        switch (what, key) {
        case ("front matter", "title"): "write the plan's title (标题), such as 'title: 2023年工作要点'"
        case ("front matter", "issuer"): "write who issues the plan (发布机构), such as 'issuer: 市生态环境局'"
        case ("front matter", "year"): "write the plan's year, such as 'year: 2023'"
        case ("front matter", "published"): "write the date it is published (发布日期), YYYY-MM-DD, such as 'published: 2023-03-01'"
        case ("attachment", "title"): "write the attachment's title, such as 'title: 附件1'"
        case ("attachment", "file"): "write the file's path inside content/files/, such as 'file: plan-2023.pdf'"
        case ("link", "title"): "write the link's text, such as 'title: 政策解读'"
        case ("link", "url"): "write an absolute http or https URL, such as 'url: https://www.gov.cn/'"
        case ("an indicator file", "plan"): "write the slug of its plan (the plan's file name without .md), such as 'plan: xiaogan-2023'"
        case ("indicator", "id"): "write an id of lower-case ASCII letters, digits and '-', unique across the site, such as 'id: air-pm25'"
        case ("indicator", "name"): "write the indicator's name, such as 'name: 空气质量优良天数比例'"
        case ("indicator", "area"): "write the area (领域) it belongs to, such as 'area: 大气环境'"
        case ("target", "value"): "write the target figure as a plain decimal number, such as 'value: 69.7'"
        case ("target", "by"): "write the date it is due, YYYY-MM-DD, such as 'by: 2023-12-31'"
        case ("baseline", "period"): "write the period of the baseline figure, such as 'period: 2022'"
        case ("baseline", "value"): "write the baseline figure as a plain decimal number, such as 'value: 66.7'"
        case ("observation", "period"): "write the period the figure is for, such as 'period: 2023-06' (or 2023-Q2, 2023)"
        case ("observation", "value"): "write the figure as a plain decimal number, such as 'value: 63.6'"
        case ("update", "date"): "write the date of the update, YYYY-MM-DD, such as 'date: 2023-06-30'"
        case ("correction", "date"): "write the date the figure was corrected, YYYY-MM-DD, such as 'date: 2023-08-15'"
        case ("correction", "previous"): "write the figure as it was before the correction, such as 'previous: 63.6'"
        case ("site.yaml", "title"): "write the site's name (网站名称), such as 'title: 市生态环境局工作要点公开'"
        case ("site.yaml", "organization"): "write who publishes the site (公开主体), such as 'organization: 市生态环境局'"
        default: nil
        }
    }

    /// A non-empty text. Numbers and dates written plainly are taken as text.
    /// `hint`: what to write when it is required and missing or blank
    /// (made only then), else the field's own (`whatToWrite`).
    func string(_ key: String, required: Bool = false, hint: @autoclosure () -> String? = nil,
                _ diagnostics: inout [Diagnostic]) -> String? {
        guard let v = value(key) else {
            if required { missing(key, &diagnostics, hint: hint()) }
            return nil
        }
        guard v.kind != .sequence && v.kind != .mapping else {
            diagnostics.append(.error(doc.location(v), "\(prefix)\(key) must be text, got \(MappingReader.describe(v))"))
            return nil
        }
        let text = v.tree.trimmedString(v.index)
        if text.isEmpty {
            if required {
                let fix = fixSuffix(key, hint: hint())
                diagnostics.append(.error(doc.location(v), "\(prefix)\(key) must not be empty\(fix)"))
            }
            return nil
        }
        return text
    }

    func day(_ key: String, required: Bool = false, _ diagnostics: inout [Diagnostic]) -> Day? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard let day = Day(iso: text) else {
            diagnostics.append(.error(location(key), Day.problem(text, as: prefix + key)))
            return nil
        }
        return day
    }

    func period(_ key: String, required: Bool = false, _ diagnostics: inout [Diagnostic]) -> Period? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard let period = Period(text) else {
            diagnostics.append(.error(location(key),
                "\(prefix)\(key) must be a period that exists, written YYYY, YYYY-Qn (n 1–4), YYYY-MM or YYYY-MM-DD"
                    + DateSpelling.got(text)))
            return nil
        }
        return period
    }

    func number(_ key: String, required: Bool = false, _ diagnostics: inout [Diagnostic]) -> DecimalNumber? {
        // A canonical number (the usual value) read on its bytes: no text made.
        if let v = value(key), v.kind.isScalar, let n = v.tree.withBytes(v.index, DecimalNumber.init(canonicalUTF8:)) { return n }
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard let number = DecimalNumber(text) else {
            diagnostics.append(.error(location(key), "\(prefix)\(key) must be a plain decimal number such as 69.7, got '\(text)'"))
            return nil
        }
        return number
    }

    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, allowed: [T], required: Bool = false,
                                     _ diagnostics: inout [Diagnostic]) -> T? where T.RawValue == String {
        func words() -> String {
            let list = allowed.map(\.rawValue)
            return list.count == 2 ? "\(list[0]) or \(list[1])" : list.dropLast().joined(separator: ", ") + " or " + (list.last ?? "")
        }
        guard let text = string(key, required: required, hint: "write " + words(), &diagnostics) else { return nil }
        guard let value = T(rawValue: text), allowed.contains(where: { $0.rawValue == text }) else {
            let words = words()
            diagnostics.append(.error(location(key), "\(prefix)\(key) must be \(words), got '\(text)'"))
            return nil
        }
        return value
    }

    /// `true` or `false` written plainly (YAML's booleans: also `True`,
    /// `TRUE`, `False`, `FALSE`); nil when missing or blank.
    func flag(_ key: String, _ diagnostics: inout [Diagnostic]) -> Bool? {
        guard let v = value(key) else { return nil }
        if v.kind == .plainScalar {
            if ["true", "True", "TRUE"].contains(where: v.isScalar) { return true }
            if ["false", "False", "FALSE"].contains(where: v.isScalar) { return false }
        }
        let got = v.kind == .quotedScalar ? "the quoted text '\(v.scalarText?.prefix(40) ?? "")'" : MappingReader.describe(v)
        diagnostics.append(.error(doc.location(v), "\(prefix)\(key) must be true or false, written without quotes, got \(got)"))
        return nil
    }

    /// A list; a missing field is an empty list.
    func list(_ key: String, _ diagnostics: inout [Diagnostic]) -> YAMLNode.Items {
        guard let v = value(key) else { return YAMLNode.Items() }
        guard v.kind == .sequence else {
            diagnostics.append(.error(doc.location(v), "\(prefix)\(key) must be a list ('- ' items or [a, b]), got \(MappingReader.describe(v))"))
            return YAMLNode.Items()
        }
        return YAMLNode.Items(v)
    }
}
