import Foundation
import Testing
@testable import SitegenCore

/// The byte codecs the incremental layer keeps validation results in. Each
/// sample sets every field (checked by reflection, so a field added to a
/// model type and not to its sample fails here), and a round trip must
/// give back every field: a field the codec forgets fails here too, not as
/// a page that silently loses it on a rebuild.
@Suite struct ByteCodingTests {
    /// Every stored property, at any depth, holds something: no nil, no
    /// empty text or list, no false flag.
    static func expectEveryFieldSet(_ value: Any, _ path: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let child = mirror.children.first else {
                if notCoded.contains(where: path.hasSuffix) { return }
                Issue.record("\(path) is nil: set it in the sample", sourceLocation: sourceLocation)
                return
            }
            expectEveryFieldSet(child.value, path, sourceLocation: sourceLocation)
        case .collection, .dictionary, .set:
            if mirror.children.isEmpty { Issue.record("\(path) is empty: give the sample one", sourceLocation: sourceLocation) }
            for (i, child) in mirror.children.enumerated() { expectEveryFieldSet(child.value, "\(path)[\(i)]", sourceLocation: sourceLocation) }
        case .struct, .tuple:
            for child in mirror.children {
                expectEveryFieldSet(child.value, path + "." + (child.label ?? "?"), sourceLocation: sourceLocation)
            }
        default:
            if let text = value as? String, text.isEmpty { Issue.record("\(path) is empty text", sourceLocation: sourceLocation) }
            if let text = value as? Substring, text.isEmpty { Issue.record("\(path) is empty text", sourceLocation: sourceLocation) }
            if let flag = value as? Bool, !flag { Issue.record("\(path) is false: set it in the sample", sourceLocation: sourceLocation) }
        }
    }

    /// Set after the codec, never coded: a plan body's file when its text
    /// is left on disk (`PlanBody.leftOnDisk`, after validation or the cache).
    static let notCoded = ["Plan.body.source", ".plan.body.source"]

    /// Everything `dump` shows of a value: every field at every depth.
    static func dumped(_ value: Any) -> String {
        var out = ""
        dump(value, to: &out)
        return out
    }

    static let location = SourceLocation(path: "content/indicators/a.yaml", line: 7, column: 5)
    static func number(_ text: String) -> DecimalNumber { DecimalNumber(text)! }

    static let indicator = Indicator(
        id: "a-1", plan: "p", name: "空气质量优良天数比率", area: "大气环境", kind: .quantitative, unit: "%",
        direction: .increase, target: Target(value: number("87.5"), op: .atLeast, by: Day(iso: "2022-12-31")!, text: "达到87.5%"),
        baseline: Baseline(period: Period("2021")!, value: number("85.1")), owner: "市生态环境局", section: "一、目标",
        source: "监测站", observations: [Observation(period: Period("2022-Q2")!, value: number("-3.25"), note: "说明", source: "来源",
                                                      corrections: [Correction(date: Day(iso: "2022-08-01")!, previous: number("-3.5"),
                                                                               reason: "复核", location: SourceLocation(path: "content/data/月报.xlsx", line: 9, column: 6),
                                                                               sheet: "水环境")],
                                                      line: 9, column: 9)],
        updates: [MilestoneUpdate(date: Day(iso: "2022-06-30")!, stage: .inProgress, percent: number("40"), note: "进展")],
        location: location, tables: ["content/data/月报.csv"], staleAfter: 45,
        deadlineLocation: SourceLocation(path: "content/indicators/a.yaml", line: 8, column: 30))

    static let planText = "---\ntitle: 要点\n---\n\n## 一、目标\n\n正文。\n"
    static var plan: Plan {
        let start = planText.range(of: "## ")!.lowerBound
        return Plan(slug: "p", path: "content/plans/p.md", title: "要点", issuer: "局", year: 2022,
                    published: Day(iso: "2022-03-01")!, written: Day(iso: "2022-02-20")!, indexNo: "1/2022-1",
                    docNo: "〔2022〕1号", topic: "生态", region: "孝感", summary: "摘要",
                    attachments: [Attachment(title: "附件", file: "a.pdf", size: 12)], related: ["q"],
                    links: [ExternalLink(title: "链接", url: "https://example.org/")],
                    body: PlanBody(markdown: planText[start...], lineOffset: 4,
                                   headings: [Heading(level: 2, text: "一、目标", id: "一目标", line: 5)], indicatorIDs: ["a-1"]),
                    publishedLocation: SourceLocation(path: "content/plans/p.md", line: 2, column: 12),
                    indexNoLocation: SourceLocation(path: "content/plans/p.md", line: 3, column: 11))
    }

    static let diagnostics = [Diagnostic(.warning, location, "unknown field 'x'"), Diagnostic(.error, location, "bad")]

    @Test func samplesSetEveryField() {
        Self.expectEveryFieldSet(Self.indicator, "Indicator")
        Self.expectEveryFieldSet(Self.plan, "Plan")
        Self.expectEveryFieldSet(Self.diagnostics, "[Diagnostic]")
    }

    @Test func indicatorFileRoundTrip() throws {
        let result = IndicatorValidator.Result(plan: "p", planLocation: Self.location, indicators: [Self.indicator],
                                               sections: ["a-1": Self.location])
        Self.expectEveryFieldSet(result, "IndicatorValidator.Result")
        var w = ByteWriter()
        w.indicatorFile((result, Self.diagnostics))
        var r = ByteReader(w.bytes)
        let decoded = r.indicatorFile()
        let back = try #require(decoded)
        #expect(Self.dumped(back) == Self.dumped((Optional(result), Self.diagnostics)))
        // A file with problems and no result.
        var w2 = ByteWriter()
        w2.indicatorFile((nil, Self.diagnostics))
        var r2 = ByteReader(w2.bytes)
        let decoded2 = r2.indicatorFile()
        #expect(Self.dumped(try #require(decoded2)) == Self.dumped((IndicatorValidator.Result?.none, Self.diagnostics)))
    }

    @Test func planFileRoundTrip() throws {
        let result = PlanValidator.Result(plan: Self.plan, references: [("a-1", Self.location)], related: [("q", Self.location)])
        // Headings and 索引号 of their own are coded only without a plan
        // (then they are its; see planFileWithoutItsPlanRoundTrip).
        var everyField = result
        everyField.headings = Self.plan.body.headings
        everyField.indexNo = ("0001/2022-00001", Self.location)
        Self.expectEveryFieldSet(everyField, "PlanValidator.Result")
        try Self.expectPlanFileRoundTrip(result)
    }

    static func expectPlanFileRoundTrip(_ result: PlanValidator.Result) throws {
        var w = ByteWriter()
        w.planFile((result, Self.diagnostics))
        var r = ByteReader(w.bytes)
        let decoded = r.planFile(in: SourceFile(path: "", text: Self.planText))
        let back = try #require(decoded)
        #expect(Self.dumped(back) == Self.dumped((Optional(result), Self.diagnostics)))
    }

    /// A plan file whose front matter has an error: no plan, its
    /// references and related slugs kept (checked across files on a rebuild).
    @Test func planFileWithoutItsPlanRoundTrip() throws {
        try Self.expectPlanFileRoundTrip(PlanValidator.Result(plan: nil, references: [("a-1", Self.location)], related: [("q", Self.location)]))
        // With its headings and 索引号 (for the sections and index_no checked across files).
        let result = PlanValidator.Result(plan: nil, references: [("a-1", Self.location)], related: [("q", Self.location)],
                                          headings: Self.plan.body.headings, indexNo: ("0001/2022-00001", Self.location))
        var everyField = result
        everyField.plan = Self.plan
        Self.expectEveryFieldSet(everyField, "PlanValidator.Result")
        try Self.expectPlanFileRoundTrip(result)
    }

    /// Cut short or damaged: nil, never a trap.
    @Test func damagedBytesAreNil() {
        var w = ByteWriter()
        w.indicatorFile((IndicatorValidator.Result(plan: "p", planLocation: Self.location, indicators: [Self.indicator], sections: [:]), []))
        for n in stride(from: 0, to: w.bytes.count - 1, by: 3) {
            var r = ByteReader(Array(w.bytes.prefix(n)))
            let decoded = r.indicatorFile()
            #expect(decoded == nil)
        }
    }
}

