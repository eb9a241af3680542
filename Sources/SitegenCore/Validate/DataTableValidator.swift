/// The tables of `content/data/` → observations of the site's indicators.
///
/// Run on every build, after each file has been checked on its own: the rules
/// look across files (ids, a period given twice anywhere), and reading a
/// 20,000-row sheet costs well under a second.
enum DataTableValidator {
    /// An empty cell or one of these is no observation.
    static let noValue: Set<String> = ["-", "—", "/", "无"]

    /// One value read from a table, with the place of its cell.
    struct TableObservation {
        var indicator: String
        /// Nil for a row that names an indicator but gives no value (its id is still checked).
        var observation: Observation?
        /// The id's cell (where id problems are reported) and the value's cell.
        var idPlace: (SourceLocation, String)
        var place: (SourceLocation, String)
    }

    /// Every table's observations, in table and row order; what is wrong
    /// is reported. A workbook sheet without a header row is passed over with a note.
    static func observations(_ tables: [DataTable], diagnostics: inout [Diagnostic]) -> [TableObservation] {
        var all: [TableObservation] = []
        for table in tables {
            switch DataTableLayout.recognise(table, diagnostics: &diagnostics) {
            case .failed: continue
            case .noHeader:
                let names = "a column headed 指标编号 or indicator"
                if let sheet = table.sheet {
                    diagnostics.append(.note(table.start, "sheet \(sheet) is not read: none of its first \(DataTableLayout.headerSearchRows) rows has \(names)"))
                } else {
                    diagnostics.append(.error(table.start, "no header row: none of the first \(DataTableLayout.headerSearchRows) rows has \(names); "
                        + "see 'Data from spreadsheets' in the README for the two layouts"))
                }
            case .layout(let layout):
                all += observations(table, layout, diagnostics: &diagnostics)
            }
        }
        return all
    }

    static func observations(_ table: DataTable, _ layout: DataTableLayout, diagnostics: inout [Diagnostic]) -> [TableObservation] {
        var out: [TableObservation] = []
        for row in table.rows where row.line > layout.headerLine {
            let idCell = row.cell(layout.indicatorColumn)
            func value(_ cell: DataCell) -> DecimalNumber?? {
                if noValue.contains(cell.text) { return .some(nil) }
                guard let n = DecimalNumber(cell.text) else {
                    let (location, prefix) = table.place(row, cell)
                    diagnostics.append(.error(location, prefix + "value must be a plain decimal number, got '\(cell.text)'"))
                    return nil
                }
                return n
            }
            switch layout.kind {
            case .wide(let periods):
                let given = periods.compactMap { p in row.cell(p.column).map { (p.period, $0) } }
                guard let idCell else {
                    if let (_, cell) = given.first(where: { !noValue.contains($0.1.text) }) {
                        let (location, prefix) = table.place(row, cell)
                        diagnostics.append(.error(location, prefix + "a value in a row without an indicator id (column \(DataTableLayout.columnName(table, layout.indicatorColumn)) is empty): write the indicator's id there, or delete the row"))
                    }
                    continue
                }
                for (period, cell) in given {
                    guard let number = value(cell), let number else { continue }
                    out.append(TableObservation(indicator: idCell.text, observation: Observation(period: period, value: number),
                                                idPlace: table.place(row, idCell), place: table.place(row, cell)))
                }
                if given.isEmpty { out.append(idOnly(table, row, idCell)) }
            case .long(let columns):
                guard let valueCell = row.cell(columns.value), !noValue.contains(valueCell.text) else {
                    if let idCell { out.append(idOnly(table, row, idCell)) }
                    if let cell = [columns.correctedOn, columns.previousValue, columns.reason].compactMap({ $0.flatMap(row.cell) }).first {
                        let (location, prefix) = table.place(row, cell)
                        diagnostics.append(.error(location, prefix + "a correction in a row without a value: write the corrected value in the value column (数值 or value)"))
                    }
                    continue
                }
                let number = value(valueCell)
                guard let idCell else {
                    let (location, prefix) = table.place(row, valueCell)
                    diagnostics.append(.error(location, prefix + "a value in a row without an indicator id: write the indicator's id in the row, or delete the row"))
                    continue
                }
                guard let periodCell = row.cell(columns.period) else {
                    let (location, prefix) = table.place(row, valueCell)
                    diagnostics.append(.error(location, prefix + "a value without a period: the period column of this row is empty; write the period there (such as 2023-06)"))
                    continue
                }
                guard let period = DataTableLayout.period(periodCell.text) else {
                    let (location, prefix) = table.place(row, periodCell)
                    diagnostics.append(.error(location, prefix + "period must be 2022-01, 2022-Q1, 2022, 2022-01-31, 2022年1月, "
                        + "2022年第一季度 or 2022年, got '\(periodCell.text)'"))
                    continue
                }
                guard let number = number, let number else { continue }
                var observation = Observation(period: period, value: number, note: columns.note.flatMap(row.cell)?.text,
                                              source: columns.source.flatMap(row.cell)?.text)
                if let correction = correction(table, row, columns, period: period, value: number, diagnostics: &diagnostics) {
                    observation.corrections = [correction]
                }
                out.append(TableObservation(indicator: idCell.text, observation: observation,
                                            idPlace: table.place(row, idCell), place: table.place(row, valueCell)))
            }
        }
        return out
    }

