import Testing
@testable import SitegenCore

@Suite struct PeriodTests {
    @Test(arguments: [
        ("2022", "2022-12-31"), ("2022-Q1", "2022-03-31"), ("2022-Q2", "2022-06-30"), ("2022-Q4", "2022-12-31"),
        ("2022-02", "2022-02-28"), ("2024-02", "2024-02-29"), ("2022-06", "2022-06-30"), ("2022-06-15", "2022-06-15"),
    ])
    func periodStandsForItsLastDay(text: String, last: String) {
        #expect(Period(text)?.lastDay.description == last)
    }

    @Test(arguments: ["2022-02-30", "2022-13", "2022-00", "2022-Q5", "2022-Q0", "22", "2022-1", "2022-6-1", "abcd", "", "2022-q1", " 2022", "2021-02-29",
                            "0000", "2022-", "2022-Q", "2022-Q12", "2022-06-1a", "2022/06/01", "２０２２", "2022-06-15 "])
    func impossiblePeriodsAreRejected(text: String) {
        #expect(Period(text) == nil)
    }

    @Test func datesMustExist() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2022-02-29") == nil)
        #expect(Day(iso: "2022-04-31") == nil)
        #expect(Day(iso: "2022-4-30") == nil)
        #expect(Day(iso: "2022-06-30T00:00") == nil)
        #expect(Day(iso: "2022-06-3０") == nil)
        #expect(Day(iso: "2022x06-30") == nil)
    }

    @Test func ordinalCountsDays() throws {
        let a = try #require(Day(iso: "2021-12-31")), b = try #require(Day(iso: "2022-12-31"))
        #expect(b.ordinal - a.ordinal == 365)
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
    }

    @Test(arguments: ["2022", "0001", "2022-Q1", "2022-Q4", "2022-02", "2022-12", "2024-02-29", "2022-06-05"])
    func aPeriodGivesBackItsText(text: String) throws {
        let period = try #require(Period(text))
        #expect(period.text == text)
        var w = ByteWriter()
        w.period(period)
        var r = ByteReader(w.bytes, from: 0)
        #expect(r.period()?.text == text)
    }

    @Test func periodsEndingOnOneDayOrderAsTheirTexts() throws {
        let texts = ["2022-Q4", "2022-12-31", "2022", "2022-12"]
        let periods = try texts.map { try #require(Period($0)) }
        #expect(periods.sorted().map(\.text) == texts.sorted())
    }

    @Test func aPeriodAndAnObservationStaySmall() {
        // A large site holds millions of each (see docs/performance.md, "Memory at scale").
        #expect(MemoryLayout<Day>.size == 4)
        #expect(MemoryLayout<Period>.stride == 4)
        #expect(MemoryLayout<DecimalNumber>.size <= 10)
        #expect(MemoryLayout<Observation>.stride <= 32)
    }

    @Test func anObservationsNoteSourceAndCorrectionsAreValues() throws {
        let period = try #require(Period("2022-06")), value = try #require(DecimalNumber("1.5"))
        var a = Observation(period: period, value: value, note: "初报", line: 3, column: 7)
        let b = a
        a.source = "月报"
        a.note = nil
        #expect(b.note == "初报" && b.source == nil)
        #expect(a.note == nil && a.source == "月报" && a.corrections.isEmpty)
        #expect(a.line == 3 && a.column == 7)
    }

    @Test(arguments: ["2022", "9999", "0001-Q1", "2022-Q4", "2024-02", "2024-02-29", "9999-12-31"])
    func aPackedPeriodKeepsItsKindAndDay(text: String) throws {
        let period = try #require(Period(text))
        let again = Period(kind: period.kind, lastDay: period.lastDay)
        #expect(again == period && again.text == text && again.kind == period.kind && again.lastDay == period.lastDay)
        #expect(Period(kind: .month, lastDay: period.lastDay) != Period(kind: .day, lastDay: period.lastDay))
    }

    @Test func periodsOrderByLastDay() throws {
        let q1 = try #require(Period("2022-Q1")), feb = try #require(Period("2022-02")), year = try #require(Period("2021"))
        #expect([q1, feb, year].sorted().map(\.text) == ["2021", "2022-02", "2022-Q1"])
    }
}

