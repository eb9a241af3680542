extension DecimalNumber {
    /// A canonical text of at most 15 digits (`-`?, no leading zero but a
    /// lone `0`, `.` and digits) whose value is its exact quotient is kept
    /// as its digits read as an integer and how many follow the point: the
    /// text is written again from them, and the value is the integer (below
    /// 2^53, so exact) divided by an exact power of ten, rounded once, as
    /// reading the text rounds it. Any other number keeps both out of line.
    enum Storage: Sendable {
        case digits(Int64, fraction: UInt8)
        case other(Other)

        init(text: String, value: Double) {
            if let (n, fraction) = Self.digits(text),
               (Double(n) / DecimalNumber.decimalPowersOfTen[fraction]).bitPattern == value.bitPattern {
                self = .digits(n, fraction: UInt8(fraction))
            } else {
                self = .other(Other(text: text, value: value))
            }
        }

        /// The digits and the count after the point of a canonical text of
        /// at most 15 digits; nil for any other text.
        private static func digits(_ text: String) -> (Int64, Int)? {
            var n: Int64 = 0, count = 0, fraction = -1, negative = false, leadingZero = false
            for (k, c) in text.utf8.enumerated() {
                switch c {
                case 45 where k == 0: negative = true
                case 46 where fraction < 0 && count > 0: fraction = 0
                case 48...57:
                    if leadingZero && fraction < 0 { return nil }  // `0` then a digit
                    if count == 0 && c == 48 { leadingZero = true }
                    n = n * 10 + Int64(c - 48)
                    count += 1
                    if fraction >= 0 { fraction += 1 }
                    if count > 15 { return nil }
                default: return nil
                }
            }
            guard count > 0, fraction != 0, !(negative && n == 0) else { return nil }
            return (negative ? -n : n, max(fraction, 0))
        }
    }

    /// A number `Storage.digits` cannot hold. Never changed once made.
    final class Other: Sendable {
        let text: String
        let value: Double

        init(text: String, value: Double) {
            self.text = text
            self.value = value
        }
    }

    /// 10^0 … 10^15, each exact in a double.
    static let decimalPowersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

    /// The canonical text of `n` with `fraction` digits after the point.
    static func text(_ n: Int64, fraction: Int) -> String {
        withText(n, fraction: fraction) { String(decoding: $0, as: UTF8.self) }
    }

    /// The canonical text of `n` with `fraction` digits after the point, as bytes.
    static func withText<R>(_ n: Int64, fraction: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // At most 15 digits, a sign, a point and a zero before it; on the
        // stack, and a text of up to 15 bytes is kept in the string itself.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { buffer in
            var magnitude = n.magnitude, start = 18, k = 0
            func put(_ byte: UInt8) { start -= 1; buffer[start] = byte }
            // From the last digit back, the point after `fraction` of them.
            repeat {
                put(UInt8(truncatingIfNeeded: 48 + magnitude % 10))
                magnitude /= 10
                k += 1
                if k == fraction { put(46) }
            } while magnitude > 0 || k <= fraction
            if n < 0 { put(45) }
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}
