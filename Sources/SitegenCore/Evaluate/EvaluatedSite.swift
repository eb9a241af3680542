/// Everything the render stage needs, already judged.
public struct EvaluatedSite: Sendable {
    public var site: Site
    public var asOf: Day?
    /// Aligned with `site.indicators`.
    public var evaluations: [Evaluation]
    /// With `compare_to`: every indicator judged at that date, aligned too.
    public var previous: [Evaluation]? = nil
    public var changes: ReportChanges? = nil
}
