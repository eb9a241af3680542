import Foundation

/// A compact byte format for sitegen's own caches: unsigned LEB128
/// integers, length-prefixed UTF-8 strings. Whatever reads it must treat
/// any surprise as "no cache": `ByteReader` returns nil, never traps.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var v = Self.zigZag(value)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag, so a negative line offset costs a byte, not ten.
    @inline(__always)
    static func zigZag(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

/// Reads what `ByteWriter` wrote; every read is nil past the end or on a
/// malformed value.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let start: Int
    let end: Int
    /// The last path `path()` read, where its bytes are and its text: a
    /// file's indicators and problems all name the same file, whose text
    /// is then made once and shared.
    private var lastPath: (range: Range<Int>, text: String)?

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.start = min(max(0, start), bytes.count)
        self.offset = self.start
        self.end = max(self.start, min(end ?? bytes.count, bytes.count))
    }

    /// All the bytes this reader reads.
    var range: Range<Int> { start..<end }

    var isAtEnd: Bool { offset >= end }

    mutating func int() -> Int? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                let v = Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
                return Int(v)
            }
            shift += 7
        }
        return nil
    }

    mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= end - offset else { return nil }
        return n
    }

    mutating func bool() -> Bool? {
        guard offset < end, bytes[offset] <= 1 else { return nil }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() -> String? {
        guard let n = count() else { return nil }
        let s = bytes[offset..<offset + n].withUnsafeBufferPointer(Self.validUTF8)
        offset += n
        return s
    }

    /// A string that is often the same as the last one read this way (a
    /// location's path): then that one's text, not a new one.
    mutating func path() -> String? {
        guard let n = count() else { return nil }
        let range = offset..<offset + n
        offset += n
        return bytes.withUnsafeBufferPointer { all in
            let new = UnsafeBufferPointer(rebasing: all[range])
            if let last = lastPath, last.range.count == n,
               n == 0 || memcmp(all.baseAddress! + last.range.lowerBound, new.baseAddress!, n) == 0 {
                return last.text
            }
            let text = Self.validUTF8(new)
            if let text { lastPath = (range, text) }
            return text
        }
    }

    /// `bytes` as text when they are valid UTF-8, else nil. The standard
    /// library's `String(validating:as:)` goes through a generic path
    /// (its metadata looked up on each call: a rebuild decodes millions of
    /// strings); `String(decoding:as:)` is its specialised fast path but
    /// mends what is not UTF-8, so the text is compared back with the bytes.
    @inline(__always)
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let s = String(decoding: bytes, as: UTF8.self)
        // Mended bytes (each a U+FFFD) differ from `bytes` in count or content.
        var t = s
        let same = t.withUTF8 { text in
            guard text.count == bytes.count, let a = text.baseAddress, let b = bytes.baseAddress else { return text.count == bytes.count }
            return memcmp(a, b, bytes.count) == 0
        }
        return same ? s : nil
    }

    /// nil when malformed; `.some(nil)` for an absent value.
    mutating func optional() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }

    /// `n` raw bytes.
    mutating func take(_ n: Int) -> Range<Int>? {
        guard n >= 0, n <= end - offset else { return nil }
        defer { offset += n }
        return offset..<offset + n
    }
}
