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

    @Test func leftoverTemporaryTreeIsCleaned() throws {
        let site = try TestSite()
        let leftover = site.root.appendingPathComponent(".public.sitegen-new-99999")
        try FileManager.default.createDirectory(at: leftover.appendingPathComponent("plans"), withIntermediateDirectories: true)
        _ = try site.build()
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        // Only what a build keeps for the next one is left beside the output.
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root.path)
        #expect(names.filter { $0.hasPrefix(".public.sitegen-") } == [".public.sitegen-validation"])
    }

    @Test func rebuildReplacesTheTreeAndDropsStaleFiles() throws {
        let site = try TestSite()
        _ = try site.build()
        try Data("stale".utf8).write(to: site.output.appendingPathComponent("stale.html"))
        _ = try site.build()
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("stale.html").path))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    }

    @Test func sameContentSameBytes() throws {
        let site = try TestSite()
        _ = try site.build()
        let first = site.outputTree()
        setenv("TZ", "Pacific/Kiritimati", 1)
        defer { unsetenv("TZ") }
        _ = try site.build()
        #expect(site.outputTree() == first)
    }

    /// Files are made on every core; the bytes are those of a serial run.
    @Test func parallelBuildGivesTheSerialBytes() throws {
        let site = try TestSite(fixture: nil, files: [:])
        let example = Repo.root.appendingPathComponent("content")
        try FileManager.default.copyItem(at: example, to: site.root.appendingPathComponent("content"))
        var options = site.options
        options.useCache = false
        #expect(try Pipeline.build(options).published)
        let (prepared, _, _) = Pipeline.prepare(options)
        let serial = try #require(prepared).renderer.jobs().map { try #require(prepared).renderer.render($0) }
        let tree = site.outputTree()
        #expect(serial.count > 50)
        for file in serial {
            guard case .text(let text) = file.content else { continue }
            #expect(tree[file.path] == Data(text.utf8), "\(file.path) differs")
        }
    }

    @Test func openDataMatchesGoldenFiles() throws {
        let site = try TestSite()
        _ = try site.build()
        for name in ["indicators.json", "indicators.csv", "observations.csv"] {
            let golden = Repo.fixtures.appendingPathComponent("golden/\(name)")
            let actual = try Data(contentsOf: site.output.appendingPathComponent("data/\(name)"))
            if ProcessInfo.processInfo.environment["SITEGEN_UPDATE_GOLDEN"] != nil { try actual.write(to: golden) }
            #expect(actual == (try Data(contentsOf: golden)), "data/\(name) differs from \(golden.path)")
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
}
