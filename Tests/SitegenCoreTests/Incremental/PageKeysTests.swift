import Testing
@testable import SitegenCore

/// A record's page keys matched to a build's pages by position, and by path
/// where the positions differ (`PageKeys.match`).
@Suite struct PageKeysTests {
    let files: [(path: String, key: String?)] = [("a.html", "1"), ("b.html", "2"), ("c.html", nil), ("d.html", "4")]

    @Test func theSamePagesTakeTheKeysAtTheirPositions() {
        let (keys, others) = PageKeys.match(files, to: ["a.html", "b.html", "c.html", "d.html"])
        #expect(keys == ["1", "2", nil, "4"])
        #expect(others.isEmpty)
    }

    @Test func pagesMovedAreFoundByPath() {
        // "a.html" gone, a new "e.html": every other page moved up.
        let (keys, others) = PageKeys.match(files, to: ["b.html", "c.html", "d.html", "e.html"])
        #expect(keys == ["2", nil, "4", nil])
        #expect(others == ["a.html"])
    }

    @Test func recordedPagesBeyondTheBuildsAreOthers() {
        let (keys, others) = PageKeys.match(files, to: ["a.html"])
        #expect(keys == ["1"])
        #expect(others == ["b.html", "d.html"])  // not "c.html": no key, no page
        #expect(PageKeys.match([], to: ["a.html"]).keys == [nil])
    }
}
