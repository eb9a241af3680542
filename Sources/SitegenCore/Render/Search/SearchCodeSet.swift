/// The CJK codes (see `SearchTokenizer.token`) of one document at a time,
/// for the index build: `insert` tells whether a code is new since the
/// last `clear`, which costs nothing (a new stamp), so one set serves every
/// document of a plan without sorting or allocating per document.
struct SearchCodeSet {
    private var keys: [UInt32]
    /// The slot holds a code of the current document when its stamp is `stamp`.
    private var stamps: [UInt32]
    private var stamp: UInt32 = 1
    private var count = 0

    init(capacity: Int = 512) {
        var n = 16
        while n < capacity * 2 { n *= 2 }
        keys = [UInt32](repeating: 0, count: n)
        stamps = [UInt32](repeating: 0, count: n)
    }

    mutating func clear() {
        count = 0
        stamp &+= 1
        if stamp == 0 {
            for k in stamps.indices { stamps[k] = 0 }
            stamp = 1
        }
    }

    /// Adds `code`; true when it was not there.
    mutating func insert(_ code: UInt32) -> Bool {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while stamps[i] == stamp {
            if keys[i] == code { return false }
            i = (i + 1) & mask
        }
        stamps[i] = stamp
        keys[i] = code
        count += 1
        return true
    }

    private mutating func grow() {
        let held = keys.indices.filter { stamps[$0] == stamp }.map { keys[$0] }
        self = SearchCodeSet(capacity: keys.count)
        for code in held { _ = insert(code) }
    }
}
