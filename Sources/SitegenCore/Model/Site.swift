/// The validated site: settings, plans and indicators in site order
/// (plans by slug; each plan's indicators in the order of its files).
public struct Site: Sendable {
    public var config: SiteConfig
    public var plans: [Plan]
    public var indicators: [Indicator]
    /// Files under `content/files`, relative to it, sorted.
    public var files: [String]

    public init(config: SiteConfig, plans: [Plan], indicators: [Indicator], files: [String]) {
        self.config = config
        self.plans = plans
        self.indicators = indicators
        self.files = files
    }
}

public enum InterfaceLanguage: String, Sendable {
    case zhCN = "zh-CN"
    case en
}

/// `content/site.yaml`.
public struct SiteConfig: Sendable {
    public var title: String
    public var organization: String
    public var language: InterfaceLanguage
    /// Absolute URL ending in `/`, or nil.
    public var baseURL: String?
    /// The reporting date from site.yaml, if given.
    public var asOf: Day?
    /// Extension: a notice shown on every page (e.g. "sample data").
    public var notice: String?
    /// The previous reporting date: every indicator is also judged then, and
    /// the pages say what changed since.
    public var compareTo: Day?
    /// The open data's licence (`data_license`): an Open Definition id or a URL.
    public var dataLicense: String?
    /// 政府网站标识码 and the site's domain, for the page metadata.
    public var siteIDCode: String? = nil
    public var siteDomain: String? = nil
    /// A regular expression every plan's `index_no` should match.
    public var indexNoPattern: String? = nil
    /// Where `index_no_pattern` is written, for the warnings it causes.
    public var indexNoPatternLocation: SourceLocation? = nil
    /// Extension (`search`): false makes no search box, script, page or
    /// index (README, Search).
    public var search = true

    public init(title: String, organization: String, language: InterfaceLanguage = .zhCN,
                baseURL: String? = nil, asOf: Day? = nil, notice: String? = nil, compareTo: Day? = nil) {
        self.title = title
        self.organization = organization
        self.language = language
        self.baseURL = baseURL
        self.asOf = asOf
        self.notice = notice
        self.compareTo = compareTo
    }
}
