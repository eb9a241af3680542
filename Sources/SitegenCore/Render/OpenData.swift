/// `data/indicators.json`, `data/indicators.csv`, `data/observations.csv`.
enum OpenData {
    static let bom = "\u{FEFF}"

    /// One indicator with its evaluations: a position in the evaluated
    /// site, not a copy (a large site has 100,000 rows, an indicator and
    /// an evaluation are hundreds of bytes).
    struct Row {
        let site: Rows
        let position: Int

        var indicator: Indicator { _read { yield site.evaluated.site.indicators[position] } }
        var evaluation: Evaluation { _read { yield site.evaluated.evaluations[position] } }
        /// The evaluation at compare_to, when the site sets it.
        var previous: Evaluation? { site.evaluated.previous?[position] }
    }

    /// What rows point into: the evaluated site, shared by all its rows.
    final class Rows: Sendable {
        let evaluated: EvaluatedSite
        init(_ evaluated: EvaluatedSite) { self.evaluated = evaluated }

        /// A row for each indicator, in site order.
        var all: [Row] { evaluated.site.indicators.indices.map { Row(site: self, position: $0) } }
    }

    /// The JSON array a piece at a time: "[", one object per indicator, "]".
    static func indicatorsJSONParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 2) { k in
            if k == 0 { return Array("[\n".utf8) }
            if k == rows.count + 1 { return Array("]\n".utf8) }
            return indicatorObject(rows[k - 1], last: k == rows.count)
        }
    }

    /// One indicator's object, and the comma after it unless it is `last`.
    static func indicatorObject(_ row: Row, last: Bool) -> [UInt8] {
        let i = row.indicator, e = row.evaluation
        // Appended to one buffer: the open data of a large site is a hundred
        // thousand of these objects and millions of observations.
        var b = TextBuffer(capacity: 1024 + 96 * (i.observations.count + i.updates.count))
        b.raw("  {\n")
        func name(_ name: StaticString) {
            b.raw("    \"")
            b.raw(name)
            b.raw("\": ")
        }
        func next() { b.raw(",\n") }
        func json(_ value: String?) { if let value { b.json(value) } else { b.raw("null") } }
        func number(_ value: DecimalNumber?) { b.raw(value?.text ?? "null") }
        func field(_ key: StaticString, _ value: String?) { name(key); json(value); next() }
        func end(_ b: inout TextBuffer) -> [UInt8] {
            b.raw(last ? "\n" : ",\n")
            return b.bytes
        }
        field("id", i.id)
        field("plan", i.plan)
        field("name", i.name)
        field("area", i.area)
        field("kind", i.kind.rawValue)
        field("unit", i.unit)
        field("direction", i.direction?.rawValue)
        name("target")
        b.raw("{\"value\": "); number(i.target.value)
        b.raw(", \"op\": "); json(i.kind == .quantitative ? i.target.op.rawValue : nil)
        b.raw(", \"by\": "); b.raw("\""); b.day(i.target.by); b.raw("\"")
        if let text = i.target.text { b.raw(", \"text\": "); b.json(text) }
        b.raw("}"); next()
        name("baseline")
        if let baseline = i.baseline {
            b.raw("{\"period\": "); b.raw("\""); b.period(baseline.period); b.raw("\""); b.raw(", \"value\": "); number(baseline.value); b.raw("}")
        } else {
            b.raw("null")
        }
        next()
        field("owner", i.owner)
        field("section", i.section)
        field("source", i.source)
        field("status", e.status.rawValue)
        name("progress"); b.raw(e.progress.map(progressText) ?? "null"); next()
        field("previous_status", row.previous?.status.rawValue)
        name("previous_progress"); b.raw(row.previous?.progress.map(progressText) ?? "null"); next()
        name("stale"); b.raw(e.stale ? "true" : "false"); next()
        name("latest")
        switch i.kind {
        case .quantitative:
            if let latest = e.latest {
                b.raw("{\"period\": "); b.raw("\""); b.period(latest.period); b.raw("\""); b.raw(", \"value\": "); number(latest.value); b.raw("}")
            } else {
                b.raw("null")
            }
            next()
            name("observations")
            guard !i.observations.isEmpty else { b.raw("[]\n  }"); return end(&b) }
            b.raw("[\n")
            for (k, o) in i.observations.enumerated() {
                b.raw("      {\"period\": "); b.raw("\""); b.period(o.period); b.raw("\""); b.raw(", \"value\": "); number(o.value)
                if let note = o.note { b.raw(", \"note\": "); b.json(note) }
                if let source = o.source { b.raw(", \"source\": "); b.json(source) }
                if !o.corrections.isEmpty {
                    b.raw(", \"corrections\": [")
                    for (n, c) in o.corrections.enumerated() {
                        b.raw(n == 0 ? "{\"date\": " : ", {\"date\": "); b.raw("\""); b.day(c.date); b.raw("\"")
                        b.raw(", \"previous\": "); number(c.previous)
                        b.raw(", \"reason\": "); json(c.reason); b.raw("}")
                    }
                    b.raw("]")
                }
                b.raw(k == i.observations.count - 1 ? "}\n    ]\n  }" : "},\n")
            }
        case .milestone:
            if let u = e.latestUpdate {
                b.raw("{\"period\": "); b.raw("\""); b.day(u.date); b.raw("\""); b.raw(", \"value\": "); number(u.percent)
                b.raw(", \"stage\": "); b.json(u.stage.rawValue); b.raw("}")
            } else {
                b.raw("null")
            }
            next()
            name("observations"); b.raw("[]"); next()
            name("updates")
            guard !i.updates.isEmpty else { b.raw("[]\n  }"); return end(&b) }
            b.raw("[\n")
            for (k, u) in i.updates.enumerated() {
                b.raw("      {\"date\": "); b.raw("\""); b.day(u.date); b.raw("\""); b.raw(", \"stage\": "); b.json(u.stage.rawValue)
                b.raw(", \"percent\": "); number(u.percent)
                if let note = u.note { b.raw(", \"note\": "); b.json(note) }
                b.raw(k == i.updates.count - 1 ? "}\n    ]\n  }" : "},\n")
            }
        }
        return end(&b)
    }

    /// Progress 0…1 rounded to 4 decimals.
    static func progressText(_ p: Double) -> String { NumberText.format(p, maxFractionDigits: 4) }

    static let indicatorColumns = ["id", "plan", "name", "area", "kind", "unit", "direction", "target_value", "target_op",
                                   "target_by", "target_text", "baseline_period", "baseline_value", "owner", "section",
                                   "source", "status", "progress", "latest_period", "latest_value",
                                   "previous_status", "previous_progress", "stale"]

    static func indicatorsCSVParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 1) { k in
            k == 0 ? Array((bom + indicatorColumns.joined(separator: ",") + "\r\n").utf8) : indicatorLine(rows[k - 1])
        }
    }

    static func indicatorLine(_ row: Row) -> [UInt8] {
        let i = row.indicator, e = row.evaluation
        let latestPeriod = i.kind == .quantitative ? e.latest?.period.text : e.latestUpdate?.date.description
        let latestValue = i.kind == .quantitative ? e.latest?.value.text : e.latestUpdate?.percent?.text
        let fields: [String?] = [i.id, i.plan, i.name, i.area, i.kind.rawValue, i.unit, i.direction?.rawValue,
                                 i.target.value?.text, i.kind == .quantitative ? i.target.op.rawValue : nil, i.target.by.description, i.target.text,
                                 i.baseline?.period.text, i.baseline?.value.text, i.owner, i.section, i.source,
                                 e.status.rawValue, e.progress.map(progressText), latestPeriod, latestValue,
                                 row.previous?.status.rawValue, row.previous?.progress.map(progressText),
                                 e.stale ? "true" : "false"]
        var b = TextBuffer(capacity: 512)
        b.csvRow(fields)
        return b.bytes
    }

    static func observationsCSVParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 1) { k in
            guard k > 0 else { return Array((bom + "id,period,value,note\r\n").utf8) }
            let row = rows[k - 1]
            var b = TextBuffer(capacity: row.indicator.observations.count * 48)
            for o in row.indicator.observations {
                b.csv(row.indicator.id)
                b.raw(",")
                b.period(o.period)
                b.raw(",")
                b.csv(o.value.text)
                b.raw(",")
                b.csv(o.note ?? "")
                b.raw("\r\n")
            }
            return b.bytes
        }
    }

    /// `corrections.csv`: one row per correction (id, period, value as
    /// corrected, corrected_on, previous_value, reason).
    static func correctionsCSVParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 1) { k in
            guard k > 0 else { return Array((bom + "id,period,value,corrected_on,previous_value,reason\r\n").utf8) }
            let row = rows[k - 1]
            var b = TextBuffer(capacity: 0)
            for o in row.indicator.observations {
                for c in o.corrections {
                    b.csvRow([row.indicator.id, o.period.text, o.value.text, c.date.description, c.previous.text, c.reason])
                }
            }
            return b.bytes
        }
    }
}
