/// The keys a record gives the pages of a build, by the build's position
/// of each page rather than by path: a rebuild of the same site lists its
/// files in the order the record does (`BuildRecord.fileLines` follows the
/// jobs), so a page's recorded key is at its own position, found by one
/// comparison of paths instead of hashing every path into a dictionary.
/// Paths found elsewhere (a site whose files changed) are looked up by path.
enum PageKeys {
    /// The recorded key of each of `paths` (nil: no page of that path was
    /// recorded), and the recorded pages that are none of `paths`, in the
    /// record's order. `files`: the record's files, with the key of a page
    /// (nil for a file that is always made anew, or a page not to be believed).
    static func match(_ files: [(path: String, key: String?)], to paths: [String]) -> (keys: [String?], others: [String]) {
        func atOwn(_ i: Int) -> Bool { i < files.count && i < paths.count && files[i].path == paths[i] }
        var keys = [String?](repeating: nil, count: paths.count)
        var unmatched: [Int] = []
        for i in paths.indices {
            if atOwn(i) { keys[i] = files[i].key } else { unmatched.append(i) }
        }
        let left = files.indices.filter { files[$0].key != nil && !atOwn($0) }
        guard !unmatched.isEmpty, !left.isEmpty else { return (keys, left.map { files[$0].path }) }
        var byPath: [String: String] = [:]
        byPath.reserveCapacity(left.count)
        for j in left { byPath[files[j].path] = files[j].key }
        var wanted = Set<String>()
        for i in unmatched where byPath[paths[i]] != nil {
            keys[i] = byPath[paths[i]]
            wanted.insert(paths[i])
        }
        return (keys, left.lazy.map { files[$0].path }.filter { !wanted.contains($0) })
    }
}
