import Foundation

/// An indicator page.
extension SiteRenderer {
    /// `sentence`: `IndicatorSummary.sentence` of the row (the page's
    /// description tag shows it too).
    func indicatorView(_ row: OpenData.Row, _ plan: Plan?, sentence: String) -> [String: Any] {
        let root = "../../"
        let i = row.indicator, e = row.evaluation
        var facts = DefinitionRows(keepingItems: namedLists.contains("facts"))
        func add(_ label: String, _ value: String?, href: String? = nil) {
            guard let value else { return }
            facts.add(label: Escape.html(label), value: Escape.html(value), href: href)
        }
        if let previous = row.previous, let from = site.config.compareTo {
            add(text.previousReport, text.format(from) + text.colon + text.statusName(previous.status)
                + (previous.status == e.status ? "" : " → " + text.statusName(e.status)))
        }
        add(text.area, i.area)
        add(text.owner, i.owner)
        add(text.target, targetText(i))
        add(text.deadline, text.format(i.target.by))
        if let b = i.baseline { add(text.baseline, baselineText(b, unit: i.unit)) }
        add(text.source, i.source)
        if let plan {
            add(text.plan, plan.title, href: root + Routes.plan(plan.slug))
            if let section = i.section, let heading = SectionMatcher.find(section, in: plan.body.headings) {
                add(text.statedIn, heading.text, href: root + Routes.plan(plan.slug) + "#" + Escape.pathSegment(heading.id))
            }
        }
        // Made once for the chart and the table.
        let periods = i.observations.map { text.format($0.period) }
        let svg = i.kind == .quantitative
            ? chart.quantitative(i, e, asOf: evaluated.asOf, id: "chart", periods: periods)
            : chart.milestone(i, e, asOf: evaluated.asOf, id: "chart")
        // The rows' cells as lists only for a template that loops over
        // them itself; otherwise written as HTML as they come (an array
        // of four strings per observation was made, then joined).
        let observations = namedLists.contains("observations") ? observationCells(i, periods: periods) : nil
        let updates = namedLists.contains("updates") ? updateCells(i) : nil
        let summary = IndicatorSummary(text: text)
        var explanation = DefinitionRows(keepingItems: namedLists.contains("explanation"))
        for fact in summary.explanation(i, e, asOf: evaluated.asOf, target: targetText(i)) + freshnessFacts(e) {
            explanation.add(label: Escape.html(fact.label), value: Escape.html(fact.value))
        }
        var view: [String: Any] = [
            "name": Escape.html(i.name), "factRows": facts.html,
            "status": badge(e.status) + (e.stale ? " " + staleMark : ""), "statusCode": e.status.rawValue,
            "dataThrough": e.latest.map { Escape.html(summary.fill(text.gov.dataThrough, ["period": text.format($0.period)])) } ?? "",
            "sentence": Escape.html(sentence),
            "explanationRows": explanation.html,
            "progress": e.bar.map { NumberText.format($0 * 100, maxFractionDigits: 1) + "%" } ?? "—",
            "chart": svg, "legend": chart.legend(i, asOf: evaluated.asOf), "isMilestone": i.kind == .milestone,
            "hasObservations": !i.observations.isEmpty,
            // A template's own rows (a string) or the rows written as they come (bytes): `as Any` lets `??` take either.
            "observationRows": observations.map { Self.dataRowsHTML($0, num: 1) as Any } ?? observationRowsHTML(i, periods: periods),
            "hasUpdates": !i.updates.isEmpty,
            "updateRows": updates.map { Self.dataRowsHTML($0, num: 2) as Any } ?? updateRowsHTML(i),
            "kind": Escape.html(text.kindNames[i.kind] ?? ""),
        ]
        // The rows as lists, for a template that loops over them itself.
        if let items = facts.items { view["facts"] = items }
        if let items = explanation.items { view["explanation"] = items }
        if let observations {
            view["observations"] = Self.dictionaries(observations, keys: ["period", "value", "note", "source"])
        }
        if let updates {
            view["updates"] = Self.dictionaries(updates, keys: ["date", "stage", "percent", "note"])
        }
        return view
    }