    /// The correction a long table's row gives its value (`corrected_on`,
    /// `previous_value`, `reason?`), under the rules of YAML corrections;
    /// nil when the row has none, or when it is wrong (reported at the cell).
    static func correction(_ table: DataTable, _ row: DataRow, _ columns: DataTableLayout.Long, period: Period, value: DecimalNumber,
                           diagnostics: inout [Diagnostic]) -> Correction? {
        func given(_ column: Int?) -> DataCell? { column.flatMap(row.cell).flatMap { noValue.contains($0.text) ? nil : $0 } }
        func report(_ cell: DataCell, _ message: String) {
            let (location, prefix) = table.place(row, cell)
            diagnostics.append(.error(location, prefix + message))
        }
        let dateWords = "the correction date (更正日期 or corrected_on)", previousWords = "the previous value (原值 or previous_value)"
        guard let dateCell = given(columns.correctedOn), let previousCell = given(columns.previousValue) else {
            if let cell = given(columns.correctedOn) {
                report(cell, "a correction date without the previous value: fill \(previousWords) of this row, or empty this cell")
            } else if let cell = given(columns.previousValue) {
                report(cell, "a previous value without a correction date: fill \(dateWords) of this row, or empty this cell")
            } else if let cell = given(columns.reason) {
                report(cell, "a reason without a correction: fill \(dateWords) and \(previousWords) of this row, or empty this cell")
            }
            return nil
        }
        guard let date = Day(iso: dateCell.text) ?? DateSpelling.suggestion(dateCell.text).flatMap(Day.init(iso:)) else {
            report(dateCell, "the correction date must be a date that exists, 2022-10-15 or 2022年10月15日" + DateSpelling.got(dateCell.text, dayOnly: true))
            return nil
        }
        guard let previous = DecimalNumber(previousCell.text) else {
            report(previousCell, "the previous value must be a plain decimal number, got '\(previousCell.text)'")
            return nil
        }
        if let problem = CorrectionRules.problem(date: date, previous: previous, period: period, value: value) {
            report(problem.field == .date ? dateCell : previousCell, problem.message)
            return nil
        }
        return Correction(date: date, previous: previous, reason: given(columns.reason)?.text,
                          location: table.place(row, dateCell).0, sheet: table.sheet)
    }

    static func idOnly(_ table: DataTable, _ row: DataRow, _ idCell: DataCell) -> TableObservation {
        TableObservation(indicator: idCell.text, observation: nil, idPlace: table.place(row, idCell), place: table.place(row, idCell))
    }

    /// Adds the tables' observations to the indicators they name. An
    /// unknown id, a milestone, and an indicator and period given twice
    /// (in two tables, or in a table and the YAML) are errors at the cell.
    /// Each indicator names the tables that add to it (`Indicator.tables`).
    /// `filesWithErrors` (indicator files with an error) are named in an
    /// unknown id's message, as the id may be one they define.
    static func merge(_ tables: [DataTable], into indicatorsByPlan: inout [String: [Indicator]],
                      filesWithErrors: [String] = [], diagnostics: inout [Diagnostic]) {
        guard !tables.isEmpty else { return }
        merge(observations(tables, diagnostics: &diagnostics), into: &indicatorsByPlan, filesWithErrors: filesWithErrors, diagnostics: &diagnostics)
    }

