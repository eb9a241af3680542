/// Every fixed string of the interface, one table per language.
struct InterfaceText: Sendable {
    var lang: String
    var home: String
    var plans: String
    var indicators: String
    var reportingDate: String
    var notice: String
    var statusSummary: String
    var byArea: String
    var byOwner: String
    var byStatus: String
    var total: String
    var toc: String
    var metadata: String
    var indexNo: String
    var topic: String
    var issuer: String
    var written: String
    var docNo: String
    var published: String
    var year: String
    var region: String
    var downloads: String
    var relatedPlans: String
    var externalLinks: String
    var planIndicators: String
    var name: String
    var target: String
    var baseline: String
    var latest: String
    var status: String
    var progress: String
    var period: String
    var value: String
    var note: String
    var source: String
    var area: String
    var owner: String
    var plan: String
    var statedIn: String
    var deadline: String
    var howJudged: String
    var data: String
    var openData: String
    var noData: String
    var anchorLabel: String
    var skipToContent: String
    var breadcrumb: String
    var milestone: String
    var stage: String
    var date: String
    var percent: String
    var updates: String
    var indicatorCount: String
    /// After the number 1 ("1 indicator").
    var indicatorCountOne: String
    /// The home page's link to the plan index.
    var allPlans: String
    var planCount: String
    /// After the number 1 ("1 work plan").
    var planCountOne: String
    /// The home page of a site with no plans yet.
    var nothingPublished: String
    var chartTitle: String
    var sinceLastReport: String
    var statusChanges: String
    var newData: String
    var milestonesReached: String
    var noChanges: String
    var previousReport: String
    var legendObserved: String
    var legendTrajectory: String
    var pagination: String
    /// Government-site additions: page metadata columns, freshness,
    /// corrections and the reading-mode toolbar.
    var gov: GovernmentText = .chinese
    /// The search box, page and results (see `SearchText`).
    var search: SearchText = .chinese
    var statusNames: [Status: String]
    var stageNames: [Stage: String]
    var kindNames: [IndicatorKind: String]
    var words: SentenceWords
    /// "：" or ": " between a label and its value.
    var colon: String
    var openParen: String { lang == "en" ? " (" : "（" }
    var closeParen: String { lang == "en" ? ")" : "）" }

    /// "（x）" in Chinese, " (x)" in English.
    func paren(_ s: String) -> String { lang == "en" ? " (" + s + ")" : "（" + s + "）" }

    func statusName(_ s: Status) -> String { statusNames[s] ?? s.rawValue }
    func stageName(_ s: Stage) -> String { stageNames[s] ?? s.rawValue }

