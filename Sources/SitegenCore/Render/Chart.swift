/// Inline SVG charts. All text is escaped; coordinates are formatted with
/// one decimal, so output is the same on every machine.
struct Chart {
    let text: InterfaceText
    /// Every legend there is (`legend(_:asOf:)`), made once: by kind, and
    /// whether there is a baseline, a target value and a reporting date.
    private let legends: [ByteText]

    init(text: InterfaceText) {
        self.text = text
        var legends: [ByteText?] = Array(repeating: nil, count: 8 * IndicatorKind.allCases.count)
        for kind in IndicatorKind.allCases {
            for flags in 0..<8 {
                let (baseline, target, asOf) = (flags & 4 != 0, flags & 2 != 0, flags & 1 != 0)
                legends[Self.legendIndex(kind, baseline: baseline, target: target, asOf: asOf)]
                    = ByteText(Self.legend(text, kind, baseline: baseline, target: target, asOf: asOf))
            }
        }
        self.legends = legends.map { $0 ?? ByteText("") }
    }

    /// A narrow drawing, so that its text stays legible when a phone
    /// scales it down (the stylesheet sets the text size in these units).
    static let width = 480.0, height = 250.0
    static let left = 46.0, right = 14.0, top = 20.0, bottom = 34.0

    /// "Nice" ticks covering lo…hi.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow10(floorLog10(raw))
        let steps = [1.0, 2.0, 2.5, 5.0, 10.0]
        let step = (steps.first { $0 * magnitude >= raw } ?? 10) * magnitude
        var t = (lo / step).rounded(.down) * step
        var result: [Double] = []
        while t <= hi + step * 1e-9 && result.count < 20 {
            result.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return result
    }

