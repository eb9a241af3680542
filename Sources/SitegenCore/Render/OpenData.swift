/// `data/indicators.json`, `data/indicators.csv`, `data/observations.csv`.
enum OpenData {
    static let bom = "\u{FEFF}"

    struct Row {
        var indicator: Indicator
        var evaluation: Evaluation
        /// The evaluation at compare_to, when the site sets it.
        var previous: Evaluation? = nil
    }

    /// The JSON array a piece at a time: "[", one object per indicator, "]".
    static func indicatorsJSONParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 2) { k in
            if k == 0 { return "[\n" }
            if k == rows.count + 1 { return "]\n" }
            return indicatorObject(rows[k - 1]) + (k == rows.count ? "\n" : ",\n")
        }
    }

    static func indicatorObject(_ row: Row) -> String {
        let i = row.indicator, e = row.evaluation
        // Appended in place: the open data of a large site is a hundred
        // thousand of these objects and millions of observations.
        var s = "  {\n"
        s.reserveCapacity(1024 + 96 * (i.observations.count + i.updates.count))
        func field(_ name: String, _ value: String, last: Bool = false) {
            s += "    \""
            s += name
            s += "\": "
            s += value
            s += last ? "\n  }" : ",\n"
        }
        func list(_ name: String, _ count: Int, _ item: (Int) -> String) {
            guard count > 0 else { return field(name, "[]", last: true) }
            s += "    \"" + name + "\": [\n"
            for k in 0..<count {
                s += "      "
                s += item(k)
                s += k == count - 1 ? "\n    ]\n  }" : ",\n"
            }
        }
        field("id", Escape.json(i.id))
        field("plan", Escape.json(i.plan))
        field("name", Escape.json(i.name))
        field("area", Escape.json(i.area))
        field("kind", Escape.json(i.kind.rawValue))
        field("unit", i.unit.map(Escape.json) ?? "null")
        field("direction", i.direction.map { Escape.json($0.rawValue) } ?? "null")
        field("target", "{\"value\": \(i.target.value?.text ?? "null"), \"op\": \(i.kind == .quantitative ? Escape.json(i.target.op.rawValue) : "null"), \"by\": \(Escape.json(i.target.by.description))"
            + (i.target.text.map { ", \"text\": \(Escape.json($0))" } ?? "") + "}")
        field("baseline", i.baseline.map { "{\"period\": \(Escape.json($0.period.text)), \"value\": \($0.value.text)}" } ?? "null")
        field("owner", i.owner.map(Escape.json) ?? "null")
        field("section", i.section.map(Escape.json) ?? "null")
        field("source", i.source.map(Escape.json) ?? "null")
        field("status", Escape.json(e.status.rawValue))
        field("progress", e.progress.map(progressText) ?? "null")
        field("previous_status", row.previous.map { Escape.json($0.status.rawValue) } ?? "null")
        field("previous_progress", row.previous?.progress.map(progressText) ?? "null")
        switch i.kind {
        case .quantitative:
            field("latest", e.latest.map { "{\"period\": \(Escape.json($0.period.text)), \"value\": \($0.value.text)}" } ?? "null")
            list("observations", i.observations.count) { k in
                let o = i.observations[k]
                var item = "{\"period\": " + Escape.json(o.period.text) + ", \"value\": " + o.value.text
                if let note = o.note { item += ", \"note\": " + Escape.json(note) }
                if let source = o.source { item += ", \"source\": " + Escape.json(source) }
                return item + "}"
            }
        case .milestone:
            field("latest", e.latestUpdate.map {
                "{\"period\": \(Escape.json($0.date.description)), \"value\": \($0.percent?.text ?? "null"), \"stage\": \(Escape.json($0.stage.rawValue))}"
            } ?? "null")
            field("observations", "[]")
            list("updates", i.updates.count) { k in
                let u = i.updates[k]
                var item = "{\"date\": \(Escape.json(u.date.description)), \"stage\": \(Escape.json(u.stage.rawValue)), \"percent\": \(u.percent?.text ?? "null")"
                if let note = u.note { item += ", \"note\": " + Escape.json(note) }
                return item + "}"
            }
        }
        return s
    }

    /// Progress 0…1 rounded to 4 decimals.
    static func progressText(_ p: Double) -> String { NumberText.format(p, maxFractionDigits: 4) }

    static let indicatorColumns = ["id", "plan", "name", "area", "kind", "unit", "direction", "target_value", "target_op",
                                   "target_by", "target_text", "baseline_period", "baseline_value", "owner", "section",
                                   "source", "status", "progress", "latest_period", "latest_value",
                                   "previous_status", "previous_progress"]

    static func indicatorsCSVParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 1) { k in
            k == 0 ? bom + indicatorColumns.joined(separator: ",") + "\r\n" : indicatorLine(rows[k - 1])
        }
    }

    static func indicatorLine(_ row: Row) -> String {
        let i = row.indicator, e = row.evaluation
        let latestPeriod = i.kind == .quantitative ? e.latest?.period.text : e.latestUpdate?.date.description
        let latestValue = i.kind == .quantitative ? e.latest?.value.text : e.latestUpdate?.percent?.text
        let fields: [String?] = [i.id, i.plan, i.name, i.area, i.kind.rawValue, i.unit, i.direction?.rawValue,
                                 i.target.value?.text, i.kind == .quantitative ? i.target.op.rawValue : nil, i.target.by.description, i.target.text,
                                 i.baseline?.period.text, i.baseline?.value.text, i.owner, i.section, i.source,
                                 e.status.rawValue, e.progress.map(progressText), latestPeriod, latestValue,
                                 row.previous?.status.rawValue, row.previous?.progress.map(progressText)]
        return fields.map { Escape.csv($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    static func observationsCSVParts(_ rows: [Row]) -> TextParts {
        TextParts(count: rows.count + 1) { k in
            guard k > 0 else { return bom + "id,period,value,note\r\n" }
            let row = rows[k - 1]
            let id = Escape.csv(row.indicator.id)
            var out = ""
            out.reserveCapacity(row.indicator.observations.count * 40)
            for o in row.indicator.observations {
                out += id
                out += ","
                out += Escape.csv(o.period.text)
                out += ","
                out += Escape.csv(o.value.text)
                out += ","
                out += Escape.csv(o.note ?? "")
                out += "\r\n"
            }
            return out
        }
    }
}