extension ByteCodingTests {
    /// Text is read back as written, U+FFFD and all; bytes that are not
    /// UTF-8 are nil, also where mending them would keep their count (a
    /// four-byte sequence cut after three bytes, then a letter: U+FFFD and
    /// the letter are four bytes too).
    @Test func stringsAreReadOnlyWhenTheyAreUTF8() {
        for text in ["", "a-1", "空气质量优良天数比率", "\u{FFFD}", "x\u{FFFD}y", "😀 content/indicators/a.yaml"] {
            var w = ByteWriter()
            w.string(text)
            var r = ByteReader(w.bytes)
            #expect(r.string() == text && r.isAtEnd)
        }
        for bad: [UInt8] in [[0xF0, 0x90, 0x80, 0x41], [0xFF], [0x61, 0xC0, 0xAF], [0xE4, 0xB8], [0xED, 0xA0, 0x80]] {
            var w = ByteWriter()
            w.int(bad.count)
            w.raw(bad)
            var r = ByteReader(w.bytes)
            #expect(r.string() == nil, "\(bad)")
        }
    }
}

extension ByteCodingTests {
    /// A number held as its digits is stored as them (no text), any other
    /// as its text and value; both come back with the same text and value.
    @Test func numbersComeBackWithTheirTextAndValue() throws {
        for text in ["0", "-3", "65.0", "0.50", "-0.001", "123456789012345", "1234567890123456", "0.1234567890123456", "1e3"] {
            guard let n = DecimalNumber(text) else { continue }
            var w = ByteWriter()
            w.number(n)
            #expect(w.bytes.first == (n.digitsForm != nil ? 1 : 0), "\(text)")
            var r = ByteReader(w.bytes)
            let decoded = r.number()
            let back = try #require(decoded)
            #expect(back.text == n.text && back.value.bitPattern == n.value.bitPattern && r.isAtEnd, "\(text)")
        }
        #expect(DecimalNumber("65.0")?.digitsForm != nil)
        // Digits beyond what the digits form holds: damaged, nil.
        for (digits, fraction) in [(1_000_000_000_000_000, 0), (5, 16), (5, -1)] {
            var w = ByteWriter()
            w.bool(true); w.int(digits); w.int(fraction)
            var r = ByteReader(w.bytes)
            let decoded = r.number()
            #expect(decoded == nil, "\(digits) \(fraction)")
        }
    }

