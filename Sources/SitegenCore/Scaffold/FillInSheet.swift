import Foundation

/// `sitegen new sheet PLAN`: `content/data/PLAN.csv`, a 月报 table to fill
/// in: the plan's quantitative indicators (id, name, unit) and one empty
/// column per month of the plan's year. UTF-8 with BOM and CRLF, so Excel
/// and WPS open it right; saved back in either encoding, it builds.
public enum FillInSheet {
    /// The sheet's text for `plan`.
    static func text(_ plan: Plan, _ indicators: [Indicator]) -> String {
        let months = (1...12).map { "\(plan.year)年\($0)月" }
        var lines = [(["指标编号", "指标名称", "单位"] + months).joined(separator: ",")]
        for i in indicators where i.plan == plan.slug && i.kind == .quantitative {
            let cells = [i.id, i.name, i.unit ?? ""].map(Escape.csv) + Array(repeating: "", count: 12)
            lines.append(cells.joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Reads and checks the site, then writes the sheet; never overwrites.
    public static func write(plan slug: String, root: URL) throws -> String {
        let path = Scaffold.path(.sheet, slug: slug)
        let url = root.appendingPathComponent(path)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw Scaffold.ScaffoldError.exists(path) }
        let (raw, _) = SiteLoader.load(root: root)
        let (site, _) = SiteValidator.validate(raw)
        let planPath = Scaffold.path(.plan, slug: slug)
        guard raw.planFiles.contains(where: { $0.path == planPath }) else { throw Scaffold.ScaffoldError.missingPlan(planPath) }
        guard let site, let plan = site.plans.first(where: { $0.slug == slug }) else { throw Scaffold.ScaffoldError.siteHasErrors }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text(plan, site.indicators).utf8).write(to: url, options: .withoutOverwriting)
        return path
    }
}
