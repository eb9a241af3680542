import Foundation

/// `sitegen init [DIR]`: a new site folder. It builds at once (with the
/// built-in theme, a home page saying nothing is published yet) and
/// `sitegen check` names the blanks of site.yaml until they are filled in.
public enum SiteInit {
    public enum InitError: Error, CustomStringConvertible {
        case existingSite(String)

        public var description: String {
            switch self {
            case .existingSite(let p):
                return "\(p) already exists, so this folder already holds a site; sitegen init never touches one (give a new folder: sitegen init DIR)"
            }
        }
    }

    /// Folders made under the site folder.
    public static let folders = ["content/plans", "content/indicators", "content/files"]

    /// Writes the new site into `root`; returns the paths written, relative
    /// to it. `display` is how `root` is named in messages.
    public static func write(root: URL, display: String) throws -> [String] {
        let fm = FileManager.default
        for existing in ["content", "templates"] where fm.fileExists(atPath: root.appendingPathComponent(existing).path) {
            throw InitError.existingSite(display == "." ? existing + "/" : display + "/" + existing + "/")
        }
        var written: [String] = []
        for folder in folders {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            written.append(folder + "/")
        }
        try Data(siteYAML.utf8).write(to: root.appendingPathComponent("content/site.yaml"), options: .withoutOverwriting)
        written.append("content/site.yaml")
        let ignore = root.appendingPathComponent(".gitignore")
        if !fm.fileExists(atPath: ignore.path) {
            try Data(gitignore.utf8).write(to: ignore, options: .withoutOverwriting)
            written.append(".gitignore")
        }
        return written
    }

    /// The output folder and what sitegen keeps beside it (`.public.sitegen*`).
    public static let gitignore = """
        # sitegen: the built site and what sitegen keeps beside it for the next build
        /public/
        /.public.sitegen*

        """

    public static let siteYAML = """
        # 网站设置。带“必填”的字段请填写（sitegen check 会列出空着的必填字段）；
        # 其余字段可选：去掉行首的 # 即可启用。
        # Site settings. Fill in the fields marked 必填 (required; sitegen check names
        # the blank ones); the others are optional: remove the leading # to use one.

        title:            # 必填：网站名称，如 孝感市生态环境局工作要点公开
        organization:     # 必填：公开主体，显示在页头和页脚，如 孝感市生态环境局

        # language: zh-CN                  # 界面语言：zh-CN（默认）或 en
        # base_url: https://example.gov.cn/work-plans/   # 网站的正式地址；有了它才生成 feed.xml 和 sitemap.xml
        # as_of: 2023-03-31                # 统计截止日期 YYYY-MM-DD；默认取最新一条数据的日期
        # compare_to: 2022-12-31           # 上次报告的日期，首页列出此后的变化
        # notice: 本站数据为示例数据。       # 每页顶部显示的提示

        """
}
