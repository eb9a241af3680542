import Foundation
import Testing
@testable import SitegenCore

/// Whole fixture sites against their committed output trees: any byte of
/// any page, chart or data file that changes shows here, by path.
/// `SITEGEN_UPDATE_GOLDEN=1 swift test --filter GoldenSiteTests` rewrites
/// them for review in `git diff`.
@Suite struct GoldenSiteTests {
    @Test(arguments: ["basic"])
    func fixtureBuildsItsGoldenTree(fixture: String) throws {
        let site = try TestSite(fixture: fixture)
        let result = try site.build()
        #expect(result.published, "\(result.diagnostics)")
        try Golden.expectTree(site.output, Repo.fixtures.appendingPathComponent("golden-site/\(fixture)"))
    }

    /// A rebuild after an edit and back gives the golden tree again.
    @Test func aRebuildGivesTheGoldenTreeToo() throws {
        let site = try TestSite(fixture: "basic")
        _ = try site.build()
        let path = "content/indicators/test-plan.yaml"
        let original = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.edit(path) { $0.replacingOccurrences(of: "value: 63.6", with: "value: 64.1") }
        _ = try site.build()
        try site.write(Data(original.utf8), to: path)
        _ = try site.build()
        try Golden.expectTree(site.output, Repo.fixtures.appendingPathComponent("golden-site/basic"))
    }
}
