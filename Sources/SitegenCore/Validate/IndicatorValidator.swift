#if canImport(Glibc)
import Glibc
#endif

/// One indicator file → its plan slug and indicators.
enum IndicatorValidator {
    static let fields = ["id", "name", "area", "kind", "unit", "direction", "target", "baseline", "owner",
                         "section", "source", "observations", "updates", "stale_after"]

    struct Result {
        var plan: String
        var planLocation: SourceLocation
        var indicators: [Indicator]
        /// Section texts with their positions, checked against the plan later.
        var sections: [String: SourceLocation]
    }

    static func validate(_ doc: YAMLDocument, diagnostics: inout [Diagnostic]) -> Result? {
        guard let r = MappingReader(doc.root, in: doc, what: "an indicator file", allowed: ["plan", "indicators"], diagnostics: &diagnostics) else { return nil }
        guard let plan = r.string("plan", required: true, &diagnostics) else { return nil }
        if !r.has("indicators") {
            r.missing("indicators", &diagnostics, hint: "write 'indicators:' and under it a list of indicators, each beginning '  - id: …'")
        }
        var result = Result(plan: plan, planLocation: r.location("plan"), indicators: [], sections: [:])
        for item in r.list("indicators", &diagnostics) {
            if let indicator = indicator(item, plan: plan, doc: doc, diagnostics: &diagnostics) {
                result.indicators.append(indicator)
                if indicator.section != nil {
                    result.sections[indicator.id] = sectionLocation(of: item, doc: doc)
                }
            }
        }
        return result
    }

    private static func sectionLocation(of node: YAMLNode, doc: YAMLDocument) -> SourceLocation {
        doc.location(node.value(forKey: "section") ?? node)
    }

    /// An observation written the usual way — a mapping of non-empty
    /// texts, a valid `period` and `value`, maybe `note` and `source`, no
    /// other key — read in one pass on the tree's bytes, with its period's
    /// node. Nil for anything else: MappingReader reads that and reports
    /// what is wrong.
    static func plainObservation(_ node: YAMLNode) -> (Observation, periodNode: Int)? {
        node.tree.withBuffers { nodes, text in plainObservation(node.index, node.tree, nodes, text) }
    }

