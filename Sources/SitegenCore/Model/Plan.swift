import Foundation

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
    /// text, which it keeps: no copy of the body is made); empty when the
    /// text was left on disk (`source`): read it with `bytes()`.
    public var markdown: Substring
    /// Line number in the file of the body's first line, minus one.
    public var lineOffset: Int
    /// Headings in document order, with their page-unique ids.
    public var headings: [Heading]
    /// Indicator ids the text links to or lists in `indicators` blocks.
    public var indicatorIDs: [String] = []
    /// The file the text is read from again when it is needed, with where
    /// the body begins in it (UTF-8 bytes); nil when `markdown` is the text.
    var source: (file: SourceFile, start: Int)? = nil

    /// Where the body begins in its file's text, in UTF-8 bytes.
    var start: Int {
        if let source { return source.start }
        let text = markdown.base
        return text.utf8.distance(from: text.startIndex, to: markdown.startIndex)
    }

    /// The same body with its text left in its file, `file` (a plan file
    /// left on disk by the load stage): a large site's plan text is not
    /// kept from validation to rendering.
    func leftOnDisk(in file: SourceFile) -> PlanBody {
        var body = self
        body.source = (file, start)
        body.markdown = ""
        return body
    }

    /// The Markdown text's UTF-8 bytes: `markdown`'s, or read again from
    /// the file with no String made (`SourceFile.textBytes`: not checked
    /// as UTF-8 again, so whoever reads them must take any bytes). A slice
    /// of the file's bytes: its indices are the file's. nil when the file
    /// changed since it was checked (the build is told through the file's
    /// `SourceChanges` and publishes nothing).
    func bytes() -> Data? {
        guard let source else { return Data(markdown.utf8) }
        guard let bytes = source.file.textBytes(), source.start <= bytes.count else { return nil }
        return bytes[(bytes.startIndex + source.start)...]
    }
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    /// Plain text of the heading.
    public var text: String
    public var id: String
    public var line: Int
}
