/// Dates and periods written the way people write them (`2022年3月`,
/// `2022/3/10`, `2022.03`, `2022年第一季度`), read only to say what to
/// write instead (`2022-03`, `2022-03-10`, `2022-Q1`): content keeps one
/// spelling, and a message names it.
enum DateSpelling {
    /// The period's standard spelling, or nil when `text` is not a date or
    /// period written another way.
    static func suggestion(_ text: String) -> String? {
        let text = Whitespace.trim(text, newlines: true)
        let scalars = Array(text.unicodeScalars)
        // Runs of ASCII digits; everything else must be a separator.
        var numbers: [Int] = [], widths: [Int] = [], current = "", rest = ""
        func flush() {
            if let n = Int(current) { numbers.append(n); widths.append(current.count) }
            current = ""
        }
        for c in scalars {
            if c.value >= 48 && c.value <= 57 { current.unicodeScalars.append(c) } else { flush(); rest.unicodeScalars.append(c) }
        }
        flush()
        guard let year = numbers.first, widths.first == 4, year >= 1 else { return nil }
        let y = Day.pad(year, 4)
        if let quarter = quarter(in: rest, numbers: numbers) {
            return "\(y)-Q\(quarter)"
        }
        guard rest.unicodeScalars.allSatisfy({ "年月日号/.-_ ".unicodeScalars.contains($0) }) else { return nil }
        switch numbers.count {
        case 1 where rest.hasPrefix("年"):
            return y
        case 2 where (1...12).contains(numbers[1]):
            return "\(y)-\(Day.pad(numbers[1], 2))"
        case 3:
            guard let day = Day(year: year, month: numbers[1], day: numbers[2]) else { return nil }
            return day.description
        default:
            return nil
        }
    }

    /// The quarter of `2022年第一季度`, `2022年一季度`, `2022年第1季度`, `2022Q1`, `2022 q1`.
    private static func quarter(in rest: String, numbers: [Int]) -> Int? {
        let chinese: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4]
        if rest.contains("季") {
            if numbers.count == 2, (1...4).contains(numbers[1]) { return numbers[1] }
            guard numbers.count == 1 else { return nil }
            return rest.compactMap { chinese[$0] }.first
        }
        let letters = rest.filter { $0 != " " && $0 != "-" && $0 != "年" && $0 != "_" }
        if letters == "Q" || letters == "q", numbers.count == 2, (1...4).contains(numbers[1]) { return numbers[1] }
        return nil
    }

    /// `, got 'TEXT'` plus what to write instead when there is a standard
    /// spelling of the right kind (`dayOnly`: only a full date will do).
    static func got(_ text: String, dayOnly: Bool = false) -> String {
        var message = ", got '\(text)'"
        if let better = suggestion(text), !dayOnly || Day(iso: better) != nil { message += ": write \(better)" }
        return message
    }
}

extension Day {
    /// What is wrong with `text`, given as `name` (such as `--as-of`), that
    /// is no date YYYY-MM-DD that exists; with what to write instead when it
    /// is a date written another way (`2024/09/30`: write 2024-09-30).
    public static func problem(_ text: String, as name: String) -> String {
        "\(name) must be a date YYYY-MM-DD that exists" + DateSpelling.got(text, dayOnly: true)
    }
}
