import Foundation
import Testing
@testable import SitegenCore

/// A listed plan file whose text cannot be taken is still a plan there:
/// its one error says why and what to do, and the indicator file and plan
/// that name it get no "does not exist" error, whichever way the site is
/// loaded (`build`, `check` before and after a build, `serve`'s load).
@Suite struct UnreadableFileTests {
    let locked = "content/plans/locked.md"

    /// Adds to `site` (the basic fixture) a plan `locked` made of
    /// `lockedFiles`, which an indicator file and the other plan's
    /// `related` name. The suite runs as root, which reads a file whatever
    /// its mode: a folder named like a plan file is what cannot be read here.
    func addLocked(to site: TestSite, _ lockedFiles: [String: String] = ["content/plans/locked.md/notes.txt": "not a plan\n"]) throws {
        for (path, text) in lockedFiles { try site.write(Data(text.utf8), to: path) }
        try site.write(Data("""
            plan: locked
            indicators:
              - {id: l-one, name: 锁定指标, area: 大气环境, unit: 天, direction: decrease,
                 target: {value: 5, by: 2022-12-31}, observations: [{period: 2022-06, value: 7}]}
            """.utf8), to: "content/indicators/locked.yaml")
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "attachments:", with: "related: [locked]\nattachments:") }
    }

    var folderError: String {
        "\(locked):1:1: error: this is a folder, not a file: give it a name without '.md', or move it out of content/plans"
    }

    @Test func aFolderNamedLikeAPlanIsOneErrorInCheckAndBuild() throws {
        let site = try TestSite()
        try addLocked(to: site)
        #expect(site.errors() == [folderError])
        let built = try site.build()
        #expect(!built.published)
        #expect(built.diagnostics.filter { $0.severity == .error }.map(\.description) == [folderError])
    }

    /// With a build's results to look up, `check` reads (and hashes) every
    /// file as it loads the site: the folder is the same one error. A file
    /// that cannot be read has no hash to key a result by: the build that
    /// finds it keeps nothing of it for the next.
    @Test func aFolderNamedLikeAPlanIsOneErrorAfterABuild() throws {
        let site = try TestSite()
        #expect(try site.build().published)
        try addLocked(to: site)
        #expect(!ValidationCache.read(site.state.validation, tool: site.options.tool).isEmpty)
        #expect(site.errors() == [folderError])
        #expect(try site.build().diagnostics.filter { $0.severity == .error }.map(\.description) == [folderError])
        let cache = ValidationCache.read(site.state.validation, tool: site.options.tool)
        let files = ValidationCache.filesHash(SiteLoader.load(root: site.root).0.files)
        #expect(cache.payload(locked, key: ValidationCache.planKey(SourceFile(path: locked, text: ""), files: files)) == nil)
    }

    /// An indicator file is read the same way: a folder named like one is an error, not passed over.
    @Test func aFolderNamedLikeAnIndicatorFileIsAnError() throws {
        let site = try TestSite(files: ["content/indicators/old.yaml/notes.txt": "not indicators\n"])
        #expect(site.errors() == [
            "content/indicators/old.yaml:1:1: error: this is a folder, not a file: give it a name without '.yaml', or move it out of content/indicators",
        ])
    }

    /// `serve` keeps every text from the load (`keepText`): a plan file that
    /// is not text is listed with its problem there too, as in a build.
    @Test func aPlanThatIsNotTextIsAPlanInEveryLoad() throws {
        let site = try TestSite()
        try addLocked(to: site, [locked: "---\ntitle: \u{0}\n---\n"])
        let nul = "\(locked):2:8: error: file contains a NUL character; is it a text file?"
        #expect(site.errors() == [nul])
        let (raw, problems) = SiteLoader.load(root: site.root)
        #expect(raw.planFiles.map(\.path).contains(locked) && problems.isEmpty)
        #expect(SiteValidator.validate(raw).1.filter { $0.severity == .error }.map(\.description) == [nul])
    }

    /// `serve` checks a file that is not text again on each update: its
    /// problem follows the file (a file without a hash has no key to
    /// remember its result by).
    @Test func serveReportsANotTextFilesNewProblem() throws {
        let site = try TestSite()
        let live = try LiveSiteTests.served(site)
        let plan = "content/plans/test-plan.md"
        func errors() -> [String] {
            live.update([plan]).diagnostics.filter { $0.severity == .error }.map(\.description)
        }
        try site.write(Data("---\ntitle: \u{0}\n---\n".utf8), to: plan)
        #expect(errors() == ["\(plan):2:8: error: file contains a NUL character; is it a text file?"])
        try site.write(Data("---\ntitle: x\n---\n\nbody \u{0}\n".utf8), to: plan)
        #expect(errors() == ["\(plan):5:6: error: file contains a NUL character; is it a text file?"])
    }

    /// A file that is there but cannot be read (no permission) is told how to fix it.
    @Test func aFileThatCannotBeReadSaysHowToLetItBeRead() throws {
        let site = try TestSite()
        let plan = "content/plans/test-plan.md", url = site.root.appendingPathComponent(plan)
        #expect(SiteLoader.unreadable(plan, at: url).description
            == "\(plan):1:1: error: file cannot be read: let the user who runs sitegen read it (for example chmod a+r \(plan))")
    }
}
