/// A term shard of the tree in place read back (`SearchShards.shard`'s
/// bytes and its tokens' term files): each token with its documents'
/// numbers (`number << 1 | in-title`), so a rebuild remakes a touched shard
/// from it (`SearchShards.touched`) instead of from every plan's postings.
/// Nil for bytes that are not a shard's, and the caller makes the shard
/// again from these tokens and compares (`SearchShards.touched`), so a
/// reading that is wrong in any way is never used.
struct SearchShardText {
    /// A token: a CJK code (one or two characters of the Basic Multilingual
    /// Plane, `SearchTokenizer.token`) or a word.
    enum Key: Hashable {
        case code(UInt32)
        case word(String)
    }

    /// The tokens in the shard's order, each with its numbers: the title's
    /// ascending, then the others' ascending.
    private(set) var tokens: [(key: Key, numbers: [UInt32])] = []

    /// Shard K's `bytes`; `termFile` gives a term file's bytes by its name
    /// (`SearchShards.fileName`), nil when it has none.
    init?(_ bytes: [UInt8], shard k: Int, termFile: (String) -> [UInt8]?) {
        let head = Array("sitegenSearch.t(\(k),{".utf8), tail = Array("});\n".utf8)
        guard bytes.count >= head.count + tail.count, bytes.starts(with: head), bytes.suffix(tail.count).elementsEqual(tail) else {
            return nil
        }
        var at = head.count
        let end = bytes.count - tail.count
        while at < end {
            if !tokens.isEmpty {
                guard bytes[at] == 44 else { return nil }
                at += 1
            }
            let keyStart = at
            guard let text = Self.string(bytes, at: &at), at < end, bytes[at] == 58 else { return nil }
            let keyBytes = Array(bytes[keyStart..<at])
            at += 1
            let key = Self.key(text)
            guard at < end else { return nil }
            if bytes[at] == 34 {
                guard let numbers = Self.postings(bytes, at: &at) else { return nil }
                tokens.append((key, numbers))
            } else if bytes[at] == 91 {
                // A stub: its postings are all in the token's term file.
                while at < end && bytes[at] != 93 { at += 1 }
                guard at < end else { return nil }
                at += 1
                guard let file = termFile(SearchShards.fileName(Array(text.utf16))), let numbers = Self.termFile(file, key: keyBytes) else {
                    return nil
                }
                tokens.append((key, numbers))
            } else {
                return nil
            }
        }
        guard at == end else { return nil }
    }

    /// A token's key by its text: a code when it is one or two CJK
    /// characters of the Basic Multilingual Plane (the tokenizer makes
    /// every such token a code and no word holds a CJK character).
    static func key(_ text: String) -> Key {
        let scalars = Array(text.unicodeScalars.map(\.value))
        let cjk = scalars.allSatisfy { $0 >= 0x3005 && $0 < 0x10000 && SearchTokenizer.isCJK($0) }
        guard cjk, scalars.count == 1 || scalars.count == 2 else { return .word(text) }
        return .code(scalars.count == 1 ? scalars[0] : scalars[0] << 16 | scalars[1])
    }

    /// The numbers of a term file `sitegenSearch.w(KEY,"TITLE,BODY");\n`.
    static func termFile(_ bytes: [UInt8], key: [UInt8]) -> [UInt32]? {
        let head = Array("sitegenSearch.w(".utf8) + key + [44], tail = Array(");\n".utf8)
        guard bytes.count > head.count + tail.count, bytes.starts(with: head), bytes.suffix(tail.count).elementsEqual(tail) else {
            return nil
        }
        var at = head.count
        guard let numbers = postings(bytes, at: &at), at == bytes.count - tail.count else { return nil }
        return numbers
    }

    /// `"TITLE,BODY"` at `at` (`SearchShards.TokenPostings.append`): the
    /// title's numbers then the others', each `number << 1 | in-title`.
    static func postings(_ bytes: [UInt8], at: inout Int) -> [UInt32]? {
        guard at < bytes.count, bytes[at] == 34 else { return nil }
        at += 1
        var out: [UInt32] = []
        var title: UInt32 = 1, last: UInt64 = 0, value: UInt64 = 0, open = false
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            if byte == 34 || byte == 44 {
                guard !open else { return nil }
                if byte == 34 { return out }
                // The body's numbers: a comma only once, after the title's.
                guard title == 1 else { return nil }
                (title, last) = (0, 0)
                continue
            }
            guard let d = digit(byte) else { return nil }
            value = value << 5 | UInt64(d & 31)
            guard value <= UInt64(UInt32.max) else { return nil }
            if d < 32 {
                last += value
                guard last <= UInt64(UInt32.max >> 1) else { return nil }
                out.append(UInt32(last) << 1 | title)
                (value, open) = (0, false)
            } else {
                open = true
            }
        }
        return nil
    }

    /// The value of one of `SearchShards.digits`.
    @inline(__always)
    static func digit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: return UInt32(byte - 48)
        case 65...90: return UInt32(byte - 55)
        case 97...122: return UInt32(byte - 61)
        case 45: return 62
        case 95: return 63
        default: return nil
        }
    }

    /// A script string at `at` (`ScriptText.string`: JSON's escapes),
    /// `at` left after its closing quote.
    static func string(_ bytes: [UInt8], at: inout Int) -> String? {
        guard at < bytes.count, bytes[at] == 34 else { return nil }
        at += 1
        var out: [UInt8] = []
        var high: UInt32?
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            if byte == 34 {
                guard high == nil else { return nil }
                return String(validating: out, as: UTF8.self)
            }
            guard byte == 92 else {
                guard high == nil else { return nil }
                out.append(byte)
                continue
            }
            guard at < bytes.count else { return nil }
            let e = bytes[at]
            at += 1
            let simple: UInt8? = switch e {
            case 34: 34
            case 92: 92
            case 47: 47
            case 98: 8
            case 102: 12
            case 110: 10
            case 114: 13
            case 116: 9
            default: nil
            }
            if let simple {
                guard high == nil else { return nil }
                out.append(simple)
                continue
            }
            guard e == 117, at + 4 <= bytes.count,
                  let unit = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else { return nil }
            at += 4
            var scalar = unit
            if let h = high {
                guard unit >= 0xDC00 && unit <= 0xDFFF else { return nil }
                scalar = 0x10000 + (h - 0xD800) << 10 + (unit - 0xDC00)
                high = nil
            } else if unit >= 0xD800 && unit <= 0xDBFF {
                high = unit
                continue
            }
            guard let s = Unicode.Scalar(scalar) else { return nil }
            out += Array(String(s).utf8)
        }
        return nil
    }
}
