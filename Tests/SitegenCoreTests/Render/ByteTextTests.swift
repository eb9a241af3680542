import Testing
@testable import SitegenCore

/// Texts kept as bytes from where they are made to the page (`ByteText`),
/// and numbers written as bytes with no string made.
struct ByteTextTests {
    /// A view's text is written as it is (escaped where it was made),
    /// whether a string or bytes; a list, a flag or nothing writes nothing.
    @Test func aViewTextIsWrittenAsItIs() {
        var out = TextBuffer(capacity: 0)
        let values: [Any?] = ["a&amp;", ByteText("<b>文</b>"), [["x": "y"]], [ByteText("z")], true, nil, "", ByteText("")]
        for value in values { out.append(ViewText(value)) }
        #expect(out.string == "a&amp;<b>文</b>")
        #expect(ByteText.of(ByteText("x"))?.string == "x")
        #expect(ByteText.of([ByteText("x")]) == nil && ByteText.of("x") == nil && ByteText.of(nil) == nil)
    }

    /// Bytes in a view are a text like a string: the view has the same
    /// shape (key and slots), an empty one an empty text.
    @Test func bytesInAViewAreATextLikeAString() throws {
        let strings = try #require(TemplateSkeleton.Shape(["a": "x", "b": "", "c": true], except: [:]))
        let bytes = try #require(TemplateSkeleton.Shape(["a": ByteText("x"), "b": ByteText(""), "c": true], except: [:]))
        #expect(bytes.key == strings.key && bytes.slots == strings.slots && bytes.slots == ["a"])
    }

    /// A number's text written by the byte writer is its text escaped, as
    /// a string of it would be: written from its digits when it is held
    /// as digits (`appendDigitsText`), else from its text.
    @Test(arguments: [("0", "0", true), ("-3", "-3", true), ("+2", "2", true), ("69.7", "69.7", true), ("007.50", "7.50", true),
                      ("-0.05", "-0.05", true), ("-0", "0", true), ("123456789012345", "123456789012345", true),
                      ("1234567890123456.5", "1234567890123456.5", false)])
    func aNumberIsWrittenAsItsText(raw: String, text: String, asDigits: Bool) throws {
        let n = try #require(DecimalNumber(raw))
        #expect(n.text == text)
        var html = TextBuffer(capacity: 0)
        html.html(n)
        #expect(html.string == text)
        var xml = TextBuffer(capacity: 0)
        xml.xml(n)
        #expect(xml.string == text)
        var bytes: [UInt8] = []
        #expect(n.appendDigitsText(to: &bytes) == asDigits)
        #expect(bytes == (asDigits ? Array(text.utf8) : []))
    }
}
