/// What one output file is made from, as far as the content goes (see
/// `SiteRenderer.inputs`): the site-wide inputs are not listed.
struct JobInputs: Sendable {
    /// The kind of file, e.g. `plan`, `list`, `site`.
    var kind: String
    /// Source files (paths relative to the site folder) whose content it shows.
    var files: [String]
    /// Anything else it shows that no source file's bytes determine:
    /// its path, attachment sizes, the place of a list page in its list.
    var facts: [String]
    /// Indicator rows (`SiteRenderer.rows`) it shows, each standing for the
    /// indicator's id and source files (`SiteRenderer.rowInputs`): a list
    /// page names two hundred, and a rebuild hashes each row's once.
    var rows: [Int] = []
    /// It shows the whole site (home page, feed, open data): every source file.
    var wholeSite = false
}
