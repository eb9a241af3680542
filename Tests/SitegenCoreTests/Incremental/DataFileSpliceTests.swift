import Foundation
import Testing
@testable import SitegenCore

/// A rebuild reads the parts of the open data files whose indicator did
/// not change from the files in place (`DataFileSplice`); the output is
/// always that of a build from scratch.
@Suite struct DataFileSpliceTests {
    func site() throws -> TestSite {
        try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
    }

    static let dataFiles = ["data/indicators.json", "data/indicators.csv", "data/observations.csv"]

    @Test func editedIndicatorsGiveTheFilesOfAFreshBuild() throws {
        let site = try site()
        _ = try site.build()
        #expect(FileManager.default.fileExists(atPath: site.state.dataParts.path))
        // A name; an indicator added after the others, in a file of its own
        // (the last one before, of an unchanged file, is no longer last: a
        // comma in the JSON); that file removed again.
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "改名的指标") }
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
        try site.write(Data(Self.addedIndicatorFile.utf8), to: "content/indicators/zz-added.yaml")
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/indicators/zz-added.yaml"))
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
    }

    static let addedIndicatorFile = """
        plan: test-plan
        indicators:
          - {id: t-added, name: 新增指标, area: 大气环境, unit: 天, direction: decrease,
             target: {value: 5, by: 2022-12-31}, observations: [{period: 2022-06, value: 7}]}
        """

    @Test func unchangedPartsAreReadFromTheFileInPlace() throws {
        let site = try site()
        _ = try site.build()
        // The published line of t-water changed behind sitegen's back, its
        // length kept: a rebuild that edits only the other indicator takes
        // that line from the file in place, so the change stays.
        let csv = site.output.appendingPathComponent("data/indicators.csv")
        var bytes = try Data(contentsOf: csv)  // bytes: a String would lose the byte order mark
        let found = try #require(bytes.range(of: Data("t-water,".utf8)))
        bytes.replaceSubrange(found, with: Data("t-wAter,".utf8))
        try bytes.write(to: csv)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "改名的指标") }
        _ = try site.build()
        let rebuilt = try site.read("data/indicators.csv")
        #expect(rebuilt.contains("t-wAter,") && rebuilt.contains("改名的指标"))
    }

    @Test func aFileInPlaceOfAnotherSizeOrADamagedLayoutIsNotBelieved() throws {
        let site = try site()
        _ = try site.build()
        let csv = site.output.appendingPathComponent("data/indicators.csv")
        try (Data("x".utf8) + (try Data(contentsOf: csv))).write(to: csv)  // every part one byte later
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "改名的指标") }
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
        let bytes = try Data(contentsOf: site.state.dataParts)
        for damaged in [bytes.prefix(bytes.count / 2), Data(bytes.enumerated().map { $0.offset < 30 ? $0.element : ~$0.element })] {
            try damaged.write(to: site.state.dataParts)
            try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 8") }
            _ = try site.build()
            try CacheTests.expectSameAsFresh(site)
        }
    }

    @Test func aBuildWithoutTheCacheKeepsNoLayouts() throws {
        let site = try site()
        _ = try site.build()
        var options = site.options
        options.useCache = false
        _ = try Pipeline.build(options)
        #expect(!FileManager.default.fileExists(atPath: site.state.dataParts.path))
    }
}
