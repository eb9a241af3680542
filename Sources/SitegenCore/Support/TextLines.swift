extension String {
    /// The lines of the text (split at LF, empty lines kept), found on the
    /// UTF-8 bytes: splitting on Character walks grapheme clusters, which
    /// costs seconds on the megabytes of a large site.
    var lines: [Substring] {
        utf8.split(separator: 10, omittingEmptySubsequences: false).map { Substring($0) }
    }
}

extension String {
    /// Whether some UTF-8 byte passes `test`, scanned in place when the
    /// string's bytes are contiguous (a generic walk over `utf8` is several
    /// times slower, and escaping asks this of every text it writes).
    func containsUTF8(where test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? utf8.contains(where: test)
    }
}
