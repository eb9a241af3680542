import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SitegenCore

/// User text with markup in it, in every field that reaches a page, a
/// chart, a feed or a data file: it must come out as text, never as markup.
@Suite struct EscapingTests {
    /// Breaks out of HTML text, both attribute quotes and entities.
    static let payload = #"<b id="x">'甲'&amp;</b>"#

    static func hostileSite() throws -> TestSite {
        /// The payload and a suffix as a single-quoted YAML scalar.
        func y(_ suffix: String) -> String { "'" + (payload + " " + suffix).replacingOccurrences(of: "'", with: "''") + "'" }
        return try TestSite(fixture: nil, files: [
            "content/site.yaml": """
                title: \(y("站点"))
                organization: \(y("局"))
                base_url: https://example.org/a&b/
                as_of: 2022-09-30
                notice: \(y("提示"))
                """,
            "content/plans/evil.md": """
                ---
                title: \(y("要点"))
                issuer: \(y("发布"))
                year: 2022
                published: 2022-03-01
                doc_no: \(y("文号"))
                region: '<script>alert(2)</script>'
                summary: \(y("摘要"))
                attachments:
                  - {title: \(y("附件")), file: '计划 (1)#?.txt'}
                links:
                  - {title: \(y("链接")), url: 'https://example.org/?a=1&b=''x'''}
                ---

                ## 甲 & "乙" <丙> 标题

                <script>alert(1)</script>

                正文 [指标](indicator:evil-1)。

                """,
            "content/files/计划 (1)#?.txt": "附件内容\n",
            "content/indicators/evil.yaml": """
                plan: evil
                indicators:
                  - id: evil-1
                    name: \(y("指标"))
                    area: \(y("领域"))
                    unit: '<u>'
                    direction: increase
                    baseline: {period: "2021", value: 1}
                    target: {value: 10, by: 2022-12-31, text: \(y("目标"))}
                    owner: \(y("单位"))
                    section: '甲 & "乙" <丙> 标题'
                    source: \(y("来源"))
                    observations:
                      - {period: 2022-03, value: 2, note: '=HYPERLINK("http://evil")'}
                      - {period: 2022-06, value: 3, note: \(y("说明"))}
                """,
        ])
    }

    static func built() throws -> TestSite {
        let site = try hostileSite()
        let result = try site.build()
        #expect(result.published, "\(result.diagnostics)")
        return site
    }

    @Test func htmlTextAndAttributes() throws {
        let site = try Self.built()
        for (path, data) in site.outputTree() where path.hasSuffix(".html") {
            let page = String(decoding: data, as: UTF8.self)
            #expect(!page.contains("<b id="), "\(path) lets markup through")
            #expect(!page.contains("<script>alert"), "\(path) lets a script through")
            #expect(!page.contains("<u>"), "\(path) lets the unit's markup through")
        }
        let plan = try site.read("plans/evil/index.html")
        #expect(plan.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))  // the field reached the page, as text
        #expect(plan.contains("&lt;b id=&quot;x&quot;&gt;&#39;甲&#39;&amp;amp;&lt;/b&gt; 要点"))
        #expect(plan.contains("href=\"https://example.org/?a=1&amp;b=&#39;x&#39;\""))
    }

    @Test func svgText() throws {
        let site = try Self.built()
        let page = try site.read("indicators/evil-1/index.html")
        let svg = try #require(RenderTests.slice(page, from: "<svg", to: "</svg>"))
        #expect(svg.contains("&lt;b id=&quot;x&quot;&gt;"))
        #expect(svg.contains("&lt;u&gt;"))
        #expect(!svg.contains("<b ") && !svg.contains("<u>"))
    }

    @Test func urlsArePercentEncoded() throws {
        let site = try Self.built()
        let plan = try site.read("plans/evil/index.html")
        #expect(plan.contains("href=\"../../files/%E8%AE%A1%E5%88%92%20%281%29%23%3F.txt\""))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("files/计划 (1)#?.txt").path))
        let home = try site.read("index.html")
        // The area's page address is a slug of its text, encoded in the link.
        #expect(home.contains("href=\"areas/b-idx甲ampb-领域/index.html\"") == false)
        #expect(home.contains("areas/b-idx%E7%94%B2ampb-%E9%A2%86%E5%9F%9F/index.html"))
    }

