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

    static func appendString(_ s: String, to out: inout [UInt8]) { out += Array(string(s).utf8) }

    static func appendArray(_ items: [String], to out: inout [UInt8], comma: Bool) {
        if comma { out.append(44) }
        out.append(91)
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(44) }
            appendString(item, to: &out)
        }
        out.append(93)
    }
}
