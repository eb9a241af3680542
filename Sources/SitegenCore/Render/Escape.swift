import Foundation

/// Escaping for every place user text lands.
enum Escape {
    /// HTML text and double- or single-quoted attribute values.
    static func html(_ s: String) -> String {
        // Most text needs nothing, and is given back as it is.
        guard s.containsUTF8(where: TextBuffer.mayNeedHTMLEscape) else { return s }
        return escaped(s) { $0.html(s) }
    }

    /// XML text and attributes (SVG, Atom, sitemap): as HTML, and control
    /// characters XML forbids are dropped. The rules are `TextBuffer.xml`'s.
    static func xml(_ s: String) -> String { escaped(s) { $0.xml(s) } }

    /// A JSON string literal, quotes included (`TextBuffer.json`).
    static func json(_ s: String) -> String { escaped(s) { $0.json(s) } }

    /// One CSV field, quoted as RFC 4180 says when it must be. A field that
    /// a spreadsheet would run as a formula (=, +, -, @ first) gets a
    /// leading apostrophe, unless it is a number (`TextBuffer.csv`).
    static func csv(_ s: String) -> String { escaped(s) { $0.csv(s) } }

    private static func escaped(_ s: String, _ write: (inout TextBuffer) -> Void) -> String {
        var buffer = TextBuffer(capacity: s.utf8.count + 8)
        write(&buffer)
        return buffer.string
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
