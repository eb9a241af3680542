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
        // length and its file's stamp kept (written in place, the
        // modification time put back): a rebuild that edits only the other
        // indicator takes that line from the file in place, so the change stays.
        try Self.editInPlace(site.output.appendingPathComponent("data/indicators.csv"), "t-water,", "t-wAter,", keepTime: true)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "改名的指标") }
        _ = try site.build()
        let rebuilt = try site.read("data/indicators.csv")
        #expect(rebuilt.contains("t-wAter,") && rebuilt.contains("改名的指标"))
    }

    @Test func aHandEditOfTheSameSizeIsNotCarriedForward() throws {
        let site = try site()
        _ = try site.build()
        // The same edit as above, as an editor would leave it (its
        // modification time moved), then one replacing the file (a new inode).
        try Self.editInPlace(site.output.appendingPathComponent("data/indicators.csv"), "t-water,", "t-wAter,", keepTime: false)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "改名的指标") }
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
        let json = site.output.appendingPathComponent("data/indicators.json")
        var edited = try Data(contentsOf: json)
        let found = try #require(edited.range(of: Data("t-water".utf8)))
        edited.replaceSubrange(found, with: Data("t-wAter".utf8))
        try FileManager.default.removeItem(at: json)
        try edited.write(to: json)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "改名的指标", with: "又改名的指标") }
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
    }

    /// Replaces the first `old` in the file at `url` by `new` (of the same
    /// length) in place; with `keepTime`, its modification time put back.
    static func editInPlace(_ url: URL, _ old: String, _ new: String, keepTime: Bool) throws {
        let bytes = try Data(contentsOf: url)  // bytes: a String would lose the byte order mark
        let found = try #require(bytes.range(of: Data(old.utf8)))
        var info = stat()
        #expect(stat(url.path, &info) == 0)
        let fd = open(url.path, O_WRONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let written = Array(new.utf8).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(found.lowerBound)) }
        #expect(written == new.utf8.count)
        if keepTime {
            var times = [info.st_atim, info.st_mtim]
            #expect(futimens(fd, &times) == 0)
        }
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
