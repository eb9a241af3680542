// The byte form of numbers: the text as written and the exact value.

extension ByteWriter {
    mutating func number(_ n: DecimalNumber) {
        string(n.text)
        int(Int(Int64(bitPattern: n.value.bitPattern)))
    }

    mutating func optionalNumber(_ n: DecimalNumber?) {
        bool(n != nil)
        if let n { number(n) }
    }
}

extension ByteReader {
    mutating func number() -> DecimalNumber? {
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
