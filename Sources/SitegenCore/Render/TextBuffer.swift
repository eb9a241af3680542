/// Text built as UTF-8 bytes: literal pieces, escaped text and numbers
/// appended to one buffer, with no string made for each coordinate, label
/// or field. The charts (20,000 of a hundred numbers each on a large site)
/// and the open data use it. Its HTML, XML, JSON and CSV escaping is the
/// one sitegen has: `Escape.html`, `.xml`, `.json` and `.csv` call it.
///
/// Its bytes are in memory of its own (not an array, whose every append
/// asks whether it is shared), so it cannot be copied: pass it `inout`,
/// and take what it wrote as `bytes` or `string`.
struct TextBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What was written, as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// What was written, read where it is.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(contentsOf source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress else { return }
        let n = source.count
        if count + n > capacity { grow(to: count + n) }
        (base + count).initialize(from: from, count: n)
        count += n
    }

    /// Room for at least `needed` bytes: twice as much as there was, or more.
    @inline(never) private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// Markup written in the code: never user text.
    @inline(__always) mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Markup made by the code from safe pieces (never user text).
    /// Disfavoured, so that a literal goes to `raw(StaticString)`, whose
    /// bytes need no look at a string's form.
    @_disfavoredOverload
    mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// User text for HTML text or a quoted attribute: `&<>"'` escaped, as
    /// `Escape.html` does.
    mutating func html(_ s: String) {
        if !s.containsUTF8(where: Self.mayNeedHTMLEscape) { return raw(s) }
        for byte in s.utf8 where !entity(byte) { append(byte) }
    }

    /// A number's text for HTML: as `html(n.text)`, its digits written with no string made.
    mutating func html(_ n: DecimalNumber) {
        if !n.appendDigitsText(to: &self) { html(n.text) }
    }

    /// A number's text for XML: as `xml(n.text)`, its digits written with no string made.
    mutating func xml(_ n: DecimalNumber) {
        if !n.appendDigitsText(to: &self) { xml(n.text) }
    }

    /// `&<>"'` written as their entities (true); any other byte not written.
    @inline(__always) private mutating func entity(_ byte: UInt8) -> Bool {
        switch byte {
        case 38: raw("&amp;")
        case 60: raw("&lt;")
        case 62: raw("&gt;")
        case 34: raw("&quot;")
        case 39: raw("&#39;")
        default: return false
        }
        return true
    }

    /// User text for XML text or a quoted attribute: `&<>"'` escaped, the
    /// control characters XML forbids dropped.
    mutating func xml(_ s: String) {
        // Most text needs nothing.
        if !s.containsUTF8(where: { $0 < 32 || Self.mayNeedHTMLEscape($0) }) { return raw(s) }
        for byte in s.utf8 where !entity(byte) {
            switch byte {
            case 9, 10, 13: append(byte)
            case 0..<32: continue  // a control byte is never part of a longer UTF-8 sequence
            default: append(byte)
            }
        }
    }

    /// What `write` writes into a new buffer, as a string (a table cell
    /// for a template's own loop, written by the function that writes it
    /// into the page's buffer).
    static func made(_ write: (inout TextBuffer) -> Void) -> String {
        var out = TextBuffer(capacity: 64)
        write(&out)
        return out.string
    }

    /// Whether a byte is one of `&<>"'`, which HTML escapes (`html`, `Escape.html`).
    @inline(__always)
    static func mayNeedHTMLEscape(_ b: UInt8) -> Bool { b == 38 || b == 60 || b == 62 || b == 34 || b == 39 }

    /// Whether a byte may need an escape in a JSON string literal: most
    /// text has none, and is written as it is (0xE2 may begin U+2028 or U+2029).
    @inline(__always)
    static func mayNeedJSONEscape(_ b: UInt8) -> Bool { b < 32 || b == 34 || b == 92 || b == 0xE2 }

    /// A JSON string literal, quotes included: `"`, `\\` and control
    /// characters escaped, and U+2028 and U+2029 (which end a line in
    /// JavaScript).
    mutating func json(_ s: String) {
        append(34)
        if !s.containsUTF8(where: Self.mayNeedJSONEscape) {
            raw(s)
            append(34)
            return
        }
        var pending = 0  // bytes of a possible U+2028/U+2029 seen so far
        for byte in s.utf8 {
            if pending == 1 {
                if byte == 0x80 { pending = 2; continue }
                append(0xE2)
                pending = 0
            } else if pending == 2 {
                if byte == 0xA8 || byte == 0xA9 { raw(byte == 0xA8 ? "\\u2028" : "\\u2029"); pending = 0; continue }
                append(0xE2); append(0x80)
                pending = 0
            }
            switch byte {
            case 34: raw("\\\"")
            case 92: raw("\\\\")
            case 10: raw("\\n")
            case 13: raw("\\r")
            case 9: raw("\\t")
            case 0xE2: pending = 1
            case 0..<32:
                raw("\\u00")
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { append($0[Int(byte >> 4)]); append($0[Int(byte & 15)]) }
            default: append(byte)
            }
        }
        if pending >= 1 { append(0xE2) }
        if pending == 2 { append(0x80) }
        append(34)
    }

    /// One CSV row: the fields (nil: empty) separated by commas, then CRLF.
    mutating func csvRow(_ fields: [String?]) {
        for (k, field) in fields.enumerated() {
            if k > 0 { raw(",") }
            csv(field ?? "")
        }
        raw("\r\n")
    }

    /// One CSV field: quoted when it holds a
    /// comma, quote or line break; an apostrophe before a text that a
    /// spreadsheet would run as a formula.
    mutating func csv(_ s: String) {
        let utf8 = s.utf8
        var disarm = false
        if let first = utf8.first, first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13 {
            disarm = DecimalNumber(s) == nil
        }
        let quote = s.containsUTF8 { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        if quote { append(34) }
        if disarm { append(39) }
        if quote {
            for byte in utf8 {
                append(byte)
                if byte == 34 { append(34) }
            }
            append(34)
        } else {
            raw(s)
        }
    }

    /// `NumberText.format(x, maxFractionDigits:)`.
    mutating func number(_ x: Double, maxFractionDigits: Int = 1) {
        NumberText.append(x, maxFractionDigits: maxFractionDigits, to: &self)
    }

    /// A period's text (`2022-06`, `2022-Q2`): ASCII digits and `-Q`,
    /// nothing any escaping changes, so for CSV and inside JSON quotes alike.
    mutating func period(_ p: Period) { p.appendText(to: &self) }

    /// A day as `YYYY-MM-DD` (as `period`).
    mutating func day(_ d: Day) { d.appendText(to: &self) }
}
