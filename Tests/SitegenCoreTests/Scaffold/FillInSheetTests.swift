import Foundation
import Testing
@testable import SitegenCore

@Suite struct FillInSheetTests {
    @Test func writesTheMonthsOfThePlansYearAndNeverOverwrites() throws {
        let site = try TestSite()
        let path = try Scaffold.write(.sheet, slug: "test-plan", root: site.root)
        #expect(path == "content/data/test-plan.csv")
        let bytes = try Data(contentsOf: site.root.appendingPathComponent(path))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(text == "\u{FEFF}指标编号,指标名称,单位," + (1...12).map { "2022年\($0)月" }.joined(separator: ",")
                + "\r\nt-water,断面水质优良比例,%" + String(repeating: ",", count: 12) + "\r\n")
        #expect(throws: Scaffold.ScaffoldError.self) { try Scaffold.write(.sheet, slug: "test-plan", root: site.root) }
        // Filled in and saved by Excel on a Chinese Windows (GB18030): it builds.
        let filled = text.dropFirst().replacingOccurrences(of: "%,,,,", with: "%,,,,69.7")
        try site.write(try #require(gb(filled)), to: path)
        #expect(site.errors() == [])
        #expect(try site.build().diagnostics == [])
        #expect(try site.read("data/observations.csv").contains("t-water,2022-04,69.7,"))
    }

    /// A plan that is not there, and a site with errors (a plan's blanks
    /// not filled in yet), are told apart: the plan is there in the second.
    @Test func aMissingPlanAndASiteWithErrorsAreToldApart() throws {
        let site = try TestSite()
        func refusal() -> String? {
            do { _ = try Scaffold.write(.sheet, slug: "other-plan", root: site.root); return nil } catch { return "\(error)" }
        }
        #expect(refusal() == "there is no content/plans/other-plan.md: write the plan first (sitegen new plan SLUG)")
        _ = try Scaffold.write(.plan, slug: "other-plan", root: site.root)
        #expect(refusal() == "the site has errors, so the plan's indicators cannot be listed: run sitegen check, fix what it names (blanks marked 必填 too), then run this again")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/data/other-plan.csv").path))
    }

    /// GB18030 bytes of `text` through iconv (Foundation may not know the encoding).
    func gb(_ text: String) -> Data? {
        let cd = iconv_open("GB18030", "UTF-8")
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let n = input.count
        var outLeft = out.count
        let ok = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                var i: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var o: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = n
                return iconv(cd, &i, &inLeft, &o, &outLeft) != -1
            }
        }
        return ok ? Data(out[..<(out.count - outLeft)]) : nil
    }
}
