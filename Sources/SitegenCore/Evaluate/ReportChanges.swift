/// What changed between the previous report (`compare_to`) and this one
/// (`as_of`). Indices point into `site.indicators`.
public struct ReportChanges: Sendable {
    public struct StatusChange: Sendable, Equatable {
        public var index: Int
        public var from: Status
        public var to: Status
    }

    public struct NewObservation: Sendable {
        public var index: Int
        public var observation: Observation
    }

    public struct NewUpdate: Sendable {
        public var index: Int
        public var update: MilestoneUpdate
    }

    public var from: Day
    public var to: Day
    /// Indicators whose status at `to` differs from their status at `from`.
    public var statusChanges: [StatusChange] = []
    /// Observations of periods that end after `from`, on or before `to`.
    public var newObservations: [NewObservation] = []
    /// Milestone updates dated after `from`, on or before `to`.
    public var newUpdates: [NewUpdate] = []
    /// Milestones done at `to` that were not done at `from`.
    public var milestonesReached: [Int] = []

    public var isEmpty: Bool {
        statusChanges.isEmpty && newObservations.isEmpty && newUpdates.isEmpty && milestonesReached.isEmpty
    }

    /// `previous` and `current` are aligned with `indicators`.
    public static func compute(_ indicators: [Indicator], previous: [Evaluation], current: [Evaluation],
                               from: Day, to: Day) -> ReportChanges {
        var changes = ReportChanges(from: from, to: to)
        for (index, indicator) in indicators.enumerated() where index < previous.count && index < current.count {
            let before = previous[index], now = current[index]
            if before.status != now.status {
                changes.statusChanges.append(StatusChange(index: index, from: before.status, to: now.status))
            }
            for o in indicator.observations where o.period.lastDay > from && o.period.lastDay <= to {
                changes.newObservations.append(NewObservation(index: index, observation: o))
            }
            for u in indicator.updates where u.date > from && u.date <= to {
                changes.newUpdates.append(NewUpdate(index: index, update: u))
            }
            if indicator.kind == .milestone, now.status == .achieved, before.status != .achieved {
                changes.milestonesReached.append(index)
            }
        }
        return changes
    }
}