    /// A location's path the same as the last one read is shared; one
    /// that differs (also in length only) is its own.
    @Test func locationPathsComeBackAsWritten() {
        let paths = ["content/indicators/a.yaml", "content/indicators/a.yaml", "content/indicators/b.yaml",
                     "content/indicators/a.yaml", "content/indicators/a.yamlx", "content/indicators/a.yaml", "content/indicators/a.yam", "", "", "content/indicators/a.yaml"]
        var w = ByteWriter()
        for (k, path) in paths.enumerated() { w.location(SourceLocation(path: path, line: k, column: 1)) }
        var r = ByteReader(w.bytes)
        let back = paths.indices.compactMap { _ in r.location() }
        #expect(back.map(\.path) == paths && back.map(\.line) == Array(paths.indices) && r.isAtEnd)
    }
}

extension ByteCodingTests {
    /// A period is one integer: it comes back as written, and bits that
    /// name no kind or no date are nil.
    @Test func periodsComeBackAndImpossibleOnesAreNil() throws {
        for text in ["2022", "2022-Q4", "2022-02", "2024-02-29", "0001-01-01", "9999-12-31"] {
            let period = try #require(Period(text))
            var w = ByteWriter()
            w.period(period)
            var r = ByteReader(w.bytes)
            let back = r.period()
            #expect(back == period && back?.kind == period.kind && r.isAtEnd, "\(text)")
        }
        let feb28 = try #require(Day(year: 2022, month: 2, day: 28))
        for coded in [4 << 24 | Int(feb28.packedValue), Int(feb28.packedValue) + 2, -1, 2022 << 9 | 13 << 5 | 1, 0] {
            var w = ByteWriter()
            w.int(coded)
            var r = ByteReader(w.bytes)
            let back = r.period()
            #expect(back == nil, "\(coded)")
        }
    }
}
