import CZlib

/// The parts of a zip file (an .xlsx is one), read straight from its
/// bytes: the central directory, then each part's stored or deflated data
/// through zlib. Every offset the file gives is checked against its size,
/// every part is unpacked only up to a limit, and a deflate stream that does
/// not end inside its part is an error: a damaged or hostile workbook is a
/// message, never a crash, a hang or a memory blow-up. (ZIPFoundation, used
/// before, trapped on a directory pointing past the end and looped forever
/// on a cut deflate stream: both found by fuzzing.)
struct ZipArchive {
    struct Failure: Error { var message: String }

    /// One part: where its data is and how it is packed.
    struct Part {
        var method: Int
        var data: Range<Int>
    }

    let bytes: [UInt8]
    /// The parts by name.
    let parts: [String: Part]

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func signature(_ at: Int, _ value: Int) -> Bool { at >= 0 && at + 4 <= count && u32(at) == value }

        // The end record: 22 bytes and a comment of up to 65,535, at the end.
        var end = count - 22
        let lowest = Swift.max(0, count - 22 - 65_535)
        while end >= lowest, !signature(end, 0x0605_4B50) { end -= 1 }
        guard end >= lowest else { throw Failure(message: "its end-of-directory record is missing (the file is cut short?)") }
        let entries = u16(end + 10), directorySize = u32(end + 12), directoryStart = u32(end + 16)
        guard directoryStart != 0xFFFF_FFFF, entries != 0xFFFF else { throw Failure(message: "it is a ZIP64 file, which a workbook never needs") }
        guard directoryStart + directorySize <= end else {
            throw Failure(message: "its directory points past the end of the file (the file is cut short?)")
        }
        var parts: [String: Part] = [:]
        var at = directoryStart
        for _ in 0..<entries {
            guard at + 46 <= end, signature(at, 0x0201_4B50) else { throw Failure(message: "its directory is damaged") }
            let method = u16(at + 10), compressed = u32(at + 20), nameLength = u16(at + 28), extraLength = u16(at + 30),
                commentLength = u16(at + 32), local = u32(at + 42)
            guard at + 46 + nameLength <= end else { throw Failure(message: "its directory is damaged") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard local + 30 <= count, signature(local, 0x0403_4B50) else {
                throw Failure(message: "the header of \(name) lies outside the file (the file is cut short?)")
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard compressed != 0xFFFF_FFFF, dataStart + compressed <= count else {
                throw Failure(message: "the data of \(name) lies outside the file (the file is cut short?)")
            }
            if parts[name] == nil { parts[name] = Part(method: method, data: dataStart..<(dataStart + compressed)) }
            at += 46 + nameLength + extraLength + commentLength
        }
        self.parts = parts
    }

    /// The bytes of part `name`, or nil when there is none; an error when it
    /// is damaged or would unpack to more than `limit` bytes (`limitText`).
    func unpack(_ name: String, limit: Int, limitText: String) throws(Failure) -> [UInt8]? {
        guard let part = parts[name] else { return nil }
        let tooLarge = Failure(message: "\(name) unpacks to more than \(limitText) (a zip bomb?); sitegen reads at most \(limitText) of a part")
        switch part.method {
        case 0:
            guard part.data.count <= limit else { throw tooLarge }
            return Array(bytes[part.data])
        case 8:
            return try inflate(part.data, name: name, limit: limit, tooLarge: tooLarge)
        default:
            throw Failure(message: "\(name) is packed with method \(part.method); a workbook uses deflate")
        }
    }

    /// Not a zlib status: the part grew past its limit.
    private static let overLimit = Int32.min

    private func inflate(_ range: Range<Int>, name: String, limit: Int, tooLarge: Failure) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "\(name) cannot be unpacked (zlib would not start)")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + range.lowerBound })
            stream.avail_in = UInt32(range.count)
            while true {
                let (result, made) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, out.count - Int(stream.avail_out))
                }
                if output.count + made > limit { return Self.overLimit }
                output += chunk[0..<made]
                // Done, damaged, or out of input with the stream unfinished (no progress is possible).
                if result != Z_OK || (stream.avail_in == 0 && made < chunk.count) { return result }
            }
        }
        if status == Self.overLimit { throw tooLarge }
        guard status == Z_STREAM_END else { throw Failure(message: "\(name) cannot be unpacked (its data is damaged or cut short)") }
        return output
    }
}