@Suite struct DecimalNumberTests {
    @Test(arguments: [("69.7", "69.7"), ("0", "0"), ("100", "100"), ("-3.5", "-3.5"), ("+2", "2"), ("007.50", "7.50"), ("-0", "0"),
                            ("0.5", "0.5"), ("-0.0", "0.0"), ("-0.05", "-0.05"), ("05", "5"), ("10", "10"), ("65.0", "65.0"), ("-00.30", "-0.30")])
    func numbersKeepTheirWrittenForm(raw: String, text: String) {
        #expect(DecimalNumber(raw)?.text == text)
    }

    @Test(arguments: [".nan", ".inf", "-.inf", "1e5", "1,000", "12.", ".5", "abc", "", "0x10", "1.2.3", "--1",
                            "-", "1-2", "1.-2", "１２", String(repeating: "1", count: 31)])
    func nonDecimalsAreRejected(raw: String) {
        #expect(DecimalNumber(raw) == nil)
    }

    /// Short canonical numbers are kept as digits and written again; any
    /// other keeps its text: each comes back as made, text and value.
    @Test(arguments: ["0", "0.0", "0.05", "-0.05", "65.0", "100", "-3", "10.10", "123456789012345", "-12345678901234.5",
                      "0.000000000000001", "1234567890123456", "1.00000000000000000001", "9007199254740993", "007", "-0", "1e5", ""])
    func aNumberKeepsItsTextAndValue(text: String) {
        let value = Double(text) ?? 0.1
        let n = DecimalNumber(canonicalText: text, value: value)
        #expect(n.text == text)
        #expect(n.value.bitPattern == value.bitPattern)
    }

    @Test func aNumberFromADoubleKeepsTheDouble() {
        for value in [0.1234567, 1.0 / 3, -0.0, 69.7, 1e20, -2.5] {
            let n = DecimalNumber(value)
            #expect(n.value.bitPattern == value.bitPattern)
            #expect(n.text == NumberText.format(value, maxFractionDigits: 6))
        }
    }

    @Test func formattingIsLocaleFreeAndTrimmed() {
        #expect(NumberText.format(0.857142857, maxFractionDigits: 4) == "0.8571")
        #expect(NumberText.format(1.0, maxFractionDigits: 4) == "1")
        #expect(NumberText.format(-0.00001, maxFractionDigits: 4) == "0")
        #expect(NumberText.fixed(3.0, digits: 1) == "3.0")
    }

    /// The fast formatters print what printf prints.
    @Test func fixedMatchesPrintf() {
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1e-7, -1e-7, 69.7, 3.0, 1234567.891, -42.42, 99.95, 0.05]
        var x = 0.001
        while x < 1e7 { values.append(x); values.append(-x * 1.37); x *= 3.1 }
        for v in values {
            for d in [0, 1, 2, 4] {
                var expected = String(format: "%.\(d)f", v)
                if expected.hasPrefix("-"), expected.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { expected.removeFirst() }
                #expect(NumberText.fixed(v, digits: d) == expected, "\(v) with \(d) digits")
                // format: the same with trailing zeros (and a bare point) dropped.
                var trimmed = expected
                if trimmed.contains(".") {
                    while trimmed.hasSuffix("0") { trimmed.removeLast() }
                    if trimmed.hasSuffix(".") { trimmed.removeLast() }
                }
                if trimmed == "-0" { trimmed = "0" }
                #expect(NumberText.format(v, maxFractionDigits: d) == trimmed, "\(v) with at most \(d) digits")
            }
        }
        #expect(IndicatorSummary(text: .chinese).fill("a{x}b{y}c{", ["x": "1", "y": "2"]) == "a1b2c{")
    }

    /// The chart's path: numbers written right to left on the stack and
    /// appended after the text already there, for every number of decimals,
    /// print what printf prints (trimmed), with zeros inside the decimals kept.
    @Test func numbersAppendedToATextMatchPrintf() {
        var values: [Double] = [0.05, -0.05, 1.000001, 10.5, 100.25, 0.000000000001, 123456789.000123, 8.9e14, -3.0000004, 2026.1, 46.0]
        var x = 0.0007
        while x < 1e9 { values.append(x); values.append(-x * 1.7); x *= 7.3 }
        for v in values {
            for d in 0...12 {
                var expected = String(format: "%.\(d)f", v)
                if expected.contains(".") {
                    while expected.hasSuffix("0") { expected.removeLast() }
                    if expected.hasSuffix(".") { expected.removeLast() }
                }
                if expected == "-0" { expected = "0" }
                var w = TextBuffer(capacity: 0)
                w.raw("x=")
                w.number(v, maxFractionDigits: d)
                #expect(w.string == "x=" + expected, "\(v) with at most \(d) digits")
            }
        }
    }
}
