import Foundation
import Testing
@testable import SitegenCore

/// `compare_to`: what changed since the previous report.
@Suite struct ReportChangesTests {
    static func site(compareTo: String?, asOf: String = "2022-09-30", extra: [String: String?] = [:]) throws -> TestSite {
        var yaml = "title: 测试站点\norganization: 测试局\nbase_url: https://example.org/\nas_of: \(asOf)\n"
        if let compareTo { yaml += "compare_to: \(compareTo)\n" }
        var files = extra
        files["content/site.yaml"] = yaml
        return try TestSite(files: files)
    }

    static let milestoneDone = """
        plan: test-plan
        indicators:
          - id: m-done
            name: 完成验收
            area: 水环境
            kind: milestone
            target: {by: 2022-12-31}
            updates:
              - {date: 2022-05-10, stage: in_progress, percent: 50}
              - {date: 2022-06-30, stage: in_progress, percent: 80}
              - {date: 2022-09-30, stage: done}
        """

    static func changes(_ site: TestSite) throws -> (Site, ReportChanges) {
        let (raw, _) = SiteLoader.load(root: site.root)
        let (validated, problems) = SiteValidator.validate(raw)
        #expect(!problems.hasErrors)
        let evaluated = Evaluator.evaluate(try #require(validated))
        return (evaluated.site, try #require(evaluated.changes))
    }

    @Test func statusChangesAreFromThenToNow() throws {
        let (site, changes) = try Self.changes(try Self.site(compareTo: "2022-04-30"))
        let named = changes.statusChanges.map { (site.indicators[$0.index].id, $0.from, $0.to) }
        // t-water was behind then and is behind now: not listed.
        #expect(named.count == 1)
        #expect(named.first?.0 == "t-milestone")
        #expect(named.first?.1 == .noData)
        #expect(named.first?.2 == .inProgress)
    }

    /// A period counts as new when it ends after compare_to and on or before as_of.
    @Test func newObservationsUseThePeriodsLastDay() throws {
        let (site, changes) = try Self.changes(try Self.site(compareTo: "2022-03-31"))
        let new = changes.newObservations.map { site.indicators[$0.index].id + "@" + $0.observation.period.text }
        #expect(new == ["t-water@2022-06"])  // 2022-03 ends on compare_to: not new
        let (_, later) = try Self.changes(try Self.site(compareTo: "2022-06-29"))
        #expect(later.newObservations.map(\.observation.period.text) == ["2022-06"])
        #expect(later.newUpdates.map(\.update.date.description) == ["2022-06-30"])
        let (_, none) = try Self.changes(try Self.site(compareTo: "2022-06-30"))
        #expect(none.newObservations.isEmpty && none.newUpdates.isEmpty)
    }

    @Test func milestoneReachedOnlyWhenDoneNowAndNotThen() throws {
        let site = try Self.site(compareTo: "2022-06-30", extra: ["content/indicators/more.yaml": Self.milestoneDone])
        let (model, changes) = try Self.changes(site)
        #expect(changes.milestonesReached.map { model.indicators[$0].id } == ["m-done"])
        let (_, before) = try Self.changes(try Self.site(compareTo: "2022-05-31", asOf: "2022-06-30",
                                                         extra: ["content/indicators/more.yaml": Self.milestoneDone]))
        #expect(before.milestonesReached.isEmpty)
    }

    @Test func compareToMustBeBeforeAsOf() throws {
        let site = try Self.site(compareTo: "2022-09-30")
        #expect(site.errors() == [
            "content/site.yaml:5:13: error: compare_to (2022-09-30) must be an earlier date than as_of (2022-09-30): it is the previous report's date",
        ])
    }

    @Test func pagesDataAndFeedShowTheChanges() throws {
        let site = try Self.site(compareTo: "2022-04-30")
        #expect(try site.build().published)
        let home = try site.read("index.html")
        #expect(home.contains("<h2 id=\"changes\">自上次报告以来</h2>"))
        #expect(home.contains("2022年4月30日至2022年9月30日"))
        #expect(home.contains("<h3>状态有变化的指标（1）</h3>"))
        #expect(home.contains("<h3>新增数据（2）</h3>"))
        let indicator = try site.read("indicators/t-milestone/index.html")
        #expect(indicator.contains("<dt>上次报告时的状态</dt><dd>2022年4月30日：暂无数据 → 推进中</dd>"))
        let json = try site.read("data/indicators.json")
        #expect(json.contains("\"previous_status\": \"no_data\","))
        #expect(json.contains("\"previous_status\": \"behind\","))
        let feed = try site.read("feed.xml")
        #expect(feed.contains("<title>2022年9月30日进展报告：1项指标状态变化，新增2个数据，0项里程碑任务完成</title>"))
        #expect(feed.contains("href=\"https://example.org/#changes\""))
    }

    @Test func withoutCompareToNothingIsCompared() throws {
        let site = try Self.site(compareTo: nil)
        #expect(try site.build().published)
        #expect(!(try site.read("index.html")).contains("id=\"changes\""))
        #expect((try site.read("data/indicators.json")).contains("\"previous_status\": null,"))
        #expect(!(try site.read("feed.xml")).contains("#report-"))
    }
}
