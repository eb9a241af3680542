import Foundation
import Testing
@testable import SitegenCore

/// What a rebuild of the same output keeps from the last build (in the
/// workspace beside the output, `BuildState`): the validation cache (each
/// plan and indicator file's checked result) and the spare tree (the output the last build replaced,
/// made into the next tree). Neither may change what a build reports or
/// writes: every test ends with the output a build from scratch gives.
@Suite struct RebuildTests {
    func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    @Test func aRebuildChecksOnlyTheEditedFiles() throws {
        let site = try TestSite()
        #expect(try site.build().checked == 2)  // one plan, one indicator file
        #expect(exists(site.state.validation))
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "value: 63.6", with: "value: 64.1") }
        let second = try site.build()
        #expect(second.checked == 1)
        #expect(try site.read("indicators/t-water/index.html").contains("64.1%"))
        try CacheTests.expectSameAsFresh(site)
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "前言段落。", with: "新的前言。") }
        #expect(try site.build().checked == 1)
        #expect(try site.read("plans/test-plan/index.html").contains("新的前言。"))
        try CacheTests.expectSameAsFresh(site)
    }

    @Test func warningsOfCachedFilesAreStillReported() throws {
        let site = try TestSite()
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "topic: 生态环境", with: "topic: 生态环境\nmood: 好") }
        let first = try site.build()
        #expect(first.diagnostics.map(\.message).contains { $0.contains("unknown field 'mood'") })
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "value: 63.6", with: "value: 64.1") }
        let second = try site.build()
        #expect(second.checked == 1)
        #expect(second.diagnostics == first.diagnostics)
    }

    @Test func rulesAcrossFilesAreCheckedWithCachedFiles() throws {
        let site = try TestSite()
        _ = try site.build()
        // The plan loses the heading the (unchanged, cached) indicator file names.
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "具体指标设置为", with: "主要指标") }
        let result = try site.build()
        #expect(!result.published)
        #expect(result.diagnostics.map(\.description)
            .contains("content/indicators/test-plan.yaml:11:14: error: section '具体指标设置为' is not a heading of plan test-plan (content/plans/test-plan.md): write the text of one of its headings, or leave section out"))
        #expect(result.checked == 1)
    }

    @Test func aRemovedAttachmentIsNoticedByAnUnchangedPlan() throws {
        let site = try TestSite()
        _ = try site.build()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/files/plan.txt"))
        let result = try site.build()
        #expect(!result.published)
        #expect(result.diagnostics.contains { $0.message == "attachment file content/files/plan.txt does not exist: put the file there, or correct the path" })
    }

    @Test func aDamagedValidationCacheIsIgnored() throws {
        let site = try TestSite()
        _ = try site.build()
        let url = site.state.validation
        let bytes = try Data(contentsOf: url)
        try site.edit("content/plans/test-plan.md") { $0 + "\n多一段。\n" }
        // Cut short, then every byte after the header flipped: a miss, never a crash.
        for damaged in [bytes.prefix(bytes.count / 2), Data(bytes.enumerated().map { $0.offset < 40 ? $0.element : ~$0.element })] {
            try damaged.write(to: url)
            let result = try site.build()
            // Whole entries before a cut are still taken (an append that did not finish).
            #expect(result.published && (1...2).contains(result.checked))
            try CacheTests.expectSameAsFresh(site)
            try site.edit("content/plans/test-plan.md") { $0 + "\n又一段。\n" }
        }
    }

    @Test func aRebuildAddsItsNewResultsToTheCacheInPlace() throws {
        let site = try TestSite()
        _ = try site.build()
        let url = site.state.validation
        let before = try Data(contentsOf: url), inode = CacheTests.inode(url)
        try site.edit("content/plans/test-plan.md") { $0 + "\n多一段。\n" }
        #expect(try site.build().checked == 1)
        let after = try Data(contentsOf: url)
        #expect(CacheTests.inode(url) == inode)
        #expect(after.count > before.count && after.prefix(before.count) == before)
        // The appended result is the one the next build takes.
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "完成方案编制", with: "完成方案编制和审议") }
        #expect(try site.build().checked == 1)
        try CacheTests.expectSameAsFresh(site)
    }

    @Test func theSitemapIsMadeAgainOnlyWhenThePagesChange() throws {
        let site = try TestSite.example()
        _ = try site.build()
        let sitemap = site.output.appendingPathComponent("sitemap.xml")
        let first = CacheTests.inode(sitemap)
        // A plan's text: the same pages, the same sitemap (taken, not made).
        try site.edit("content/plans/xiaogan-2022.md") { $0 + "\n补充说明。\n" }
        #expect(try site.build().published)
        #expect(CacheTests.inode(sitemap) == first)
        try CacheTests.expectSameAsFresh(site)
        // An indicator more: a page more, made again.
        try site.write(Data(DataFileSpliceTests.addedIndicatorFile.replacingOccurrences(of: "test-plan", with: "xiaogan-2022").utf8),
                       to: "content/indicators/zz-added.yaml")
        #expect(try site.build().published)
        #expect(CacheTests.inode(sitemap) != first)
        try CacheTests.expectSameAsFresh(site)
    }

    @Test func checkAndFailedBuildsKeepNoCache() throws {
        let site = try TestSite()
        _ = site.check()
        #expect(!exists(site.state.folder))
        try site.write(Data("plan: nope\nindicators: []\n".utf8), to: "content/indicators/bad.yaml")
        #expect(!(try site.build().published))
        #expect(!exists(site.state.validation) && !exists(site.state.record))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.state.folder.path) == ["lock"])
    }

    @Test func theSpareTreeBecomesTheNextTree() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        #expect(!exists(site.state.spare))  // nothing was replaced yet
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 6") }
        _ = try site.build()
        #expect(exists(site.state.spare))
        // Things the build must clean out of the spare, not follow or keep.
        let outside = site.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let spareRoot = site.state.spare
        try FileManager.default.createSymbolicLink(at: spareRoot.appendingPathComponent("indicators/linked"), withDestinationURL: outside)
        try Data("stray".utf8).write(to: spareRoot.appendingPathComponent("stray.html"))
        // A page the spare holds under its old key, and a page that goes away.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/indicators/other.yaml"))
        let third = try site.build()
        #expect(third.published)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("indicators/t-other").path))
        try CacheTests.expectSameAsFresh(site)
        // Back again, and once more with the spare of that build.
        try site.write(Data("plan: test-plan\nindicators:\n  - {id: t-other, name: 其他指标, area: 大气环境, kind: milestone, target: {by: 2022-12-31}}\n".utf8),
                       to: "content/indicators/other.yaml")
        _ = try site.build()
        try CacheTests.expectSameAsFresh(site)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "其他指标", with: "另一指标") }
        _ = try site.build()
        #expect(try site.read("indicators/t-other/index.html").contains("另一指标"))
        try CacheTests.expectSameAsFresh(site)
    }

    @Test func whatWasDoneToAPublishedTreeIsFoundWhenItIsRecycled() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        // Behind sitegen's back, in the published tree: a file added to a
        // page's folder, a folder with a file added, a page removed. The
        // folders read are only those changed since the build (`SpareTree`).
        let out = site.output, fm = FileManager.default
        try Data("stray".utf8).write(to: out.appendingPathComponent("indicators/t-water/stray.html"))
        try fm.createDirectory(at: out.appendingPathComponent("plans/extra/deeper"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("plans/extra/deeper/index.html"))
        try fm.removeItem(at: out.appendingPathComponent("indicators/t-milestone/index.html"))
        // That tree becomes the spare, then the next tree.
        for (old, new) in [("value: 7", "value: 6"), ("value: 6", "value: 5")] {
            try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: old, with: new) }
            #expect(try site.build().published)
            try CacheTests.expectSameAsFresh(site)
        }
        #expect(fm.fileExists(atPath: out.appendingPathComponent("indicators/t-milestone/index.html").path))
    }

    /// The survey a build makes beside its validate stage (`SpareTree.survey`)
    /// gives the spare's record and the folders changed since its build: one
    /// given a stray file is among them. (Which others are depends on the
    /// clock's 4 ms ticks: a folder made in the tick of the record's time counts as changed.)
    @Test func theSurveyReadsTheSparesChangedFolders() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 6") }
        _ = try site.build()  // the first tree is now the spare
        try Data("stray".utf8).write(to: site.state.spare.appendingPathComponent("indicators/t-water/stray.html"))
        let survey = SpareTree.survey(site.state)
        #expect(survey.files.contains { $0.path == "indicators/t-water/index.html" && $0.key != nil })
        guard case .only(let reading) = survey.reading else { Issue.record("the whole spare read"); return }
        #expect(reading.contains("indicators/t-water"))
    }

    /// A spare's folder replaced by a file behind sitegen's back: the folders
    /// under it cannot be opened to be looked at (`SpareTree.changed`), so
    /// they count as changed, and the next tree is still the fresh one.
    @Test func aSpareFolderReplacedByAFileIsReadAsChanged() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 6") }
        _ = try site.build()
        let indicators = site.state.spare.appendingPathComponent("indicators")
        try FileManager.default.removeItem(at: indicators)
        try Data("not a folder".utf8).write(to: indicators)
        let survey = SpareTree.survey(site.state)
        guard case .only(let reading) = survey.reading else { Issue.record("the whole spare read"); return }
        #expect(reading.contains("indicators") && reading.contains("indicators/t-water"))
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 6", with: "value: 5") }
        #expect(try site.build().published)
        try CacheTests.expectSameAsFresh(site)
    }

    /// A spare whose record gives no time to trust (a record without one,
    /// or one still to come: the clock went back) is read whole
    /// (`SpareTree.Folders.all`), with the same clean-up as above: its
    /// pages are kept, and what is not of its record goes, folders too.
    @Test(arguments: ["", "written\t\(Int64.max)\n"]) func aSpareWithoutATimeToTrustIsReadWhole(written: String) throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        _ = try site.build()
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 7", with: "value: 6") }
        _ = try site.build()  // the first tree is now the spare
        let spare = site.state.spare, fm = FileManager.default
        try Data("stray".utf8).write(to: spare.appendingPathComponent("indicators/t-water/stray.html"))
        try fm.createDirectory(at: spare.appendingPathComponent("plans/extra/deeper"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: spare.appendingPathComponent("plans/extra/deeper/index.html"))
        try fm.removeItem(at: spare.appendingPathComponent("indicators/t-milestone/index.html"))
        let record = try String(contentsOf: site.state.spareRecord, encoding: .utf8)
        let lines = record.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("written\t") }
        #expect(lines.count < record.split(separator: "\n", omittingEmptySubsequences: false).count)
        try Data((lines.joined(separator: "\n") + written).utf8).write(to: site.state.spareRecord)
        try site.edit("content/indicators/other.yaml") { $0.replacingOccurrences(of: "value: 6", with: "value: 5") }
        let third = try site.build()
        #expect(third.published && third.reused > 0)
        try CacheTests.expectSameAsFresh(site)
        #expect(Self.folders(site.output) == Set(site.outputTree().keys.flatMap(Self.ancestors)))
    }

    /// Every folder below `dir`, by relative path.
    static func folders(_ dir: URL) -> Set<String> {
        var result = Set<String>()
        let base = dir.standardizedFileURL.path
        let walker = FileManager.default.enumerator(atPath: base)
        while let path = walker?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDir), isDir.boolValue { result.insert(path) }
        }
        return result
    }

    /// The folders a relative path is in, the top left out.
    static func ancestors(_ path: String) -> [String] {
        let parts = path.split(separator: "/")
        return parts.indices.dropLast().map { parts[...$0].joined(separator: "/") }
    }

    @Test func aSparePageSharedWithTheOutputIsNeverWrittenInto() throws {
        let site = try TestSite()
        _ = try site.build()
        try site.edit("content/plans/test-plan.md") { $0 + "\n第二版。\n" }
        _ = try site.build()  // the first tree is now the spare; unchanged pages are links into the output
        let page = site.output.appendingPathComponent("indicators/t-milestone/index.html")
        let published = try Data(contentsOf: page)
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "完成方案编制", with: "完成方案编制和审议") }
        // Build into the spare: the page changes. The tree that was published
        // (now the spare) still holds its old bytes.
        _ = try site.build()
        #expect(try site.read("indicators/t-milestone/index.html").contains("完成方案编制和审议"))
        let sparePage = site.state.spare.appendingPathComponent("indicators/t-milestone/index.html")
        #expect(try Data(contentsOf: sparePage) == published)
        try CacheTests.expectSameAsFresh(site)
    }
}
