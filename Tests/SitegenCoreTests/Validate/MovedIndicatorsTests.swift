import Testing
@testable import SitegenCore

/// The Site's indicators are moved out of the files' results
/// (`SiteValidator.movedIndicators`): the same indicators in the same
/// order as copying them would give, whatever order the positions take.
@Suite struct MovedIndicatorsTests {
    static func file(_ ids: [String]) -> SiteValidator.IndicatorFileResult {
        var indicators: [Indicator] = []
        for id in ids {
            var i = ByteCodingTests.indicator
            i.id = id
            indicators.append(i)
        }
        return (IndicatorValidator.Result(plan: "p", planLocation: ByteCodingTests.location, indicators: indicators, sections: [:]), [])
    }

    @Test func theSameIndicatorsInTheOrderOfThePositions() {
        let files = [Self.file(["a0", "a1", "a2"]), (nil, []), Self.file(["c0", "c1"])]
        let orders: [[(file: Int, item: Int)]] = [
            [(0, 0), (0, 1), (0, 2), (2, 0), (2, 1)],
            [(2, 1), (0, 2), (0, 0), (2, 0), (0, 1)],
            [(0, 1), (2, 0)],
            [],
        ]
        for positions in orders {
            var taken = files
            let moved = SiteValidator.movedIndicators(positions, from: &taken)
            let expected = positions.map { files[$0.file].0?.indicators[$0.item].id ?? "?" }
            #expect(moved.map(\.id) == expected, "\(positions)")
            #expect(moved.map(\.name) == positions.map { _ in ByteCodingTests.indicator.name })
        }
    }

    /// A position listed twice (no site gives one: slugs are unique) is
    /// the same indicator twice, taken off its file's end once, not a trap.
    @Test func aPositionListedTwiceGivesItsIndicatorTwice() {
        let files = [Self.file(["a0", "a1", "a2"]), Self.file(["b0"])]
        let orders: [[(file: Int, item: Int)]] = [
            [(0, 2), (0, 2)],
            [(0, 2), (0, 1), (0, 2), (1, 0), (0, 1), (1, 0)],
            [(0, 0), (0, 1), (0, 2), (0, 0), (0, 1), (0, 2)],
        ]
        for positions in orders {
            var taken = files
            let moved = SiteValidator.movedIndicators(positions, from: &taken)
            #expect(moved.map(\.id) == positions.map { files[$0.file].0?.indicators[$0.item].id ?? "?" }, "\(positions)")
        }
    }
}
