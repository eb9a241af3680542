/// What the load stage read: parsed but not yet checked documents.
struct RawSite {
    var site: YAMLDocument?
    /// Path of site.yaml, relative to the site folder.
    var sitePath: String
    /// Plan files, read and decoded (or left on disk: `SourceFile.unread`); split into front matter and body
    /// during validation (one file at a time, so a large site's are never all split at once).
    var planFiles: [SourceFile]
    /// Indicator files, read and decoded (or left on disk). Their YAML is parsed one file at
    /// a time during validation, so that the node trees of a large site are
    /// never all in memory at once.
    var indicatorFiles: [SourceFile]
    /// Files under `content/files`, relative to it, with their sizes in bytes.
    var files: [String: Int]
    /// Hash of the bytes of site.yaml, each plan and each indicator file, by path.
    var hashes: [String: ContentHash] = [:]
    /// Observation tables of `content/data/` (their hashes are in `hashes` too).
    var dataTables: [DataTable] = []
    /// Where files left on disk by the load stage and found changed when
    /// read again are told; nil when the load stage kept every text.
    var changes: SourceChanges? = nil
}

/// A plan file split into front matter and body.
struct RawPlan {
    var slug: String
    var path: String
    var frontMatter: YAMLDocument?
    /// Shares the file text (no copy: a large site has 175 MB of plans).
    var body: Substring
    /// Line number of the body's first line, minus one.
    var bodyLineOffset: Int
    /// Where the body begins in the file's text, in UTF-8 bytes.
    var bodyStart: Int
}