    /// 2022年9月30日 / 30 September 2022.
    func format(_ day: Day) -> String {
        if lang == "en" {
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                          "October", "November", "December"]
            return "\(day.day) \(months[day.month - 1]) \(day.year)"
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        Self.append(day.year, "年", to: &bytes)
        Self.append(day.month, "月", to: &bytes)
        Self.append(day.day, "日", to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `n`'s digits and `word` as UTF-8 (dates on every indicator page
    /// and in every chart: no interpolation for each).
    private static func append(_ n: Int, _ word: StaticString, to bytes: inout [UInt8]) {
        NumberText.appendDigits(Int64(n), minimumCount: 1, to: &bytes)
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// 2022年3月 / March 2022; 2022年第二季度 / Q2 2022.
    func format(_ period: Period) -> String {
        let en = lang == "en"
        switch period.kind {
        case .year: return en ? "\(period.year)" : "\(period.year)年"
        case .quarter:
            if en { return "Q\(period.part) \(period.year)" }
            let quarter: String
            switch period.part {
            case 1: quarter = "一"
            case 2: quarter = "二"
            case 3: quarter = "三"
            default: quarter = "四"
            }
            return "\(period.year)年第" + quarter + "季度"
        case .month:
            if en {
                let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                return "\(months[period.part - 1]) \(period.year)"
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16)
            Self.append(period.year, "年", to: &bytes)
            Self.append(period.part, "月", to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        case .day: return format(period.lastDay)
        }
    }

    /// "indicators" or, after 1, "indicator".
    func indicatorWord(_ count: Int) -> String { count == 1 ? indicatorCountOne : indicatorCount }

    /// "work plans" or, after 1, "work plan".
    func planWord(_ count: Int) -> String { count == 1 ? planCountOne : planCount }

    static func forLanguage(_ language: InterfaceLanguage) -> InterfaceText {
        language == .en ? english : chinese
    }

    static let chinese = InterfaceText(
        lang: "zh-CN", home: "首页", plans: "工作要点", indicators: "指标", reportingDate: "统计截止日期",
        notice: "提示", statusSummary: "指标进展概况", byArea: "按领域", byOwner: "按责任单位", byStatus: "按状态",
        total: "合计", toc: "目录", metadata: "信息公开要素", indexNo: "索引号", topic: "主题分类", issuer: "发布机构",
        written: "成文日期", docNo: "文号", published: "发布日期", year: "年度", region: "地区", downloads: "文件下载",
        relatedPlans: "关联文件", externalLinks: "相关链接", planIndicators: "本文件指标", name: "指标",
        target: "目标", baseline: "基准", latest: "最新值", status: "状态", progress: "进度", period: "时期",
        value: "数值", note: "说明", source: "数据来源", area: "领域", owner: "责任单位", plan: "所属文件",
        statedIn: "出处", deadline: "完成时限", howJudged: "状态是如何判定的", data: "数据", openData: "开放数据",
        noData: "暂无", anchorLabel: "本节链接", skipToContent: "跳到正文", breadcrumb: "当前位置",
        milestone: "里程碑", stage: "阶段", date: "日期", percent: "完成比例", updates: "进展记录",
        indicatorCount: "项指标", indicatorCountOne: "项指标",
        allPlans: "全部工作要点", planCount: "份工作要点", planCountOne: "份工作要点", nothingPublished: "尚未发布工作要点。", chartTitle: "走势图",
        sinceLastReport: "自上次报告以来", statusChanges: "状态有变化的指标", newData: "新增数据",
        milestonesReached: "完成的里程碑任务", noChanges: "无", previousReport: "上次报告时的状态",
        legendObserved: "实际值", legendTrajectory: "计划进度线（从基准到目标的直线）", pagination: "分页", gov: .chinese, search: .chinese,
        statusNames: [.noData: "暂无数据", .achieved: "已完成", .missed: "未完成", .onTrack: "进展顺利",
                      .behind: "进度滞后", .inProgress: "推进中"],
        stageNames: [.notStarted: "未启动", .inProgress: "推进中", .done: "已完成", .suspended: "暂停"],
        kindNames: [.quantitative: "定量指标", .milestone: "里程碑任务"], words: .chinese, colon: "：")

    static let english = InterfaceText(
        lang: "en", home: "Home", plans: "Work plans", indicators: "Indicators", reportingDate: "Reporting date",
        notice: "Notice", statusSummary: "Progress at a glance", byArea: "By area", byOwner: "By responsible unit",
        byStatus: "By status", total: "Total", toc: "Contents", metadata: "Document information", indexNo: "Index number",
        topic: "Subject", issuer: "Issued by", written: "Date written", docNo: "Document number", published: "Published",
        year: "Year", region: "Region", downloads: "Downloads", relatedPlans: "Related documents", externalLinks: "Links",
        planIndicators: "Indicators of this plan", name: "Indicator", target: "Target", baseline: "Baseline",
        latest: "Latest", status: "Status", progress: "Progress", period: "Period", value: "Value", note: "Note",
        source: "Source", area: "Area", owner: "Responsible unit", plan: "Plan", statedIn: "Stated in",
        deadline: "Deadline", howJudged: "How this status was judged", data: "Data", openData: "Open data",
        noData: "none", anchorLabel: "Link to this section", skipToContent: "Skip to content", breadcrumb: "You are here",
        milestone: "Milestone", stage: "Stage", date: "Date", percent: "Percent complete", updates: "Updates",
        indicatorCount: "indicators", indicatorCountOne: "indicator",
        allPlans: "All work plans", planCount: "work plans", planCountOne: "work plan", nothingPublished: "Nothing is published yet.", chartTitle: "Chart",
        sinceLastReport: "Since the last report", statusChanges: "Status changes", newData: "New data",
        milestonesReached: "Milestones reached", noChanges: "None", previousReport: "Status at the last report",
        legendObserved: "Observed", legendTrajectory: "Planned path (a straight line from baseline to target)", pagination: "Pages", gov: .english, search: .english,
        statusNames: [.noData: "No data", .achieved: "Achieved", .missed: "Missed", .onTrack: "On track",
                      .behind: "Behind", .inProgress: "In progress"],
        stageNames: [.notStarted: "Not started", .inProgress: "In progress", .done: "Done", .suspended: "Suspended"],
        kindNames: [.quantitative: "Quantitative", .milestone: "Milestone"], words: .english, colon: ": ")
}
