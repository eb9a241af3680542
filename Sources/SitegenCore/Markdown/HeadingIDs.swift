import Foundation

/// Heading ids: a slug of the heading text, unique in the page.
/// Depends only on the heading texts, so an id stays while its text stays
/// (and while no earlier heading gets the same text).
enum HeadingIDs {
    /// Ids the page template uses itself; a heading never takes them.
    static let reserved: Set<String> = ["top", "main", "toc", "content", "indicators", "attachments", "related", "links", "metadata", "status", "chart", "data"]

    static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingDash = false, scalars = 0
        for c in text.lowercased().unicodeScalars {
            // ASCII and the common CJK block without asking Unicode's tables.
            let keep = c.value < 0x80 ? (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c >= "A" && c <= "Z")
                : (c.value >= 0x4E00 && c.value <= 0x9FFF) || c.properties.isAlphabetic || c.properties.numericType != nil
            if keep {
                if pendingDash && !out.isEmpty { out.append("-"); scalars += 1 }
                pendingDash = false
                out.append(c)
                scalars += 1
            } else if c == " " || c == "-" || c == "_" || c == "." {
                pendingDash = true
            }
        }
        let s = String(out)
        // A character is one scalar or more: a slug of at most 80 scalars
        // is its own 80-character prefix (no characters counted).
        if s.isEmpty { return "section" }
        return scalars <= 80 ? s : String(s.prefix(80))
    }

    static func assign(_ texts: [String]) -> [String] {
        var used = reserved
        return texts.map { text in
            let base = slug(text)
            var id = base
            var n = 1
            while used.contains(id) {
                id = "\(base)-\(n)"
                n += 1
            }
            used.insert(id)
            return id
        }
    }
}

/// Matches an indicator's `section` to a plan heading.
enum SectionMatcher {
    /// Exact text first; then the text without its enumerator ("(二)", "一、",
    /// "1.") and trailing punctuation, so `具体指标设置为` finds
    /// "(二)具体指标设置为:".
    static func find(_ section: String, in headings: [Heading]) -> Heading? {
        if let exact = headings.first(where: { $0.text == section }) { return exact }
        let wanted = normalize(section)
        guard !wanted.isEmpty else { return nil }
        return headings.first { normalize($0.text) == wanted }
    }

    static func normalize(_ text: String) -> String {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"]
        // (一) （一） (1) （1）
        if let open = s.first, open == "(" || open == "（", let close = s.firstIndex(where: { $0 == ")" || $0 == "）" }) {
            let inner = s[s.index(after: s.startIndex)..<close]
            if !inner.isEmpty, inner.allSatisfy({ numerals.contains($0) || $0.isASCII && $0.isNumber }) {
                s = s[s.index(after: close)...]
            }
        }
        // 一、 1. 1、 第一
        let lead = s.prefix(while: { numerals.contains($0) || ($0.isASCII && $0.isNumber) })
        if !lead.isEmpty, let sep = s.dropFirst(lead.count).first, sep == "、" || sep == "." || sep == "．" {
            s = s.dropFirst(lead.count + 1)
        }
        let trailing: Set<Character> = [":", "：", "。", ".", "，", ",", ";", "；", " "]
        while let last = s.last, trailing.contains(last) { s = s.dropLast() }
        return String(s).trimmingCharacters(in: .whitespaces)
    }
}
