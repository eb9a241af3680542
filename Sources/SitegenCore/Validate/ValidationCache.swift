import Foundation

/// What validating each plan and indicator file found (the model and the
/// file's own problems), kept from one build of an output folder to the
/// next, so that a rebuild checks only the files that changed.
///
/// An entry is used only when its key matches: the hash of the file's bytes
/// (for a plan also of the attachment list it was checked against), and the
/// whole cache belongs to one sitegen binary. Everything that looks across
/// files (unique ids, plan and section references) is checked on every
/// build. Anything unreadable is a miss, never an error.
struct ValidationCache {
    static let header = "sitegen validation cache v3\n"

    private var bytes: [UInt8] = []
    /// Path → (key, payload range in `bytes`).
    private var index: [String: (key: String, range: Range<Int>)] = [:]

    static let empty = ValidationCache()
    /// How a period's kind is stored: its place in this list (made once, not per period).
    static let periodKinds: [Period.Kind] = [.year, .quarter, .month, .day]

    /// The cache file kept beside `output` (see `Publisher.keptNames`).
    static func url(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(Publisher.stagingPrefix(for: output) + "validation")
    }

    static func read(_ url: URL) -> ValidationCache {
        guard let bytes = readAll(url.path) else { return .empty }
        var cache = ValidationCache()
        cache.bytes = bytes
        let head = Array(header.utf8)
        guard cache.bytes.starts(with: head) else { return .empty }
        var r = ByteReader(cache.bytes, from: head.count)
        guard r.string() == Pipeline.toolHash.description else { return .empty }
        while !r.isAtEnd {
            guard let path = r.string(), let key = r.string(), let n = r.count(), let range = r.take(n) else { return .empty }
            cache.index[path] = (key, range)
        }
        return cache
    }

    /// A file's bytes in one buffer (no second copy through Data).
    private static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    /// The payload of `path` when it was stored under `key`.
    func payload(_ path: String, key: ContentHash) -> ByteReader? {
        guard let entry = index[path], entry.key == key.description else { return nil }
        return ByteReader(bytes, from: entry.range.lowerBound, to: entry.range.upperBound)
    }

    /// Writes a new cache beside the old one under a temporary name, an
    /// entry at a time from any thread as files are validated (nothing is
    /// held for the end); `finish` hands it to the build, which moves it in
    /// place once it has published (`commit`). A failure only means the
    /// next build checks every file.
    final class Writer: @unchecked Sendable {
        let pending: URL
        private let fd: Int32
        private let lock = NSLock()
        private var failed = false
        private var fresh = 0

        init?(for url: URL) {
            pending = URL(fileURLWithPath: url.path + ".new-\(getpid())")
            unlink(pending.path)
            fd = open(pending.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            var w = ByteWriter()
            w.raw(Array(ValidationCache.header.utf8))
            w.string(Pipeline.toolHash.description)
            write(w.bytes)
        }

        /// One file's result; `fresh` when this build validated it.
        func add(_ path: String, key: ContentHash, payload: some Collection<UInt8>, fresh: Bool) {
            var w = ByteWriter()
            w.string(path)
            w.string(key.description)
            w.int(payload.count)
            w.bytes.append(contentsOf: payload)
            lock.withLock { if fresh { self.fresh += 1 } }
            write(w.bytes)
        }

        /// Files validated anew so far.
        var checked: Int { lock.withLock { fresh } }

        private func write(_ bytes: [UInt8]) {
            lock.withLock {
                guard !failed else { return }
                failed = !bytes.withUnsafeBufferPointer { TreeWriter.writeAll(fd, $0) }
            }
        }

        /// The written file, or nil (and nothing left) when it failed or is not wanted.
        func finish(keep: Bool) -> URL? {
            let ok = lock.withLock { !failed } && close(fd) == 0
            guard ok && keep else { unlink(pending.path); return nil }
            return pending
        }
    }

    /// Puts a pending cache in place (`published`) or drops it.
    static func commit(_ pending: URL?, to url: URL, published: Bool) {
        guard let pending else { return }
        if !published || rename(pending.path, url.path) != 0 { unlink(pending.path) }
    }

