extension String {
    /// The lines of the text (split at LF, empty lines kept), found on the
    /// UTF-8 bytes: splitting on Character walks grapheme clusters, which
    /// costs seconds on the megabytes of a large site.
    var lines: [Substring] {
        utf8.split(separator: 10, omittingEmptySubsequences: false).map { Substring($0) }
    }
}
