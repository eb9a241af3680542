import Foundation
import Testing
@testable import SitegenCore

/// The shipped example site in content/.
@Suite struct ExampleSiteTests {
    @Test func buildsWithoutErrorsOrWarnings() throws {
        let result = Pipeline.check(BuildOptions(root: Repo.root))
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.plans == 2)
    }

    @Test func everyPlanHasEnoughIndicatorsAndAllStatusesOccur() throws {
        let (raw, _) = SiteLoader.load(root: Repo.root)
        let (site, _) = SiteValidator.validate(raw)
        let evaluated = Pipeline.evaluate(try #require(site))
        for plan in evaluated.site.plans {
            let mine = evaluated.site.indicators.filter { $0.plan == plan.slug }
            #expect(mine.count >= 8, "\(plan.slug)")
            #expect(mine.filter { $0.kind == .milestone }.count >= 4, "\(plan.slug)")
        }
        #expect(Set(evaluated.evaluations.map(\.status)) == Set(Status.allCases))
    }

    /// Each plan holds all of its seed's Han characters, in order.
    @Test(arguments: [("000_2692d464a5bc75fb.txt", "xiaogan-2022.md"), ("003_5d890b7a94186567.txt", "guangxi-2022.md")])
    func planHoldsTheWholeSeed(seed: String, plan: String) throws {
        let seedURL = Repo.shared.appendingPathComponent("seeds/\(seed)")
        guard let seedText = try? String(contentsOf: seedURL, encoding: .utf8) else { return }  // shared/ not beside the repo
        let planText = try String(contentsOf: Repo.root.appendingPathComponent("content/plans/\(plan)"), encoding: .utf8)
        func han(_ s: String) -> [Unicode.Scalar] { s.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }
        var remaining = han(planText)[...]
        var missing = 0
        for c in han(seedText) {
            if let i = remaining.firstIndex(of: c) { remaining = remaining[(i + 1)...] } else { missing += 1 }
        }
        #expect(missing == 0)
    }
}
