/// Numbers read straight from a file's bytes (the observations of a large
/// site are hundreds of thousands of them).
extension DecimalNumber {
    /// The number a canonical text (`-`?, digits without a leading zero, an
    /// optional `.` and digits, not a negative zero) of at most 15 digits
    /// stands for, made without a string or `strtod`; nil for any other
    /// text, which `init?(_:)` then reads.
    ///
    /// Exact: such a text is an integer below 2^53 over a power of ten up
    /// to 10^15, both exact doubles, and one IEEE division (`value` of a
    /// `Storage.digits`) is correctly rounded, as `strtod` is.
    init?(canonicalUTF8 b: UnsafeBufferPointer<UInt8>) {
        var i = 0, mantissa: UInt64 = 0, digits = 0, fraction = -1
        let negative = b.first == 0x2D
        if negative { i = 1 }
        guard i < b.count, b[i] != 0x30 || b.count == i + 1 || b[i + 1] == 0x2E else { return nil }  // a leading zero
        while i < b.count {
            let c = b[i]
            if c == 0x2E {
                guard fraction < 0, digits > 0 else { return nil }
                fraction = 0
            } else {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            i += 1
        }
        guard digits > 0, digits <= 15, fraction != 0, !negative || mantissa != 0 else { return nil }
        // The digits themselves are the stored form (`Storage.digits`): the
        // text is not made, nor read a second time.
        self.init(digits: negative ? -Int64(mantissa) : Int64(mantissa), fraction: max(fraction, 0))
    }
}
