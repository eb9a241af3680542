// The byte form of numbers: a number held as its digits (nearly all) as
// them, its text made again when read; any other as the text as written
// and the exact value.

extension ByteWriter {
    mutating func number(_ n: DecimalNumber) {
        if let (digits, fraction) = n.digitsForm {
            bool(true)
            int(Int(digits))
            int(fraction)
        } else {
            bool(false)
            string(n.text)
            int(Int(Int64(bitPattern: n.value.bitPattern)))
        }
    }

    mutating func optionalNumber(_ n: DecimalNumber?) {
        bool(n != nil)
        if let n { number(n) }
    }
}

extension ByteReader {
    mutating func number() -> DecimalNumber? {
        guard let isDigits = bool() else { return nil }
        if isDigits {
            // What `DecimalNumber.digitsForm` gives: at most 15 digits.
            guard let n = int(), n.magnitude < 1_000_000_000_000_000, let fraction = int(), (0...15).contains(fraction)
            else { return nil }
            return DecimalNumber(digits: Int64(n), fraction: fraction)
        }
        guard let text = string(), let bits = int() else { return nil }
        return DecimalNumber(canonicalText: text, value: Double(bitPattern: UInt64(bitPattern: Int64(bits))))
    }

    /// A number that was written, or `.some(nil)`; nil when malformed.
    mutating func optionalNumber() -> DecimalNumber?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let n = number() else { return nil }
        return .some(n)
    }
}
