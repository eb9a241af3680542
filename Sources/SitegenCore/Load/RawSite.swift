/// What the load stage read: parsed but not yet checked documents.
struct RawSite {
    var site: YAMLDocument?
    /// Path of site.yaml, relative to the site folder.
    var sitePath: String
    var plans: [RawPlan]
    var indicatorFiles: [YAMLDocument]
    /// Files under `content/files`, relative to it, with their sizes in bytes.
    var files: [String: Int]
}

/// A plan file split into front matter and body.
struct RawPlan {
    var slug: String
    var path: String
    var frontMatter: YAMLDocument?
    var body: String
    /// Line number of the body's first line, minus one.
    var bodyLineOffset: Int
}
