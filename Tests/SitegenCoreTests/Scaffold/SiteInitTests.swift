import Foundation
import Testing
@testable import SitegenCore

/// `sitegen init`: a new site that builds at once.
@Suite struct SiteInitTests {
    /// Runs `body` with the path of a folder not made yet, in a temporary folder removed afterwards.
    static func withNewFolder(_ body: (URL) throws -> Void) throws {
        try withTemporaryFolder("sitegen-init") { try body($0.appendingPathComponent("site")) }
    }

    @Test func aNewSiteBuildsAndSaysNothingIsPublishedYet() throws {
        try Self.withNewFolder { root in
            let written = try SiteInit.write(root: root, display: "site")
            #expect(written == ["content/plans/", "content/indicators/", "content/files/", "content/site.yaml", ".gitignore"])
            #expect(try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8).contains("/public/\n/.public.sitegen*\n"))
            let options = BuildOptions(root: root)
            // check names each blank required field.
            #expect(Pipeline.check(options).diagnostics.map(\.description) == [
                "content/site.yaml:6:1: warning: the required field 'title' of site.yaml is empty: write the site's name (网站名称), such as 'title: 市生态环境局工作要点公开'; until then pages show '（网站名称未填写）'",
                "content/site.yaml:7:1: warning: the required field 'organization' of site.yaml is empty: write who publishes the site (公开主体), such as 'organization: 市生态环境局'; until then pages show '（公开主体未填写）'",
            ])
            let result = try Pipeline.build(options)
            #expect(result.published && result.plans == 0)
            let home = try String(contentsOf: options.output.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(home.contains("<p>尚未发布工作要点。</p>"))
            #expect(!home.contains("plan-list"))
        }
    }

    @Test func filledInItHasNoWarnings() throws {
        try Self.withNewFolder { root in
            _ = try SiteInit.write(root: root, display: "site")
            let url = root.appendingPathComponent("content/site.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: "title:    ", with: "title: 某局")
                .replacingOccurrences(of: "organization:    ", with: "organization: 某局")
                .replacingOccurrences(of: "# language: zh-CN", with: "language: en")
            try Data(text.utf8).write(to: url)
            _ = try Scaffold.write(.plan, slug: "x", root: root)
            let plan = root.appendingPathComponent("content/plans/x.md")
            let filled = try String(contentsOf: plan, encoding: .utf8)
                .replacingOccurrences(of: "title:        #", with: "title: 工作要点 #")
                .replacingOccurrences(of: "issuer:       #", with: "issuer: 某局 #")
                .replacingOccurrences(of: "year:         #", with: "year: 2023 #")
                .replacingOccurrences(of: "published:    #", with: "published: 2023-02-20 #")
            try Data(filled.utf8).write(to: plan)
            let options = BuildOptions(root: root)
            let result = try Pipeline.build(options)
            #expect(result.published && result.diagnostics.isEmpty && result.plans == 1)
            let home = try String(contentsOf: options.output.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(home.contains("· 0 indicators</p>"))
            #expect(home.contains("<p>Total 0 indicators</p>"))
        }
    }

    @Test func neverTouchesAnExistingSite() throws {
        try Self.withNewFolder { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
            #expect(throws: SiteInit.InitError.self) { try SiteInit.write(root: root, display: "site") }
            #expect((try? FileManager.default.contentsOfDirectory(atPath: root.path)) == ["content"])
            #expect(SiteInit.InitError.existingSite("site/content/").description
                == "site/content/ already exists, so this folder already holds a site; sitegen init never touches one (give a new folder: sitegen init DIR)")
        }
    }
}