    // MARK: Keys

    static func indicatorKey(_ file: SourceFile) -> ContentHash {
        var key = ContentHash("indicator file")
        key.add(file.hash)
        return key
    }

    /// A plan's attachments are checked against content/files.
    static func planKey(_ file: SourceFile, files: ContentHash) -> ContentHash {
        var key = ContentHash("plan file")
        key.add(file.hash)
        key.add(files)
        return key
    }

    static func filesHash(_ files: [String: Int]) -> ContentHash {
        var h = ContentHash("files")
        for (name, size) in files.sorted(by: { $0.key < $1.key }) {
            h.add(name)
            h.add(String(size))
        }
        return h
    }
}

// MARK: - Indicator files

extension ValidationCache {
    static func encode(_ result: IndicatorValidator.Result?, _ diagnostics: [Diagnostic]) -> [UInt8] {
        var w = ByteWriter()
        w.diagnostics(diagnostics)
        w.bool(result != nil)
        if let result {
            w.string(result.plan)
            w.location(result.planLocation)
            w.int(result.indicators.count)
            for i in result.indicators { w.indicator(i) }
            let sections = result.sections.sorted { $0.key < $1.key }
            w.int(sections.count)
            for (id, location) in sections {
                w.string(id)
                w.location(location)
            }
        }
        return w.bytes
    }

    static func decodeIndicatorFile(_ r: inout ByteReader) -> (IndicatorValidator.Result?, [Diagnostic])? {
        guard let diagnostics = r.diagnostics(), let has = r.bool() else { return nil }
        guard has else { return r.isAtEnd ? (nil, diagnostics) : nil }
        guard let plan = r.string(), let planLocation = r.location(), let n = r.count() else { return nil }
        var result = IndicatorValidator.Result(plan: plan, planLocation: planLocation, indicators: [], sections: [:])
        result.indicators.reserveCapacity(n)
        for _ in 0..<n {
            guard let i = r.indicator() else { return nil }
            result.indicators.append(i)
        }
        guard let s = r.count() else { return nil }
        for _ in 0..<s {
            guard let id = r.string(), let location = r.location() else { return nil }
            result.sections[id] = location
        }
        return r.isAtEnd ? (result, diagnostics) : nil
    }
}

// MARK: - Plans

extension ValidationCache {
    /// A plan's result without its Markdown text: the body is taken again
    /// from the file, from `bodyStart` (a UTF-8 offset) on.
    static func encode(_ result: PlanValidator.Result?, bodyStart: Int, _ diagnostics: [Diagnostic]) -> [UInt8] {
        var w = ByteWriter()
        w.diagnostics(diagnostics)
        w.bool(result != nil)
        if let result {
            let p = result.plan
            w.int(bodyStart)
            w.int(p.body.lineOffset)
            w.string(p.slug); w.string(p.path); w.string(p.title); w.string(p.issuer)
            w.int(p.year)
            w.string(p.published.description)
            w.optional(p.written?.description)
            w.optional(p.indexNo); w.optional(p.docNo); w.optional(p.topic); w.optional(p.region); w.optional(p.summary)
            w.int(p.attachments.count)
            for a in p.attachments { w.string(a.title); w.string(a.file); w.int(a.size) }
            w.strings(p.related)
            w.int(p.links.count)
            for l in p.links { w.string(l.title); w.string(l.url) }
            w.int(p.body.headings.count)
            for h in p.body.headings { w.int(h.level); w.string(h.text); w.string(h.id); w.int(h.line) }
            w.strings(p.body.indicatorIDs)
            w.int(result.references.count)
            for ref in result.references { w.string(ref.id); w.location(ref.location) }
            w.int(result.related.count)
            for rel in result.related { w.string(rel.slug); w.location(rel.location) }
        }
        return w.bytes
    }

