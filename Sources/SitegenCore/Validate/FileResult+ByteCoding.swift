// The byte form of what validating one plan or indicator file found: its
// problems and its result (see ByteCoding.swift). A plan's body is not
// stored: decoding takes it again from the file's text.

extension ByteWriter {
    mutating func planFile(_ checked: SiteValidator.PlanFileResult) {
        diagnostics(checked.1)
        bool(checked.0 != nil)
        guard let result = checked.0 else { return }
        bool(result.plan != nil)
        if let p = result.plan { plan(p) }
        int(result.references.count)
        for ref in result.references { string(ref.id); location(ref.location) }
        int(result.related.count)
        for rel in result.related { string(rel.slug); location(rel.location) }
        guard result.plan == nil else { return }
        headings(result.headings)
        bool(result.indexNo != nil)
        if let indexNo = result.indexNo { string(indexNo.number); location(indexNo.location) }
    }

    mutating func indicatorFile(_ checked: SiteValidator.IndicatorFileResult) {
        diagnostics(checked.1)
        bool(checked.0 != nil)
        guard let result = checked.0 else { return }
        string(result.plan)
        location(result.planLocation)
        int(result.indicators.count)
        for i in result.indicators { indicator(i) }
        let sections = result.sections.sorted { $0.key < $1.key }
        int(sections.count)
        for (id, location) in sections {
            string(id)
            self.location(location)
        }
    }
}

extension ByteReader {
    /// A plan file's result, its body in `file` (its text, or left on disk:
    /// see `plan(in:)`); nil when malformed.
    mutating func planFile(in file: SourceFile) -> SiteValidator.PlanFileResult? {
        guard let diagnostics = diagnostics(), let has = bool() else { return nil }
        guard has else { return isAtEnd ? (nil, diagnostics) : nil }
        guard let hasPlan = bool() else { return nil }
        var plan: Plan?
        if hasPlan {
            guard let decoded = self.plan(in: file) else { return nil }
            plan = decoded
        }
        guard let refCount = count() else { return nil }
        var references: [(id: String, location: SourceLocation)] = []
        for _ in 0..<refCount {
            guard let id = string(), let location = location() else { return nil }
            references.append((id, location))
        }
        guard let relCount = count() else { return nil }
        var related: [(slug: String, location: SourceLocation)] = []
        for _ in 0..<relCount {
            guard let slug = string(), let location = location() else { return nil }
            related.append((slug, location))
        }
        var result = PlanValidator.Result(plan: plan, references: references, related: related)
        if plan == nil {
            guard let headings = headings(), let hasIndexNo = bool() else { return nil }
            result.headings = headings
            if hasIndexNo {
                guard let number = string(), let location = location() else { return nil }
                result.indexNo = (number, location)
            }
        }
        guard isAtEnd else { return nil }
        return (result, diagnostics)
    }

    mutating func indicatorFile() -> SiteValidator.IndicatorFileResult? {
        guard let diagnostics = diagnostics(), let has = bool() else { return nil }
        guard has else { return isAtEnd ? (nil, diagnostics) : nil }
        guard let plan = string(), let planLocation = location(), let n = count() else { return nil }
        var result = IndicatorValidator.Result(plan: plan, planLocation: planLocation, indicators: [], sections: [:])
        result.indicators.reserveCapacity(n)
        for _ in 0..<n {
            guard let i = indicator() else { return nil }
            result.indicators.append(i)
        }
        guard let s = count() else { return nil }
        for _ in 0..<s {
            guard let id = string(), let location = location() else { return nil }
            result.sections[id] = location
        }
        return isAtEnd ? (result, diagnostics) : nil
    }
}
