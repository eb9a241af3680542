/// The CJK codes (see `SearchTokenizer.token`) of one plan, for the index
/// build: each code gets a number (its place in `codes`) the first time
/// any of the plan's documents has it, and `insert` tells whether it is new
/// to the current document, which costs nothing to start (a new stamp), so
/// one table serves every document of a plan without sorting or
/// allocating per document.
struct SearchCodeTable {
    /// The codes by number.
    private(set) var codes: [UInt32] = []
    /// Open addressing: a code, its number and the stamp of the last
    /// document that had it, 12 bytes a slot: the table is probed at
    /// random, twice a character, and one slot answers all a probe asks.
    private var slots: [Slot]
    /// The current document's stamp (never 0).
    private var stamp: UInt32 = 1

    private struct Slot {
        var code: UInt32 = 0
        /// -1: a free slot.
        var number: Int32 = -1
        var stamp: UInt32 = 0
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
            for k in slots.indices { slots[k].stamp = 0 }
            stamp = 1
        }
    }

    /// Adds `code` to the current document: its number when it was not
    /// there, else -1.
    mutating func insert(_ code: UInt32) -> Int {
        var one = code
        return withUnsafeMutablePointer(to: &one) { insert(UnsafeMutableBufferPointer(start: $0, count: 1)) } == 1 ? Int(one) : -1
    }

    /// Adds each of `codes` to the current document, and puts the numbers
    /// of those that were not there in front of them, in order (their
    /// count returned): the loop of the index build, the table's storage
    /// reached once for all of them.
    mutating func insert(_ codes: UnsafeMutableBufferPointer<UInt32>) -> Int {
        // Room for every code to be new: the table stays at most half full.
        while (self.codes.count + codes.count) * 2 > slots.count { grow() }
        let mask = slots.count - 1, stamp = stamp
        var new = Int32(self.codes.count), kept = 0
        var list = self.codes
        self.codes = []
        defer { self.codes = list }
        slots.withUnsafeMutableBufferPointer { slots in
            for k in codes.indices {
                let code = codes[k]
                var i = Self.slot(code, mask)
                while slots[i].number >= 0 && slots[i].code != code { i = (i + 1) & mask }
                if slots[i].number < 0 {
                    slots[i] = Slot(code: code, number: new, stamp: stamp)
                    list.append(code)
                    codes[kept] = UInt32(new)
                    new += 1
                    kept += 1
                } else if slots[i].stamp != stamp {
                    slots[i].stamp = stamp
                    codes[kept] = UInt32(slots[i].number)
                    kept += 1
                }
            }
        }
        return kept
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
        if number == Int(new) { codes.append(code) }
        return number
    }

    private static func slot(_ code: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.number >= 0 {
            var i = Self.slot(slot.code, mask)
            while slots[i].number >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
