import Foundation

/// A plain decimal number as an author wrote it (`69.7`, `-3`, `0.25`).
/// `text` is what pages and open data print; `value` is for arithmetic.
public struct DecimalNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String
    public let value: Double

    /// Accepts an optional sign, digits, and an optional fraction: no exponent,
    /// no `.nan`/`.inf`, no thousands separators, at most 30 digits.
    public init?(_ raw: String) {
        var s = Substring(raw)
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let intPart = parts.first, !intPart.isEmpty,
              intPart.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var fraction: Substring = ""
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        }
        guard intPart.count + fraction.count <= 30 else { return nil }
        // Canonical text: no leading zeros, no '+', no "-0".
        var digits = intPart.drop(while: { $0 == "0" })
        if digits.isEmpty { digits = "0" }
        var canonical = String(digits)
        if !fraction.isEmpty { canonical += "." + fraction }
        let isZero = canonical.allSatisfy { $0 == "0" || $0 == "." }
        if negative && !isZero { canonical = "-" + canonical }
        guard let v = Double(canonical), v.isFinite else { return nil }
        self.text = canonical
        self.value = v
    }

    /// A number `init?(_:)` made before, as the validation cache stores it.
    init(canonicalText: String, value: Double) {
        self.text = canonicalText
        self.value = value
    }

    public init(_ value: Double) {
        self.value = value
        self.text = NumberText.format(value, maxFractionDigits: 6)
    }

    public static func < (a: DecimalNumber, b: DecimalNumber) -> Bool { a.value < b.value }
    public static func == (a: DecimalNumber, b: DecimalNumber) -> Bool { a.value == b.value }
    public func hash(into h: inout Hasher) { h.combine(value) }
    public var description: String { text }
}

/// Locale-free number formatting.
public enum NumberText {
    static let powersOfTen: [Int64] = (0...12).map { k in (0..<k).reduce(Int64(1)) { acc, _ in acc * 10 } }

    /// Rounds to at most `maxFractionDigits` decimals and drops trailing zeros:
    /// 0.5 → "0.5", 1.0 → "1", 0.123456 → "0.1235" with 4 digits.
    public static func format(_ value: Double, maxFractionDigits: Int) -> String {
        guard value.isFinite else { return "0" }
        let digits = max(0, min(maxFractionDigits, 12))
        if let n = scaled(value, digits) {
            // The integer way, zeros dropped as it goes (charts print thousands of these).
            guard n != 0 else { return "0" }
            var fraction = n % powersOfTen[digits], d = digits
            while d > 0 && fraction % 10 == 0 { fraction /= 10; d -= 1 }
            var s = value < 0 ? "-" : ""
            s += String(n / powersOfTen[digits])
            if d > 0 {
                let f = String(fraction)
                s += "." + String(repeating: "0", count: d - f.count) + f
            }
            return s
        }
        let s = fixed(value, digits: digits)
        var bytes = Array(s.utf8)
        guard bytes.contains(0x2E) else { return s == "-0" ? "0" : s }
        while bytes.last == 0x30 { bytes.removeLast() }
        if bytes.last == 0x2E { bytes.removeLast() }
        if bytes == [0x2D, 0x30] { return "0" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// |value| × 10^digits rounded (ties to even), when integer arithmetic
    /// is exact enough: nil near a tie, where printf must decide.
    private static func scaled(_ value: Double, _ digits: Int) -> Int64? {
        let product = abs(value) * Double(powersOfTen[digits])
        let scaled = product.rounded(.toNearestOrEven)
        // Near a tie the product's own rounding may mislead.
        let nearTie = abs(product - product.rounded(.down) - 0.5) < 1e-6
        return scaled < 9e15 && !nearTie ? Int64(scaled) : nil
    }

    /// Exactly `digits` decimals, e.g. fixed(3.0, 1) → "3.0".
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "0" }
        let digits = max(0, min(digits, 12))
        // Integer arithmetic when it is exact enough (every chart label and
        // table cell); printf otherwise. Ties go to even, as printf does.
        if let n = scaled(value, digits) {
            let p = powersOfTen[digits]
            var s = String(n / p)
            if digits > 0 {
                let fraction = String(n % p)
                s += "." + String(repeating: "0", count: digits - fraction.count) + fraction
            }
            return value < 0 && n != 0 ? "-" + s : s
        }
        var s = String(format: "%.\(digits)f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}
