import Foundation
import Testing
@testable import SitegenCore

/// What `LiveSite` keeps between updates (evaluations, templates) is used
/// only while what it was made from is unchanged.
@Suite struct LiveSiteTests {
    /// Every file the live site serves is the file a build of the site as it is now writes.
    static func servesWhatABuildWrites(_ live: LiveSite, _ site: TestSite) throws {
        var options = site.options
        options.output = site.root.appendingPathComponent("fresh")
        options.workspace = BuildOptions.workspace(beside: options.output)
        #expect(try Pipeline.build(options).published)
        let built = TestSite.tree(options.output)
        #expect(built.count > 10)
        for (path, bytes) in built {
            let served = try #require(live.response(path.split(separator: "/").map(String.init)), "\(path)")
            #expect(served.body == bytes, "\(path)")
        }
    }

    /// A figure changed in an indicator file: the indicator is judged again
    /// (its status, the plan's table, the lists and the open data change).
    @Test func aChangedFigureIsJudgedAgain() throws {
        let site = try TestSite()
        let live = LiveSite(options: site.options)
        #expect(live.update().published)
        #expect(live.response(["indicators", "t-water"]) != nil)
        let path = "content/indicators/test-plan.yaml"
        try site.edit(path) { $0.replacingOccurrences(of: "value: 66.7, note", with: "value: 99.9, note") }
        #expect(live.update([path]).published)
        #expect(!live.readEverything)
        try Self.servesWhatABuildWrites(live, site)
    }

    /// A template changed: the next update (which reads everything) loads the templates again.
    @Test func aChangedTemplateIsLoadedAgain() throws {
        let site = try TestSite()
        let layout = try #require(BuiltInTheme.text("layout.mustache"))
        try site.write(Data(layout.utf8), to: "templates/layout.mustache")
        let live = LiveSite(options: site.options)
        #expect(live.update().published)
        try site.write(Data((layout + "<!-- edited layout -->\n").utf8), to: "templates/layout.mustache")
        #expect(live.update(["content/plans/test-plan.md"]).published)
        #expect(!live.readEverything)
        #expect(live.update(nil).published)
        let home = try #require(live.response([]))
        #expect(String(decoding: home.body, as: UTF8.self).contains("<!-- edited layout -->"))
        try Self.servesWhatABuildWrites(live, site)
    }
}
