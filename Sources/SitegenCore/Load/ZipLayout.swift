/// Checks that every place a zip file's directory points to lies inside
/// the file, before ZIPFoundation reads it: its in-memory reader traps
/// (a crash, found by fuzzing) when asked to read past the end of the data.
///
/// Reads the end-of-central-directory record, then each central directory
/// entry and the local header it names: the directory, each local header,
/// its name and extra field, and its compressed data must fit. Returns a
/// message saying what does not, or nil when everything fits.
enum ZipLayout {
    static func problem(_ bytes: [UInt8]) -> String? {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func signature(_ at: Int, _ value: Int) -> Bool { at >= 0 && at + 4 <= count && u32(at) == value }

        // The end record: 22 bytes and a comment of up to 65,535, at the end.
        var end = count - 22
        let lowest = Swift.max(0, count - 22 - 65_535)
        while end >= lowest, !signature(end, 0x0605_4B50) { end -= 1 }
        guard end >= lowest else { return "its end-of-directory record is missing (the file is cut short?)" }
        let entries = u16(end + 10), directorySize = u32(end + 12), directoryStart = u32(end + 16)
        guard directoryStart != 0xFFFF_FFFF, entries != 0xFFFF else { return "it is a ZIP64 file, which a workbook never needs" }
        guard directoryStart + directorySize <= end else { return "its directory points past the end of the file (the file is cut short?)" }

        var at = directoryStart
        for _ in 0..<entries {
            guard at + 46 <= end, signature(at, 0x0201_4B50) else { return "its directory is damaged" }
            let compressed = u32(at + 20), nameLength = u16(at + 28), extraLength = u16(at + 30),
                commentLength = u16(at + 32), local = u32(at + 42)
            guard local + 30 <= count, signature(local, 0x0403_4B50) else { return "a part's header lies outside the file (the file is cut short?)" }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart + compressed <= count else { return "a part's data lies outside the file (the file is cut short?)" }
            at += 46 + nameLength + extraLength + commentLength
        }
        guard at <= end else { return "its directory is damaged" }
        return nil
    }
}
