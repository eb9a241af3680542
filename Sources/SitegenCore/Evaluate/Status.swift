/// The six statuses of content-format.md, in the order pages list them.
public enum Status: String, Sendable, CaseIterable {
    case achieved
    case onTrack = "on_track"
    case inProgress = "in_progress"
    case behind
    case missed
    case noData = "no_data"
}

/// Which rule of the status table decided, for the "how was this judged" box.
public enum StatusRule: String, Sendable {
    case noObservation
    case targetMet
    case pastDeadline
    case atOrBeyondTrajectory
    case shortOfTrajectory
    case noBaseline
    case milestoneDone
    case milestoneSuspended
    case milestoneInProgress
    case milestoneNotStarted
}

/// An indicator judged at `as_of`.
public struct Evaluation: Sendable {
    public var status: Status
    public var rule: StatusRule
    /// (latest − baseline) / (target − baseline) clamped to 0…1 with a
    /// baseline; a milestone's latest percent / 100; otherwise nil.
    public var progress: Double?
    /// What a progress bar shows (0…1): `progress`, or without a baseline
    /// the latest value against the target.
    public var bar: Double?
    /// Quantitative: the observation of the latest period on or before as_of.
    public var latest: Observation?
    /// Milestone: the latest update on or before as_of.
    public var latestUpdate: MilestoneUpdate?
    /// The straight-line value expected at the end of the latest period.
    public var expected: Double?
    /// Quantitative: the latest figure is more than one reporting interval
    /// late (更新不及时; see `Freshness`).
    public var stale = false
    /// Quantitative: the deadline has passed with no figure for its period,
    /// so the status rests on older data.
    public var deadlineUnreported = false
    /// The status the latest figure gave as first published, when one of
    /// its corrections changed it.
    public var statusBeforeCorrection: Status?
}
