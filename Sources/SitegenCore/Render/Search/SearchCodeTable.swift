/// The CJK codes (see `SearchTokenizer.token`) of one plan, for the index
/// build: each code gets a number (its place in `codes`) the first time
/// any of the plan's documents has it, and `insert` tells whether it is new
/// to the current document, which costs nothing to start (a new stamp), so
/// one table serves every document of a plan without sorting or
/// allocating per document.
struct SearchCodeTable {
    /// The codes by number.
    private(set) var codes: [UInt32] = []
    /// Open addressing: a code and its number, 8 bytes a slot (the table
    /// is probed at random, twice a character: a small one stays in the cache).
    private var slots: [Slot]
    /// The stamp of the last document that had code N.
    private var stamps: [UInt32] = []
    /// The current document's stamp (never 0).
    private var stamp: UInt32 = 1

    private struct Slot {
        var code: UInt32 = 0
        /// -1: a free slot.
        var number: Int32 = -1
    }

    init(capacity: Int = 512) {
        var n = 16
        while n < capacity * 2 { n *= 2 }
        slots = [Slot](repeating: Slot(), count: n)
    }

    /// Starts the next document.
    mutating func nextDocument() {
        stamp &+= 1
        if stamp == 0 {
            for k in stamps.indices { stamps[k] = 0 }
            stamp = 1
        }
    }

    /// Adds `code` to the current document: its number when it was not
    /// there, else -1.
    @inline(__always)
    mutating func insert(_ code: UInt32) -> Int {
        let n = number(adding: code)
        if stamps[n] == stamp { return -1 }
        stamps[n] = stamp
        return n
    }

    /// The number of `code`, added (not to the current document) when new.
    @inline(__always)
    mutating func number(adding code: UInt32) -> Int {
        if (codes.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        let new = Int32(codes.count)
        let number = slots.withUnsafeMutableBufferPointer { slots -> Int in
            var i = Self.slot(code, mask)
            while slots[i].number >= 0 {
                if slots[i].code == code { return Int(slots[i].number) }
                i = (i + 1) & mask
            }
            slots[i] = Slot(code: code, number: new)
            return Int(new)
        }
        if number == Int(new) {
            codes.append(code)
            stamps.append(0)
        }
        return number
    }

    private static func slot(_ code: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    private mutating func grow() {
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = slots.count - 1
        for (n, code) in codes.enumerated() {
            var i = Self.slot(code, mask)
            while slots[i].number >= 0 { i = (i + 1) & mask }
            slots[i] = Slot(code: code, number: Int32(n))
        }
    }
}
