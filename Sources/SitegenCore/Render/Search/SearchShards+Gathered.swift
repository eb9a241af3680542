extension SearchShards {
    /// Shards whose tokens one worker adds a plan's postings to at once
    /// (`gather`): what a shard's gather holds of its tokens' state, for so
    /// many, stays in the first-level cache.
    static let shardsAtOnce = 16

    /// The tokens of `shards` (of `first`) from every plan's `postings`: a
    /// few hundred plans at a time, their postings by shard (`Bucketed`),
    /// made on every core, then added to each shard's (on every core,
    /// `shardsAtOnce` shards each, plans in order), in their text form.
    /// With `digests` (and all `first` shards), each plan's digests
    /// (`SearchShards.digests`) are summed as its postings are added (the
    /// gather waits on reading them, not on the sums) and given to it once
    /// its batch is gathered.
    static func gather(_ shards: Range<Int>, of first: Int, plans: Int, plansAtOnce: Int,
                       postings: (Int) -> SearchIndex.Postings, digests: ((Int, [UInt64]) -> Void)? = nil) -> [[Token]] {
        gather(shards, of: first, plans: plans, plansAtOnce: plansAtOnce,
               bucketed: { p in Bucketed(postings(p), count: first, kept: shards) }, digests: digests)
    }

    /// `gather`, given each plan's postings already bucketed for `shards`
    /// (`Bucketed(_:count:kept:)` with `first` and `shards`, or such a part read back).
    static func gather(_ shards: Range<Int>, of first: Int, plans: Int, plansAtOnce: Int,
                       bucketed: (Int) -> Bucketed, digests: ((Int, [UInt64]) -> Void)? = nil) -> [[Token]] {
        var gathered = [Gathered](repeating: Gathered(), count: shards.count)
        let runs = Batching(count: shards.count, batches: (shards.count + shardsAtOnce - 1) / shardsAtOnce)
        let digests = shards == 0..<first ? digests : nil, summing = digests != nil
        for from in Swift.stride(from: 0, to: plans, by: max(1, plansAtOnce)) {
            let batch = Parallel.map(Array(from..<min(from + max(1, plansAtOnce), plans))) { p in bucketed(p) }
            // Plan G's digest of shard K at `G * first + K`; each worker writes its own shards'.
            var sums = [UInt64](repeating: 0, count: digests == nil ? 0 : batch.count * first)
            PlanBuffers.with(batch[...]) { plans in
                gathered.withUnsafeMutableBufferPointer { buffer in
                    sums.withUnsafeMutableBufferPointer { sumsBuffer in
                        let (gathered, sums) = (Parallel.Unchecked(buffer), Parallel.Unchecked(sumsBuffer))
                        Parallel.forEachIndex(runs.batches) { r in
                            let run = runs.shards(r)
                            for g in 0..<plans.count {
                                let (codes, codeStarts) = (plans.codes[g], plans.codeStarts[g])
                                let (words, wordStarts) = (plans.words[g], plans.wordStarts[g])
                                // The codes' sum comes with their add; the words' is worked out only when kept.
                                for k in run where codeStarts[k] < codeStarts[k + 1] {
                                    let sum = gathered.value[k].add(codes: codes, codeStarts[k]..<codeStarts[k + 1])
                                    if summing { sums.value[g * first + k] = sum }
                                }
                                for k in run where wordStarts[k] < wordStarts[k + 1] {
                                    var sum: UInt64 = 0
                                    for i in Int(wordStarts[k])..<Int(wordStarts[k + 1]) {
                                        gathered.value[k].add(word: words[i].0, words[i].1)
                                        if summing { sum &+= SearchShards.digest(word: words[i].0, words[i].1) }
                                    }
                                    if summing { sums.value[g * first + k] &+= sum }
                                }
                            }
                        }
                    }
                }
            }
            if let digests {
                for g in batch.indices { digests(from + g, Array(sums[g * first..<(g + 1) * first])) }
            }
        }
        return gathered.withUnsafeMutableBufferPointer { buffer in
            let gathered = Parallel.Unchecked(buffer)
            return Parallel.map(Array(0..<shards.count)) { i in gathered.value[i].tokens() }
        }
    }

    /// The arrays of a batch of plans' `Bucketed` seen through buffers, so
    /// the workers of a gather read them without retaining each plan's
    /// arrays once per shard (two cores retaining the same arrays make
    /// their counts' cache line go back and forth).
    // @unchecked: read only, while the plans' arrays are held (`with`).
    struct PlanBuffers: @unchecked Sendable {
        private(set) var codes: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt64>>
        private(set) var codeStarts: UnsafeMutableBufferPointer<UnsafeBufferPointer<Int32>>
        private(set) var words: UnsafeMutableBufferPointer<UnsafeBufferPointer<(String, UInt32)>>
        private(set) var wordStarts: UnsafeMutableBufferPointer<UnsafeBufferPointer<Int32>>
        var count: Int { codes.count }

        /// Calls `body` with the buffers of `plans`, each plan's arrays held
        /// for the call (a call nested in each plan's: the buffers are valid
        /// only inside them). As deep as `plans` is long: a batch of
        /// `plansAtOnce` (256) takes about 32 KB of stack in a release build
        /// (a c2000 build passes with a 128 KB stack limit).
        static func with(_ plans: ArraySlice<Bucketed>, _ body: (PlanBuffers) -> Void) {
            let count = plans.count
            let made = PlanBuffers(codes: .allocate(capacity: count), codeStarts: .allocate(capacity: count),
                                   words: .allocate(capacity: count), wordStarts: .allocate(capacity: count))
            defer {
                made.codes.deallocate()
                made.codeStarts.deallocate()
                made.words.deallocate()
                made.wordStarts.deallocate()
            }
            func nest(_ g: Int) {
                guard g < count else { return body(made) }
                let plan = plans[plans.startIndex + g]
                plan.codes.withUnsafeBufferPointer { codes in
                    plan.codeStarts.withUnsafeBufferPointer { codeStarts in
                        plan.words.withUnsafeBufferPointer { words in
                            plan.wordStarts.withUnsafeBufferPointer { wordStarts in
                                made.codes[g] = codes
                                made.codeStarts[g] = codeStarts
                                made.words[g] = words
                                made.wordStarts[g] = wordStarts
                                nest(g + 1)
                            }
                        }
                    }
                }
            }
            nest(0)
        }
    }

    /// One shard's tokens while plans are added, in their text form
    /// (`TokenPostings`) as they come. A shard's gather visits each of its
    /// tokens once per plan, a few postings each time, among a thousand
    /// shards: what it holds is kept in few places (`Store`), each token's
    /// state in one slot and its bytes written through pointers, with room
    /// checked once a posting, not once a byte.
    ///
    /// Not a value once added to: a copy shares the store (an empty one,
    /// as `Array(repeating:count:)` copies it, shares nothing).
    struct Gathered {
        /// Made on the first add, at an address that stays: the hot loop
        /// reaches it through `store`, no reference counted.
        private var owner: Owner?
        private var store: UnsafeMutablePointer<Store>?

        /// The postings `codes[range]` (`code << 32 | number << 1 | in-title`,
        /// a code's next to each other, each code's numbers ascending and
        /// past those added before): a code's postings found once. The sum
        /// of their mixes (`SearchShards.mix`, as `digests` sums them).
        mutating func add(codes: UnsafeBufferPointer<UInt64>, _ range: Range<Int32>) -> UInt64 {
            guard !range.isEmpty else { return 0 }
            return made.pointee.add(codes: codes, Int(range.lowerBound)..<Int(range.upperBound))
        }

        /// Adds `number << 1 | in-title` to code's postings.
        mutating func add(code: UInt32, _ d: UInt32) {
            var one = UInt64(code) << 32 | UInt64(d)
            _ = withUnsafePointer(to: &one) { add(codes: UnsafeBufferPointer(start: $0, count: 1), 0..<1) }
        }

        /// Adds `number << 1 | in-title` to the word's postings.
        mutating func add(word: String, _ d: UInt32) { made.pointee.add(word: word, d) }

        private var made: UnsafeMutablePointer<Store> {
            mutating get {
                if let store { return store }
                let owner = Owner()
                (self.owner, store) = (owner, owner.store)
                return owner.store
            }
        }

        /// The tokens in shard order: CJK codes ascending, then words in
        /// `String` order (what is left is empty).
        mutating func tokens() -> [Token] {
            defer { (owner, store) = (nil, nil) }
            return store?.pointee.tokens() ?? []
        }

        /// What frees the store.
        private final class Owner {
            let store: UnsafeMutablePointer<Store> = .allocate(capacity: 1)

            init() { store.initialize(to: Store()) }

            deinit {
                store.pointee.free()
                store.deinitialize(count: 1)
                store.deallocate()
            }
        }
    }

    /// One token's postings while gathered: its bytes so far (`TokenPostings`'
    /// title and body, each in a block of its own with room after them) and
    /// its last numbers.
    struct Tally {
        var code: UInt32 = 0
        var count: Int32 = 0
        var lastTitle: UInt32 = 0, lastBody: UInt32 = 0
        var title = Bytes(), body = Bytes()

        /// A block of bytes, `end` of them written, room for `capacity`.
        struct Bytes {
            var base: UnsafeMutablePointer<UInt8>?
            var end = 0
            var capacity = 0

            /// Room for `capacity` bytes, at least twice what there was (the first `end` kept).
            mutating func grow(_ capacity: Int) {
                self.capacity = max(capacity, 2 * self.capacity, 32)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
                if let base {
                    grown.initialize(from: base, count: end)
                    base.deallocate()
                }
                base = grown
            }

            var array: [UInt8] { base.map { Array(UnsafeBufferPointer(start: $0, count: end)) } ?? [] }

            func free() { base?.deallocate() }
        }

        /// Adds the postings `codes[from...]` (`code << 32 | number << 1 |
        /// in-title`) up to `end` or the first of another code, and gives
        /// where they stopped; numbers come in ascending order. One loop,
        /// a posting at a time (a run is a few postings: loops over it
        /// first would each end on a branch mispredicted). Each posting's
        /// mix (`SearchShards.mix`) is added to `sum`.
        @inline(__always)
        mutating func add(_ codes: UnsafeBufferPointer<UInt64>, from: Int, to end: Int, digits: Digits,
                          sum: inout UInt64) -> Int {
            let code = codes[from] >> 32
            var lastTitle = lastTitle, lastBody = lastBody
            var titleEnd = title.end, bodyEnd = body.end
            var i = from
            var mixed = sum
            repeat {
                let posting = codes[i]
                mixed &+= SearchShards.mix(posting)
                let d = UInt32(truncatingIfNeeded: posting) >> 1
                // A number is at most 7 digits (`write`).
                if posting & 1 == 1 {
                    if titleEnd + 7 > title.capacity {
                        title.end = titleEnd
                        title.grow(titleEnd + 7)
                    }
                    titleEnd &+= Self.write(d &- lastTitle, at: title.base.unsafelyUnwrapped + titleEnd, digits)
                    lastTitle = d
                } else {
                    if bodyEnd + 7 > body.capacity {
                        body.end = bodyEnd
                        body.grow(bodyEnd + 7)
                    }
                    bodyEnd &+= Self.write(d &- lastBody, at: body.base.unsafelyUnwrapped + bodyEnd, digits)
                    lastBody = d
                }
                i &+= 1
            } while i < end && codes[i] >> 32 == code
            sum = mixed
            self.lastTitle = lastTitle
            self.lastBody = lastBody
            title.end = titleEnd
            body.end = bodyEnd
            count &+= Int32(i - from)
            return i
        }

        /// `value`'s digits (as `appendNumber`) at `out`, which has room
        /// for 7; how many. Up to 4 digits (a step of less than 2^20) from
        /// `Digits`' tables, without a branch on how many: 4 bytes written
        /// at once, the first so many kept.
        @inline(__always)
        static func write(_ value: UInt32, at out: UnsafeMutablePointer<UInt8>, _ table: Digits) -> Int {
            guard value < 1 << 20 else { return writeLong(value, at: out, table.digits) }
            let low = Int(value & 1023), high = Int(value >> 10)
            let wide: UInt32 = value >= 32768 ? 1 : 0
            // Past 1,023: the high part's digits (one or two, each going on), then the low part's two.
            let long = UInt32(table.going[high]) | UInt32(table.two[low]) << (8 + 8 * wide)
            let word = value < 1024 ? UInt32(table.short[low]) : long
            UnsafeMutableRawPointer(out).storeBytes(of: word.littleEndian, as: UInt32.self)
            return Int(1 + (value >= 32 ? 1 : 0) + (value >= 1024 ? 1 : 0) + wide)
        }

        /// Past four digits, one at a time.
        static func writeLong(_ value: UInt32, at out: UnsafeMutablePointer<UInt8>, _ digits: UnsafePointer<UInt8>) -> Int {
            let groups = max(1, (36 - value.leadingZeroBitCount) / 5)
            var at = out, shift = UInt32(5 * (groups - 1))
            while shift > 0 {
                at.pointee = digits[Int(32 | (value >> shift) & 31)]
                at += 1
                shift -= 5
            }
            at.pointee = digits[Int(value & 31)]
            return groups
        }

        /// The digits of the numbers below 1,024, two bytes each (the
        /// first in the low byte): `short`, a number's own (one or two
        /// digits, the last ending it); `two`, always two, the last ending
        /// it; `going`, its one or two digits, none ending it. Made once
        /// (6 KB), never freed.
        // @unchecked: read only once made.
        struct Digits: @unchecked Sendable {
            let short: UnsafePointer<UInt16>
            let two: UnsafePointer<UInt16>
            let going: UnsafePointer<UInt16>
            /// `SearchShards.digits`.
            let digits: UnsafePointer<UInt8>

            static let shared: Digits = {
                let d = SearchShards.digits.map(UInt16.init)
                let short = UnsafeMutablePointer<UInt16>.allocate(capacity: 1024)
                let two = UnsafeMutablePointer<UInt16>.allocate(capacity: 1024)
                let going = UnsafeMutablePointer<UInt16>.allocate(capacity: 1024)
                for v in 0..<1024 {
                    two[v] = d[32 | v >> 5] | d[v & 31] << 8
                    short[v] = v < 32 ? d[v] : two[v]
                    going[v] = v < 32 ? d[32 | v] : d[32 | v >> 5] | d[32 | v & 31] << 8
                }
                let digits = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
                digits.initialize(from: SearchShards.digits, count: 64)
                return Digits(short: short, two: two, going: going, digits: digits)
            }()
        }

        /// The postings in their final form (a copy of the bytes).
        var postings: TokenPostings {
            TokenPostings(title: title.array, body: body.array, lastTitle: lastTitle, lastBody: lastBody, count: count)
        }
    }

    /// A shard's tallies, one per token, and the code table that finds a
    /// code's: open addressing, `code << 32 | place + 1` a slot (0 free).
    /// Its memory is let go by `free`.
    struct Store {
        private var tallies: UnsafeMutablePointer<Tally>
        private var count = 0, capacity = 16
        private var slots: UnsafeMutablePointer<UInt64>
        private var mask = 31
        private var words: [String: Int] = [:]
        /// How numbers are written.
        private let digits = Tally.Digits.shared

        /// A store with room for a few tokens.
        init() {
            tallies = .allocate(capacity: capacity)
            slots = .allocate(capacity: mask + 1)
            slots.initialize(repeating: 0, count: mask + 1)
        }

        func free() {
            for k in 0..<count {
                tallies[k].title.free()
                tallies[k].body.free()
            }
            tallies.deinitialize(count: count)
            tallies.deallocate()
            slots.deallocate()
        }

        /// Adds `codes[range]`; the sum of their mixes.
        mutating func add(codes: UnsafeBufferPointer<UInt64>, _ range: Range<Int>) -> UInt64 {
            var i = range.lowerBound
            let end = range.upperBound
            var sum: UInt64 = 0
            while i < end {
                // The place first: a new tally may move them all.
                let k = place(UInt32(truncatingIfNeeded: codes[i] >> 32))
                i = tallies[k].add(codes, from: i, to: end, digits: digits, sum: &sum)
            }
            return sum
        }

        mutating func add(word: String, _ d: UInt32) {
            let k: Int
            if let known = words[word] {
                k = known
            } else {
                k = append(Tally())
                words[word] = k
            }
            var one = UInt64(d), sum: UInt64 = 0
            _ = withUnsafePointer(to: &one) { tallies[k].add(UnsafeBufferPointer(start: $0, count: 1), from: 0, to: 1, digits: digits, sum: &sum) }
        }

        /// The place of `code`'s tally, added when new.
        @inline(__always)
        private mutating func place(_ code: UInt32) -> Int {
            var i = Self.slot(code, mask)
            while true {
                let slot = slots[i]
                if slot == 0 { break }
                if UInt32(truncatingIfNeeded: slot >> 32) == code { return Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1 }
                i = (i + 1) & mask
            }
            var tally = Tally()
            tally.code = code
            let k = append(tally)
            slots[i] = UInt64(code) << 32 | UInt64(k + 1)
            // At most half full.
            if (codes + 1) * 2 > mask + 1 { grow() }
            return k
        }

        /// The codes in the table (words are not).
        private var codes = 0

        private static func slot(_ code: UInt32, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        }

        private mutating func append(_ tally: Tally) -> Int {
            if count == capacity {
                let more = UnsafeMutablePointer<Tally>.allocate(capacity: 2 * capacity)
                more.moveInitialize(from: tallies, count: count)
                tallies.deallocate()
                tallies = more
                capacity *= 2
            }
            (tallies + count).initialize(to: tally)
            count += 1
            if tally.code != 0 { codes += 1 }
            return count - 1
        }

        private mutating func grow() {
            let old = slots, oldSize = mask + 1
            mask = 2 * oldSize - 1
            slots = .allocate(capacity: mask + 1)
            slots.initialize(repeating: 0, count: mask + 1)
            for k in 0..<oldSize where old[k] != 0 {
                var i = Self.slot(UInt32(truncatingIfNeeded: old[k] >> 32), mask)
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = old[k]
            }
            old.deallocate()
        }

        /// The tokens in shard order: CJK codes ascending, then words in `String` order.
        func tokens() -> [Token] {
            var out: [Token] = []
            out.reserveCapacity(count)
            var keys: [UInt64] = []
            keys.reserveCapacity(codes)
            for k in 0..<count where tallies[k].code != 0 { keys.append(UInt64(tallies[k].code) << 32 | UInt64(k)) }
            for key in keys.sorted() {
                let code = UInt32(key >> 32)
                out.append(Token(code: code, word: nil, hash: SearchShards.hash(code: code),
                                 postings: tallies[Int(key & 0xFFFF_FFFF)].postings))
            }
            for word in words.keys.sorted() {
                guard let k = words[word] else { continue }
                out.append(Token(code: 0, word: word, hash: SearchShards.hash(word.utf16), postings: tallies[k].postings))
            }
            return out
        }
    }
}
