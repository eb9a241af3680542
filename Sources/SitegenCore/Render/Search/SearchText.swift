/// The search box's fixed strings, one table per language. `{count}` and
/// `{shown}` are filled in by the script.
struct SearchText: Sendable, Encodable {
    var title: String
    var label: String
    var placeholder: String
    var results: String
    var plan: String
    var section: String
    var indicator: String
    var inPlan: String
    var latest: String
    var count: String
    var countShown: String
    var none: String
    var noScript: String

    static let chinese = SearchText(
        title: "搜索", label: "搜索", placeholder: "文件、章节或指标，如 饮用水、PM2.5", results: "搜索结果",
        plan: "文件", section: "章节", indicator: "指标", inPlan: "所属文件：", latest: "最新值：",
        count: "找到 {count} 条结果", countShown: "找到 {count} 条结果，显示前 {shown} 条", none: "没有找到结果",
        noScript: "搜索需要浏览器启用 JavaScript。也可以从首页按状态、领域查看指标，或下载开放数据。")

    static let english = SearchText(
        title: "Search", label: "Search", placeholder: "Plans, sections or indicators", results: "Search results",
        plan: "Plan", section: "Section", indicator: "Indicator", inPlan: "Plan: ", latest: "Latest: ",
        count: "{count} results", countShown: "{count} results, the first {shown} shown", none: "No results",
        noScript: "Search needs JavaScript. The home page lists indicators by status and area, and the open data has them all.")
}
