// The byte form of an indicator with everything it holds (see
// ByteCoding.swift); ByteCodingTests fails when a field is left out.

extension ByteWriter {
    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
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
            int(o.line); int(o.column)
            int(o.corrections.count)
            for c in o.corrections { day(c.date); number(c.previous); optional(c.reason); location(c.location); optional(c.sheet) }
        }
        int(i.updates.count)
        for u in i.updates {
            day(u.date); string(u.stage.rawValue); optionalNumber(u.percent); optional(u.note)
        }
        location(i.location)
        strings(i.tables)
        int(i.staleAfter ?? -1)
        bool(i.deadlineLocation != nil)
        if let l = i.deadlineLocation { location(l) }
    }
}

extension ByteReader {
    mutating func strings() -> [String]? {
        guard let n = count() else { return nil }
        var list: [String] = []
        for _ in 0..<n {
            guard let s = string() else { return nil }
            list.append(s)
        }
        return list
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
            guard let period = period(), let value = number(), let note = optional(), let oSource = optional(),
                  let line = int(), let column = int(), let c = count() else { return nil }
            var corrections: [Correction] = []
            for _ in 0..<c {
                guard let date = day(), let previous = number(), let reason = optional(), let at = location(), let sheet = optional() else { return nil }
                corrections.append(Correction(date: date, previous: previous, reason: reason, location: at, sheet: sheet))
            }
            observations.append(Observation(period: period, value: value, note: note, source: oSource,
                                            corrections: corrections, line: line, column: column))
        }
        guard let u = count() else { return nil }
        var updates: [MilestoneUpdate] = []
        for _ in 0..<u {
            guard let date = day(), let stage = string().flatMap(Stage.init(rawValue:)),
                  let percent = optionalNumber(), let note = optional() else { return nil }
            updates.append(MilestoneUpdate(date: date, stage: stage, percent: percent, note: note))
        }
        guard let location = location(), let tables = strings(), let staleAfter = int(), let hasDeadline = bool() else { return nil }
        var deadlineLocation: SourceLocation?
        if hasDeadline {
            guard let l = self.location() else { return nil }
            deadlineLocation = l
        }
        return Indicator(id: id, plan: plan, name: name, area: area, kind: kind, unit: unit, direction: direction,
                         target: Target(value: targetValue, op: op, by: by, text: targetText), baseline: baseline,
                         owner: owner, section: section, source: source, observations: observations,
                         updates: updates, location: location, tables: tables, staleAfter: staleAfter < 0 ? nil : staleAfter,
                         deadlineLocation: deadlineLocation)
    }
}
