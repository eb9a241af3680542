import Foundation

/// A template rendered once with stand-ins for the texts that differ from
/// page to page, and split where they landed. Filling the pieces gives the
/// bytes Mustache would, without looking up the template's tags again for
/// each of tens of thousands of pages. Every template, the layout included
/// (its view: `pageTitle`, `content`, `canonical`), has one per folder
/// depth and `Shape` of its view (`SiteRenderer.rendered`).
///
/// A template that does anything to those texts but print them (a
/// transform, a section whose output depends on the text) does not split
/// cleanly: rendered twice with different stand-ins, the two results must
/// be the same pieces around the stand-ins, or there is no skeleton and
/// every page is rendered in full.
///
/// A class, immutable once made (shared like `PageSkeleton`).
final class TemplateSkeleton: Sendable {
    /// `pieces.count == slots.count + 1`.
    let pieces: [String]
    let slots: [String]
    /// The pieces' bytes one after another, and where each ends: filling
    /// a page copies them from one array (`fill(into:_:)`).
    private let pieceBytes: [UInt8]
    private let pieceEnds: [Int]
    /// The pieces' length in UTF-8 bytes.
    var piecesLength: Int { pieceBytes.count }

    init(pieces: [String], slots: [String]) {
        self.pieces = pieces
        self.slots = slots
        pieceBytes = pieces.flatMap { Array($0.utf8) }
        var end = 0
        pieceEnds = pieces.map { end += $0.utf8.count; return end }
    }

    /// The values are gathered first, so the page is made in one
    /// allocation of its final length (a page's content is its layout's
    /// largest value).
    func fill(_ value: (String) -> String) -> String {
        let values = slots.map(value)
        var out = ""
        out.reserveCapacity(values.reduce(piecesLength) { $0 + $1.utf8.count })
        out += pieces[0]
        for k in values.indices {
            out += values[k]
            out += pieces[k + 1]
        }
        return out
    }

    func fill(_ values: [String: String]) -> String { fill { values[$0] ?? "" } }

    /// The pieces written into `out`, and between them what `write`
    /// writes for each slot: the bytes `fill` gives, with no string made.
    func fill(into out: inout TextBuffer, _ write: (_ slot: String, _ out: inout TextBuffer) -> Void) {
        fill(into: &out) { k, out in write(slots[k], &out) }
    }

