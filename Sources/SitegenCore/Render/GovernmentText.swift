/// The interface strings of the government-site features: page metadata
/// columns, data freshness, corrections and the reading modes.
struct GovernmentText: Sendable {
    /// ColumnName and ColumnType of the home page, plan pages and the
    /// indicator and list pages.
    var homeColumn: String
    var homeColumnType: String
    var planColumnType: String
    var dataColumn: String
    var dataColumnType: String
    /// 更新不及时, and "data up to {period}".
    var stale: String
    var dataThrough: String
    var staleExplanation: String
    var deadlineUnreported: String
    /// 已更正 and its parts.
    var corrected: String
    var correctedOn: String
    var previousValue: String
    var reason: String
    var corrections: String
    var correctionChangedStatus: String
    /// The reading-mode toolbar.
    var readingModes: String
    var largeText: String
    var standardText: String
    var highContrast: String

    static let chinese = GovernmentText(
        homeColumn: "首页", homeColumnType: "首页", planColumnType: "规划计划", dataColumn: "指标进展", dataColumnType: "统计数据",
        stale: "更新不及时", dataThrough: "数据截至{period}", staleExplanation: "最新数据为{period}，超过一个报告周期未更新，更新不及时",
        deadlineUnreported: "完成时限已过，尚无完成时限所在时期的数据，状态依据的是较早的数据",
        corrected: "已更正", correctedOn: "更正日期", previousValue: "原值", reason: "更正原因", corrections: "数据更正",
        correctionChangedStatus: "该数据经更正，按原值判定为“{status}”",
        readingModes: "阅读模式", largeText: "大字", standardText: "标准", highContrast: "高对比度")

    static let english = GovernmentText(
        homeColumn: "Home", homeColumnType: "Home", planColumnType: "Plans", dataColumn: "Indicator progress", dataColumnType: "Statistics",
        stale: "Not updated on time", dataThrough: "Data up to {period}",
        staleExplanation: "The latest data is for {period}, more than one reporting interval ago: not updated on time",
        deadlineUnreported: "The deadline has passed with no data for its period: the status rests on older data",
        corrected: "Corrected", correctedOn: "Corrected on", previousValue: "Previous value", reason: "Reason", corrections: "Corrections",
        correctionChangedStatus: "This figure was corrected; the value first published gave “{status}”",
        readingModes: "Reading mode", largeText: "Large text", standardText: "Standard", highContrast: "High contrast")
}
