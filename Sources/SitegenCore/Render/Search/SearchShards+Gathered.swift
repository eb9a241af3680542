extension SearchShards {
    /// One shard's tokens while plans are added: each CJK code's postings
    /// by its number in a `SearchCodeTable` (a shard holds thousands of
    /// codes, each looked up once per plan), each word's by its number in
    /// a dictionary. The postings' digits go to one byte arena per shard
    /// (`Arena`), not to two growing arrays per token: a shard of a
    /// 2,000-plan site holds thousands of tokens, most with a few postings.
    struct Gathered {
        private var table = SearchCodeTable(capacity: 32)
        /// Code N's lists.
        private var codeLists: [Lists] = []
        private var words: [String: Int] = [:]
        /// Word N's lists (`words`).
        private var wordLists: [Lists] = []
        private var arena = Arena()

        /// A token's postings as plans are added (`TokenPostings`, in the arena).
        struct Lists {
            var title = Arena.List(), body = Arena.List()
            var lastTitle: UInt32 = 0, lastBody: UInt32 = 0
            var count: Int32 = 0

            /// Adds `number << 1 | in-title`; numbers come in ascending order.
            @inline(__always)
            mutating func add(_ d: UInt32, in arena: inout Arena) {
                if d & 1 == 1 {
                    arena.append((d >> 1) - lastTitle, to: &title)
                    lastTitle = d >> 1
                } else {
                    arena.append((d >> 1) - lastBody, to: &body)
                    lastBody = d >> 1
                }
                count += 1
            }

            func postings(_ arena: Arena) -> TokenPostings {
                TokenPostings(title: arena.bytes(title), body: arena.bytes(body), lastTitle: lastTitle, lastBody: lastBody, count: count)
            }
        }

        /// Lists of bytes in blocks of `blockSize`, each list's blocks linked.
        struct Arena {
            static let blockSize = 16
            private var bytes: [UInt8] = []
            /// Block B's next block, -1 at a list's end.
            private var next: [Int32] = []

            struct List {
                var head: Int32 = -1, tail: Int32 = -1
                /// Bytes used in the tail block, and in all.
                var used = Arena.blockSize, length = 0
            }

            /// Appends `value`'s digits (`SearchShards.appendNumber`) to `list`.
            @inline(__always)
            mutating func append(_ value: UInt32, to list: inout List) {
                var (packed, left) = SearchShards.packedNumber(value)
                list.length += left
                while left > 0 {
                    if list.used == Self.blockSize { newBlock(&list) }
                    let room = min(left, Self.blockSize - list.used)
                    let at = Int(list.tail) * Self.blockSize + list.used
                    bytes.withUnsafeMutableBufferPointer { out in
                        for k in 0..<room {
                            out[at + k] = UInt8(truncatingIfNeeded: packed)
                            packed >>= 8
                        }
                    }
                    list.used += room
                    left -= room
                }
            }

            private mutating func newBlock(_ list: inout List) {
                let b = Int32(next.count)
                next.append(-1)
                bytes.append(contentsOf: repeatElement(0, count: Self.blockSize))
                if list.tail >= 0 { next[Int(list.tail)] = b } else { list.head = b }
                list.tail = b
                list.used = 0
            }

            /// The bytes of `list`, in order.
            func bytes(_ list: List) -> [UInt8] {
                guard list.length > 0 else { return [] }
                return [UInt8](unsafeUninitializedCapacity: list.length) { out, count in
                    bytes.withUnsafeBufferPointer { bytes in
                        var b = Int(list.head), at = 0
                        while at < list.length && b >= 0 {
                            let take = min(Self.blockSize, list.length - at)
                            for k in 0..<take { out[at + k] = bytes[b * Self.blockSize + k] }
                            at += take
                            b = Int(next[b])
                        }
                        count = at
                    }
                }
            }
        }

        /// The postings of shard `k` in each plan of `batch`, plans in
        /// order: a code's postings next to each other found once.
        mutating func add(_ batch: Batch, shard k: Int) {
            let stride = batch.count + 1
            // Worked on as locals, moved out and back (one owner each: no copy on write).
            var arena = Arena(), lists: [Lists] = [], table = SearchCodeTable(capacity: 0)
            swap(&arena, &self.arena)
            swap(&lists, &codeLists)
            swap(&table, &self.table)
            batch.codes.withUnsafeBufferPointer { codes in
                batch.codeStarts.withUnsafeBufferPointer { starts in
                    for g in 0..<batch.plans {
                        var i = starts[g * stride + k]
                        let end = starts[g * stride + k + 1]
                        while i < end {
                            let code = codes[i] >> 32
                            let t = table.number(adding: UInt32(truncatingIfNeeded: code))
                            if t == lists.count { lists.append(Lists()) }
                            repeat {
                                lists[t].add(UInt32(truncatingIfNeeded: codes[i]), in: &arena)
                                i += 1
                            } while i < end && codes[i] >> 32 == code
                        }
                    }
                }
            }
            swap(&arena, &self.arena)
            swap(&lists, &codeLists)
            swap(&table, &self.table)
            batch.words.withUnsafeBufferPointer { words in
                for g in 0..<batch.plans {
                    for i in batch.wordStarts[g * stride + k]..<batch.wordStarts[g * stride + k + 1] {
                        add(word: words[i].0, words[i].1)
                    }
                }
            }
        }

        /// Adds `number << 1 | in-title` to code's postings.
        mutating func add(code: UInt32, _ d: UInt32) {
            let t = table.number(adding: code)
            if t == codeLists.count { codeLists.append(Lists()) }
            codeLists[t].add(d, in: &arena)
        }

        /// Adds `number << 1 | in-title` to the word's postings.
        mutating func add(word: String, _ d: UInt32) {
            let t = words[word] ?? wordLists.count
            if t == wordLists.count {
                words[word] = t
                wordLists.append(Lists())
            }
            wordLists[t].add(d, in: &arena)
        }

        /// The tokens in shard order: CJK codes ascending, then words in `String` order.
        func tokens() -> [Token] {
            var out: [Token] = []
            out.reserveCapacity(codeLists.count + words.count)
            for key in table.codes.enumerated().map({ UInt64($1) << 32 | UInt64($0) }).sorted() {
                let code = UInt32(key >> 32)
                let postings = codeLists[Int(key & 0xFFFF_FFFF)].postings(arena)
                out.append(Token(code: code, word: nil, hash: SearchShards.hash(code: code), postings: postings))
            }
            for (word, t) in words.sorted(by: { $0.key < $1.key }) {
                out.append(Token(code: 0, word: word, hash: SearchShards.hash(word.utf16), postings: wordLists[t].postings(arena)))
            }
            return out
        }
    }
}