    /// An observation row's cells, escaped: period, value and corrections, note, source.
    func observationCells(_ i: Indicator, periods: [String]) -> [[String]] {
        zip(periods, i.observations).map { period, o in
            [Escape.html(period), Escape.html(valueText(o.value, i.unit)) + correctionsHTML(o.corrections, unit: i.unit),
             Escape.html(o.note ?? ""), Escape.html(o.source ?? i.source ?? "")]
        }
    }

    /// An update row's cells, escaped: date, stage, percent, note.
    func updateCells(_ i: Indicator) -> [[String]] {
        i.updates.map {
            [Escape.html(text.format($0.date)), Escape.html(text.stageName($0.stage)),
             $0.percent.map { $0.text + "%" } ?? "", Escape.html($0.note ?? "")]
        }
    }

    /// The observation rows as `dataRowsHTML` makes them from their cells
    /// (period, value and corrections, note, source; the value a number),
    /// written into one buffer.
    func observationRowsHTML(_ i: Indicator, periods: [String]) -> ByteText {
        var out = TextBuffer(capacity: 64 + 200 * i.observations.count)
        let source = i.source ?? "", unit = i.unit ?? ""
        for (period, o) in zip(periods, i.observations) {
            out.raw("<tr><td>")
            out.html(period)
            out.raw("</td><td class=\"num\">")
            // Escaped though a number's text has nothing to escape: it can come from the validation cache.
            out.html(o.value)
            out.html(unit)
            if !o.corrections.isEmpty { out.raw(correctionsHTML(o.corrections, unit: i.unit)) }
            out.raw("</td><td>")
            out.html(o.note ?? "")
            out.raw("</td><td>")
            out.html(o.source ?? source)
            out.raw("</td></tr>\n")
        }
        return ByteText(out)
    }

    /// The update rows as `dataRowsHTML` makes them from their cells
    /// (date, stage, percent, note; the percent a number).
    func updateRowsHTML(_ i: Indicator) -> ByteText {
        var out = TextBuffer(capacity: 64 + 200 * i.updates.count)
        for u in i.updates {
            out.raw("<tr><td>")
            out.html(text.format(u.date))
            out.raw("</td><td>")
            out.html(text.stageName(u.stage))
            out.raw("</td><td class=\"num\">")
            if let percent = u.percent {
                out.html(percent)
                out.raw("%")
            }
            out.raw("</td><td>")
            out.html(u.note ?? "")
            out.raw("</td></tr>\n")
        }
        return ByteText(out)
    }

    /// What the "how was this judged" box adds about the data itself: not
    /// updated on time, a deadline with no figure, a status a correction changed.
    func freshnessFacts(_ e: Evaluation) -> [IndicatorSummary.Fact] {
        let summary = IndicatorSummary(text: text)
        var facts: [IndicatorSummary.Fact] = []
        if e.stale, let latest = e.latest {
            facts.append(.init(label: text.gov.stale, value: summary.fill(text.gov.staleExplanation, ["period": text.format(latest.period)])))
        }
        if e.deadlineUnreported { facts.append(.init(label: text.deadline, value: text.gov.deadlineUnreported)) }
        if let before = e.statusBeforeCorrection {
            facts.append(.init(label: text.gov.corrected, value: summary.fill(text.gov.correctionChangedStatus, ["status": text.statusName(before)])))
        }
        return facts
    }

    /// 已更正 under a corrected value: each correction's date, the value
    /// before and the reason, as text (shown without script and in print).
    func correctionsHTML(_ corrections: [Correction], unit: String?) -> String {
        guard !corrections.isEmpty else { return "" }
        var out = ""
        for c in corrections {
            let separator = text.lang == "en" ? "; " : "；"
            var words = text.gov.correctedOn + text.colon + text.format(c.date) + separator + text.gov.previousValue + text.colon + valueText(c.previous, unit)
            if let reason = c.reason { words += separator + text.gov.reason + text.colon + reason }
            out += "<span class=\"correction\"><strong>" + Escape.html(text.gov.corrected) + "</strong> " + Escape.html(words) + "</span>"
        }
        return out
    }
}
