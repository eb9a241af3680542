/// Corrections as lines of text, for the home page and the feed.
extension SiteRenderer {
    struct CorrectionLine {
        /// Into `rows`.
        var index: Int
        var period: Period
        var correction: Correction
        /// 2022年6月 63.6%（原值60.6%，2022年8月15日更正：监测数据复核）
        var text: String
    }

    /// Corrections dated after `after` (nil: any) and on or before
    /// `through`, newest first.
    func correctionLines(_ rows: [OpenData.Row], after: Day?, through: Day?) -> [CorrectionLine] {
        var lines: [CorrectionLine] = []
        for (k, row) in rows.enumerated() {
            // Not `let i = row.indicator`: that copies the indicator whole.
            let observations = row.indicator.observations, unit = row.indicator.unit
            for o in observations {
                for c in o.corrections where (after.map { c.date > $0 } ?? true) && (through.map { c.date <= $0 } ?? true) {
                    let separator = text.lang == "en" ? "; " : "；"
                    var detail = text.gov.previousValue + text.colon + valueText(c.previous, unit) + separator
                        + text.gov.correctedOn + text.colon + text.format(c.date)
                    if let reason = c.reason { detail += separator + text.gov.reason + text.colon + reason }
                    lines.append(CorrectionLine(index: k, period: o.period, correction: c,
                                                text: text.format(o.period) + " " + valueText(o.value, unit) + text.paren(detail)))
                }
            }
        }
        return lines.enumerated().sorted { ($0.element.correction.date, $1.offset) > ($1.element.correction.date, $0.offset) }.map(\.element)
    }
}