    static func decodePlan(_ r: inout ByteReader, file: SourceFile) -> (PlanValidator.Result?, [Diagnostic])? {
        guard let diagnostics = r.diagnostics(), let has = r.bool() else { return nil }
        guard has else { return r.isAtEnd ? (nil, diagnostics) : nil }
        guard let bodyStart = r.int(), let lineOffset = r.int(),
              let slug = r.string(), let path = r.string(), let title = r.string(), let issuer = r.string(),
              let year = r.int(), let published = r.string().flatMap(Day.init(iso:)),
              let written = r.optional(), let indexNo = r.optional(), let docNo = r.optional(),
              let topic = r.optional(), let region = r.optional(), let summary = r.optional(),
              let attachmentCount = r.count() else { return nil }
        var attachments: [Attachment] = []
        for _ in 0..<attachmentCount {
            guard let t = r.string(), let f = r.string(), let size = r.int() else { return nil }
            attachments.append(Attachment(title: t, file: f, size: size))
        }
        guard let related = r.strings(), let linkCount = r.count() else { return nil }
        var links: [ExternalLink] = []
        for _ in 0..<linkCount {
            guard let t = r.string(), let u = r.string() else { return nil }
            links.append(ExternalLink(title: t, url: u))
        }
        guard let headingCount = r.count() else { return nil }
        var headings: [Heading] = []
        for _ in 0..<headingCount {
            guard let level = r.int(), let text = r.string(), let id = r.string(), let line = r.int() else { return nil }
            headings.append(Heading(level: level, text: text, id: id, line: line))
        }
        guard let ids = r.strings(), let refCount = r.count() else { return nil }
        var references: [(id: String, location: SourceLocation)] = []
        for _ in 0..<refCount {
            guard let id = r.string(), let location = r.location() else { return nil }
            references.append((id, location))
        }
        guard let relCount = r.count() else { return nil }
        var relatedAt: [(slug: String, location: SourceLocation)] = []
        for _ in 0..<relCount {
            guard let slug = r.string(), let location = r.location() else { return nil }
            relatedAt.append((slug, location))
        }
        let utf8 = file.text.utf8
        guard r.isAtEnd, bodyStart >= 0, bodyStart <= utf8.count else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: bodyStart)
        if start < utf8.endIndex, utf8[start] & 0xC0 == 0x80 { return nil }  // not where a character begins
        if let w = written, Day(iso: w) == nil { return nil }
        let body = file.text[start...]
        let plan = Plan(slug: slug, path: path, title: title, issuer: issuer, year: year, published: published,
                        written: written.flatMap(Day.init(iso:)), indexNo: indexNo, docNo: docNo, topic: topic,
                        region: region, summary: summary, attachments: attachments, related: related, links: links,
                        body: PlanBody(markdown: body, lineOffset: lineOffset, headings: headings, indicatorIDs: ids))
        return (PlanValidator.Result(plan: plan, references: references, related: relatedAt), diagnostics)
    }
}

// MARK: - Model values

extension ByteWriter {
    mutating func location(_ l: SourceLocation) {
        string(l.path)
        int(l.line)
        int(l.column)
    }

    mutating func diagnostics(_ list: [Diagnostic]) {
        int(list.count)
        for d in list {
            bool(d.severity == .error)
            location(d.location)
            string(d.message)
        }
    }

    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }

    mutating func day(_ d: Day) {
        int(d.year); int(d.month); int(d.day)
    }

    mutating func number(_ n: DecimalNumber) {
        string(n.text)
        int(Int(Int64(bitPattern: n.value.bitPattern)))
    }

    mutating func optionalNumber(_ n: DecimalNumber?) {
        bool(n != nil)
        if let n { number(n) }
    }

    mutating func period(_ p: Period) {
        string(p.text)
        int(ValidationCache.periodKinds.firstIndex(of: p.kind) ?? 0)
        int(p.year); int(p.part); int(p.dayOfMonth)
        day(p.lastDay)
    }

    mutating func indicator(_ i: Indicator) {
        string(i.id); string(i.plan); string(i.name); string(i.area)
        string(i.kind.rawValue)
        optional(i.unit)
        optional(i.direction?.rawValue)
        optionalNumber(i.target.value)
        string(i.target.op.rawValue)
        day(i.target.by)
        optional(i.target.text)
        bool(i.baseline != nil)
        if let b = i.baseline { period(b.period); number(b.value) }
        optional(i.owner); optional(i.section); optional(i.source)
        int(i.observations.count)
        for o in i.observations {
            period(o.period); number(o.value); optional(o.note); optional(o.source)
        }
        int(i.updates.count)
        for u in i.updates {
            day(u.date); string(u.stage.rawValue); optionalNumber(u.percent); optional(u.note)
        }
        location(i.location)
    }
}

