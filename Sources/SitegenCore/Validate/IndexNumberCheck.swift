import Foundation

/// 索引号 across plans: each unique (error), and matching the site's
/// `index_no_pattern` when it sets one (warning).
enum IndexNumberCheck {
    static func check(_ plans: [Plan], config: SiteConfig?) -> [Diagnostic] {
        check(numbers(plans).map { ($0.number, $0.location) }, config: config)
    }

    /// Each plan's 索引号 with its plan's slug and where it is written.
    static func numbers(_ plans: [Plan]) -> [(slug: String, number: String, location: SourceLocation)] {
        plans.compactMap { plan in plan.indexNo.map { (plan.slug, $0, plan.indexNoLocation ?? SourceLocation(path: plan.path)) } }
    }

    /// `numbers`: each plan's 索引号 with where it is written, in the
    /// plans' order (a repeat is reported at the later one).
    static func check(_ numbers: [(number: String, location: SourceLocation)], config: SiteConfig?) -> [Diagnostic] {
        var d: [Diagnostic] = []
        let regex = config?.indexNoPattern.flatMap { try? NSRegularExpression(pattern: $0) }
        var first: [String: SourceLocation] = [:]
        for (number, location) in numbers {
            if let earlier = first[number] {
                d.append(.error(location,
                    "index_no '\(number)' is already used by \(earlier.path):\(earlier.line):\(earlier.column); every document has its own 索引号"))
            } else {
                first[number] = location
            }
            if let regex, let pattern = config?.indexNoPattern {
                let range = NSRange(number.startIndex..., in: number)
                if regex.firstMatch(in: number, range: range) == nil {
                    d.append(.warning(location,
                        "index_no '\(number)' does not match the site's index_no_pattern '\(pattern)' (content/site.yaml); correct the 索引号"))
                }
            }
        }
        return d
    }
}
