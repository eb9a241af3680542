import Foundation

/// A plain decimal number as an author wrote it (`69.7`, `-3`, `0.25`).
/// `text` is what pages and open data print; `value` is for arithmetic.
public struct DecimalNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The text and the value, in 10 bytes for nearly every number (a
    /// large site holds millions): see `Storage`.
    private let storage: Storage

    public var text: String {
        switch storage {
        case let .digits(n, fraction): return Self.text(n, fraction: Int(fraction))
        case let .other(other): return other.text
        }
    }

    /// `text`'s bytes written into `bytes` when the number is held as its
    /// digits (ASCII digits, `-` and `.`: nothing any escaping changes),
    /// with no string made; false, nothing written, for any other number.
    func appendDigitsText<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) -> Bool {
        guard case let .digits(n, fraction) = storage else { return false }
        Self.withText(n, fraction: Int(fraction)) { bytes.append(contentsOf: $0) }
        return true
    }

    public var value: Double {
        switch storage {
        case let .digits(n, fraction): return Double(n) / Self.decimalPowersOfTen[Int(fraction)]
        case let .other(other): return other.value
        }
    }

    /// Accepts an optional sign, digits, and an optional fraction: no exponent,
    /// no `.nan`/`.inf`, no thousands separators, at most 30 digits.
    public init?(_ raw: String) {
        // Most numbers are written canonically (`65.0`, `-3`): then the
        // text is the number's own, with no copy.
        if Self.isCanonical(raw) {
            guard let v = Double(raw), v.isFinite else { return nil }
            self.init(canonicalText: raw, value: v)
            return
        }
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
        self.init(canonicalText: canonical, value: v)
    }

    /// `-`?, digits without a leading zero (or a lone `0`), and an
    /// optional `.` with digits; at most 30 digits; not a negative zero.
    /// Such a text is its own canonical form.
    private static func isCanonical(_ raw: String) -> Bool {
        var digits = 0, afterPoint = -1, negative = false, nonZero = false, first: UInt8 = 0
        for (k, c) in raw.utf8.enumerated() {
            switch c {
            case 45 where k == 0: negative = true
            case 46 where afterPoint < 0 && digits > 0: afterPoint = 0
            case 48...57:
                if digits == 0 { first = c } else if afterPoint < 0 && first == 48 { return false }  // leading zero
                digits += 1
                if afterPoint >= 0 { afterPoint += 1 }
                if c != 48 { nonZero = true }
            default: return false
            }
        }
        return digits > 0 && digits <= 30 && afterPoint != 0 && (!negative || nonZero)
    }

    /// A number `init?(_:)` made before, as the validation cache stores it.
    init(canonicalText: String, value: Double) {
        storage = Storage(text: canonicalText, value: value)
    }

    /// The number whose canonical text is the digits of `n` with
    /// `fraction` of them after the point (at most 15 digits, not a
    /// negative zero): kept as its digits, no text made or read.
    init(digits n: Int64, fraction: Int) {
        storage = .digits(n, fraction: UInt8(fraction))
    }

    /// The digits and the count after the point when the number is held
    /// as them (`init(digits:fraction:)` makes it again); nil otherwise.
    var digitsForm: (n: Int64, fraction: Int)? {
        guard case let .digits(n, fraction) = storage else { return nil }
        return (n, Int(fraction))
    }

    public init(_ value: Double) {
        self.init(canonicalText: NumberText.format(value, maxFractionDigits: 6), value: value)
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
        var bytes: [UInt8] = []
        append(value, maxFractionDigits: maxFractionDigits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `format(value, maxFractionDigits:)`, appended as UTF-8 (charts write
    /// tens of thousands of coordinates without a string each).
    static func append<Sink: ByteSink & ~Copyable>(_ value: Double, maxFractionDigits: Int, to bytes: inout Sink) {
        guard value.isFinite else { bytes.append(0x30); return }
        let digits = max(0, min(maxFractionDigits, 12))
        if let n = scaled(value, digits) {
            // The integer way, zeros dropped as it goes, written right to
            // left into a buffer on the stack (sign, at most 16 digits, the
            // point and at most 12 decimals) and appended at once.
            guard n != 0 else { bytes.append(0x30); return }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
                var start = text.count
                // The decimals from the last, trailing zeros skipped (only
                // divisions by the constant 10).
                var whole = n, decimals = false
                for _ in 0..<digits {
                    let digit = whole % 10
                    whole /= 10
                    if decimals || digit != 0 {
                        start -= 1
                        text[start] = UInt8(truncatingIfNeeded: 0x30 + digit)
                        decimals = true
                    }
                }
                if decimals { start -= 1; text[start] = 0x2E }
                start = writeDigits(whole, into: text, before: start)
                if value < 0 { start -= 1; text[start] = 0x2D }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
            }
            return
        }
        var fixedBytes = Array(fixed(value, digits: digits).utf8)
        if fixedBytes.contains(0x2E) {
            while fixedBytes.last == 0x30 { fixedBytes.removeLast() }
            if fixedBytes.last == 0x2E { fixedBytes.removeLast() }
        }
        if fixedBytes == [0x2D, 0x30] { fixedBytes = [0x30] }
        fixedBytes.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
    }

    /// 10^k for 0 ≤ k ≤ 12, without the table's lazy global (charts ask
    /// for it at every coordinate).
    @inline(__always) static func powerOfTen(_ k: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<k { p &*= 10 }
        return p
    }

    /// A non-negative integer's decimal digits, zero-padded to `minimumCount`.
    static func appendDigits<Sink: ByteSink & ~Copyable>(_ n: Int64, minimumCount: Int, to bytes: inout Sink) {
        // Right to left into a buffer on the stack (an Int64 has at most 19
        // digits), then appended at once: charts print tens of thousands.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            let start = writeDigits(n, into: digits, before: digits.count)
            for _ in 0..<max(0, minimumCount - (digits.count - start)) { bytes.append(0x30) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A non-negative integer's decimal digits written right to left in
    /// `buffer`, the last just before `end` (at least one digit; none
    /// before the buffer's start): where the first is.
    @inline(__always)
    private static func writeDigits(_ n: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, before end: Int) -> Int {
        var v = n, start = end
        repeat {
            start -= 1
            buffer[start] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
            v /= 10
        } while v > 0 && start > 0
        return start
    }

    /// |value| × 10^digits rounded (ties to even), when integer arithmetic
    /// is exact enough: nil near a tie, where printf must decide.
    private static func scaled(_ value: Double, _ digits: Int) -> Int64? {
        let product = abs(value) * Double(powerOfTen(digits))
        guard product < 9e15 else { return nil }
        // product ≥ 0, so truncation is its floor, and the part after the
        // point is exact (Sterbenz).
        let floor = Int64(product)
        let part = product - Double(floor)
        // Near a tie the product's own rounding may mislead.
        guard abs(part - 0.5) >= 1e-6 else { return nil }
        // Below 9e15 + 1 (the guard above): no bound to check.
        return part > 0.5 ? floor + 1 : floor
    }

    /// Exactly `digits` decimals, e.g. fixed(3.0, 1) → "3.0".
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "0" }
        let digits = max(0, min(digits, 12))
        // Integer arithmetic when it is exact enough (every chart label and
        // table cell); printf otherwise. Ties go to even, as printf does.
        if let n = scaled(value, digits) {
            let p = powerOfTen(digits)
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
