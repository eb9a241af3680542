/// A plan file's front matter and body → Plan, plus the indicator ids its
/// body refers to (checked against all indicators later).
enum PlanValidator {
    static let fields = ["title", "issuer", "year", "published", "written", "index_no", "doc_no", "topic",
                         "region", "summary", "attachments", "related", "links"]

    struct Result {
        /// Nil when the front matter has an error: the references and
        /// related slugs are still checked across files (all of a build's
        /// problems at once, not the front matter's first).
        var plan: Plan?
        var references: [(id: String, location: SourceLocation)]
        /// Related slugs with the position of each.
        var related: [(slug: String, location: SourceLocation)]
        /// When `plan` is nil: its body's headings (an indicator's
        /// `section` is checked against them) and its 索引号 with where it
        /// is written (checked against the other plans'); with a plan,
        /// these are the plan's own (left empty here).
        var headings: [Heading] = []
        var indexNo: (number: String, location: SourceLocation)? = nil
    }

    /// Nil only when the front matter cannot be read at all; else every
    /// field and the body are checked, whatever errors come before.
    static func validate(_ raw: RawPlan, files: [String: Int], diagnostics: inout [Diagnostic]) -> Result? {
        let analysis = BodyAnalysis.analyze(raw.body, lineOffset: raw.bodyLineOffset)
        for w in analysis.warnings {
            diagnostics.append(.warning(SourceLocation(path: raw.path, line: w.line, column: w.column), w.message))
        }
        let refs = analysis.references.map { ($0.id, SourceLocation(path: raw.path, line: $0.line, column: $0.column)) }
        guard let doc = raw.frontMatter,
              let r = MappingReader(doc.root, in: doc, what: "front matter", allowed: fields, diagnostics: &diagnostics)
        else { return Result(plan: nil, references: refs, related: [], headings: analysis.headings) }
        let title = r.string("title", required: true, &diagnostics)
        let issuer = r.string("issuer", required: true, &diagnostics)
        var year: Int?
        if let text = r.string("year", required: true, &diagnostics) {
            year = Int.asciiDigits(text).flatMap { (1000...9999).contains($0) ? $0 : nil }
            if year == nil {
                diagnostics.append(.error(r.location("year"), "year must be a four-digit year such as 2022, got '\(text)'"))
            }
        }
        let published = r.day("published", required: true, &diagnostics)
        let written = r.day("written", &diagnostics)
        if let written, let published, written > published {
            diagnostics.append(.warning(r.location("written"),
                "written (成文日期 \(written)) is after published (发布日期 \(published)): a document is written before it is published; correct one of the dates"))
        }

        var attachments: [Attachment] = []
        for item in r.list("attachments", &diagnostics) {
            guard let a = MappingReader(item, in: doc, what: "attachment", allowed: ["title", "file"], diagnostics: &diagnostics) else { continue }
            let title = a.string("title", required: true, &diagnostics)
            guard let file = a.string("file", required: true, &diagnostics) else { continue }
            guard let clean = AttachmentPath.normalize(file) else {
                diagnostics.append(.error(a.location("file"),
                    "attachment file must be a relative path inside content/files/ (no '..', no leading '/'), got '\(file)'"))
                continue
            }
            guard let size = files[clean] else {
                diagnostics.append(.error(a.location("file"), "attachment file content/files/\(clean) does not exist: put the file there, or correct the path"))
                continue
            }
            if let title { attachments.append(Attachment(title: title, file: clean, size: size)) }
        }

        var related: [(String, SourceLocation)] = []
        for item in r.list("related", &diagnostics) {
            guard let text = item.scalarText else {
                diagnostics.append(.error(doc.location(item), "related lists plan slugs, got \(MappingReader.describe(item))"))
                continue
            }
            related.append((text, doc.location(item)))
        }

        var links: [ExternalLink] = []
        for item in r.list("links", &diagnostics) {
            guard let l = MappingReader(item, in: doc, what: "link", allowed: ["title", "url"], diagnostics: &diagnostics) else { continue }
            let title = l.string("title", required: true, &diagnostics)
            guard let url = l.string("url", required: true, &diagnostics) else { continue }
            guard URLPolicy.isAbsoluteWeb(url) || (URLPolicy.scheme(of: url) == "mailto") else {
                diagnostics.append(.error(l.location("url"), "link url must be an absolute http or https URL such as https://www.gov.cn/, got '\(url)'"))
                continue
            }
            if let title { links.append(ExternalLink(title: title, url: url)) }
        }

        let indexNo = r.string("index_no", &diagnostics), docNo = r.string("doc_no", &diagnostics)
        let topic = r.string("topic", &diagnostics), region = r.string("region", &diagnostics)
        let summary = r.string("summary", &diagnostics)
        let indexNoLocation = r.has("index_no") ? r.location("index_no") : nil
        guard let title, let issuer, let year, let published else {
            return Result(plan: nil, references: refs, related: related, headings: analysis.headings,
                          indexNo: indexNo.map { ($0, indexNoLocation ?? SourceLocation(path: raw.path)) })
        }
        let plan = Plan(slug: raw.slug, path: raw.path, title: title, issuer: issuer, year: year,
                        published: published, written: written,
                        indexNo: indexNo, docNo: docNo, topic: topic, region: region,
                        summary: summary, attachments: attachments,
                        related: related.map(\.0), links: links,
                        body: PlanBody(markdown: raw.body, lineOffset: raw.bodyLineOffset, headings: analysis.headings,
                                       indicatorIDs: analysis.references.map(\.id)),
                        publishedLocation: r.location("published"),
                        indexNoLocation: indexNoLocation)
        return Result(plan: plan, references: refs, related: related)
    }
}

/// Attachment paths: relative, inside content/files, `/`-separated.
enum AttachmentPath {
    static func normalize(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
