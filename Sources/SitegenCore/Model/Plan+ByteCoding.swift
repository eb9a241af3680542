// The byte form of a plan without its Markdown text, which is taken again
// from the file it came from (see ByteCoding.swift); ByteCodingTests fails
// when a field is left out.

extension ByteWriter {
    mutating func plan(_ p: Plan) {
        // Where the body begins in its file's text, in UTF-8 bytes.
        int(p.body.start)
        int(p.body.lineOffset)
        string(p.slug); string(p.path); string(p.title); string(p.issuer)
        int(p.year)
        day(p.published)
        bool(p.written != nil)
        if let written = p.written { day(written) }
        optional(p.indexNo); optional(p.docNo); optional(p.topic); optional(p.region); optional(p.summary)
        int(p.attachments.count)
        for a in p.attachments { string(a.title); string(a.file); int(a.size) }
        strings(p.related)
        int(p.links.count)
        for l in p.links { string(l.title); string(l.url) }
        headings(p.body.headings)
        strings(p.body.indicatorIDs)
        for l in [p.publishedLocation, p.indexNoLocation] {
            bool(l != nil)
            if let l { location(l) }
        }
    }

    mutating func headings(_ headings: [Heading]) {
        int(headings.count)
        for h in headings { int(h.level); string(h.text); string(h.id); int(h.line) }
    }
}

extension ByteReader {
    /// A plan whose body is taken from `text`, the file it was read from.
    /// A plan whose body is in `file`: a slice of its text, or, when the
    /// file was left on disk, read from there when it is needed.
    mutating func plan(in file: SourceFile) -> Plan? {
        guard let bodyStart = int(), let lineOffset = int(),
              let slug = string(), let path = string(), let title = string(), let issuer = string(),
              let year = int(), let published = day(), let hasWritten = bool() else { return nil }
        var written: Day?
        if hasWritten {
            guard let day = day() else { return nil }
            written = day
        }
        guard let indexNo = optional(), let docNo = optional(), let topic = optional(), let region = optional(),
              let summary = optional(), let attachmentCount = count() else { return nil }
        var attachments: [Attachment] = []
        for _ in 0..<attachmentCount {
            guard let t = string(), let f = string(), let size = int() else { return nil }
            attachments.append(Attachment(title: t, file: f, size: size))
        }
        guard let related = strings(), let linkCount = count() else { return nil }
        var links: [ExternalLink] = []
        for _ in 0..<linkCount {
            guard let t = string(), let u = string() else { return nil }
            links.append(ExternalLink(title: t, url: u))
        }
        guard let headings = headings(), let ids = strings() else { return nil }
        var locations: [SourceLocation?] = []
        for _ in 0..<2 {
            guard let present = bool() else { return nil }
            if present {
                guard let l = location() else { return nil }
                locations.append(l)
            } else {
                locations.append(nil)
            }
        }
        guard bodyStart >= 0 else { return nil }
        var body = PlanBody(markdown: "", lineOffset: lineOffset, headings: headings, indicatorIDs: ids, source: (file, bodyStart))
        if file.unread == nil {
            let utf8 = file.text.utf8
            guard bodyStart <= utf8.count else { return nil }
            let start = utf8.index(utf8.startIndex, offsetBy: bodyStart)
            if start < utf8.endIndex, utf8[start] & 0xC0 == 0x80 { return nil }  // not where a character begins
            body.markdown = file.text[start...]
            body.source = nil
        }
        return Plan(slug: slug, path: path, title: title, issuer: issuer, year: year, published: published,
                    written: written, indexNo: indexNo, docNo: docNo, topic: topic, region: region, summary: summary,
                    attachments: attachments, related: related, links: links,
                    body: body,
                    publishedLocation: locations[0], indexNoLocation: locations[1])
    }

    mutating func headings() -> [Heading]? {
        guard let n = count() else { return nil }
        var headings: [Heading] = []
        for _ in 0..<n {
            guard let level = int(), let text = string(), let id = string(), let line = int() else { return nil }
            headings.append(Heading(level: level, text: text, id: id, line: line))
        }
        return headings
    }
}
