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
    /// Rounds to at most `maxFractionDigits` decimals and drops trailing zeros:
    /// 0.5 → "0.5", 1.0 → "1", 0.123456 → "0.1235" with 4 digits.
    public static func format(_ value: Double, maxFractionDigits: Int) -> String {
        guard value.isFinite else { return "0" }
        var s = fixed(value, digits: maxFractionDigits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }

    /// Exactly `digits` decimals, e.g. fixed(3.0, 1) → "3.0".
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var s = String(format: "%.\(max(0, min(digits, 12)))f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}
