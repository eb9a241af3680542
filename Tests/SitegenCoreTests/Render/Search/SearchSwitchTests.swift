import Foundation
import Testing
@testable import SitegenCore

/// site.yaml `search: false` (default true) leaves search out: no script
/// or box on any page, no `search/` folder, no postings memo; every other
/// byte the same as with search.
@Suite struct SearchSwitchTests {
    static let siteYAML = "title: 测试站点\norganization: 测试局\nas_of: 2022-09-30\nbase_url: https://example.org/\n"

    static func site(_ search: String?, files: [String: String?] = [:]) throws -> TestSite {
        let yaml = siteYAML + (search.map { "search: \($0)\n" } ?? "")
        return try TestSite(files: files.merging(["content/site.yaml": yaml]) { _, new in new })
    }

    /// The tree with search as it would be without: search's files gone,
    /// the script's line out of every page, the search page out of the sitemap.
    static func withoutSearch(_ tree: [String: Data]) -> [String: Data] {
        var result: [String: Data] = [:]
        for (path, data) in tree where !path.hasPrefix("search/") {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let kept = lines.filter { !$0.hasSuffix("search/search.js\" defer></script>") && !$0.contains("example.org/search/</loc>") }
            result[path] = kept.count == lines.count ? data : Data(kept.joined(separator: "\n").utf8)
        }
        return result
    }

    @Test func searchOffLeavesOutEverySearchPartAndNothingElse() throws {
        let on = try Self.site(nil), off = try Self.site("false")
        #expect(try on.build().published && off.build().published)
        let onTree = on.outputTree(), offTree = off.outputTree()
        #expect(onTree.keys.contains("search/search.js") && onTree.keys.contains("search/index.html"))
        #expect(!offTree.keys.contains { $0.hasPrefix("search/") })
        #expect(offTree.filter { $0.key.hasSuffix(".html") }.allSatisfy { !String(decoding: $0.value, as: UTF8.self).contains("search.js") })
        #expect(Self.withoutSearch(onTree) == offTree)
        #expect(Self.withoutSearch(onTree) != onTree)
        // No postings memo is read or written.
        #expect(FileManager.default.fileExists(atPath: on.state.searchPostings.path))
        #expect(!FileManager.default.fileExists(atPath: off.state.searchPostings.path))
    }

    @Test func searchTrueIsTheDefault() throws {
        let absent = try Self.site(nil), on = try Self.site("true")
        #expect(try absent.build().published && on.build().published)
        // The site.yaml differs by its line only; no page shows it.
        #expect(absent.outputTree() == on.outputTree())
        #expect(on.outputTree().keys.contains("search/search.js"))
    }

    @Test func turningSearchOffAndOnAgainRebuildsWhatAFreshBuildGives() throws {
        let site = try Self.site(nil), off = try Self.site("false")
        #expect(try site.build().published && off.build().published)
        try site.edit("content/site.yaml") { $0 + "search: false\n" }
        #expect(try site.build().published)
        #expect(site.outputTree() == off.outputTree())
        try site.edit("content/site.yaml") { $0.replacingOccurrences(of: "search: false\n", with: "") }
        #expect(try site.build().published)
        let fresh = try Self.site(nil)
        #expect(try fresh.build().published)
        #expect(site.outputTree() == fresh.outputTree())
    }

    @Test func aValueOtherThanTrueOrFalseIsAnError() throws {
        for (value, got) in [("no", "the text 'no'"), ("\"false\"", "the quoted text 'false'"), ("[a]", "a list"), ("0", "the text '0'")] {
            let site = try Self.site(value)
            #expect(site.errors() == ["content/site.yaml:5:9: error: search must be true or false, written without quotes, got \(got)"])
            #expect(try !site.build().published)
        }
        #expect(try Self.site("FALSE").errors() == [] && Self.site("True").errors() == [])
    }

    @Test func aLayoutLoadingTheScriptWithSearchOffIsWarned() throws {
        let layout = try String(contentsOf: Repo.templates.appendingPathComponent("layout.mustache"), encoding: .utf8)
            .replacingOccurrences(of: "{{#search}}", with: "").replacingOccurrences(of: "{{/search}}", with: "")
        let line = layout.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("search/search.js") }.map { $0 + 1 } ?? 0
        let off = try Self.site("false", files: ["templates/layout.mustache": layout])
        #expect(off.warnings() == ["templates/layout.mustache:\(line):22: warning: site.yaml has search: false, but the layout still loads "
            + "search/search.js, which is not made; put the script's line inside {{#search}}…{{/search}} as the built-in layout does"])
        // With search on, or with the built-in layout, nothing is said.
        #expect(try Self.site(nil, files: ["templates/layout.mustache": layout]).warnings() == [])
        #expect(try Self.site("false").warnings() == [])
    }

    /// The warning asks Mustache where the script is printed with search
    /// off, not the layout's lines: after `{{/search}}` on the same line,
    /// in `{{^search}}`, in a partial, in other sections shown or
    /// inverted, however nested, but not inside `{{#search}}` (in a partial too) or in a
    /// comment; a layout whose partials include themselves is not looked at.
    @Test func theWarningFollowsTheTemplatesSections() throws {
        let script = #"<script src="{{root}}search/search.js" defer></script>"#
        let partial = "templates/partials/search-script.mustache"
        let cases: [(lines: String, partial: String?, warned: [String])] = [
            (#"{{#search}}<meta name="x">{{/search}}"# + script, nil, ["templates/layout.mustache:9:59"]),
            ("{{^search}}" + script + "{{/search}}", nil, ["templates/layout.mustache:9:33"]),
            ("{{> partials/search-script}}", script + "\n", ["\(partial):1:22"]),
            ("{{#search}}{{> partials/search-script}}{{/search}}", script + "\n", []),
            ("{{#search}}" + script + "{{/search}}{{! search/search.js }}", nil, []),
            ("{{#notice}}" + script + "{{/notice}}", nil, ["templates/layout.mustache:9:33"]),
            ("{{^notice}}" + script + "{{/notice}}", nil, ["templates/layout.mustache:9:33"]),
            ("{{#notice}}{{#search}}" + script + "{{/search}}{{/notice}}", nil, []),
            // Sections nested, shown and inverted: only {{#search}} hides the script.
            ("{{#notice}}{{^ other }}" + script + "{{/other}}{{/notice}}", nil, ["templates/layout.mustache:9:45"]),
            ("{{^notice}}{{#other}}" + script + "{{/other}}{{/notice}}", nil, ["templates/layout.mustache:9:43"]),
            ("{{^notice}}{{#search}}" + script + "{{/search}}{{/notice}}", nil, []),
            // A partial that includes itself is not rendered without the page's data (it might never stop).
            ("{{> partials/search-script}}", script + "{{#children}}{{> partials/search-script}}{{/children}}\n", []),
        ]
        let builtIn = try String(contentsOf: Repo.templates.appendingPathComponent("layout.mustache"), encoding: .utf8)
        let original = "{{#search}}" + script + "\n{{/search}}"
        #expect(builtIn.components(separatedBy: original).count == 2)
        for (lines, partialText, warned) in cases {
            let layout = builtIn.replacingOccurrences(of: original, with: lines + "\n")
            let site = try Self.site("false", files: ["templates/layout.mustache": layout, partial: partialText])
            #expect(site.warnings() == warned.map { $0 + ": warning: site.yaml has search: false, but the layout still loads "
                + "search/search.js, which is not made; put the script's line inside {{#search}}…{{/search}} as the built-in layout does" },
                "\(lines)")
        }
    }
}
