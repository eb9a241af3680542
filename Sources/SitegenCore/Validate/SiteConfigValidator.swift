import Foundation

/// site.yaml → SiteConfig.
enum SiteConfigValidator {
    static let fields = ["title", "organization", "language", "base_url", "as_of", "notice", "compare_to", "data_license",
                         "site_id_code", "site_domain", "index_no_pattern", "search"]

    static func validate(_ doc: YAMLDocument?, diagnostics: inout [Diagnostic]) -> SiteConfig? {
        guard let doc else { return nil }
        guard let r = MappingReader(doc.root, in: doc, what: "site.yaml", allowed: fields, diagnostics: &diagnostics) else { return nil }
        let language = r.choice("language", InterfaceLanguage.self, allowed: [.zhCN, .en], &diagnostics) ?? .zhCN
        // Left blank, as `sitegen init` writes them: a warning, so a new
        // site builds at once and shows what to fill in.
        func required(_ key: String, _ shown: String) -> String? {
            guard let at = r.blankKey(key) else { return r.string(key, required: true, &diagnostics) }
            diagnostics.append(.warning(at, "the required field '\(key)' of site.yaml is empty: "
                + (MappingReader.whatToWrite("site.yaml", key) ?? "fill it in") + "; until then pages show '\(shown)'"))
            return shown
        }
        let en = language == .en
        let title = required("title", en ? "(site title not filled in)" : "（网站名称未填写）")
        let organization = required("organization", en ? "(organization not filled in)" : "（公开主体未填写）")
        var baseURL = r.string("base_url", &diagnostics)
        if let url = baseURL {
            if URLPolicy.isAbsoluteWeb(url) {
                if !url.hasSuffix("/") { baseURL = url + "/" }
            } else {
                diagnostics.append(.error(r.location("base_url"), "base_url must be an absolute http or https URL such as https://example.gov.cn/, got '\(url)'"))
                baseURL = nil
            }
        }
        let asOf = r.day("as_of", &diagnostics)
        let notice = r.string("notice", &diagnostics)
        var compareTo = r.day("compare_to", &diagnostics)
        if let previous = compareTo, let asOf, previous >= asOf {
            diagnostics.append(.error(r.location("compare_to"),
                "compare_to (\(previous)) must be an earlier date than as_of (\(asOf)): it is the previous report's date"))
            compareTo = nil
        }
        guard let title, let organization else { return nil }
        var config = SiteConfig(title: title, organization: organization, language: language,
                                baseURL: baseURL, asOf: asOf, notice: notice, compareTo: compareTo)
        config.dataLicense = dataLicense(r, &diagnostics)
        config.search = r.flag("search", &diagnostics) ?? true
        readGovernmentFields(r, into: &config, &diagnostics)
        return config
    }

    static func dataLicense(_ r: MappingReader, _ diagnostics: inout [Diagnostic]) -> String? {
        guard let license = r.string("data_license", &diagnostics) else { return nil }
        guard DataPackage.isValidLicense(license) else {
            diagnostics.append(.error(r.location("data_license"),
                "data_license must be a licence id such as CC-BY-4.0 or an http(s) URL of the licence, got '\(license)'"))
            return nil
        }
        return license
    }

    /// `site_id_code`, `site_domain` (page metadata) and `index_no_pattern`.
    static func readGovernmentFields(_ r: MappingReader, into config: inout SiteConfig, _ diagnostics: inout [Diagnostic]) {
        if let code = r.string("site_id_code", &diagnostics) {
            if code.utf8.count == 10, code.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) {
                config.siteIDCode = code
            } else {
                diagnostics.append(.error(r.location("site_id_code"),
                    "site_id_code must be the site's 10-character 政府网站标识码 (letters and digits, e.g. 4209000012), got '\(code)'"))
            }
        }
        if let domain = r.string("site_domain", &diagnostics) {
            if domain.contains("/") || domain.contains(" ") || domain.contains(":") {
                diagnostics.append(.error(r.location("site_domain"),
                    "site_domain must be a domain name such as www.example.gov.cn (no scheme, port or path), got '\(domain)'"))
            } else {
                config.siteDomain = domain
            }
        }
        if let pattern = r.string("index_no_pattern", &diagnostics) {
            do {
                _ = try NSRegularExpression(pattern: pattern)
                config.indexNoPattern = pattern
                config.indexNoPatternLocation = r.location("index_no_pattern")
            } catch {
                diagnostics.append(.error(r.location("index_no_pattern"),
                    "index_no_pattern is not a valid regular expression: '\(pattern)'; write it as in ICU/NSRegularExpression, e.g. '^\\d{9}/\\d{4}-\\d{5}$' in single quotes"))
            }
        }
    }
}
