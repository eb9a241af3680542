/// A rebuild's term shards when the plans are those of the last build:
/// only the shards holding a token whose postings changed are gathered.
extension SearchShards {
    /// The layout and files (shards, then term files, as `SearchFiles`
    /// takes them) of a build of `plans` plans, whose last build's layout
    /// was `last`: the shards holding a token that a changed plan (one
    /// whose texts `source` does not remember) gained, lost or moved are
    /// gathered again from every plan's postings of those shards; the
    /// others, and their term files, are kept with the last build's hash.
    /// Nil when the shard count might not be the one a whole gather finds
    /// (a remade shard over `shardLimit`, or a shard that made the count
    /// double now touched), or a changed plan's last postings are unknown.
    static func touched(plans: Int, last: SearchLayout, source: any SearchPostingsSource,
                        plansAtOnce: Int = SearchShards.plansAtOnce,
                        make: (Int) -> SearchIndex.Postings) -> (layout: SearchLayout, files: [SearchFiles.File])? {
        guard last.first == shardCount(plans: plans), last.shards.count == last.count else { return nil }
        let mask = UInt32(last.count - 1)
        let changedPlans = (0..<plans).filter { !source.isUnchanged($0) }
        let diffs = Parallel.map(changedPlans) { p -> (SearchIndex.Postings, [UInt32])? in
            guard let old = source.previous(p) else { return nil }
            let new = source.postings(p, keep: nil) { make(p) }
            return (new, differingTokens(old, new))
        }
        var changed: [Int: SearchIndex.Postings] = [:], touched = Set<Int>()
        for (p, diff) in zip(changedPlans, diffs) {
            guard let (new, tokens) = diff else { return nil }
            changed[p] = new
            touched.formUnion(tokens.map { Int($0 & mask) })
        }
        guard last.stillOverflowing(touched) else { return nil }

        // Every plan's postings of the touched shards, a batch of plans at a time.
        let order = touched.sorted()
        var slot = [Int32](repeating: -1, count: last.count)
        for (i, k) in order.enumerated() { slot[k] = Int32(i) }
        let keep = SearchShardFilter(count: last.count, shards: order)
        var gathered = [Gathered](repeating: Gathered(), count: order.count)
        let step = max(1, plansAtOnce)
        for from in Swift.stride(from: 0, to: order.isEmpty ? 0 : plans, by: step) {
            let batch = Parallel.map(Array(from..<min(from + step, plans))) { p in
                changed[p] ?? source.postings(p, keep: keep) { make(p) }
            }
            for postings in batch {
                for posting in postings.codes {
                    let code = UInt32(posting >> 32), s = slot[Int(hash(code: code) & mask)]
                    if s >= 0 { gathered[Int(s)].add(code: code, UInt32(truncatingIfNeeded: posting)) }
                }
                for (word, d) in postings.words {
                    let s = slot[Int(hash(word.utf16) & mask)]
                    if s >= 0 { gathered[Int(s)].add(word: word, d) }
                }
            }
        }
        var made: [Int: [UInt8]] = [:], madeFiles: [String: [UInt8]] = [:]
        var layout = last
        layout.files.removeAll { touched.contains($0.shard) }
        for (i, k) in order.enumerated() {
            let tokens = gathered[i].tokens()
            guard Self.layout(tokens).size <= shardLimit else { return nil }
            let (bytes, files) = shard(k, tokens)
            made[k] = bytes
            layout.shards[k] = ContentHash.of(bytes)
            for file in files {
                madeFiles[file.name] = file.bytes
                layout.files.append(SearchLayout.TermFile(name: file.name, shard: k, hash: ContentHash.of(file.bytes)))
            }
        }
        layout.files.sort { $0.name < $1.name }
        let files = (0..<layout.count).map { made[$0] } + layout.files.map { madeFiles[$0.name] }
        return (layout, files.map { $0.map { .made($0) } ?? .kept })
    }

    /// The hashes of the tokens whose postings differ between `a` and `b`
    /// (one plan's, at one place).
    static func differingTokens(_ a: SearchIndex.Postings, _ b: SearchIndex.Postings) -> [UInt32] {
        func codes(_ p: SearchIndex.Postings) -> [UInt32: [UInt32]] {
            var out: [UInt32: [UInt32]] = [:]
            for c in p.codes { out[UInt32(c >> 32), default: []].append(UInt32(truncatingIfNeeded: c)) }
            return out
        }
        func words(_ p: SearchIndex.Postings) -> [String: [UInt32]] {
            var out: [String: [UInt32]] = [:]
            for (w, d) in p.words { out[w, default: []].append(d) }
            return out
        }
        let (codesA, codesB) = (codes(a), codes(b)), (wordsA, wordsB) = (words(a), words(b))
        var out: [UInt32] = []
        for (code, docs) in codesA where codesB[code] != docs { out.append(hash(code: code)) }
        for code in codesB.keys where codesA[code] == nil { out.append(hash(code: code)) }
        for (word, docs) in wordsA where wordsB[word] != docs { out.append(hash(word.utf16)) }
        for word in wordsB.keys where wordsA[word] == nil { out.append(hash(word.utf16)) }
        return out
    }
}
