/// One plan document, `content/plans/SLUG.md`.
public struct Plan: Sendable {
    public var slug: String
    /// Path relative to the site folder, e.g. `content/plans/xiaogan-2022.md`.
    public var path: String
    public var title: String
    public var issuer: String
    public var year: Int
    public var published: Day
    public var written: Day?
    public var indexNo: String?
    public var docNo: String?
    public var topic: String?
    public var region: String?
    public var summary: String?
    public var attachments: [Attachment]
    /// Extension: slugs of related plans of this site (关联文件).
    public var related: [String]
    /// Extension: external links (相关链接).
    public var links: [ExternalLink]
    public var body: PlanBody
    /// Positions of `published` and `index_no`, for the checks that look
    /// across files or at `as_of`.
    public var publishedLocation: SourceLocation? = nil
    public var indexNoLocation: SourceLocation? = nil
}

public struct Attachment: Sendable, Hashable {
    public var title: String
    /// Path under `content/files/`, with `/` separators.
    public var file: String
    /// Size in bytes.
    public var size: Int
}

public struct ExternalLink: Sendable, Hashable {
    public var title: String
    public var url: String
}

/// The Markdown body and what validation learned from it.
public struct PlanBody: Sendable {
    /// The Markdown text after the front matter (a slice of the file's
    /// text, which it keeps: no copy of the body is made).
    public var markdown: Substring
    /// Line number in the file of the body's first line, minus one.
    public var lineOffset: Int
    /// Headings in document order, with their page-unique ids.
    public var headings: [Heading]
    /// Indicator ids the text links to or lists in `indicators` blocks.
    public var indicatorIDs: [String] = []
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    /// Plain text of the heading.
    public var text: String
    public var id: String
    public var line: Int
}