    /// `merge(tables, …)` with the tables' observations read before
    /// (`observations(_:diagnostics:)`); with `only`, rows naming any other
    /// indicator are passed over (`serve` adds the tables' figures to the
    /// indicators of one file edited).
    static func merge(_ observations: [TableObservation], into indicatorsByPlan: inout [String: [Indicator]],
                      only: Set<String>? = nil, filesWithErrors: [String] = [], diagnostics: inout [Diagnostic]) {
        var index: [String: (plan: String, position: Int)] = [:]
        for (plan, list) in indicatorsByPlan {
            for (k, indicator) in list.enumerated() { index[indicator.id] = (plan, k) }
        }
        struct Key: Hashable { let id: String; let period: Period }
        var given: [Key: String] = [:]
        struct Position: Hashable { let plan: String; let index: Int }
        var grown: Set<Position> = []
        // Unknown ids by table, while indicator files have errors: one
        // error per table (`SiteValidator.unknownIDs`), as they are most
        // likely one mistake there, not one per row.
        var unknownByTable: [String: [TableObservation]] = [:], tablesInOrder: [String] = []
        for item in observations {
            if let only, !only.contains(item.indicator) { continue }
            let (idLocation, idPrefix) = item.idPlace
            guard let (plan, position) = index[item.indicator] else {
                if filesWithErrors.isEmpty {
                    diagnostics.append(.error(idLocation, idPrefix
                        + SiteValidator.unknownIndicator(item.indicator, fix: "correct the id or delete the row", filesWithErrors: filesWithErrors)))
                } else {
                    if unknownByTable[idLocation.path] == nil { tablesInOrder.append(idLocation.path) }
                    unknownByTable[idLocation.path, default: []].append(item)
                }
                continue
            }
            guard let observation = item.observation else { continue }
            guard var indicator = indicatorsByPlan[plan]?[position] else { continue }
            guard indicator.kind == .quantitative else {
                diagnostics.append(.error(idLocation, idPrefix + "indicator \(indicator.id) is a milestone: a table gives values of quantitative "
                    + "indicators; write its progress as updates in \(indicator.location.path)"))
                continue
            }
            let key = Key(id: indicator.id, period: observation.period)
            let (location, prefix) = item.place
            if given[key] == nil, indicator.observations.contains(where: { $0.period == key.period }) {
                let l = indicator.location
                given[key] = "in the observations of \(indicator.id) at \(l.path):\(l.line):\(l.column)"
            }
            if let first = given[key] {
                diagnostics.append(.error(location, prefix + "\(indicator.id) has a value for \(key.period.text) twice: here and \(first); keep one"))
                continue
            }
            given[key] = "at \(location.path):\(location.line):\(location.column)"
                + (prefix.isEmpty ? "" : " (" + prefix.dropLast(2) + ")")
            indicator.observations.append(observation)
            grown.insert(Position(plan: plan, index: position))
            if !indicator.tables.contains(location.path) { indicator.tables.append(location.path) }
            indicatorsByPlan[plan]?[position] = indicator
        }
        for p in grown {
            indicatorsByPlan[p.plan]?[p.index].observations.sort { $0.period < $1.period }
            indicatorsByPlan[p.plan]?[p.index].tables.sort()
        }
        for path in tablesInOrder {
            let items = unknownByTable[path] ?? []
            let uses = items.map { item -> (id: String, location: SourceLocation, place: String) in
                let (location, prefix) = item.idPlace
                return (item.indicator, location, prefix.isEmpty ? "\(location.line):\(location.column)" : String(prefix.dropLast(2)))
            }
            if let first = items.first, uses.allSatisfy({ $0.id == uses[0].id && $0.place == uses[0].place }) {
                // One cell (a wide table's row gives one use per period): the message of one id.
                diagnostics.append(.error(first.idPlace.0, first.idPlace.1
                    + SiteValidator.unknownIndicator(first.indicator, fix: "correct the id or delete the row", filesWithErrors: filesWithErrors)))
            } else {
                // Begun like the table's other errors (a workbook's: its first such cell).
                diagnostics.append(SiteValidator.unknownIDs(uses, filesWithErrors: filesWithErrors, prefix: items[0].idPlace.1,
                                                            fix: { $0 ? "correct the id or delete its rows" : "correct the ids or delete their rows" }))
            }
        }
    }
}
