public enum IndicatorKind: String, Sendable {
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
    public var period: Period
    public var value: DecimalNumber
    public var note: String?
    public var source: String?
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
}

extension Indicator {
    /// The files it is made from: its indicator file, then its data tables.
    var sourceFiles: [String] { [location.path] + tables }
}
