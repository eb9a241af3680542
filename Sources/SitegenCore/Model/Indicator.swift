public enum IndicatorKind: String, Sendable, CaseIterable {
    case quantitative
    case milestone
}

public enum Direction: String, Sendable {
    case increase
    case decrease
}

public enum TargetOp: String, Sendable {
    case atLeast = ">="
    case atMost = "<="
    case equal = "="
}

public struct Target: Sendable {
    /// Required for quantitative indicators, nil for milestones.
    public var value: DecimalNumber?
    public var op: TargetOp
    public var by: Day
    public var text: String?
}

public struct Baseline: Sendable {
    public var period: Period
    public var value: DecimalNumber
}

public struct Observation: Sendable {
    // In this order (the value's 10 bytes, then the 4-byte fields and the
    // 8-byte reference) an observation is 32 bytes: a large site holds millions.
    public var value: DecimalNumber
    public var period: Period
    /// Note, source and corrections, which few observations have, out of line.
    private var extra: Extra?
    private var line32: UInt32 = 0
    private var column32: UInt32 = 0

    public var note: String? {
        get { extra?.note }
        set { extra = Extra.make(note: newValue, source: source, corrections: corrections) }
    }
    public var source: String? {
        get { extra?.source }
        set { extra = Extra.make(note: note, source: newValue, corrections: corrections) }
    }
    /// Extension: earlier values of this observation, oldest first.
    public var corrections: [Correction] {
        get { extra?.corrections ?? [] }
        set { extra = Extra.make(note: note, source: source, corrections: newValue) }
    }
    /// Position of its `period` in the indicator's file (1-based; 0: unknown).
    public var line: Int {
        get { Int(line32) }
        set { line32 = UInt32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(column32) }
        set { column32 = UInt32(clamping: newValue) }
    }

    public init(period: Period, value: DecimalNumber, note: String? = nil, source: String? = nil,
                corrections: [Correction] = [], line: Int = 0, column: Int = 0) {
        self.period = period
        self.value = value
        self.extra = Extra.make(note: note, source: source, corrections: corrections)
        self.line = line
        self.column = column
    }

    /// Never changed once made (a change makes a new one): the observation stays a value.
    private final class Extra: Sendable {
        let note: String?
        let source: String?
        let corrections: [Correction]

        private init(note: String?, source: String?, corrections: [Correction]) {
            self.note = note
            self.source = source
            self.corrections = corrections
        }

        /// Nil when there is nothing to keep.
        static func make(note: String?, source: String?, corrections: [Correction]) -> Extra? {
            note == nil && source == nil && corrections.isEmpty ? nil : Extra(note: note, source: source, corrections: corrections)
        }
    }
}

/// Extension: a published value that was later corrected (更正).
public struct Correction: Sendable {
    /// When the value was corrected.
    public var date: Day
    /// The value published before.
    public var previous: DecimalNumber
    public var reason: String?
    /// Where its date is: `date` in the indicator's file, or the
    /// `corrected_on` cell of the data table row that gives it.
    public var location: SourceLocation
    /// The workbook sheet of that cell (its messages name sheet and cell);
    /// nil in YAML and CSV.
    public var sheet: String? = nil
}

public enum Stage: String, Sendable, CaseIterable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case done
    case suspended
}

public struct MilestoneUpdate: Sendable {
    public var date: Day
    public var stage: Stage
    /// 0–100.
    public var percent: DecimalNumber?
    public var note: String?
}

/// One indicator from `content/indicators/*.yaml`.
public struct Indicator: Sendable {
    public var id: String
    public var plan: String
    public var name: String
    public var area: String
    public var kind: IndicatorKind
    public var unit: String?
    /// Quantitative only.
    public var direction: Direction?
    public var target: Target
    public var baseline: Baseline?
    public var owner: String?
    public var section: String?
    public var source: String?
    /// Sorted by period.
    public var observations: [Observation]
    /// Sorted by date.
    public var updates: [MilestoneUpdate]
    /// Where the indicator is defined.
    public var location: SourceLocation
    /// Data tables (paths under content/data) that give it observations,
    /// sorted: its pages show what they hold.
    public var tables: [String] = []
    /// Extension: days after the end of the latest period from which the
    /// data counts as not updated on time; nil: two of its periods.
    public var staleAfter: Int? = nil
    /// Position of `target.by`, for the checks that point at the deadline.
    public var deadlineLocation: SourceLocation? = nil
}

extension Indicator {
    /// The files it is made from: its indicator file, then its data tables.
    var sourceFiles: [String] { Self.sourceFiles(path: location.path, tables: tables) }

    /// `sourceFiles` of an indicator defined in `path` with `tables`.
    static func sourceFiles(path: String, tables: [String]) -> [String] { [path] + tables }
}
