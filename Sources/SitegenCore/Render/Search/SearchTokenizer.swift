/// How search text becomes tokens, the same for the index (here) and for
/// queries (the browser script, `SearchScript`, which follows these rules
/// line for line).
///
/// - Full-width forms (U+FF01–U+FF5E) are folded to their half-width
///   letters, digits and signs, the ideographic space to a space.
/// - CJK text (Han, kana, hangul) gives every character and every pair of
///   neighbouring characters: `饮用水` → 饮, 用, 水, 饮用, 用水. No pair is
///   made across anything else (punctuation, a digit, a space).
/// - Other letters and digits give words, lowercased; a `.` between two
///   digits stays inside the word: `PM2.5` → `pm2.5`, `VOCs` → `vocs`.
enum SearchTokenizer {
    /// A token: one CJK character or a pair of the Basic Multilingual
    /// Plane as a number (see `code`), anything else as its text.
    enum Token: Hashable, Sendable {
        case cjk(UInt32)
        case word(String)
    }

    /// Words longer than this are cut (a pasted hash or URL is no word).
    static let maxWordLength = 40

    static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar { Unicode.Scalar(fold(c.value)) ?? c }

    /// Full-width ASCII forms to ASCII, the ideographic space to a space.
    @inline(__always)
    static func fold(_ v: UInt32) -> UInt32 {
        if v >= 0xFF01 && v <= 0xFF5E { return v - 0xFEE0 }
        return v == 0x3000 ? 32 : v
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x3FFFF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x3040 && v <= 0x30FF) || (v >= 0xAC00 && v <= 0xD7AF)
            || v == 0x3005 || v == 0x3007
    }

    /// A letter or a digit (Unicode L* and N*), as `\p{L}\p{N}` in JavaScript.
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `isWordCharacter` of each scalar of the Basic Multilingual Plane
    /// (surrogates: no), a bit each, worked out once: CJK punctuation
    /// (，。、“”) is common in the index's texts, and Unicode's tables are slow.
    static let wordCharactersBMP: [UInt64] = (0..<1024).map { block in
        var bits: UInt64 = 0
        for k in 0..<64 {
            if let c = Unicode.Scalar(UInt32(block * 64 + k)), isWordCharacter(c) { bits |= 1 << UInt64(k) }
        }
        return bits
    }

    static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { isDigit($0.value) } ?? false }

    /// One CJK character (`a`) or a pair (`a << 16 | b`), when both are in
    /// the Basic Multilingual Plane: a pair's first character is at least
    /// U+3005, so the two never meet. Other tokens are texts.
    static func token(_ a: UInt32, _ b: UInt32? = nil) -> Token {
        guard let b else { return a < 0x10000 ? .cjk(a) : .word(text(a)) }
        return a < 0x10000 && b < 0x10000 ? .cjk(a << 16 | b) : .word(text(a) + text(b))
    }

    private static func text(_ v: UInt32) -> String { Unicode.Scalar(v).map { String($0) } ?? "" }

    /// The text of a token.
    static func text(_ token: Token) -> String {
        switch token {
        case .word(let w): return w
        case .cjk(let code): return code < 0x10000 ? text(code) : text(code >> 16) + text(code & 0xFFFF)
        }
    }

    /// One run of the text: a CJK run's characters, or a word.
    enum Run {
        case cjk([UInt32])
        case word(String)
    }

    /// The runs of `text` in order.
    static func runs(_ text: some StringProtocol, _ visit: (Run) -> Void) {
        var cjk: [UInt32] = []
        var word = String.UnicodeScalarView()
        var wordLength = 0
        func endCJK() { if !cjk.isEmpty { visit(.cjk(cjk)); cjk.removeAll(keepingCapacity: true) } }
        func endWord() {
            if !word.isEmpty { visit(.word(String(word).lowercased())); word = String.UnicodeScalarView(); wordLength = 0 }
        }
        var previous: Unicode.Scalar? = nil
        var iterator = text.unicodeScalars.makeIterator()
        var next = iterator.next().map(fold)
        while let c = next {
            next = iterator.next().map(fold)
            defer { previous = c }
            if isCJK(c.value) {
                endWord()
                cjk.append(c.value)
            } else if isWordCharacter(c) || (c == "." && !word.isEmpty && isDigit(previous) && isDigit(next)) {
                endCJK()
                if wordLength < maxWordLength { word.append(c); wordLength += 1 }
            } else {
                endCJK()
                endWord()
            }
        }
        endCJK()
        endWord()
    }

    /// Every token of `text` for the index: each CJK character and pair, each word.
    static func tokens(_ text: some StringProtocol, _ visit: (Token) -> Void) {
        runs(text) { run in
            switch run {
            case .word(let w): visit(.word(w))
            case .cjk(let chars):
                for (k, c) in chars.enumerated() {
                    visit(token(c))
                    if k + 1 < chars.count { visit(token(c, chars[k + 1])) }
                }
            }
        }
    }

    /// The tokens of `tokens(text)`, in the same order, read from the
    /// text's UTF-8 bytes for the index build: each CJK code (`token`) to
    /// the sink's `cjk`, each word or pair outside the Basic Multilingual
    /// Plane to its `word`. A word of ASCII letters is lowercased without Unicode tables.
    static func indexTokens<Sink: SearchTokenSink>(_ text: Substring, into sink: inout Sink) {
        var text = text
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { indexTokens(bytes: $0, into: &sink) }
        if done == nil {
            text.makeContiguousUTF8()
            text.utf8.withContiguousStorageIfAvailable { indexTokens(bytes: $0, into: &sink) }
        }
    }

    /// The scalar that starts at `i` (folded, see `fold`) and its length
    /// in bytes, by its first byte. Bytes that are not UTF-8 (a plan's
    /// body is read as bytes, `PlanBody.bytes`) give some value, never a
    /// read past the end (a scalar cut at the end of `bytes` reads as a
    /// NUL): a value from 3 or 4 bytes at least, if it is CJK (so a text
    /// gives at most 2 codes per 3 bytes, whatever its bytes).
    @inline(__always)
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard i + n <= bytes.count else { return (0, bytes.count - i) }
        let v: UInt32
        switch n {
        case 2: v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        case 3: v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        default:
            v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
        return (fold(v), n)
    }

    /// One pass over the bytes, a scalar at a time: a CJK scalar's pair
    /// (with the one before) and itself straight to the sink, no token or
    /// string made; a word's bytes kept in a buffer of its longest. Any
    /// bytes: those that are not UTF-8 give some tokens, never a crash.
    static func indexTokens<Sink: SearchTokenSink>(bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxWordLength * 4) { word in
            var wordEnd = 0, wordLength = 0, wordIsASCII = true
            @inline(__always) func endWord() {
                guard wordLength > 0 else { return }
                let bytes = UnsafeMutableBufferPointer(rebasing: word[..<wordEnd])
                if wordIsASCII {
                    for k in bytes.indices where bytes[k] >= 65 && bytes[k] <= 90 { bytes[k] += 32 }
                    sink.word(String(decoding: bytes, as: UTF8.self))
                } else {
                    sink.word(String(decoding: bytes, as: UTF8.self).lowercased())
                }
                wordEnd = 0
                wordLength = 0
                wordIsASCII = true
            }
            // The CJK scalar before (0: the one before was not CJK), and whether it was a digit.
            var previousCJK: UInt32 = 0, previousDigit = false
            var i = 0
            let count = bytes.count
            while i < count {
                let (v, length) = scalar(bytes, i)
                i += length
                if v >= 0x3005 && isCJK(v) {
                    endWord()
                    if previousCJK != 0 {
                        if previousCJK < 0x10000 && v < 0x10000 {
                            sink.cjk(previousCJK << 16 | v)
                        } else {
                            sink.word(text(previousCJK) + text(v))
                        }
                    }
                    if v < 0x10000 { sink.cjk(v) } else { sink.word(text(v)) }
                    previousCJK = v
                    previousDigit = false
                    continue
                }
                previousCJK = 0
                let isWord: Bool
                if v < 0x80 {
                    isWord = (v >= 48 && v <= 57) || (v | 32 >= 97 && v | 32 <= 122)
                        || (v == 46 && previousDigit && wordLength > 0 && i < count && isDigit(scalar(bytes, i).value))
                } else if v < 0x10000 {
                    isWord = wordCharactersBMP[Int(v >> 6)] >> UInt64(v & 63) & 1 == 1
                } else {
                    isWord = Unicode.Scalar(v).map(isWordCharacter) ?? false
                }
                previousDigit = isDigit(v)
                guard isWord else {
                    endWord()
                    continue
                }
                guard wordLength < maxWordLength else { continue }
                wordLength += 1
                if v < 0x80 {
                    word[wordEnd] = UInt8(v)
                    wordEnd += 1
                } else if let scalar = Unicode.Scalar(v) {
                    wordIsASCII = false
                    UTF8.encode(scalar) { byte in
                        word[wordEnd] = byte
                        wordEnd += 1
                    }
                }
            }
            endWord()
        }
    }

    @inline(__always)
    private static func isDigit(_ v: UInt32) -> Bool { v >= 48 && v <= 57 }

    /// The tokens as texts, in order (tests).
    static func tokenTexts(_ text: String) -> [String] {
        var out: [String] = []
        tokens(text) { out.append(Self.text($0)) }
        return out
    }

    /// A query's terms: each run is one term, which a document matches when
    /// it has all of the term's tokens. A CJK run of one character is that
    /// character; a longer one its pairs (`饮用水` → 饮用, 用水). Repeated
    /// terms count once.
    static func queryTerms(_ query: String) -> [[String]] {
        var terms: [[String]] = []
        runs(query) { run in
            let term: [String]
            switch run {
            case .word(let w): term = [w]
            case .cjk(let chars):
                term = chars.count == 1 ? [text(chars[0])] : (0..<chars.count - 1).map { text(chars[$0]) + text(chars[$0 + 1]) }
            }
            if !terms.contains(term) { terms.append(term) }
        }
        return Array(terms.prefix(maxQueryTerms))
    }

    /// Queries longer than this many terms use the first ones.
    static let maxQueryTerms = 8
}
