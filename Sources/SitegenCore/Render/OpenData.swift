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
        var fields: [(String, String)] = [
            ("id", Escape.json(i.id)),
            ("plan", Escape.json(i.plan)),
            ("name", Escape.json(i.name)),
            ("area", Escape.json(i.area)),
            ("kind", Escape.json(i.kind.rawValue)),
            ("unit", i.unit.map(Escape.json) ?? "null"),
            ("direction", i.direction.map { Escape.json($0.rawValue) } ?? "null"),
            ("target", "{\"value\": \(i.target.value?.text ?? "null"), \"op\": \(i.kind == .quantitative ? Escape.json(i.target.op.rawValue) : "null"), \"by\": \(Escape.json(i.target.by.description))"
                + (i.target.text.map { ", \"text\": \(Escape.json($0))" } ?? "") + "}"),
            ("baseline", i.baseline.map { "{\"period\": \(Escape.json($0.period.text)), \"value\": \($0.value.text)}" } ?? "null"),
            ("owner", i.owner.map(Escape.json) ?? "null"),
            ("section", i.section.map(Escape.json) ?? "null"),
            ("source", i.source.map(Escape.json) ?? "null"),
            ("status", Escape.json(e.status.rawValue)),
            ("progress", e.progress.map(progressText) ?? "null"),
            ("previous_status", row.previous.map { Escape.json($0.status.rawValue) } ?? "null"),
            ("previous_progress", row.previous?.progress.map(progressText) ?? "null"),
        ]
        switch i.kind {
        case .quantitative:
            fields.append(("latest", e.latest.map { "{\"period\": \(Escape.json($0.period.text)), \"value\": \($0.value.text)}" } ?? "null"))
            let obs = i.observations.map { o -> String in
                var s = "{\"period\": \(Escape.json(o.period.text)), \"value\": \(o.value.text)"
                if let note = o.note { s += ", \"note\": \(Escape.json(note))" }
                if let source = o.source { s += ", \"source\": \(Escape.json(source))" }
                return s + "}"
            }
            fields.append(("observations", list(obs)))
        case .milestone:
            fields.append(("latest", e.latestUpdate.map {
                "{\"period\": \(Escape.json($0.date.description)), \"value\": \($0.percent?.text ?? "null"), \"stage\": \(Escape.json($0.stage.rawValue))}"
            } ?? "null"))
            fields.append(("observations", "[]"))
            let ups = i.updates.map { u -> String in
                var s = "{\"date\": \(Escape.json(u.date.description)), \"stage\": \(Escape.json(u.stage.rawValue)), \"percent\": \(u.percent?.text ?? "null")"
                if let note = u.note { s += ", \"note\": \(Escape.json(note))" }
                return s + "}"
            }
            fields.append(("updates", list(ups)))
        }
        return "  {\n" + fields.map { "    \(Escape.json($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n      " + items.joined(separator: ",\n      ") + "\n    ]"
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
            var out = ""
            for o in row.indicator.observations {
                out += [row.indicator.id, o.period.text, o.value.text, o.note ?? ""].map(Escape.csv).joined(separator: ",") + "\r\n"
            }
            return out
        }
    }
}
