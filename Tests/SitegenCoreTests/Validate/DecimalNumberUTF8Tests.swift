import Testing
@testable import SitegenCore

/// Observation values read on bytes are the numbers the general reader makes.
@Suite struct DecimalNumberUTF8Tests {
    func fast(_ text: String) -> DecimalNumber? {
        var text = text
        return text.withUTF8 { DecimalNumber(canonicalUTF8: $0) }
    }

    @Test func canonicalTextsGiveTheSameNumber() {
        for text in ["0", "0.5", "-3", "65.0", "59.6", "0.1", "0.30000000000000004", "123456789012345", "-0.25", "100", "9.999999999999"] {
            let general = DecimalNumber(text)
            if let f = fast(text) {
                #expect(f.text == general?.text)
                #expect(f.value.bitPattern == general?.value.bitPattern)
            } else {
                #expect(text.filter(\.isNumber).count > 15)
            }
        }
    }

    /// Anything else is left to the general reader.
    @Test func otherTextsAreNotRead() {
        for text in ["", "-", ".", "5.", ".5", "05", "00", "-0", "-0.0", "+5", "1e5", " 5", "5 ", "1,000", "1234567890123456", "0x10", "٣"] {
            #expect(fast(text) == nil, "\(text)")
        }
    }

    /// Random decimals of up to 15 digits: bit for bit what `Double(String)` reads.
    @Test func randomDecimalsMatchStrtod() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            var text = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<digits { text += String(Int.random(in: 0...9, using: &generator)) }
            let point = Int.random(in: 0..<digits, using: &generator)
            if point > 0 { text.insert(".", at: text.index(text.startIndex, offsetBy: digits - point)) }
            if Bool.random(using: &generator) { text = "-" + text }
            let f = fast(text)
            #expect(f?.value.bitPattern == Double(text)?.bitPattern, "\(text)")
            #expect(f?.text == text)
        }
    }
}