extension ByteReader {
    mutating func location() -> SourceLocation? {
        guard let path = string(), let line = int(), let column = int() else { return nil }
        return SourceLocation(path: path, line: line, column: column)
    }

    mutating func diagnostics() -> [Diagnostic]? {
        guard let n = count() else { return nil }
        var list: [Diagnostic] = []
        for _ in 0..<n {
            guard let isError = bool(), let l = location(), let message = string() else { return nil }
            list.append(Diagnostic(isError ? .error : .warning, l, message))
        }
        return list
    }

    mutating func strings() -> [String]? {
        guard let n = count() else { return nil }
        var list: [String] = []
        for _ in 0..<n {
            guard let s = string() else { return nil }
            list.append(s)
        }
        return list
    }

    mutating func day() -> Day? {
        guard let y = int(), let m = int(), let d = int() else { return nil }
        return Day(year: y, month: m, day: d)
    }

    mutating func number() -> DecimalNumber? {
        guard let text = string(), let bits = int() else { return nil }
        return DecimalNumber(canonicalText: text, value: Double(bitPattern: UInt64(bitPattern: Int64(bits))))
    }

    /// A number that was written, or `.some(nil)`; nil when malformed.
    mutating func optionalNumber() -> DecimalNumber?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let n = number() else { return nil }
        return .some(n)
    }

    mutating func period() -> Period? {
        let kinds = ValidationCache.periodKinds
        guard let text = string(), let k = int(), kinds.indices.contains(k), let year = int(), let part = int(),
              let dayOfMonth = int(), let last = day() else { return nil }
        return Period(kind: kinds[k], year: year, part: part, dayOfMonth: dayOfMonth, lastDay: last, text: text)
    }

    mutating func indicator() -> Indicator? {
        guard let id = string(), let plan = string(), let name = string(), let area = string(),
              let kind = string().flatMap(IndicatorKind.init(rawValue:)),
              let unit = optional(), let directionText = optional(), let targetValue = optionalNumber(),
              let op = string().flatMap(TargetOp.init(rawValue:)), let by = day(),
              let targetText = optional(), let hasBaseline = bool() else { return nil }
        var direction: Direction?
        if let directionText {
            guard let d = Direction(rawValue: directionText) else { return nil }
            direction = d
        }
        var baseline: Baseline?
        if hasBaseline {
            guard let period = period(), let value = number() else { return nil }
            baseline = Baseline(period: period, value: value)
        }
        guard let owner = optional(), let section = optional(), let source = optional(), let n = count() else { return nil }
        var observations: [Observation] = []
        observations.reserveCapacity(n)
        for _ in 0..<n {
            guard let period = period(), let value = number(), let note = optional(), let oSource = optional() else { return nil }
            observations.append(Observation(period: period, value: value, note: note, source: oSource))
        }
        guard let u = count() else { return nil }
        var updates: [MilestoneUpdate] = []
        for _ in 0..<u {
            guard let date = day(), let stage = string().flatMap(Stage.init(rawValue:)),
                  let percent = optionalNumber(), let note = optional() else { return nil }
            updates.append(MilestoneUpdate(date: date, stage: stage, percent: percent, note: note))
        }
        guard let location = location() else { return nil }
        return Indicator(id: id, plan: plan, name: name, area: area, kind: kind, unit: unit, direction: direction,
                         target: Target(value: targetValue, op: op, by: by, text: targetText), baseline: baseline,
                         owner: owner, section: section, source: source, observations: observations,
                         updates: updates, location: location)
    }
}