    @Test func jsonRoundTrips() throws {
        let site = try Self.built()
        let data = try Data(contentsOf: site.output.appendingPathComponent("data/indicators.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(json.first?["name"] as? String == Self.payload + " 指标")
        #expect(json.first?["unit"] as? String == "<u>")
        let observations = try #require(json.first?["observations"] as? [[String: Any]])
        #expect(observations.first?["note"] as? String == "=HYPERLINK(\"http://evil\")")
    }

    /// The byte writer's HTML and XML escapes, against the entities written out
    /// (`Escape` uses the writer, so comparing the two proves nothing).
    @Test func textBufferEscapesHTMLAndXMLToTheirEntities() {
        var html = TextBuffer(capacity: 0)
        html.html("a<b>&\"c\"'d' 文")
        #expect(html.string == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; 文")
        var xml = TextBuffer(capacity: 0)
        xml.xml("a<b>&\"c\"'d' 文")
        #expect(xml.string == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; 文")
        #expect(Escape.html("a<b>&\"c\"'d' 文") == html.string)
    }

    /// The open data's byte writer escapes JSON, XML and CSV as `Escape` does,
    /// including U+2028/U+2029, control characters and their near misses.
    @Test(arguments: ["", "plain 文本", "\"q\" \\ back", "a\nb\r\tc", "\u{1}\u{1f}\u{7f}", "line\u{2028}para\u{2029}end",
                      "\u{2027}\u{202A}\u{20AC}€…", "\u{E2}", "<b id='x'>&amp;</b>", "尾\u{2028}"])
    func textBufferEscapesAsEscapeDoes(text: String) {
        var json = TextBuffer(capacity: 0)
        json.json(text)
        #expect(json.string == Escape.json(text))
        var xml = TextBuffer(capacity: 0)
        xml.xml(text)
        #expect(xml.string == Escape.xml(text))
        for field in [text, "=" + text, "-" + text, "-1.5", "+2", "@x", "\t" + text, "a,b", "\r\n" + text] {
            var csv = TextBuffer(capacity: 0)
            csv.csv(field)
            #expect(csv.string == Escape.csv(field), "\(field)")
        }
    }

    /// The buffer's own memory grows as it is written, whatever the size of
    /// each piece, and keeps what it held: bytes and string alike.
    @Test func aTextBufferGrowsKeepingWhatItWrote() {
        var w = TextBuffer(capacity: 1)
        var expected = ""
        for k in 0..<400 {
            w.raw("<p>"); expected += "<p>"
            let piece = String(repeating: "长", count: k % 37)
            w.raw(piece); expected += piece
            w.xml("a&b"); expected += "a&amp;b"
            w.number(Double(k) / 8, maxFractionDigits: 2); expected += NumberText.format(Double(k) / 8, maxFractionDigits: 2)
            w.day(Day(year: 2000 + k % 30, month: 1 + k % 12, day: 1)!); expected += Day(year: 2000 + k % 30, month: 1 + k % 12, day: 1)!.description
        }
        #expect(w.string == expected)
        #expect(w.bytes == Array(expected.utf8))
        #expect(w.count == expected.utf8.count)
    }

    @Test func csvQuotesAndDisarmsFormulas() throws {
        let site = try Self.built()
        let csv = try site.read("data/observations.csv")
        let rows = Self.parseCSV(csv)
        #expect(rows.count == 3)
        #expect(rows[1] == ["evil-1", "2022-03", "2", "'=HYPERLINK(\"http://evil\")"])
        #expect(rows[2][3] == Self.payload + " 说明")
        let indicators = Self.parseCSV(try site.read("data/indicators.csv"))
        #expect(indicators[1][2] == Self.payload + " 指标")
    }

    @Test func feedAndSitemapAreWellFormedXML() throws {
        let site = try Self.built()
        for name in ["feed.xml", "sitemap.xml"] {
            let data = try Data(contentsOf: site.output.appendingPathComponent(name))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is not well-formed: \(String(describing: parser.parserError))")
        }
        let feed = try site.read("feed.xml")
        #expect(feed.contains("<title>&lt;b id=&quot;x&quot;&gt;&#39;甲&#39;&amp;amp;&lt;/b&gt; 站点</title>"))
        #expect(feed.contains("https://example.org/a&amp;b/plans/evil/"))
    }

    /// RFC 4180 fields (quotes doubled), BOM dropped.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); field = ""
                if row != [""] { rows.append(row) }
                row = []
            } else if c != "\r" {
                field.append(c)
            }
            i += 1
        }
        return rows
    }
}
