import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// GB18030 (what Excel and WPS write as "CSV" on a Chinese Windows), read
/// with the C library's iconv.
enum GB18030 {
    enum Result { case success(String), failure(Int) }

    /// The text, or the offset of the first byte that is not GB18030.
    static func decode(_ bytes: [UInt8]) -> Result {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return .failure(0) }
        defer { iconv_close(cd) }
        // A GB18030 character is at most 4 bytes and at most 4 bytes of UTF-8.
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        let total = input.count
        var read = 0, written = 0
        let status = input.withUnsafeMutableBufferPointer { inBuf -> Int in
            out.withUnsafeMutableBufferPointer { outBuf -> Int in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = total, outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                read = total - inLeft
                written = outBuf.count - outLeft
                return r == -1 ? -1 : 0
            }
        }
        guard status == 0, read == total else { return .failure(read) }
        return .success(String(decoding: out[..<written], as: UTF8.self))
    }

    /// 1-based line and column (in characters) of a byte offset of GB18030 text.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        if case .success(let text) = decode(Array(bytes[lineStart..<offset])) {
            return (line, text.unicodeScalars.count + 1)
        }
        return (line, offset - lineStart + 1)
    }
}
