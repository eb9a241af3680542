import Foundation

/// A 128-bit hash of bytes, the same on every run and machine (Swift's
/// Hasher is seeded per process): the build cache's keys. Two independent
/// 64-bit lanes, so an accidental collision is out of the question.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    public init() {}

    public init(_ data: Data) {
        self.init()
        data.withUnsafeBytes { add($0) }
    }

    public init(_ text: String) {
        self.init()
        add(text)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func word(_ w: UInt64) {
        a = Self.mix(a ^ w) &+ 0x9E37_79B9_7F4A_7C15
        b = Self.mix(b &+ (w &* 0xFF51_AFD7_ED55_8CCD)) ^ (b >> 17)
    }

    /// Eight bytes at a time (little-endian words), then the tail.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            word(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            for k in i..<n { tail |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
            word(tail)
        }
        word(UInt64(n))  // length ends each part: ("ab", "c") ≠ ("a", "bc")
    }

    /// The hash of `bytes` alone.
    static func of(_ bytes: [UInt8]) -> ContentHash {
        var h = ContentHash()
        bytes.withUnsafeBytes { h.add($0) }
        return h
    }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ other: ContentHash) {
        word(other.a)
        word(other.b)
    }

    /// A source file as keys name it: its path, then its content's hash in
    /// `hashes` (a fixed one when it has none).
    mutating func add(file path: String, hashes: [String: ContentHash]) {
        add(path)
        add(hashes[path] ?? ContentHash("missing"))
    }

    /// The hash `description` gave; nil when `text` is not 32 lowercase hex digits.
    init?(hex text: some StringProtocol) {
        guard let hash = Array(text.utf8).withUnsafeBufferPointer(ContentHash.init(hexDigits:)) else { return nil }
        self = hash
    }

    /// `init(hex:)` of the text's bytes.
    init?(hexDigits digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 32 else { return nil }
        func lane(_ start: Int) -> UInt64? {
            var v: UInt64 = 0
            for d in digits[start..<start + 16] {
                switch d {
                case 0x30...0x39: v = v << 4 | UInt64(d - 0x30)
                case 0x61...0x66: v = v << 4 | UInt64(d - 0x57)
                default: return nil
                }
            }
            return v
        }
        guard let a = lane(0), let b = lane(16) else { return nil }
        (self.a, self.b) = (a, b)
    }

    /// 32 lowercase hex digits (a's, then b's), made in place: a rebuild
    /// makes one for every page.
    public var description: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            func put(_ lane: UInt64, at start: Int) {
                for k in 0..<16 {
                    let digit = UInt8(truncatingIfNeeded: lane >> UInt64(60 - 4 * k)) & 0xF
                    buffer[start + k] = digit < 10 ? 0x30 + digit : 0x57 + digit
                }
            }
            put(a, at: 0)
            put(b, at: 16)
            return 32
        }
    }
}
