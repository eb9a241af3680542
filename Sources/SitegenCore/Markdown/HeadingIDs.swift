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
        func add(_ c: Unicode.Scalar) {
            // ASCII and the common CJK block without asking Unicode's tables.
            let keep = c.value < 0x80 ? (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c >= "A" && c <= "Z")
                : isCommonCJK(c) || c.properties.isAlphabetic || c.properties.numericType != nil
            if keep {
                if pendingDash && !out.isEmpty { out.append("-"); scalars += 1 }
                pendingDash = false
                out.append(c)
                scalars += 1
            } else if c == " " || c == "-" || c == "_" || c == "." {
                pendingDash = true
            }
        }
        // `text.lowercased()` scalar by scalar, as the standard library
        // makes it (each scalar's lowercase mapping), without the
        // lowercased copy: ASCII and the CJK block map to themselves but
        // for A–Z.
        for c in text.unicodeScalars {
            if c.value < 0x80 {
                add(c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(UInt8(c.value) + 32) : c)
            } else if isCommonCJK(c) {
                add(c)
            } else {
                for l in c.properties.lowercaseMapping.unicodeScalars { add(l) }
            }
        }
        let s = String(out)
        // A character is one scalar or more: a slug of at most 80 scalars
        // is its own 80-character prefix (no characters counted).
        if s.isEmpty { return "section" }
        return scalars <= 80 ? s : String(s.prefix(80))
    }

    static func assign(_ texts: [String]) -> [String] {
        let bases = texts.map(slug)
        // Slugs of ASCII and the CJK block alone (the usual ones) are
        // canonically equivalent only when their bytes are equal, and so
        // are the ids made from them: compared by their bytes, not by
        // `String`'s hash and equality, which normalise non-ASCII text.
        if bases.allSatisfy(isPlain) { return assign(bases, key: Bytes.init) }
        return assign(bases) { $0 }
    }

    private static func assign<Key: Hashable>(_ bases: [String], key: (String) -> Key) -> [String] {
        var used = Set(reserved.map(key))
        return bases.map { base in
            var id = base
            var n = 1
            while used.contains(key(id)) {
                id = "\(base)-\(n)"
                n += 1
            }
            used.insert(key(id))
            return id
        }
    }

    /// U+4E00–U+9FFF, the common CJK block: alphabetic, its own lowercase,
    /// never decomposed or composed.
    @inline(__always)
    private static func isCommonCJK(_ c: Unicode.Scalar) -> Bool { c.value >= 0x4E00 && c.value <= 0x9FFF }

    /// Only ASCII and U+4E00–U+9FFF: no scalar of it decomposes or composes.
    private static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x80 || isCommonCJK($0) }
    }

    /// A text hashed and compared by its UTF-8 bytes.
    private struct Bytes: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (a: Bytes, b: Bytes) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
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