    /// `plainObservation(_:)` of the node at `index`, on the tree's
    /// buffers (`YAMLTree.withBuffers`: taken once for a whole list).
    private static func plainObservation(_ index: Int, _ tree: YAMLTree, _ nodes: UnsafeBufferPointer<YAMLTree.Record>,
                                         _ text: UnsafeBufferPointer<UInt8>) -> (Observation, periodNode: Int)? {
        let mapping = nodes[index]
        guard mapping.kind == .mapping else { return nil }
        var period: Period?, value: DecimalNumber?, note: String?, source: String?, periodNode = 0
        var k = index + 1
        let end = Int(mapping.end)
        while k < end {
            // A key that is a collection is no plain observation.
            let key = nodes[k], v = k + 1, record = nodes[v]
            guard key.kind.isScalar, key.end > key.start, record.kind.isScalar else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: text[Int(record.start)..<Int(record.end)])
            guard record.kind == .quotedScalar || !YAMLTree.isNull(bytes) else { return nil }
            switch ObservationKey(bytes: UnsafeBufferPointer(rebasing: text[Int(key.start)..<Int(key.end)])) {
            case .period?:
                guard period == nil, let p = Period(utf8: bytes) ?? plainText(tree, v).flatMap(Period.init) else { return nil }
                period = p
                periodNode = v
            case .value?:
                guard value == nil, !bytes.isEmpty, let n = DecimalNumber(canonicalUTF8: bytes)
                        ?? plainText(tree, v).flatMap(DecimalNumber.init) else { return nil }
                value = n
            case .note?:
                guard note == nil, let text = plainText(tree, v) else { return nil }
                note = text
            case .source?:
                guard source == nil, let text = plainText(tree, v) else { return nil }
                source = text
            case nil:
                return nil
            }
            k = v + 1
        }
        guard let period, let value else { return nil }
        return (Observation(period: period, value: value, note: note, source: source), periodNode)
    }

    /// The keys of a plain observation, told apart on bytes.
    private enum ObservationKey {
        case period, value, note, source

        /// Nil for any other text.
        init?(bytes b: UnsafeBufferPointer<UInt8>) {
            guard let base = b.baseAddress else { return nil }
            func spells(_ word: StaticString) -> Bool {
                b.count == word.utf8CodeUnitCount && memcmp(base, word.utf8Start, b.count) == 0
            }
            switch base.pointee {
            case UInt8(ascii: "p") where spells("period"): self = .period
            case UInt8(ascii: "v") where spells("value"): self = .value
            case UInt8(ascii: "n") where spells("note"): self = .note
            case UInt8(ascii: "s") where spells("source"): self = .source
            default: return nil
            }
        }
    }

    /// The scalar at `index` as a non-empty text without surrounding white
    /// space; nil for anything else (a collection, blank).
    private static func plainText(_ tree: YAMLTree, _ index: Int) -> String? {
        guard tree.scalarLength(index) > 0 else { return nil }
        let text = tree.trimmedString(index)
        return text.isEmpty ? nil : text
    }

    static func indicator(_ node: YAMLNode, plan: String, doc: YAMLDocument, diagnostics: inout [Diagnostic]) -> Indicator? {
        guard let r = MappingReader(node, in: doc, what: "indicator", allowed: fields, diagnostics: &diagnostics) else { return nil }
        let before = diagnostics.count
        let id = r.string("id", required: true, &diagnostics)
        if let id, !Slug.isValid(id) {
            diagnostics.append(.error(r.location("id"), "id must use lower-case ASCII letters, digits and '-', got '\(id)'"))
        }
        let name = r.string("name", required: true, &diagnostics)
        let area = r.string("area", required: true, &diagnostics)
        let kind = r.choice("kind", IndicatorKind.self, allowed: [.quantitative, .milestone], &diagnostics) ?? .quantitative
        let quantitative = kind == .quantitative

        var direction: Direction?
        if quantitative {
            direction = r.choice("direction", Direction.self, allowed: [.increase, .decrease], required: true, &diagnostics)
        } else if r.has("direction") {
            diagnostics.append(.warning(r.location("direction"), "direction is for quantitative indicators; a milestone ignores it: remove it"))
        }

        var target: Target?
        if let t = r.value("target") {
            if let tr = MappingReader(t, in: doc, what: "target", allowed: ["value", "op", "by", "text"], diagnostics: &diagnostics) {
                let value = tr.number("value", required: quantitative, &diagnostics)
                let defaultOp: TargetOp = direction == .decrease ? .atMost : .atLeast
                let op = tr.choice("op", TargetOp.self, allowed: [.atLeast, .atMost, .equal], &diagnostics) ?? defaultOp
                let by = tr.day("by", required: true, &diagnostics)
                if !quantitative, tr.has("value") {
                    diagnostics.append(.warning(tr.location("value"), "target.value is for quantitative indicators; a milestone ignores it: remove it"))
                }
                if let by { target = Target(value: quantitative ? value : nil, op: op, by: by, text: tr.string("text", &diagnostics)) }
            }
        } else {
            r.missing("target", &diagnostics, hint: quantitative ? "write 'target: {value: 69.7, by: 2023-12-31}' (the figure to reach and the date it is due)"
                                                     : "write 'target: {by: 2023-12-31}' (the date it is due)")
        }

        var baseline: Baseline?
        if let b = r.value("baseline") {
            if let br = MappingReader(b, in: doc, what: "baseline", allowed: ["period", "value"], diagnostics: &diagnostics) {
                let period = br.period("period", required: true, &diagnostics)
                let value = br.number("value", required: true, &diagnostics)
                if let period, let value { baseline = Baseline(period: period, value: value) }
            }
            if !quantitative { diagnostics.append(.warning(r.location("baseline"), "baseline is for quantitative indicators; a milestone ignores it: remove it")) }
        }

        var observations: [Observation] = []
        // Observations are usually written in order: then each period is
        // later than the one before, so none repeats and none needs sorting.
        // Only out of order are the periods seen so far put in a dictionary.
        var inOrder = true
        var seenPeriods: [Period: SourceLocation] = [:]
        // The period of the observation before; while in order, the last
        // appended (no copy of it taken).
        var lastPeriod: Period?
        let observationNodes = r.list("observations", &diagnostics)
        if !quantitative, !observationNodes.isEmpty {
            diagnostics.append(.error(r.location("observations"), "a milestone records progress in 'updates', not 'observations'"))
        }
        if quantitative { observations.reserveCapacity(observationNodes.count) }
        // The tree's buffers taken once for the list, not per observation.
        node.tree.withBuffers { nodes, text in
        for item in observationNodes where quantitative {
            var observation: Observation, periodLocation: SourceLocation?
            if let (plain, periodNode) = plainObservation(item.index, node.tree, nodes, text) {
                observation = plain
                // The period's position straight from its record: a
                // location (with its path) is made only for a message.
                let record = nodes[periodNode]
                observation.line = Int(record.line) + doc.lineOffset
                observation.column = Int(record.column)
            } else {
                guard let o = MappingReader(item, in: doc, what: "observation", allowed: ["period", "value", "note", "source", "corrections"], diagnostics: &diagnostics) else { continue }
                let period = o.period("period", required: true, &diagnostics)
                let value = o.number("value", required: true, &diagnostics)
                guard let period, let value else { continue }
                observation = Observation(period: period, value: value, note: o.string("note", &diagnostics), source: o.string("source", &diagnostics),
                                          corrections: corrections(o, period: period, value: value, doc: doc, &diagnostics))
                let location = o.location("period")
                periodLocation = location
                observation.line = location.line
                observation.column = location.column
            }
            let period = observation.period
            defer { lastPeriod = period }
            if inOrder, let last = lastPeriod, !(last < period) {
                inOrder = false
                for o in observations { seenPeriods[o.period] = SourceLocation(path: doc.path, line: o.line, column: o.column) }
            }
            if !inOrder {
                let location = periodLocation ?? SourceLocation(path: doc.path, line: observation.line, column: observation.column)
                // One period has one text: equal periods are a repeat.
                if let first = seenPeriods[period] {
                    diagnostics.append(.error(location, "a second observation for period \(period.text) (the first is at line \(first.line)): keep one"))
                    continue
                }
                seenPeriods[period] = location
            }
            observations.append(observation)
        }
        }

        var updates: [MilestoneUpdate] = []
        let updateNodes = r.list("updates", &diagnostics)
        if quantitative, !updateNodes.isEmpty {
            diagnostics.append(.error(r.location("updates"), "updates are for milestones (kind: milestone); a quantitative indicator has observations"))
        }
        var seenDates: [Day: SourceLocation] = [:]
        for item in updateNodes where !quantitative {
            guard let u = MappingReader(item, in: doc, what: "update", allowed: ["date", "stage", "percent", "note"], diagnostics: &diagnostics) else { continue }
            let date = u.day("date", required: true, &diagnostics)
            let stage = u.choice("stage", Stage.self, allowed: Stage.allCases, required: true, &diagnostics)
            var percent = u.number("percent", &diagnostics)
            if let p = percent, p.value < 0 || p.value > 100 {
                diagnostics.append(.error(u.location("percent"), "percent must be between 0 and 100, got \(p.text)"))
                percent = nil
            }
            guard let date, let stage else { continue }
            if let first = seenDates[date] {
                diagnostics.append(.error(u.location("date"), "a second update for \(date) (the first is at line \(first.line)): keep one, or correct its date"))
                continue
            }
            seenDates[date] = u.location("date")
            updates.append(MilestoneUpdate(date: date, stage: stage, percent: percent, note: u.string("note", &diagnostics)))
        }

        let unit = r.string("unit", &diagnostics)
        let owner = r.string("owner", &diagnostics)
        let section = r.string("section", &diagnostics)
        let source = r.string("source", &diagnostics)
        if quantitative, source == nil, let id {
            diagnostics.append(.warning(r.location("id"),
                "indicator '\(id)' has no source: add 'source:' naming where its figures come from (数据来源)"))
        }
        var staleAfter: Int?
        if let text = r.string("stale_after", &diagnostics) {
            staleAfter = Int.asciiDigits(text).flatMap { $0 > 0 ? $0 : nil }
            if staleAfter == nil {
                diagnostics.append(.error(r.location("stale_after"),
                    "stale_after must be a whole number of days such as 45 (data older than that at as_of counts as not updated on time), got '\(text)'"))
            }
        }
        let deadlineLocation = r.value("target").flatMap { $0.value(forKey: "by") }.map { doc.location($0) }
        let failed = diagnostics[before...].contains { $0.severity == .error }
        guard !failed, let id, let name, let area, let target else { return nil }
        return Indicator(id: id, plan: plan, name: name, area: area, kind: kind, unit: unit, direction: direction,
                         target: target, baseline: quantitative ? baseline : nil, owner: owner, section: section, source: source,
                         observations: inOrder ? observations : observations.sorted { $0.period < $1.period },
                         updates: updates.sorted { $0.date < $1.date },
                         location: doc.location(node), staleAfter: staleAfter, deadlineLocation: deadlineLocation)
    }

    /// An observation's `corrections`: each `{date, previous, reason?}`
    /// dated after its period ends, with a previous value that differs.
    static func corrections(_ o: MappingReader, period: Period, value: DecimalNumber, doc: YAMLDocument,
                            _ diagnostics: inout [Diagnostic]) -> [Correction] {
        var list: [Correction] = []
        for item in o.list("corrections", &diagnostics) {
            guard let c = MappingReader(item, in: doc, what: "correction", allowed: ["date", "previous", "reason"], diagnostics: &diagnostics) else { continue }
            let date = c.day("date", required: true, &diagnostics)
            let previous = c.number("previous", required: true, &diagnostics)
            let reason = c.string("reason", &diagnostics)
            guard let date, let previous else { continue }
            if let problem = CorrectionRules.problem(date: date, previous: previous, period: period, value: value) {
                diagnostics.append(.error(c.location(problem.field == .date ? "date" : "previous"), problem.message))
                continue
            }
            list.append(Correction(date: date, previous: previous, reason: reason, location: c.location("date")))
        }
        return list.sorted { $0.date < $1.date }
    }
}
