import Foundation

/// A plan's postings, bucketed, waiting in a spill file for their batch
/// (`SearchShards.init(…spill:…)`): a full build of a large site gathers
/// its shards in batches (`SearchShards.gatherBatches`), tokenizes each
/// plan once, in the first, and hands the later batches' parts of its
/// bucketing to the spill as they are, to be read back by their batch
/// with no hash, no sort and no number decoded.
extension SearchShards.Bucketed {
    init(codes: [UInt64], codeStarts: [Int32], words: [(String, UInt32)], wordStarts: [Int32]) {
        (self.codes, self.codeStarts, self.words, self.wordStarts) = (codes, codeStarts, words, wordStarts)
    }

    /// The part of shards `shards` (numbered as the kept shards are, from
    /// 0): what `init(_:count:kept:)` keeps for them, starts from 0.
    func part(_ shards: Range<Int>) -> Self {
        func cut<T>(_ items: [T], _ starts: [Int32]) -> ([T], [Int32]) {
            let from = starts[shards.lowerBound], to = starts[shards.upperBound]
            let kept = from == 0 && Int(to) == items.count ? items : Array(items[Int(from)..<Int(to)])
            return (kept, starts[shards.lowerBound...shards.upperBound].map { $0 - from })
        }
        let (codes, codeStarts) = cut(self.codes, self.codeStarts)
        let (words, wordStarts) = cut(self.words, self.wordStarts)
        return Self(codes: codes, codeStarts: codeStarts, words: words, wordStarts: wordStarts)
    }

    /// Its bytes in a spill file this process reads back (`init?(spilled:)`):
    /// the code, shard and word counts, the code starts, the codes, the word
    /// starts, then each word's number, UTF-8 length and bytes; native byte
    /// order, fixed widths.
    var spilled: [UInt8] {
        let shards = codeStarts.count - 1
        var size = 12 + 4 * 2 * (shards + 1) + 8 * codes.count
        for (word, _) in words { size += 8 + word.utf8.count }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            let out = UnsafeMutableRawBufferPointer(buffer)
            var at = 0
            func put<T>(_ value: T) {
                out.storeBytes(of: value, toByteOffset: at, as: T.self)
                at += MemoryLayout<T>.size
            }
            func put(_ bytes: UnsafeRawBufferPointer) {
                if let from = bytes.baseAddress, bytes.count > 0, let to = out.baseAddress { (to + at).copyMemory(from: from, byteCount: bytes.count) }
                at += bytes.count
            }
            func put<T>(_ values: [T]) { values.withUnsafeBytes { put($0) } }
            put(Int32(codes.count))
            put(Int32(shards))
            put(Int32(words.count))
            put(codeStarts)
            put(codes)
            put(wordStarts)
            for (word, number) in words {
                var word = word
                put(number)
                put(UInt32(word.utf8.count))
                word.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            }
            count = at
        }
    }

    /// Read back from `spilled`'s bytes, a part of `shards` shards; nil
    /// when they are not such (a spill file that could not be read back
    /// gives none), so a damaged part is made again, never misread.
    init?(spilled bytes: [UInt8], shards expected: Int) {
        var codes: [UInt64] = [], codeStarts: [Int32] = [], words: [(String, UInt32)] = [], wordStarts: [Int32] = []
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            var at = 0
            func take<T>(_: T.Type) -> T? {
                guard at + MemoryLayout<T>.size <= raw.count else { return nil }
                defer { at += MemoryLayout<T>.size }
                return raw.loadUnaligned(fromByteOffset: at, as: T.self)
            }
            func take<T>(_: T.Type, count: Int) -> [T]? {
                let size = count * MemoryLayout<T>.stride
                guard count >= 0, at + size <= raw.count else { return nil }
                defer { at += size }
                return [T](unsafeUninitializedCapacity: count) { out, made in
                    if size > 0 { UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<at + size])) }
                    made = count
                }
            }
            // Starts from 0, never falling, up to the count.
            func starts(_ s: [Int32], end: Int32) -> Bool { s.first == 0 && s.last == end && zip(s, s.dropFirst()).allSatisfy { $0 <= $1 } }
            guard let codeCount = take(Int32.self), let shards = take(Int32.self), shards == expected, let wordCount = take(Int32.self), wordCount >= 0,
                  let cs = take(Int32.self, count: Int(shards) + 1), starts(cs, end: codeCount),
                  let cc = take(UInt64.self, count: Int(codeCount)),
                  let ws = take(Int32.self, count: Int(shards) + 1), starts(ws, end: wordCount) else { return false }
            (codeStarts, codes, wordStarts) = (cs, cc, ws)
            words.reserveCapacity(Int(wordCount))
            for _ in 0..<wordCount {
                guard let number = take(UInt32.self), let length = take(UInt32.self), at + Int(length) <= raw.count else { return false }
                words.append((String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<at + Int(length)]), as: UTF8.self), number))
                at += Int(length)
            }
            return at == raw.count
        }
        guard ok else { return nil }
        self.init(codes: codes, codeStarts: codeStarts, words: words, wordStarts: wordStarts)
    }
}