    /// The same, `write` told each slot by its place in `slots`.
    func fill(into out: inout TextBuffer, slotAt write: (_ k: Int, _ out: inout TextBuffer) -> Void) {
        pieceBytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for k in pieceEnds.indices {
                let end = pieceEnds[k]
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
                if k < slots.count { write(k, &out) }
            }
        }
    }

    /// Stand-in `n` for `slot`; the second is longer and not ASCII, so a
    /// template that prints anything computed from the text is caught.
    static func standIn(_ slot: String, _ n: Int) -> String {
        "\u{E000}sitegen:\(slot):\(n)\(n == 1 ? "" : " 另一个更长的值 & <b>")\u{E001}"
    }

    /// A stand-in that is no slot: a template that prints it has no skeleton.
    static let foreign = "\u{E000}sitegen-list-item\u{E001}"

    /// `render(values, n)` renders the template with `values` in place of
    /// the slots; `n` (1, then 2) is for whatever else the caller varies
    /// between the two renderings (the length of lists).
    static func make(slots: [String], _ render: (_ values: [String: String], _ n: Int) -> String) -> TemplateSkeleton? {
        func values(_ n: Int) -> [String: String] {
            Dictionary(slots.map { ($0, standIn($0, n)) }) { first, _ in first }
        }
        guard let skeleton = split(render(values(1), 1), slots: Set(slots)) else { return nil }
        // The same pieces around other stand-ins, or the template does more than print them.
        guard !skeleton.pieces.contains(where: { $0.contains("\u{E000}") }),
              skeleton.fill(values(2)) == render(values(2), 2) else { return nil }
        return skeleton
    }

    private static func split(_ text: String, slots: Set<String>) -> TemplateSkeleton? {
        var pieces: [String] = []
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "\u{E000}sitegen:") {
            guard let close = rest[open.upperBound...].range(of: "\u{E001}") else { return nil }
            let token = rest[open.upperBound..<close.lowerBound]
            guard token.hasSuffix(":1") else { return nil }
            let slot = String(token.dropLast(2))
            guard slots.contains(slot) else { return nil }
            pieces.append(String(rest[..<open.lowerBound]))
            found.append(slot)
            rest = rest[close.upperBound...]
        }
        pieces.append(String(rest))
        return TemplateSkeleton(pieces: pieces, slots: found)
    }

    /// What a page view holds, as far as its template's output can tell
    /// without printing the texts: which texts are empty, which flags are
    /// set, which lists are empty. Pages of one shape share a skeleton.
    /// Views holding anything else (a nested mapping, a number) have none.
    struct Shape {
        /// The page's own keys with their kind, e.g. `name=s`, `hasData=b1`.
        var key: String
        /// Non-empty texts: the slots.
        var slots: [String]
        /// Non-empty lists: replaced by stand-in lists of one and of two
        /// items, so a template that shows a list (its items or its
        /// length) has no skeleton.
        var lists: [String]
        /// Lists of mappings (texts and flags) whose items each have the
        /// same keys: the kinds of item they hold (`Item`, at most four),
        /// sorted by their keys; every item is one of them.
        var items: [String: [Item]]

        /// One kind of item of a list: which keys are texts that are
        /// filled (`filled`) or empty, which flags are set (`on`) or not.
        struct Item: Equatable, Sendable {
            private(set) var filled: [String] = []
            private(set) var empty: [String] = []
            private(set) var on: [String] = []
            private(set) var off: [String] = []
            /// What tells kinds apart in a shape's key, made once (a page's
            /// shape sorts its kinds and joins their keys).
            private(set) var key = ""

            /// The kind of `item`; nil when it holds anything but texts and
            /// flags. (Generic, so that a list of texts alone, `[String:
            /// String]`, is read without boxing its values: the casts are
            /// then decided when the code is compiled.)
            init?<Value>(_ item: [String: Value]) {
                for (key, value) in item {
                    switch value {
                    case let s as String: if s.isEmpty { empty.append(key) } else { filled.append(key) }
                    case let b as Bool: if b { on.append(key) } else { off.append(key) }
                    default: return nil
                    }
                }
                filled.sort(); empty.sort(); on.sort(); off.sort()
                key = filled.joined(separator: ",") + "|" + empty.joined(separator: ",")
                    + (on.isEmpty && off.isEmpty ? "" : "|" + on.joined(separator: ",") + "|" + off.joined(separator: ","))
            }

            /// Whether `item` is of this kind.
            func matches<Value>(_ item: [String: Value]) -> Bool {
                item.count == filled.count + empty.count + on.count + off.count
                    && filled.allSatisfy { (item[$0] as? String)?.isEmpty == false }
                    && empty.allSatisfy { (item[$0] as? String)?.isEmpty == true }
                    && on.allSatisfy { item[$0] as? Bool == true } && off.allSatisfy { item[$0] as? Bool == false }
            }

            /// The values every item of this kind has: its empty texts and its flags.
            var fixed: [String: Any] {
                var item: [String: Any] = [:]
                for key in empty { item[key] = "" }
                for key in on { item[key] = true }
                for key in off { item[key] = false }
                return item
            }

            /// Item `k` of this kind: stand-ins for the texts of `list` (or
            /// the foreign stand-in, `foreign`), the rest as they are (`fixed`).
            func standIn(_ list: String, _ k: Int, foreign: Bool = false) -> [String: Any] {
                var item = fixed
                for key in filled { item[key] = foreign ? TemplateSkeleton.foreign : TemplateSkeleton.standIn(list + "." + key, k) }
                return item
            }
        }

        /// `keyPrefix` begins `key` (the caller's own part of a skeleton's
        /// key: one string made for both).
        init?(_ view: [String: Any], except frame: [String: Any], keyPrefix: String = "") {
            key = ""
            slots = []
            lists = []
            items = [:]
            key.reserveCapacity(keyPrefix.utf8.count + view.count * 24)
            key += keyPrefix
            // By name: the names with their positions sorted, not copies
            // of the values (each name read from the view once).
            var order: [(name: String, position: Dictionary<String, Any>.Index)] = []
            order.reserveCapacity(view.count)
            for (position, name) in zip(view.keys.indices, view.keys) where frame[name] == nil {
                order.append((name, position))
            }
            order.sort { $0.name < $1.name }
            let values = view.values
            for (name, position) in order {
                let value = values[position]
                key += name
                if let b = ByteText.of(value) {
                    // A text as bytes: the same as its string.
                    if b.isEmpty { key += "=s0;" } else { key += "=s;"; slots.append(name) }
                    continue
                }
                switch value {
                case let s as String:
                    if s.isEmpty { key += "=s0;" } else { key += "=s;"; slots.append(name) }
                case let b as Bool:
                    key += b ? "=b1;" : "=b0;"
                case let list as [[String: String]]:
                    // Items of texts (rows, some of them empty): a few kinds, each its own skeleton.
                    guard addList(name, kinds: Self.kinds(list)) else { return nil }
                case let list as [String]:
                    if list.isEmpty { key += "=l0;" } else { key += "=l;"; lists.append(name) }
                case let list as [[String: Any]]:
                    // Items of texts and flags (a page list's `current`): the same.
                    guard addList(name, kinds: Self.kinds(list)) else { return nil }
                default:
                    return nil
                }
            }
        }

        /// The kinds of item of `list` (none when it is empty), sorted by
        /// their keys; nil when it holds more than four, or an item of
        /// anything but texts and flags.
        static func kinds<Value>(_ list: [[String: Value]]) -> [Item]? {
            var kinds: [Item] = []
            for item in list where !kinds.contains(where: { $0.matches(item) }) {
                guard kinds.count < 4, let kind = Item(item) else { return nil }
                kinds.append(kind)
            }
            return kinds.sorted { $0.key < $1.key }
        }

        /// Adds the list `name` of items of `kinds` (none: an empty list);
        /// false when it has no kinds (`kinds(_:)`), and the view no shape.
        private mutating func addList(_ name: String, kinds: [Item]?) -> Bool {
            guard let kinds else { return false }
            guard !kinds.isEmpty else { key += "=l0;"; return true }
            lists.append(name)
            items[name] = kinds
            key += "=l("
            for (k, kind) in kinds.enumerated() {
                if k > 0 { key += ";" }
                key += kind.key
            }
            key += ");"
            return true
        }

        /// A list the skeleton does not cut out, for `count` (1, then 2):
        /// `count` items of each kind the list holds (`kinds`), every
        /// non-empty text a foreign stand-in and the flags as they are, so
        /// that whatever the template prints for any kind of item changes
        /// with `count` and the skeleton is refused; a list of texts,
        /// `count` foreign stand-ins.
        static func standInList(_ value: Any?, kinds: [Item]?, count: Int) -> Any {
            guard let kinds else { return Array(repeating: TemplateSkeleton.foreign, count: count) }
            let items = (0..<count).flatMap { _ in kinds.map { $0.standIn("", 0, foreign: true) } }
            // Lists of texts alone as the view holds them.
            if value is [[String: String]] { return items.map { $0.compactMapValues { $0 as? String } } }
            return items
        }
    }
}

/// Skeletons by key (template, depth, shape), made on first use from any
/// thread. A key that found none remembers that too. Past `limit` keys no
/// more are made (pages of new shapes are rendered in full).
// @unchecked: its one mutable dictionary is read and written only under `lock`.
final class TemplateSkeletons: @unchecked Sendable {
    fileprivate let lock = NSLock()
    fileprivate var byKey: [String: PageSkeleton?] = [:]
    let limit = 256

    func skeleton(_ key: String, make: () -> PageSkeleton?) -> PageSkeleton? {
        let known: PageSkeleton?? = lock.withLock { byKey[key] ?? (byKey.count >= limit ? .some(nil) : nil) }
        if let known { return known }
        let made = make()
        lock.withLock { byKey[key] = made }
        return made
    }
}

extension TemplateSkeletons {
    /// The keys seen so far that have a skeleton (`made`) or found none.
    func keys(made: Bool) -> [String] {
        lock.withLock { byKey.filter { ($0.value != nil) == made }.keys.sorted() }
    }
}
