import Foundation

/// A rebuild's term shards when the plans are those of the last build:
/// only the shards holding a token whose postings changed are made again,
/// each from its own file in the tree in place.
extension SearchShards {
    /// The layout and files (shards, then term files, as `SearchFiles`
    /// takes them) of a build of `plans` plans, whose last build's layout
    /// was `last`. A changed plan (one whose texts `source` does not
    /// remember) is tokenized again (`make`); the shards (of the first
    /// count) in which its postings' digests (`digests`) differ from the
    /// last build's are touched, and each touched shard of `last` is read
    /// from the tree in place (`SearchShardText`, with its term files),
    /// the changed plans' documents (numbered by plan, `SearchIndex.stride`)
    /// taken out of it and their new postings merged in. The others, and
    /// their term files, are kept with the last build's hash. Nil when the
    /// shard count might not be the one a whole gather finds (a remade
    /// shard over `shardLimit`, or a shard that made the count double now
    /// touched), a changed plan's last digests are unknown, or a touched
    /// shard or one of its term files is not in the tree in place as the
    /// last build made it.
    static func touched(plans: Int, last: SearchLayout, source: any SearchPostingsSource,
                        make: (Int) -> SearchIndex.Postings) -> (layout: SearchLayout, files: [SearchFiles.File])? {
        guard last.first == shardCount(plans: plans), last.shards.count == last.count else { return nil }
        let first = last.first
        let changedPlans = (0..<plans).filter { !source.isUnchanged($0) }
        let diffs = Parallel.map(changedPlans) { p -> (SearchIndex.Postings, [Int])? in
            guard let old = source.lastDigests(p), old.count == first else { return nil }
            let new = source.postings(p) { make(p) }
            let now = digests(new, count: first)
            if source.digestsGiven { source.keep(digests: now, of: p) }
            return (new, (0..<first).filter { old[$0] != now[$0] })
        }
        var changed: [SearchIndex.Postings] = [], touched = Set<Int>()
        for diff in diffs {
            guard let (new, shards) = diff else { return nil }
            changed.append(new)
            // A shard of the first count is split into those of `last.count` by its tokens' hash.
            for j in shards { touched.formUnion(Swift.stride(from: j, to: last.count, by: first)) }
        }
        guard last.stillOverflowing(touched) else { return nil }
        let changedSet = Set(changedPlans.map { UInt32($0) })
        for p in 0..<plans where !changedSet.contains(UInt32(p)) { source.keepUnchanged(p) }

        let order = touched.sorted()
        // The changed plans' postings by shard of `last.count`, sorted once (not hashed again per touched shard).
        let buckets = changed.map { Bucketed($0, count: last.count) }
        let files = Dictionary(last.files.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let remade = Parallel.map(order) { k -> (shard: [UInt8], files: [NamedFile])? in
            guard let bytes = source.fileInPlace(termFolder + "\(k).js"), ContentHash.of(bytes) == last.shards[k] else { return nil }
            var read: [String: [UInt8]] = [:]
            guard let text = SearchShardText(bytes, shard: k, termFile: { name in
                guard let file = files[name], file.shard == k, let bytes = source.fileInPlace(termFileFolder + name),
                      ContentHash.of(bytes) == file.hash else { return nil }
                read[name] = bytes
                return bytes
            }) else { return nil }
            // Read right: the tokens read make the shard and term files in place again.
            var numbers: [SearchShardText.Key: [UInt32]] = [:]
            var again = Gathered()
            for (key, list) in text.tokens {
                numbers[key] = list
                for d in list { again.add(key, d) }
            }
            let check = shard(k, again.tokens())
            guard check.shard == bytes, check.files.count == read.count,
                  check.files.allSatisfy({ read[$0.name] == $0.bytes }) else { return nil }
            // The changed plans' documents out, their postings of this shard in.
            for key in Array(numbers.keys) {
                numbers[key]?.removeAll { changedSet.contains(($0 >> 1) / SearchIndex.stride) }
            }
            for b in buckets {
                for posting in b.codes[Int(b.codeStarts[k])..<Int(b.codeStarts[k + 1])] {
                    numbers[.code(UInt32(posting >> 32)), default: []].append(UInt32(truncatingIfNeeded: posting))
                }
                for (word, d) in b.words[Int(b.wordStarts[k])..<Int(b.wordStarts[k + 1])] {
                    numbers[.word(word), default: []].append(d)
                }
            }
            var gathered = Gathered()
            for (key, list) in numbers where !list.isEmpty {
                for d in list.sorted() { gathered.add(key, d) }
            }
            let tokens = gathered.tokens()
            guard Self.layout(tokens).size <= shardLimit else { return nil }
            return shard(k, tokens)
        }
        var made: [Int: [UInt8]] = [:], madeFiles: [String: [UInt8]] = [:]
        var layout = last
        layout.files.removeAll { touched.contains($0.shard) }
        for (k, shard) in zip(order, remade) {
            guard let (bytes, files) = shard else { return nil }
            made[k] = bytes
            layout.shards[k] = ContentHash.of(bytes)
            for file in files {
                madeFiles[file.name] = file.bytes
                layout.files.append(SearchLayout.TermFile(name: file.name, shard: k, hash: ContentHash.of(file.bytes)))
            }
        }
        layout.files.sort { $0.name < $1.name }
        let out = (0..<layout.count).map { made[$0] } + layout.files.map { madeFiles[$0.name] }
        return (layout, out.map { $0.map { .made($0) } ?? .kept })
    }

    /// A 64-bit digest of plan's `postings` in each shard of `count`: the
    /// sum of a mix of each of its postings there (so the same postings in
    /// any order give the same digest), 0 for none. Two builds' digests of
    /// a plan differ in the shards where its postings differ (but for a
    /// 2⁻⁶⁴ chance a shard).
    static func digests(_ postings: SearchIndex.Postings, count: Int) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: count)
        let mask = UInt32(count - 1)
        postings.codes.withUnsafeBufferPointer { codes in
            out.withUnsafeMutableBufferPointer { out in
                if postings.shards == count && postings.shardStarts.count == count + 1 {
                    // Each shard's postings known: one loop a shard, no code hashed
                    // and no branch where a code's run ends.
                    postings.shardStarts.withUnsafeBufferPointer { starts in
                        for shard in 0..<count {
                            var sum: UInt64 = 0
                            for k in Int(starts[shard])..<Int(starts[shard + 1]) { sum &+= mix(codes[k]) }
                            out[shard] = sum
                        }
                    }
                    return
                }
                var k = 0
                while k < codes.count {
                    let code = codes[k] >> 32
                    let shard = Int(hash(code: UInt32(truncatingIfNeeded: code)) & mask)
                    var sum: UInt64 = 0
                    repeat {
                        sum &+= mix(codes[k])
                        k += 1
                    } while k < codes.count && codes[k] >> 32 == code
                    out[shard] &+= sum
                }
            }
        }
        for (word, d) in postings.words { out[Int(hash(word.utf16) & mask)] &+= digest(word: word, d) }
        return out
    }

    /// A word's posting's part of its shard's digest (`digests`).
    static func digest(word: String, _ d: UInt32) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in word.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return mix(h ^ mix(UInt64(d) | 1 << 40))
    }

    /// A 64-bit finalizer (splitmix64's).
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SearchShards.Gathered {
    /// Adds `number << 1 | in-title` to the postings of the token `key`.
    mutating func add(_ key: SearchShardText.Key, _ d: UInt32) {
        switch key {
        case .code(let code): add(code: code, d)
        case .word(let word): add(word: word, d)
        }
    }
}
