/// Markup built as UTF-8 bytes: literal pieces, escaped text and numbers
/// appended to one buffer, with no string made for each coordinate or label.
/// The charts use it (20,000 charts of a hundred numbers each on a large
/// site). Escaping is the same as `Escape.xml`.
struct MarkupWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Markup written in the code: never user text.
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Markup made by the code from safe pieces (never user text).
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// User text for XML text or a quoted attribute: `&<>"'` escaped, the
    /// control characters XML forbids dropped.
    mutating func xml(_ s: String) {
        for byte in s.utf8 {
            switch byte {
            case 38: raw("&amp;")
            case 60: raw("&lt;")
            case 62: raw("&gt;")
            case 34: raw("&quot;")
            case 39: raw("&#39;")
            case 9, 10, 13: bytes.append(byte)
            case 0..<32: continue  // a control byte is never part of a longer UTF-8 sequence
            default: bytes.append(byte)
            }
        }
    }

    /// `NumberText.format(x, maxFractionDigits:)`.
    mutating func number(_ x: Double, maxFractionDigits: Int = 1) {
        NumberText.append(x, maxFractionDigits: maxFractionDigits, to: &bytes)
    }

    mutating func int(_ n: Int) {
        if n < 0 { bytes.append(0x2D) }
        NumberText.appendDigits(Int64(n.magnitude), minimumCount: 1, to: &bytes)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
