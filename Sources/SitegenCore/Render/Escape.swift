import Foundation

/// Escaping for every place user text lands.
enum Escape {
    /// HTML text and double- or single-quoted attribute values.
    static func html(_ s: String) -> String {
        guard s.containsUTF8(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML text and attributes (SVG, Atom, sitemap): as HTML, and control
    /// characters XML forbids are dropped.
    static func xml(_ s: String) -> String {
        let cleaned = s.containsUTF8(where: { $0 < 0x20 && $0 != 10 && $0 != 9 && $0 != 13 })
            ? String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" }))
            : s
        return html(cleaned)
    }

    /// A JSON string literal, quotes included.
    static func json(_ s: String) -> String {
        // Most text needs nothing (0xE2 may begin U+2028 or U+2029).
        if !s.containsUTF8(where: { $0 < 0x20 || $0 == 34 || $0 == 92 || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// One CSV field, quoted as RFC 4180 says when it must be. A field that
    /// a spreadsheet would run as a formula (=, +, -, @ first) gets a
    /// leading apostrophe, unless it is a number.
    static func csv(_ s: String) -> String {
        var field = s
        if let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), DecimalNumber(field) == nil {
            field = "'" + field
        }
        if field.containsUTF8(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// A path segment for a URL: everything but unreserved ASCII is
    /// percent-encoded as UTF-8.
    static func pathSegment(_ s: String) -> String {
        func unreserved(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 45 || b == 46 || b == 95 || b == 126
        }
        if s.utf8.allSatisfy(unreserved) { return s }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count * 3)
        for byte in s.utf8 {
            if unreserved(byte) {
                out.append(byte)
            } else {
                out += [37, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A relative path of segments, each percent-encoded.
    static func path(_ p: String) -> String {
        if p.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 45 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || $0 == 95 || $0 == 126 }) {
            return p  // letters, digits, '-', '.', '/', '_', '~': nothing to encode
        }
        return p.split(separator: "/", omittingEmptySubsequences: false).map { pathSegment(String($0)) }.joined(separator: "/")
    }
}
