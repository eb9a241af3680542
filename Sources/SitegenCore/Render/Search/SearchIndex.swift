/// What search finds, one group per plan: the plan, its sections and its
/// indicators, with the texts searched and the texts a result shows.
///
/// Each document has a number that stays while its plan keeps its place:
/// plan `p` is `p * stride`, its sections `p * stride + 1, 2, …` and its
/// indicators `p * stride + indicatorBase + 0, 1, …`, so an edit to one
/// plan changes the postings of that plan only (see `SearchShards`).
struct SearchIndex: Sendable {
    static let stride: UInt32 = 2048
    static let indicatorBase: UInt32 = 1024
    /// Sections and indicators past these counts in one plan are not searched.
    static let sectionLimit = Int(indicatorBase) - 1
    static let indicatorLimit = Int(stride - indicatorBase)

    struct Section: Sendable {
        var heading: String
        /// The heading's id on the plan page (unescaped).
        var anchor: String
        /// The section's text, up to the next heading.
        var text: Substring
    }

    struct Item: Sendable {
        var name: String
        /// The indicator's id (unescaped: the script makes its address).
        var id: String
        var status: String
        /// The latest value or stage, as the progress table shows it.
        var latest: String
        /// Area, owner, target text.
        var fields: [String]
    }

    struct Group: Sendable {
        var title: String
        var slug: String
        /// Issuer, summary, headings, the text before the first heading.
        var fields: [Substring]
        var sections: [Section]
        var indicators: [Item]
    }

    var groups: [Group]

    /// One document's tokens: those of its title (plan title, heading,
    /// indicator name) and the rest. CJK tokens as sorted unique codes.
    struct DocumentTokens {
        var id: UInt32
        var titleCodes: [UInt32] = []
        var bodyCodes: [UInt32] = []
        var titleWords: Set<String> = []
        var bodyWords: Set<String> = []

        init(id: UInt32, title: [Substring], body: [Substring]) {
            self.id = id
            for text in title {
                SearchTokenizer.tokens(text) {
                    switch $0 {
                    case .cjk(let c): titleCodes.append(c)
                    case .word(let w): titleWords.insert(w)
                    }
                }
            }
            for text in body {
                SearchTokenizer.tokens(text) {
                    switch $0 {
                    case .cjk(let c): bodyCodes.append(c)
                    case .word(let w): bodyWords.insert(w)
                    }
                }
            }
            titleCodes = Self.sortedUnique(titleCodes)
            bodyCodes = Self.sortedUnique(bodyCodes)
            if !titleCodes.isEmpty { bodyCodes = bodyCodes.filter { !Self.contains(titleCodes, $0) } }
            bodyWords.subtract(titleWords)
        }

        static func sortedUnique(_ codes: [UInt32]) -> [UInt32] {
            guard codes.count > 1 else { return codes }
            var out: [UInt32] = []
            out.reserveCapacity(codes.count)
            for c in codes.sorted() where out.last != c { out.append(c) }
            return out
        }

        static func contains(_ sorted: [UInt32], _ value: UInt32) -> Bool {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low < sorted.count && sorted[low] == value
        }
    }

    /// The documents of group `p`, in number order.
    func documents(_ p: Int) -> [DocumentTokens] {
        let g = groups[p]
        let base = UInt32(p) * Self.stride
        var docs = [DocumentTokens(id: base, title: [Substring(g.title)], body: g.fields)]
        for (k, s) in g.sections.prefix(Self.sectionLimit).enumerated() {
            docs.append(DocumentTokens(id: base + 1 + UInt32(k), title: [Substring(s.heading)], body: [s.text]))
        }
        for (k, i) in g.indicators.prefix(Self.indicatorLimit).enumerated() {
            docs.append(DocumentTokens(id: base + Self.indicatorBase + UInt32(k), title: [Substring(i.name)],
                                       body: i.fields.map { Substring($0) }))
        }
        return docs
    }

    /// Markdown as searchable text: the destinations of links and images
    /// (`](…)`) left out, the rest kept (marks are not tokens anyway).
    static func plainText(_ markdown: Substring) -> Substring {
        let bytes = Array(markdown.utf8)
        guard bytes.count > 1, bytes.indices.dropLast().contains(where: { bytes[$0] == 93 && bytes[$0 + 1] == 40 }) else {
            return markdown
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 93, i + 1 < bytes.count, bytes[i + 1] == 40, let close = bytes[(i + 2)...].firstIndex(of: 41) {
                out.append(32)
                i = close + 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Substring(String(decoding: out, as: UTF8.self))
    }

    /// A plan body cut at its headings: the text before the first heading,
    /// then each heading's section (the heading line itself left out).
    /// `lines` are the file lines of the headings, `lineOffset` the body's.
    static func sections(_ markdown: Substring, lineOffset: Int, headingLines: [Int]) -> (intro: Substring, sections: [Substring]) {
        // Where each body line starts, in UTF-8 offsets.
        var starts = [markdown.utf8.startIndex]
        var index = markdown.utf8.startIndex
        while index < markdown.utf8.endIndex {
            let next = markdown.utf8.index(after: index)
            if markdown.utf8[index] == 10 { starts.append(next) }
            index = next
        }
        func start(ofLine line: Int) -> String.Index {  // 1-based body line
            line - 1 < starts.count ? starts[max(0, line - 1)] : markdown.endIndex
        }
        let bodyLines = headingLines.map { $0 - lineOffset }
        let intro = markdown[markdown.startIndex..<(bodyLines.first.map(start(ofLine:)) ?? markdown.endIndex)]
        var sections: [Substring] = []
        for (k, line) in bodyLines.enumerated() {
            let from = start(ofLine: line + 1)
            let to = k + 1 < bodyLines.count ? start(ofLine: bodyLines[k + 1]) : markdown.endIndex
            sections.append(from < to ? markdown[from..<to] : "")
        }
        return (intro, sections)
    }
}
