import Testing
@testable import SitegenCore

/// The workbook XML reader: what it hands on, and what it refuses.
@Suite struct XMLScannerTests {
    final class Recorder: XMLHandler {
        var events: [String] = []
        func start(_ name: String, _ attributes: [String: String]) {
            events.append("<" + name + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + ">")
        }
        func text(_ text: String) { events.append(text) }
        func end(_ name: String) { events.append("</" + name + ">") }
    }

    func events(_ xml: String) throws -> [String] {
        let r = Recorder()
        try XMLScanner.scan(Array(xml.utf8), r)
        return r.events
    }

    @Test func elementsAttributesTextAndReferences() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c --><x:si a='1' b=\"&lt;&amp;&#x4E2D;\"><t xml:space=\"preserve\">甲 &amp; &#20056;<![CDATA[<b>]]></t><e/></x:si>"
        #expect(try events(xml) == ["<x:si a=1 b=<&中>", "<t xml:space=preserve>", "甲 & 乘", "<b>", "</t>", "<e>", "</e>", "</x:si>"])
    }

    @Test func refusesWhatAWorkbookNeverHas() {
        for (xml, line) in [("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", 1), ("<x>\n<y>", 2), ("<x>&bogus;</x>", 1),
                            ("</x>", 1), ("<x a=1/>", 1)] {
            #expect(throws: XMLScanner.Failure.self, "\(xml)") { try events(xml) }
            do { _ = try events(xml) } catch let f as XMLScanner.Failure { #expect(f.line == line, "\(xml): \(f)") } catch {}
        }
    }
}
