import Foundation
import Testing
@testable import SitegenCore

/// The shipped example site in content/.
@Suite struct ExampleSiteTests {
    /// Its one warning is the stale indicator it shows on purpose.
    @Test func buildsWithoutErrorsAndWarnsOnlyOfTheStaleIndicator() throws {
        let result = Pipeline.check(BuildOptions(root: Repo.root))
        #expect(result.diagnostics.map(\.description) == [
            "content/indicators/xiaogan-2022.yaml:138:18: warning: indicator 'xg-medical-waste-disposal' is not updated on time (更新不及时): its latest figure is for 2022-06, and at as_of 2022-09-30 the next is more than one reporting interval late; add the figures since, or set stale_after (days) if it is reported less often"])
        #expect(result.plans == 2)
    }

    @Test func everyPlanHasEnoughIndicatorsAndAllStatusesOccur() throws {
        let (raw, _) = SiteLoader.load(root: Repo.root)
        let (site, _) = SiteValidator.validate(raw)
        let evaluated = Evaluator.evaluate(try #require(site))
        for plan in evaluated.site.plans {
            let mine = evaluated.site.indicators.filter { $0.plan == plan.slug }
            #expect(mine.count >= 8, "\(plan.slug)")
            #expect(mine.filter { $0.kind == .milestone }.count >= 4, "\(plan.slug)")
        }
        #expect(Set(evaluated.evaluations.map(\.status)) == Set(Status.allCases))
    }

    /// Each plan holds all of its seed's Han characters, in order.
    @Test(arguments: [("000_2692d464a5bc75fb.txt", "xiaogan-2022.md"), ("003_5d890b7a94186567.txt", "guangxi-2022.md")])
    func planHoldsTheWholeSeed(seed: String, plan: String) throws {
        let seedURL = Repo.shared.appendingPathComponent("seeds/\(seed)")
        // shared/ is beside the repository wherever the tests run (CI too): its absence is a failure.
        let seedText = try String(contentsOf: seedURL, encoding: .utf8)
        let planText = try String(contentsOf: Repo.root.appendingPathComponent("content/plans/\(plan)"), encoding: .utf8)
        func han(_ s: String) -> [Unicode.Scalar] { s.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }
        var remaining = han(planText)[...]
        var missing = 0
        for c in han(seedText) {
            if let i = remaining.firstIndex(of: c) { remaining = remaining[(i + 1)...] } else { missing += 1 }
        }
        #expect(missing == 0)
    }

    /// Every part of a plan page the issue lists is on the page.
    @Test func planPageHasEveryPart() throws {
        try withTemporaryFolder("sitegen-example") { folder in
            let output = folder.appendingPathComponent("public")
            let result = try Pipeline.build(BuildOptions(root: Repo.root, output: output))
            #expect(result.published)
            let page = try String(contentsOf: output.appendingPathComponent("plans/xiaogan-2022/index.html"), encoding: .utf8)
            for part in ["<dt>索引号</dt>", "<dt>发布机构</dt>", "<dt>成文日期</dt>", "<dt>发布日期</dt>", "<h2 id=\"toc\">目录</h2>",
                         "<h2 id=\"attachments\">文件下载</h2>", "(TXT, 333 B)", "<h2 id=\"related\">关联文件</h2>",
                         "<h2 id=\"links\">相关链接</h2>", "<h2 id=\"indicators\">本文件指标</h2>", "<table class=\"progress\">"] {
                #expect(page.contains(part), "plan page lacks \(part)")
            }
            let home = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(home.contains("<h2 id=\"changes\">自上次报告以来</h2>"))  // compare_to: 2022-06-30
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("feed.xml").path))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("sitemap.xml").path))
            let indicator = try String(contentsOf: output.appendingPathComponent("indicators/xg-surface-water-nat/index.html"), encoding: .utf8)
            for part in ["<p class=\"sentence\">截至", "<details class=\"how-judged\">", "<dt>判定规则</dt>", "<svg class=\"chart\"",
                         "href=\"../../plans/xiaogan-2022/index.html#"] {
                #expect(indicator.contains(part), "indicator page lacks \(part)")
            }
            // A correction that comes from a spreadsheet (content/data/孝感市省控断面季报.csv), shown and published.
            let corrected = try String(contentsOf: output.appendingPathComponent("indicators/xg-surface-water-prov/index.html"), encoding: .utf8)
            #expect(corrected.contains("更正日期：2022年8月10日；原值：73.9%"))
            let corrections = try String(contentsOf: output.appendingPathComponent("data/corrections.csv"), encoding: .utf8)
            #expect(corrections.contains("xg-surface-water-prov,2022-Q2,78.3,2022-08-10,73.9,1个断面6月采样数据复核后更正"))
        }
    }
}
