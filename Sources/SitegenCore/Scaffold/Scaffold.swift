import Foundation

/// `sitegen new plan SLUG` and `sitegen new indicators SLUG`: commented
/// skeletons. The blanks are left empty on purpose, so `sitegen check`
/// names each one until the author fills it in.
public enum Scaffold {
    public enum Kind: String, CaseIterable, Sendable {
        case plan
        case indicators
        /// A fill-in sheet (see `FillInSheet`).
        case sheet
    }

    public enum ScaffoldError: Error, CustomStringConvertible {
        case badSlug(String)
        case exists(String)
        case missingPlan(String)
        /// A fill-in sheet lists the plan's indicators, so the site must be
        /// readable: it has errors (the plan's blanks not yet filled in, say).
        case siteHasErrors

        public var description: String {
            switch self {
            case .badSlug(let s): return "'\(s)' is not a slug: use lower-case ASCII letters, digits and '-', e.g. xiaogan-2023"
            case .exists(let p): return "\(p) already exists; sitegen new never overwrites a file"
            case .missingPlan(let p): return "there is no \(p): write the plan first (sitegen new plan SLUG)"
            case .siteHasErrors:
                return "the site has errors, so the plan's indicators cannot be listed: run sitegen check, fix what it names (blanks marked 必填 too), then run this again"
            }
        }
    }

    /// The file to write, relative to the site folder.
    public static func path(_ kind: Kind, slug: String) -> String {
        switch kind {
        case .plan: return "content/plans/\(slug).md"
        case .indicators: return "content/indicators/\(slug).yaml"
        case .sheet: return "content/data/\(slug).csv"
        }
    }

    /// Writes the skeleton; returns its path relative to the site folder.
    public static func write(_ kind: Kind, slug: String, root: URL) throws -> String {
        guard Slug.isValid(slug) else { throw ScaffoldError.badSlug(slug) }
        if kind == .sheet { return try FillInSheet.write(plan: slug, root: root) }
        let relative = path(kind, slug: slug)
        let url = root.appendingPathComponent(relative)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw ScaffoldError.exists(relative) }
        if kind == .indicators {
            let plan = path(.plan, slug: slug)
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(plan).path) else { throw ScaffoldError.missingPlan(plan) }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Without overwriting: never replace a file that appeared meanwhile.
        try Data(text(kind, slug: slug).utf8).write(to: url, options: .withoutOverwriting)
        return relative
    }

    public static func text(_ kind: Kind, slug: String) -> String {
        switch kind {
        case .plan: return plan(slug)
        case .indicators: return indicators(slug)
        case .sheet: return ""  // made from the site: FillInSheet
        }
    }

    static func plan(_ slug: String) -> String {
        """
        ---
        # 工作要点的信息公开要素。带“必填”的字段不能空着；其余不用的行可以删掉。
        # The plan's disclosure data. Fields marked 必填 are required; delete lines you do not use.
        title:        # 必填：文件标题，如 2023年全市生态环境工作要点
        issuer:       # 必填：发布机构，如 孝感市生态环境局
        year:         # 必填：年度，四位数字，如 2023
        published:    # 必填：发布日期 YYYY-MM-DD
        # written: 2023-02-20        # 成文日期
        # index_no: 011043/2023-00001  # 索引号
        # doc_no: 孝环发〔2023〕1号     # 文号
        # topic: 生态环境             # 主题分类
        # region: 湖北省孝感市         # 地区
        # summary: 一两句话的摘要，用于列表和订阅。
        # attachments:                # 文件下载：文件放在 content/files/ 下
        #   - {title: 工作要点（文本）, file: \(slug).pdf}
        ---

        ## 一、总体要求

        正文……

        ## 二、主要目标

        ### （一）具体指标

        正文中写 `[文字](indicator:指标id)` 会链接到该指标，并在旁边显示它的状态。

        ## 三、指标进展

        下面的代码块会换成本文件全部指标的进展表：

        ```indicators
        ```

        """
    }

    static func indicators(_ slug: String) -> String {
        """
        # 《\(slug)》的指标。每个指标一个条目；id 在全站唯一。
        # Indicators of plan \(slug). One entry per indicator; ids are unique across the site.
        plan: \(slug)
        indicators:
          # 定量指标：有数值目标。Quantitative: a number to reach.
          - id: \(slug)-example
            name:              # 必填：指标名称，如 市控断面水质达到或优于Ⅲ类比例
            area:              # 必填：领域，如 水环境
            unit: "%"          # 单位，显示在数值后
            direction: increase   # 必填：increase（越大越好）或 decrease（越小越好）
            target:
              value:           # 必填：目标值，如 69.7
              by:              # 必填：完成时限 YYYY-MM-DD
              # text: 达到69.7%   # 文件中的原文表述
            # baseline: {period: "2022", value: 66.7}   # 基准：时期和数值
            # owner: 水生态环境科      # 责任单位
            # section: 具体指标       # 写明该指标的正文标题
            source:            # 必填：数据来源，如 生态环境质量月报（缺少时 check 警告）
            observations: []   # 观测值：- {period: 2023-03, value: 63.6, note: 一季度}

          # 里程碑任务：按阶段推进。Milestone: a task done in stages.
          # - id: \(slug)-task
          #   name: 完成某方案编制
          #   area: 绿色低碳发展
          #   kind: milestone
          #   target: {by: 2023-12-31}
          #   updates:
          #     - {date: 2023-06-30, stage: in_progress, percent: 40, note: 完成初稿}

        """
    }
}
