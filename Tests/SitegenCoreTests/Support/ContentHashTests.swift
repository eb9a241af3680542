import Testing
@testable import SitegenCore

/// The text of a hash: it names pages in the build record, so it must not change.
@Suite struct ContentHashTests {
    @Test func descriptionIsThirtyTwoLowercaseHexDigits() {
        var h = ContentHash()
        h.a = 0x0123_4567_89AB_CDEF
        h.b = 0xF
        #expect(h.description == "0123456789abcdef000000000000000f")
        h.a = 0
        h.b = .max
        #expect(h.description == "0000000000000000ffffffffffffffff")
        #expect(ContentHash("x").description.count == 32)
    }
}
