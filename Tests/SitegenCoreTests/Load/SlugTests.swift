import Testing
@testable import SitegenCore

/// Page addresses and ids (`Slug.isValid`): lower-case ASCII letters,
/// digits and '-', neither end a '-', at most 100 bytes.
@Suite struct SlugTests {
    @Test func lettersDigitsAndInnerDashes() {
        for s in ["a", "0", "t-water", "xiaogan-2022", "a--b", String(repeating: "a", count: 100)] {
            #expect(Slug.isValid(s), "\(s)")
        }
    }

    @Test func anythingElseIsNoSlug() {
        for s in ["", "-a", "a-", "-", "--", "A", "a_b", "a b", "é", "指标", "-\u{301}a", "a\u{301}", String(repeating: "a", count: 101)] {
            #expect(!Slug.isValid(s), "\(s)")
        }
    }
}
