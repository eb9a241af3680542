/// The rules every correction keeps, from YAML or from a data table: it is
/// dated after its period ends, and its previous value differs from the
/// value. (Dated after `as_of` is checked on the evaluated site.)
enum CorrectionRules {
    /// What is wrong with a correction, and which of its two fields it is at.
    struct Problem {
        enum Field { case date, previous }
        var field: Field
        var message: String
    }

    static func problem(date: Day, previous: DecimalNumber, period: Period, value: DecimalNumber) -> Problem? {
        if date <= period.lastDay {
            return Problem(field: .date,
                message: "correction dated \(date) is not after period \(period.text) ends (\(period.lastDay)): a value is corrected after its period; check the date")
        }
        if previous.value == value.value {
            return Problem(field: .previous,
                message: "correction's previous value \(previous.text) equals the value \(value.text): write the value published before the correction")
        }
        return nil
    }
}
