import Foundation
import Testing
@testable import SitegenCore

@Suite struct PublishTests {
    @Test func failedBuildLeavesPublicByteIdentical() throws {
        let site = try TestSite()
        let first = try site.build()
        #expect(first.published)
        let before = site.outputTree()
        #expect(!before.isEmpty)
        try site.write(Data("plan: nope\nindicators: []\n".utf8), to: "content/indicators/bad.yaml")
        let second = try site.build()
        #expect(!second.published)
        #expect(site.outputTree() == before)
    }

    @Test func leftoversAreCleanedAndThePublishedTreeHoldsOnlyTheSite() throws {
        let site = try TestSite()
        // A tree left by a killed build, and what an older sitegen kept beside the output.
        let staging = site.state.folder.appendingPathComponent("new")
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("plans"), withIntermediateDirectories: true)
        let legacy = site.root.appendingPathComponent(".public.sitegen-new-99999")
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: true)
        _ = try site.build()
        _ = try site.build(edit: "content/plans/test-plan.md")
        #expect(!FileManager.default.fileExists(atPath: staging.path))
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root.path)
        #expect(names.filter { $0.hasPrefix(".public") } == [".public.sitegen"])
        // Nothing of sitegen's own in what a deploy uploads.
        #expect(site.outputTree().keys.filter { $0.hasPrefix(".") || $0.contains("/.") } == [])
        let kept = try FileManager.default.contentsOfDirectory(atPath: site.state.folder.path).sorted()
        #expect(kept == ["data-parts", "lock", "record", "search-postings", "spare", "spare-record", "stamps", "validation"])
    }

    @Test func deletingTheStateOnlyMakesTheNextBuildSlower() throws {
        let site = try TestSite()
        _ = try site.build()
        let before = site.outputTree()
        try FileManager.default.removeItem(at: site.state.folder)
        let again = try site.build()
        #expect(again.published && !again.unchanged && again.reused == 0)
        #expect(site.outputTree() == before)
    }

    @Test func rebuildReplacesTheTreeAndDropsStaleFiles() throws {
        let site = try TestSite()
        _ = try site.build()
        try Data("stale".utf8).write(to: site.output.appendingPathComponent("stale.html"))
        _ = try site.build()
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("stale.html").path))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    }

    /// Another time zone and locale, in another process (the environment
    /// is not touched here: tests run in parallel), and no cache: the same bytes.
    @Test func sameContentSameBytesInAnyTimeZoneAndLocale() throws {
        let site = try TestSite()
        _ = try site.build()
        let other = site.root.appendingPathComponent("elsewhere")
        let r = try CLITests.run(["build", site.root.path, "--output", other.path, "--no-cache", "--quiet"],
                                 environment: ["TZ": "Pacific/Kiritimati", "LC_ALL": "tr_TR.UTF-8", "LANG": "ar_EG.UTF-8"])
        #expect(r.status == 0, "\(r.stderr)")
        let there = TestSite.tree(other)
        #expect(!there.isEmpty)
        #expect(there == site.outputTree())
    }

    /// Files are made on every core; the bytes are those of a serial run.
    @Test func parallelBuildGivesTheSerialBytes() throws {
        let site = try TestSite.example()
        var options = site.options
        options.useCache = false
        #expect(try Pipeline.build(options).published)
        let (prepared, _) = Pipeline.prepare(options)
        let serial = try #require(prepared).renderer.jobs().map { try #require(prepared).renderer.render($0) }
        let tree = site.outputTree()
        #expect(serial.count > 50)
        for file in serial {
            guard let text = file.content.madeText else { continue }
            #expect(tree[file.path] == Data(text.utf8), "\(file.path) differs")
        }
    }

    @Test func openDataMatchesGoldenFiles() throws {
        let site = try TestSite()
        _ = try site.build()
        for name in ["indicators.json", "indicators.csv", "observations.csv"] {
            try Golden.expect(try Data(contentsOf: site.output.appendingPathComponent("data/\(name)")),
                              Repo.fixtures.appendingPathComponent("golden/\(name)"))
        }
    }

    @Test func cjkBoldAndEscapedNoticeOnPages() throws {
        let site = try TestSite()
        _ = try site.build()
        let plan = try site.read("plans/test-plan/index.html")
        #expect(plan.contains("<strong>推进碳达峰行动。</strong>制定方案。"))
        #expect(plan.contains("<h2 id=\"一目标任务\">"))
        #expect(plan.contains("示例数据 &lt;仅供测试&gt; &amp; &quot;引号&quot;"))
        #expect(!plan.contains("<仅供测试>"))
    }
    /// A new tree gets the folders of `ahead` from a worker of their own
    /// (here one file's folder, `only/`, that no write makes); a recycled
    /// tree gets none made ahead (it has them, and keeps most of its files).
    @Test func aNewTreeHasItsFoldersMadeAheadARecycledOneNot() throws {
        try withTemporaryFolder("publish-ahead") { root in
            for recycled in [false, true] {
                let workspace = root.appendingPathComponent(recycled ? "w-recycled" : "w-new")
                let output = root.appendingPathComponent(recycled ? "recycled" : "new")
                var tree = try Publisher.freshTree(in: workspace)
                tree.recycled = recycled
                let files: [OutputFile] = [.text("index.html", "home"), .text("a/b/page.html", "page")]
                try Publisher.publish(tree, count: files.count, to: output, ahead: { files.map(\.path) + ["only/x.html"] }) { i, writer in
                    writer.write(files[i])
                }
                #expect(try String(contentsOf: output.appendingPathComponent("a/b/page.html"), encoding: .utf8) == "page")
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("only").path) == !recycled, "recycled: \(recycled)")
            }
        }
    }
}
