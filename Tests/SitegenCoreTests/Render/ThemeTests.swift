import Foundation
import Testing
@testable import SitegenCore

/// The built-in theme (`BuiltInTheme`) and a site's own files over it (`TemplateSet.load`).
@Suite struct ThemeTests {
    /// A site of the basic fixture without a templates/ folder, plus `files`.
    static func site(_ files: [String: String?] = [:]) throws -> TestSite {
        let site = try TestSite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates"))
        for (path, text) in files {
            if let text { try site.write(Data(text.utf8), to: path) }
        }
        return site
    }

    @Test func theBuiltInThemeIsTheRepositorysTemplatesFolder() throws {
        let repo = TemplateSet.regularFiles(Repo.templates)
        #expect(BuiltInTheme.paths == repo.map(\.0))
        for (path, url) in repo {
            #expect(BuiltInTheme.text(path) == (try String(contentsOf: url, encoding: .utf8)), "\(path)")
        }
    }

    @Test func aSiteWithoutTemplatesBuildsWithTheBuiltInTheme() throws {
        let site = try Self.site()
        let result = try site.build()
        #expect(result.published && result.diagnostics.isEmpty)
        #expect(try site.read("assets/site.css") == BuiltInTheme.text("assets/site.css"))
        #expect(try site.read("index.html").contains("<html lang=\"zh-CN\""))
    }

    @Test func aFileOfTheSiteReplacesOnlyTheBuiltInFileOfTheSameName() throws {
        let builtIn = try Self.site()
        _ = try builtIn.build()
        let site = try Self.site([
            "templates/assets/site.css": "body { color: teal; }\n",
            "templates/partials/progress-table.mustache": "<p class=\"own-table\">{{count}}</p>\n",
        ])
        let result = try site.build()
        #expect(result.published && result.diagnostics.isEmpty)
        #expect(try site.read("assets/site.css") == "body { color: teal; }\n")
        let plan = try site.read("plans/test-plan/index.html")
        #expect(plan.contains("<p class=\"own-table\">"))
        #expect(!plan.contains("<table"))
        // The layout and the other pages are the built-in ones.
        #expect(try site.read("index.html") == (try builtIn.read("index.html")))
        #expect(try site.read("indicators/t-water/index.html") == (try builtIn.read("indicators/t-water/index.html")))
    }

    @Test func aFileTheThemeDoesNotHaveAndNothingUsesIsAWarning() throws {
        let site = try Self.site([
            "templates/partials/footr.mustache": "<footer>x</footer>\n",
            "templates/partials/own.mustache": "<p>own</p>\n",
            "templates/plan.mustache": (try String(contentsOf: Repo.templates.appendingPathComponent("plan.mustache"), encoding: .utf8))
                + "{{> partials/own}}<img src=\"{{root}}assets/logo.png\" alt=\"\">\n",
            "templates/assets/logo.png": "png",
            "templates/assets/unused.png": "png",
            "templates/notes.txt": "notes",
        ])
        let theme = BuiltInTheme.paths.joined(separator: ", ")
        #expect(site.diagnostics() == [
            "templates/assets/unused.png:1:1: warning: not used: the built-in theme has no file assets/unused.png and nothing uses it; "
                + "a file replaces the theme's file of the same name (\(theme))",
            "templates/notes.txt:1:1: warning: ignored: templates end in .mustache, and files to publish as they are go in templates/assets/",
            "templates/partials/footr.mustache:1:1: warning: not used: the built-in theme has no file partials/footr.mustache and nothing uses it; "
                + "a file replaces the theme's file of the same name (\(theme))",
        ])
        #expect(theme == "assets/reading-modes.js, assets/site.css, index.mustache, indicator.mustache, layout.mustache, list.mustache, partials/pagination.mustache, partials/progress-table.mustache, plan.mustache, plans.mustache, search.mustache")
        let result = try site.build()
        #expect(result.published)
        #expect(try site.read("assets/logo.png") == "png")
    }

    @Test func exportWritesTheThemeAndNeverOverwrites() throws {
        try withTemporaryFolder("sitegen-export") { folder in
            let dir = folder.appendingPathComponent("theme")
            let (written, kept) = try BuiltInTheme.export(to: dir)
            #expect(written == BuiltInTheme.paths && kept.isEmpty)
            for (path, text) in BuiltInTheme.files {
                #expect(try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8) == text)
            }
            try Data("mine".utf8).write(to: dir.appendingPathComponent("assets/site.css"))
            try FileManager.default.removeItem(at: dir.appendingPathComponent("plan.mustache"))
            let again = try BuiltInTheme.export(to: dir)
            #expect(again.written == ["plan.mustache"])
            #expect(again.kept == BuiltInTheme.paths.filter { $0 != "plan.mustache" })
            #expect(try String(contentsOf: dir.appendingPathComponent("assets/site.css"), encoding: .utf8) == "mine")
        }
    }
}