    static func floorLog10(_ x: Double) -> Int {
        var e = 0, v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 && e > -12 { v *= 10; e -= 1 }
        return e
    }

    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }

    /// Whether `text` at the chart's font size (14 units: a CJK or other
    /// wide character about 14, any other about 7) fits in the room left of
    /// the y axis, where tick labels and the unit end.
    static func fitsLeftOfAxis(_ text: String) -> Bool {
        let width = text.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 14 : 7) }
        return width <= left - 6
    }

    /// Observations as a line with points, the baseline, the target at its
    /// deadline, the straight trajectory between them and a marker at as_of.
    /// `periods`: the observations' periods as `text.format` spells them,
    /// when the caller has them (the page's table shows them too).
    func quantitative(_ i: Indicator, _ e: Evaluation, asOf: Day?, id: String, periods: [String]? = nil) -> ByteText {
        var days: [Day] = i.observations.map(\.period.lastDay) + [i.target.by]
        if let b = i.baseline { days.append(b.period.lastDay) }
        if let asOf { days.append(asOf) }
        var values: [Double] = i.observations.map(\.value.value)
        if let t = i.target.value { values.append(t.value) }
        if let b = i.baseline { values.append(b.value.value) }
        let d0 = days.min()!.ordinal, d1 = max(days.max()!.ordinal, d0 + 1)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.1
        lo -= pad; hi += pad
        let yTicks = Chart.ticks(lo, hi)
        lo = min(lo, yTicks.first ?? lo); hi = max(hi, yTicks.last ?? hi)
        let plotW = Chart.width - Chart.left - Chart.right, plotH = Chart.height - Chart.top - Chart.bottom
        func x(_ d: Day) -> Double { Chart.left + Double(d.ordinal - d0) / Double(d1 - d0) * plotW }
        func y(_ v: Double) -> Double { Chart.top + (hi - v) / (hi - lo) * plotH }
        let unit = i.unit.map { " " + $0 } ?? ""
        let periods = periods ?? i.observations.map { text.format($0.period) }

        var w = TextBuffer(capacity: 8_192)
        opening(&w, i, id: id, periods: periods)
        // Axes and ticks.
        for t in yTicks {
            gridLine(&w, y: y(t))
            w.raw("<text x=\""); w.number(Chart.left - 6); w.raw("\" y=\""); w.number(y(t) + 4)
            w.raw("\" text-anchor=\"end\">"); w.number(t, maxFractionDigits: 3); w.raw("</text>\n")
        }
        if let u = i.unit {
            // Ended at the axis like the tick labels when it fits left of
            // it; a longer unit (微克/立方米) starts at the chart's left edge
            // instead of being cut off there.
            if Chart.fitsLeftOfAxis(u) {
                w.raw("<text x=\""); w.number(Chart.left - 6); w.raw("\" y=\""); w.number(Chart.top - 6)
                w.raw("\" text-anchor=\"end\">")
            } else {
                w.raw("<text x=\"0\" y=\""); w.number(Chart.top - 6); w.raw("\">")
            }
            w.xml(u); w.raw("</text>\n")
        }
        line(&w, x1: Chart.left, x2: Chart.left, y1: Chart.top, y2: Chart.height - Chart.bottom)
        line(&w, x1: Chart.left, x2: Chart.width - Chart.right, y1: Chart.height - Chart.bottom, y2: Chart.height - Chart.bottom)
        w.raw("\n")
        xAxisTicks(&w, from: d0, to: d1, x: x)
        w.raw("</g>\n")
        // Trajectory, target and baseline.
        if let b = i.baseline, let t = i.target.value {
            w.raw("<line class=\"trajectory\" x1=\""); w.number(x(b.period.lastDay))
            w.raw("\" y1=\""); w.number(y(b.value.value))
            w.raw("\" x2=\""); w.number(x(i.target.by))
            w.raw("\" y2=\""); w.number(y(t.value)); w.raw("\"/>\n")
        }
        if let b = i.baseline {
            w.raw("<rect class=\"baseline\" x=\""); w.number(x(b.period.lastDay) - 4)
            w.raw("\" y=\""); w.number(y(b.value.value) - 4)
            w.raw("\" width=\"8\" height=\"8\"><title>"); w.xml(text.baseline); w.raw(" ")
            w.xml(text.format(b.period)); w.xml(text.colon); w.xml(b.value); w.xml(unit)
            w.raw("</title></rect>\n")
        }
        if let t = i.target.value {
            let tx = x(i.target.by), ty = y(t.value)
            w.raw("<path class=\"target\" d=\"M"); w.number(tx); w.raw(" "); w.number(ty - 6)
            w.raw("L"); w.number(tx + 6); w.raw(" "); w.number(ty)
            w.raw("L"); w.number(tx); w.raw(" "); w.number(ty + 6)
            w.raw("L"); w.number(tx - 6); w.raw(" "); w.number(ty)
            w.raw("Z\"><title>"); w.xml(text.target); w.raw(" "); w.xml(text.format(i.target.by)); w.xml(text.colon)
            w.xml(i.target.op.rawValue); w.raw(" "); w.xml(t); w.xml(unit)
            w.raw("</title></path>\n")
        }
        if let asOf { asOfLine(&w, x: x(asOf)) }
        // Observations.
        if !i.observations.isEmpty {
            w.raw("<polyline class=\"observed\" points=\"")
            for (k, o) in i.observations.enumerated() {
                if k > 0 { w.raw(" ") }
                w.number(x(o.period.lastDay)); w.raw(","); w.number(y(o.value.value))
            }
            w.raw("\"/>\n")
            for (k, o) in i.observations.enumerated() {
                w.raw("<circle class=\"observed\" cx=\""); w.number(x(o.period.lastDay))
                w.raw("\" cy=\""); w.number(y(o.value.value)); w.raw("\" r=\"3.5\"><title>")
                w.xml(periods[k]); w.xml(text.colon); w.xml(o.value); w.xml(unit)
                w.raw("</title></circle>\n")
            }
        }
        w.raw("</svg>")
        return ByteText(w)
    }

    /// A milestone's percent complete over time, as steps.
    func milestone(_ i: Indicator, _ e: Evaluation, asOf: Day?, id: String) -> ByteText {
        var days: [Day] = i.updates.map(\.date) + [i.target.by]
        if let asOf { days.append(asOf) }
        let first = i.updates.first?.date ?? days.min()!
        let d0 = min(days.min()!.ordinal, Day(year: first.year, month: 1, day: 1)?.ordinal ?? first.ordinal)
        let d1 = max(days.max()!.ordinal, d0 + 1)
        let plotW = Chart.width - Chart.left - Chart.right, plotH = Chart.height - Chart.top - Chart.bottom
        func x(_ d: Day) -> Double { Chart.left + Double(d.ordinal - d0) / Double(d1 - d0) * plotW }
        func y(_ v: Double) -> Double { Chart.top + (100 - v) / 100 * plotH }
        var w = TextBuffer(capacity: 4_096)
        opening(&w, i, id: id, periods: [])
        for t in stride(from: 0.0, through: 100.0, by: 25.0) {
            gridLine(&w, y: y(t))
            w.raw("<text x=\""); w.number(Chart.left - 6); w.raw("\" y=\""); w.number(y(t) + 4)
            w.raw("\" text-anchor=\"end\">"); w.number(t); w.raw("%</text>\n")
        }
        line(&w, x1: Chart.left, x2: Chart.width - Chart.right, y1: Chart.height - Chart.bottom, y2: Chart.height - Chart.bottom)
        w.raw("\n")
        xAxisTicks(&w, from: d0, to: d1, x: x)
        w.raw("</g>\n")
        let tx = x(i.target.by)
        w.raw("<line class=\"deadline\" x1=\""); w.number(tx); w.raw("\" x2=\""); w.number(tx)
        w.raw("\" y1=\""); w.number(Chart.top); w.raw("\" y2=\""); w.number(Chart.height - Chart.bottom)
        w.raw("\"><title>"); w.xml(text.deadline); w.xml(text.colon); w.xml(text.format(i.target.by)); w.raw("</title></line>\n")
        if let asOf { asOfLine(&w, x: x(asOf)) }
        if !i.updates.isEmpty {
            w.raw("<path class=\"observed\" d=\"")
            var previousY: Double?
            for u in i.updates {
                let v = u.stage == .done ? 100 : (u.percent?.value ?? 0)
                let px = x(u.date), py = y(v)
                if let prev = previousY {
                    w.raw("L"); w.number(px); w.raw(" "); w.number(prev); w.raw("L"); w.number(px); w.raw(" "); w.number(py)
                } else {
                    w.raw("M"); w.number(px); w.raw(" "); w.number(py)
                }
                previousY = py
            }
            w.raw("\"/>\n")
            for u in i.updates {
                let v = u.stage == .done ? 100 : (u.percent?.value ?? 0)
                w.raw("<circle class=\"observed stage-"); w.xml(u.stage.rawValue); w.raw("\" cx=\""); w.number(x(u.date))
                w.raw("\" cy=\""); w.number(y(v)); w.raw("\" r=\"4\"><title>")
                w.xml(text.format(u.date)); w.xml(text.colon); w.xml(text.stageName(u.stage))
                if let p = u.percent { w.raw(" "); w.xml(p); w.raw("%") }
                w.raw("</title></circle>\n")
            }
        }
        w.raw("</svg>")
        return ByteText(w)
    }

    /// `<svg …>`, its title and description (`description`, escaped), and
    /// the opening of the axis group. (No closure for the description: one
    /// capturing the chart copied its texts, dozens of strings, per chart.)
    private func opening(_ w: inout TextBuffer, _ i: Indicator, id: String, periods: [String]) {
        w.raw("<svg class=\"chart\" viewBox=\"0 0 "); w.number(Chart.width); w.raw(" "); w.number(Chart.height)
        w.raw("\" role=\"img\" aria-labelledby=\""); w.xml(id); w.raw("-title "); w.xml(id)
        w.raw("-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\""); w.xml(id); w.raw("-title\">")
        w.xml(i.name); w.xml(text.colon); w.xml(text.chartTitle)
        w.raw("</title>\n<desc id=\""); w.xml(id); w.raw("-desc\">"); description(&w, i, periods: periods); w.raw("</desc>\n<g class=\"axis\">\n")
    }

    private func line(_ w: inout TextBuffer, x1: Double, x2: Double, y1: Double, y2: Double) {
        w.raw("<line x1=\""); w.number(x1); w.raw("\" x2=\""); w.number(x2)
        w.raw("\" y1=\""); w.number(y1); w.raw("\" y2=\""); w.number(y2); w.raw("\"/>")
    }

    private func gridLine(_ w: inout TextBuffer, y: Double) {
        w.raw("<line class=\"grid\" x1=\""); w.number(Chart.left); w.raw("\" x2=\""); w.number(Chart.width - Chart.right)
        w.raw("\" y1=\""); w.number(y); w.raw("\" y2=\""); w.number(y); w.raw("\"/>")
    }

    private func asOfLine(_ w: inout TextBuffer, x: Double) {
        w.raw("<line class=\"asof\" x1=\""); w.number(x); w.raw("\" x2=\""); w.number(x)
        w.raw("\" y1=\""); w.number(Chart.top); w.raw("\" y2=\""); w.number(Chart.height - Chart.bottom); w.raw("\"/>\n")
    }

    /// The key to a chart's marks, as HTML for under the chart: each mark
    /// drawn as in the chart, with its name (made once, `init`).
    func legend(_ i: Indicator, asOf: Day?) -> ByteText {
        legends[Self.legendIndex(i.kind, baseline: i.baseline != nil, target: i.target.value != nil, asOf: asOf != nil)]
    }

    /// Where the legend of a chart of `kind` with (or without) a baseline,
    /// a target value and a reporting date is in `legends`: eight a kind,
    /// in `IndicatorKind.allCases` order.
    private static func legendIndex(_ kind: IndicatorKind, baseline: Bool, target: Bool, asOf: Bool) -> Int {
        let first = 8 * (IndicatorKind.allCases.firstIndex(of: kind) ?? 0)
        return first + (baseline ? 4 : 0) + (target ? 2 : 0) + (asOf ? 1 : 0)
    }

    /// The legend of a chart of `kind` with (or without) a baseline, a target value and a reporting date.
    private static func legend(_ text: InterfaceText, _ kind: IndicatorKind, baseline: Bool, target: Bool, asOf: Bool) -> String {
        var items: [(String, String)] = []
        let line = "<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\""
        switch kind {
        case .quantitative:
            items.append((line + " class=\"observed\"/><circle class=\"observed\" cx=\"13\" cy=\"7\" r=\"3.5\"/>", text.legendObserved))
            if baseline, target { items.append((line + " class=\"trajectory\"/>", text.legendTrajectory)) }
            if target { items.append(("<path class=\"target\" d=\"M13 1L19 7L13 13L7 7Z\"/>", text.target)) }
            if baseline { items.append(("<rect class=\"baseline\" x=\"9\" y=\"3\" width=\"8\" height=\"8\"/>", text.baseline)) }
        case .milestone:
            items.append((line + " class=\"observed\"/><circle class=\"observed\" cx=\"13\" cy=\"7\" r=\"4\"/>", text.percent))
            items.append(("<line class=\"deadline\" x1=\"13\" y1=\"0\" x2=\"13\" y2=\"14\"/>", text.deadline))
        }
        if asOf { items.append(("<line class=\"asof\" x1=\"13\" y1=\"0\" x2=\"13\" y2=\"14\"/>", text.reportingDate)) }
        var html = "<ul class=\"chart-legend\">"
        for (mark, name) in items {
            html += "<li><svg class=\"chart key\" viewBox=\"0 0 26 14\" width=\"26\" height=\"14\" aria-hidden=\"true\" focusable=\"false\">\(mark)</svg>\(Escape.html(name))</li>"
        }
        return html + "</ul>"
    }

    /// Tick marks and labels under the x axis.
    private func xAxisTicks(_ w: inout TextBuffer, from d0: Int, to d1: Int, x: (Day) -> Double) {
        for label in xTicks(from: d0, to: d1) {
            let px = x(label.0)
            line(&w, x1: px, x2: px, y1: Chart.height - Chart.bottom, y2: Chart.height - Chart.bottom + 4)
            w.raw("<text x=\""); w.number(px); w.raw("\" y=\""); w.number(Chart.height - Chart.bottom + 18)
            w.raw("\" text-anchor=\"middle\">"); w.xml(label.1); w.raw("</text>\n")
        }
    }

    /// Tick marks at the start of months (or years for long spans), at most 7.
    func xTicks(from d0: Int, to d1: Int) -> [(Day, String)] {
        var result: [(Day, String)] = []
        guard let start = Day(ordinal: d0) else { return result }
        let months = max(1, (d1 - d0) / 30)
        let stepOptions = [1, 2, 3, 6, 12, 24, 60]
        let step = stepOptions.first { months / $0 <= 6 } ?? 120
        var y = start.year, m = start.month
        // First tick: the first month start on or after d0 that fits the step.
        if start.day != 1 { m += 1; if m > 12 { m = 1; y += 1 } }
        while (m - 1) % step != 0 { m += 1; if m > 12 { m = 1; y += 1 } }
        while let day = Day(year: y, month: m, day: 1), day.ordinal <= d1, result.count < 12 {
            let label = step >= 12 ? (text.lang == "en" ? "\(y)" : "\(y)年")
                : (m == 1 || result.isEmpty ? (text.lang == "en" ? "\(m)/\(y % 100)" : "\(y % 100)年\(m)月") : (text.lang == "en" ? "\(m)" : "\(m)月"))
            result.append((day, label))
            m += step
            while m > 12 { m -= 12; y += 1 }
        }
        return result
    }

    /// The chart's description, XML-escaped into `w` a piece at a time
    /// (escaping is byte by byte, so the pieces escape as their whole
    /// would): the target, then each value, separated by "；".
    /// `periods`: the observations' periods as text (made once for the chart).
    private func description(_ w: inout TextBuffer, _ i: Indicator, periods: [String]) {
        let unit = i.unit ?? ""
        var first = true
        func separate(_ w: inout TextBuffer) {
            if !first { w.raw("；") }
            first = false
        }
        switch i.kind {
        case .quantitative:
            if let value = i.target.value {
                separate(&w)
                w.xml(text.target); w.raw(" "); w.xml(i.target.op.rawValue); w.raw(" "); w.xml(value); w.xml(unit)
                w.xml(text.paren(text.format(i.target.by)))
            }
            for (period, o) in zip(periods, i.observations) {
                separate(&w)
                w.xml(period); w.raw(" "); w.xml(o.value); w.xml(unit)
            }
        case .milestone:
            for u in i.updates {
                separate(&w)
                w.xml(text.format(u.date)); w.raw(" "); w.xml(text.stageName(u.stage))
                if let p = u.percent { w.raw(" "); w.xml(p); w.raw("%") }
            }
        }
    }
}
