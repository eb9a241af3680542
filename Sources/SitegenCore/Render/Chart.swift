/// Inline SVG charts. All text is escaped; coordinates are formatted with
/// one decimal, so output is the same on every machine.
struct Chart {
    var text: InterfaceText

    /// A narrow drawing, so that its text stays legible when a phone
    /// scales it down (the stylesheet sets the text size in these units).
    static let width = 480.0, height = 250.0
    static let left = 46.0, right = 14.0, top = 20.0, bottom = 34.0

    private func f(_ x: Double) -> String { NumberText.format(x, maxFractionDigits: 1) }

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

    /// Observations as a line with points, the baseline, the target at its
    /// deadline, the straight trajectory between them and a marker at as_of.
    func quantitative(_ i: Indicator, _ e: Evaluation, asOf: Day?, id: String) -> String {
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

        var svg = ""
        svg.reserveCapacity(16_384)
        svg += "<svg class=\"chart\" viewBox=\"0 0 \(f(Chart.width)) \(f(Chart.height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-title\">\(Escape.xml(i.name))\(Escape.xml(text.colon))\(Escape.xml(text.chartTitle))</title>\n"
        svg += "<desc id=\"\(id)-desc\">\(Escape.xml(description(i, e)))</desc>\n"
        // Axes and ticks.
        svg += "<g class=\"axis\">\n"
        for t in yTicks {
            svg += "<line class=\"grid\" x1=\"\(f(Chart.left))\" x2=\"\(f(Chart.width - Chart.right))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\"/>"
            svg += "<text x=\"\(f(Chart.left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(Escape.xml(NumberText.format(t, maxFractionDigits: 3)))</text>\n"
        }
        if let u = i.unit { svg += "<text x=\"\(f(Chart.left - 6))\" y=\"\(f(Chart.top - 6))\" text-anchor=\"end\">\(Escape.xml(u))</text>\n" }
        svg += "<line x1=\"\(f(Chart.left))\" x2=\"\(f(Chart.left))\" y1=\"\(f(Chart.top))\" y2=\"\(f(Chart.height - Chart.bottom))\"/>"
        svg += "<line x1=\"\(f(Chart.left))\" x2=\"\(f(Chart.width - Chart.right))\" y1=\"\(f(Chart.height - Chart.bottom))\" y2=\"\(f(Chart.height - Chart.bottom))\"/>\n"
        svg += xAxisTicks(from: d0, to: d1, x: x)
        svg += "</g>\n"
        // Trajectory, target and baseline.
        if let b = i.baseline, let t = i.target.value {
            svg += "<line class=\"trajectory\" x1=\"\(f(x(b.period.lastDay)))\" y1=\"\(f(y(b.value.value)))\" x2=\"\(f(x(i.target.by)))\" y2=\"\(f(y(t.value)))\"/>\n"
        }
        if let b = i.baseline {
            svg += "<rect class=\"baseline\" x=\"\(f(x(b.period.lastDay) - 4))\" y=\"\(f(y(b.value.value) - 4))\" width=\"8\" height=\"8\"><title>\(Escape.xml(text.baseline)) \(Escape.xml(text.format(b.period)))\(Escape.xml(text.colon))\(Escape.xml(b.value.text + unit))</title></rect>\n"
        }
        if let t = i.target.value {
            let tx = x(i.target.by), ty = y(t.value)
            svg += "<path class=\"target\" d=\"M\(f(tx)) \(f(ty - 6))L\(f(tx + 6)) \(f(ty))L\(f(tx)) \(f(ty + 6))L\(f(tx - 6)) \(f(ty))Z\"><title>\(Escape.xml(text.target)) \(Escape.xml(text.format(i.target.by)))\(Escape.xml(text.colon))\(Escape.xml(i.target.op.rawValue + " " + t.text + unit))</title></path>\n"
        }
        if let asOf {
            let ax = x(asOf)
            svg += "<line class=\"asof\" x1=\"\(f(ax))\" x2=\"\(f(ax))\" y1=\"\(f(Chart.top))\" y2=\"\(f(Chart.height - Chart.bottom))\"/>\n"
        }
        // Observations.
        if !i.observations.isEmpty {
            let points = i.observations.map { "\(f(x($0.period.lastDay))),\(f(y($0.value.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"observed\" points=\"\(points)\"/>\n"
            for o in i.observations {
                svg += "<circle class=\"observed\" cx=\"\(f(x(o.period.lastDay)))\" cy=\"\(f(y(o.value.value)))\" r=\"3.5\"><title>\(Escape.xml(text.format(o.period)))\(Escape.xml(text.colon))\(Escape.xml(o.value.text + unit))</title></circle>\n"
            }
        }
        return svg + "</svg>"
    }

    /// A milestone's percent complete over time, as steps.
    func milestone(_ i: Indicator, _ e: Evaluation, asOf: Day?, id: String) -> String {
        var days: [Day] = i.updates.map(\.date) + [i.target.by]
        if let asOf { days.append(asOf) }
        let first = i.updates.first?.date ?? days.min()!
        let d0 = min(days.min()!.ordinal, Day(year: first.year, month: 1, day: 1)?.ordinal ?? first.ordinal)
        let d1 = max(days.max()!.ordinal, d0 + 1)
        let plotW = Chart.width - Chart.left - Chart.right, plotH = Chart.height - Chart.top - Chart.bottom
        func x(_ d: Day) -> Double { Chart.left + Double(d.ordinal - d0) / Double(d1 - d0) * plotW }
        func y(_ v: Double) -> Double { Chart.top + (100 - v) / 100 * plotH }
        var svg = ""
        svg.reserveCapacity(16_384)
        svg += "<svg class=\"chart\" viewBox=\"0 0 \(f(Chart.width)) \(f(Chart.height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-title\">\(Escape.xml(i.name))\(Escape.xml(text.colon))\(Escape.xml(text.chartTitle))</title>\n"
        svg += "<desc id=\"\(id)-desc\">\(Escape.xml(description(i, e)))</desc>\n<g class=\"axis\">\n"
        for t in stride(from: 0.0, through: 100.0, by: 25.0) {
            svg += "<line class=\"grid\" x1=\"\(f(Chart.left))\" x2=\"\(f(Chart.width - Chart.right))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\"/>"
            svg += "<text x=\"\(f(Chart.left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(f(t))%</text>\n"
        }
        svg += "<line x1=\"\(f(Chart.left))\" x2=\"\(f(Chart.width - Chart.right))\" y1=\"\(f(Chart.height - Chart.bottom))\" y2=\"\(f(Chart.height - Chart.bottom))\"/>\n"
        svg += xAxisTicks(from: d0, to: d1, x: x)
        svg += "</g>\n"
        let tx = x(i.target.by)
        svg += "<line class=\"deadline\" x1=\"\(f(tx))\" x2=\"\(f(tx))\" y1=\"\(f(Chart.top))\" y2=\"\(f(Chart.height - Chart.bottom))\"><title>\(Escape.xml(text.deadline))\(Escape.xml(text.colon))\(Escape.xml(text.format(i.target.by)))</title></line>\n"
        if let asOf {
            svg += "<line class=\"asof\" x1=\"\(f(x(asOf)))\" x2=\"\(f(x(asOf)))\" y1=\"\(f(Chart.top))\" y2=\"\(f(Chart.height - Chart.bottom))\"/>\n"
        }
        if !i.updates.isEmpty {
            var path = ""
            var previousY: Double?
            for u in i.updates {
                let v = u.stage == .done ? 100 : (u.percent?.value ?? 0)
                let px = x(u.date), py = y(v)
                if let prev = previousY { path += "L\(f(px)) \(f(prev))L\(f(px)) \(f(py))" } else { path += "M\(f(px)) \(f(py))" }
                previousY = py
            }
            svg += "<path class=\"observed\" d=\"\(path)\"/>\n"
            for u in i.updates {
                let v = u.stage == .done ? 100 : (u.percent?.value ?? 0)
                let label = text.format(u.date) + text.colon + text.stageName(u.stage) + (u.percent.map { " \($0.text)%" } ?? "")
                svg += "<circle class=\"observed stage-\(u.stage.rawValue)\" cx=\"\(f(x(u.date)))\" cy=\"\(f(y(v)))\" r=\"4\"><title>\(Escape.xml(label))</title></circle>\n"
            }
        }
        return svg + "</svg>"
    }

    /// The key to a chart's marks, as HTML for under the chart: each mark
    /// drawn as in the chart, with its name.
    func legend(_ i: Indicator, asOf: Day?) -> String {
        var items: [(String, String)] = []
        let line = "<line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\""
        switch i.kind {
        case .quantitative:
            items.append((line + " class=\"observed\"/><circle class=\"observed\" cx=\"13\" cy=\"7\" r=\"3.5\"/>", text.legendObserved))
            if i.baseline != nil, i.target.value != nil { items.append((line + " class=\"trajectory\"/>", text.legendTrajectory)) }
            if i.target.value != nil { items.append(("<path class=\"target\" d=\"M13 1L19 7L13 13L7 7Z\"/>", text.target)) }
            if i.baseline != nil { items.append(("<rect class=\"baseline\" x=\"9\" y=\"3\" width=\"8\" height=\"8\"/>", text.baseline)) }
        case .milestone:
            items.append((line + " class=\"observed\"/><circle class=\"observed\" cx=\"13\" cy=\"7\" r=\"4\"/>", text.percent))
            items.append(("<line class=\"deadline\" x1=\"13\" y1=\"0\" x2=\"13\" y2=\"14\"/>", text.deadline))
        }
        if asOf != nil { items.append(("<line class=\"asof\" x1=\"13\" y1=\"0\" x2=\"13\" y2=\"14\"/>", text.reportingDate)) }
        var html = "<ul class=\"chart-legend\">"
        for (mark, name) in items {
            html += "<li><svg class=\"chart key\" viewBox=\"0 0 26 14\" width=\"26\" height=\"14\" aria-hidden=\"true\" focusable=\"false\">\(mark)</svg>\(Escape.html(name))</li>"
        }
        return html + "</ul>"
    }

    /// Tick marks and labels under the x axis.
    private func xAxisTicks(from d0: Int, to d1: Int, x: (Day) -> Double) -> String {
        var svg = ""
        for label in xTicks(from: d0, to: d1) {
            let px = x(label.0)
            svg += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(Chart.height - Chart.bottom))\" y2=\"\(f(Chart.height - Chart.bottom + 4))\"/>"
            svg += "<text x=\"\(f(px))\" y=\"\(f(Chart.height - Chart.bottom + 18))\" text-anchor=\"middle\">\(Escape.xml(label.1))</text>\n"
        }
        return svg
    }

    /// Tick marks at the start of months (or years for long spans), at most 7.
    func xTicks(from d0: Int, to d1: Int) -> [(Day, String)] {
        var result: [(Day, String)] = []
        guard let start = dayFromOrdinal(d0) else { return result }
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

    func dayFromOrdinal(_ n: Int) -> Day? {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return Day(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    private func description(_ i: Indicator, _ e: Evaluation) -> String {
        let unit = i.unit ?? ""
        switch i.kind {
        case .quantitative:
            let obs = i.observations.map { text.format($0.period) + " " + $0.value.text + unit }.joined(separator: "；")
            let target = i.target.value.map { "\(text.target) \(i.target.op.rawValue) \($0.text)\(unit)" + text.paren(text.format(i.target.by)) } ?? ""
            return [target, obs].filter { !$0.isEmpty }.joined(separator: "；")
        case .milestone:
            return i.updates.map { text.format($0.date) + " " + text.stageName($0.stage) + ($0.percent.map { " \($0.text)%" } ?? "") }
                .joined(separator: "；")
        }
    }
}
