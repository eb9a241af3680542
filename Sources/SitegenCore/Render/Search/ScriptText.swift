/// Text inside a script: a JSON string literal that is also safe in an
/// HTML `<script>` element and in JavaScript before ES2019 (`Escape.json`'s
/// rules, and `<`, `>`, `&` written as \u escapes, so no `</script>` or
/// `<!--` can appear; U+2028 and U+2029 are escaped by `Escape.json`).
enum ScriptText {
    static func string(_ s: String) -> String {
        let json = Escape.json(s)
        guard json.containsUTF8(where: { $0 == 60 || $0 == 62 || $0 == 38 }) else { return json }
        var out = ""
        for c in json.unicodeScalars {
            switch c {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `string(s)`'s bytes appended to `out`: most strings need no escape,
    /// and are appended between their quotes as they are, no string made.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        guard s.containsUTF8(where: { TextBuffer.mayNeedJSONEscape($0) || $0 == 60 || $0 == 62 || $0 == 38 }) else {
            out.append(34)
            out.append(contentsOf: s.utf8)
            out.append(34)
            return
        }
        out.append(contentsOf: string(s).utf8)
    }

    /// `[a,b,…]` as script text (after a comma when `comma`).
    static func appendStrings(_ strings: String..., to out: inout [UInt8], comma: Bool) {
        if comma { out.append(44) }
        out.append(91)
        for (k, s) in strings.enumerated() {
            if k > 0 { out.append(44) }
            appendString(s, to: &out)
        }
        out.append(93)
    }
}
