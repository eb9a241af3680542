import Foundation
import Testing
@testable import SitegenCore

/// Golden outputs where the exact bytes matter: the Markdown of a plan
/// body and one chart. Regenerate with SITEGEN_UPDATE_GOLDEN=1 and review
/// the diff before committing it.
@Suite struct RenderTests {
    static func casesSite() throws -> TestSite {
        let cases = try String(contentsOf: Repo.fixtures.appendingPathComponent("render/render-cases.md"), encoding: .utf8)
        return try TestSite(files: ["content/plans/render-cases.md": cases])
    }

    /// The text between `start` and the matching `end` (first occurrence).
    static func slice(_ page: String, from start: String, to end: String) -> String? {
        guard let a = page.range(of: start), let b = page.range(of: end, range: a.upperBound..<page.endIndex) else { return nil }
        return String(page[a.lowerBound..<b.upperBound])
    }

    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try Golden.expect(Data(actual.utf8), Repo.fixtures.appendingPathComponent("golden/\(name)"), sourceLocation: sourceLocation)
    }

    /// The progress table's rows as a template's own loop over `rows`
    /// writes them: the rows `progressRowHTML` writes (`{{{rowsHTML}}}`).
    static let progressRowLoop = """
        {{#rows}}<tr><th scope="row"><a href="{{href}}">{{name}}</a></th><td>{{target}}</td><td>{{baseline}}</td><td>{{latest}}</td><td>{{{status}}}</td><td class="bar-cell">{{#hasBar}}<span class="bar" aria-hidden="true"><span class="fill status-{{statusCode}}" style="width:{{barPercent}}%"></span></span>{{/hasBar}} <span class="bar-text">{{progressText}}</span></td></tr>
        {{/rows}}

        """

    /// The default templates print rows made in Swift (`rowsHTML`,
    /// `observationRows`, `updateRows`, `factRows`, `explanationRows`,
    /// `metadataRows`); a template that loops over the lists (`rows`,
    /// `observations`, …) itself gets the same page.
    @Test func rowsMadeInSwiftAreTheRowsTheListsGive() throws {
        let site = try TestSite.example()
        var options = site.options
        options.useCache = false
        #expect(try Pipeline.build(options).published)
        let made = site.outputTree()
        func replace(_ path: String, _ from: String, _ to: String) throws {
            let url = site.root.appendingPathComponent("templates/" + path)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(from))
            try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: url)
        }
        try replace("partials/progress-table.mustache", "{{{rowsHTML}}}", Self.progressRowLoop)
        try replace("indicator.mustache", "{{{observationRows}}}", """
            {{#observations}}<tr><td>{{period}}</td><td class="num">{{value}}</td><td>{{note}}</td><td>{{source}}</td></tr>
            {{/observations}}

            """)
        try replace("indicator.mustache", "{{{updateRows}}}", """
            {{#updates}}<tr><td>{{date}}</td><td>{{stage}}</td><td class="num">{{percent}}</td><td>{{note}}</td></tr>
            {{/updates}}

            """)
        try replace("indicator.mustache", "{{{factRows}}}", """
            {{#facts}}<div><dt>{{label}}</dt><dd>{{#href}}<a href="{{href}}">{{value}}</a>{{/href}}{{^href}}{{value}}{{/href}}</dd></div>
            {{/facts}}

            """)
        try replace("indicator.mustache", "{{{explanationRows}}}", """
            {{#explanation}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>
            {{/explanation}}

            """)
        let planLoop = """
            {{#plans}}
              <li>
                <h3><a href="{{root}}{{href}}">{{title}}</a></h3>
                <p class="meta">{{issuer}} · {{published}} · {{total}} {{t.indicatorCount}}</p>
                {{#summary}}<p>{{summary}}</p>{{/summary}}
                <ul class="inline-counts">{{#counts}}<li><span class="badge status-{{code}}"><span class="badge-icon" aria-hidden="true"></span>{{name}}</span> {{count}}</li>{{/counts}}</ul>
              </li>
            {{/plans}}

            """
        try replace("index.mustache", "{{{plansHTML}}}", planLoop)
        try replace("plans.mustache", "{{{plansHTML}}}", planLoop)
        try replace("plan.mustache", "{{{metadataRows}}}", """
            {{#metadata}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>
            {{/metadata}}

            """)
        #expect(try Pipeline.build(options).published)
        let looped = site.outputTree()
        #expect(made.keys.sorted() == looped.keys.sorted())
        #expect(made.values.contains { String(decoding: $0, as: UTF8.self).contains("<td class=\"num\">") })
        for (path, data) in made where looped[path] != data { Issue.record("\(path) differs") }
    }

    /// A progress row made in Swift (`progressRowHTML`, the default
    /// partial's `{{{rowsHTML}}}`) and one of `rows` a template loops over
    /// (`progressRow`) are the same, with markup characters (`<>&"'`) in
    /// every user field of a row: name, area, unit (in the target, the
    /// baseline and the latest value) and the target's text; both escape
    /// them (no page has the markup as it was written).
    @Test func progressRowsOfBothPathsAgreeAndEscapeMarkup() throws {
        let mark = "<i x='1'>&\"</i>"
        let escaped = "&lt;i x=&#39;1&#39;&gt;&amp;&quot;&lt;/i&gt;"
        let quoted = mark.replacingOccurrences(of: "\"", with: "\\\"")  // in YAML's double quotes
        let site = try TestSite(files: ["content/indicators/test-plan.yaml": """
            plan: test-plan
            indicators:
              - {id: t-water, name: "名\(quoted)", area: "区\(quoted)", unit: "个\(quoted)", direction: increase,
                 baseline: {period: "2021", value: 1}, target: {value: 5, by: 2022-12-31, text: "达到\(quoted)"},
                 observations: [{period: 2022-06, value: 3}]}
              - {id: t-value, name: "值\(quoted)", area: "区\(quoted)", unit: "\(quoted)", direction: decrease,
                 baseline: {period: "2021", value: 9}, target: {value: 5, by: 2022-12-31},
                 observations: [{period: 2022-03, value: 8}, {period: 2022-06, value: 7}]}
              - {id: t-milestone, name: "事\(quoted)", area: "区\(quoted)", kind: milestone, target: {by: 2022-12-31},
                 updates: [{date: 2022-06-30, stage: in_progress, percent: 40}]}
            """])
        #expect(site.errors().isEmpty)
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        #expect(renderer.rows.count == 3)
        for row in renderer.rows {
            #expect(renderer.progressRow(row, root: "../").area == "区" + escaped)
        }
        var options = site.options
        options.useCache = false
        #expect(try Pipeline.build(options).published)
        let made = site.outputTree()
        let pages = made.filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
        for (path, page) in pages { #expect(!page.contains(mark), "\(path)") }
        let tables = pages.values.compactMap { Self.slice($0, from: "<table class=\"progress\">", to: "</table>") }.joined()
        for text in ["名", "值", "事", "达到", "<td>1个", "<td>3个", "<td>≤ 5", "<td>9", "<td>7"] {
            #expect(tables.contains(text + escaped), "\(text)")
        }
        let partial = site.root.appendingPathComponent("templates/partials/progress-table.mustache")
        try Data(try String(contentsOf: partial, encoding: .utf8)
            .replacingOccurrences(of: "{{{rowsHTML}}}", with: Self.progressRowLoop).utf8).write(to: partial)
        #expect(try Pipeline.build(options).published)
        let looped = site.outputTree()
        #expect(made.keys.sorted() == looped.keys.sorted())
        for (path, data) in made where looped[path] != data { Issue.record("\(path) differs") }
    }

    /// The rows as lists (`facts`, `explanation`, `metadata`) are in a
    /// page's values only when a template names them: the default
    /// templates print the ready-made rows, and a page's shape need not
    /// look at lists nothing prints (`rowsMadeInSwiftAreTheRowsTheListsGive` shows
    /// that a template naming them gets them).
    @Test func listsNoTemplateNamesAreLeftOut() throws {
        let site = try TestSite.example()
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        let row = try #require(renderer.rows.first)
        let indicator = renderer.indicatorView(row, renderer.index.plansBySlug[row.indicator.plan], sentence: "")
        #expect(indicator["factRows"] != nil && indicator["facts"] == nil && indicator["explanation"] == nil)
        let plan = try #require(renderer.site.plans.first)
        let view = renderer.planView(plan, renderer.index.rows(renderer.index.byPlan[plan.slug]))
        #expect(view["metadataRows"] != nil && view["metadata"] == nil)
    }

    /// Observation and update rows written as they come are the rows
    /// `dataRowsHTML` makes of their escaped cells, with markup characters
    /// in every text, a unit, notes, sources and corrections.
    @Test func rowsWrittenAsTheyComeAreTheRowsOfTheirCells() throws {
        let site = try TestSite.example()
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        let day = try #require(Day(year: 2022, month: 3, day: 1))
        var checked = (observations: 0, updates: 0)
        for (n, row) in renderer.rows.enumerated() {
            var i = row.indicator
            if n % 2 == 0 { i.unit = "<m³ & \"x\">" }
            if n % 3 == 0 { i.source = "统计局 <'源'>" }
            for k in i.observations.indices {
                if k % 2 == 0 { i.observations[k].note = "注 & <b>\"k\"</b>" }
                if k % 3 == 0 { i.observations[k].source = "它 > 'x'" }
                if k % 4 == 1 {
                    i.observations[k].corrections = [Correction(date: day, previous: i.observations[k].value,
                                                                 reason: "错 <b>", location: SourceLocation(path: "x"))]
                }
            }
            for k in i.updates.indices where k % 2 == 0 { i.updates[k].note = "进展 & <i>'y'</i>" }
            let periods = i.observations.map { renderer.text.format($0.period) }
            #expect(renderer.observationRowsHTML(i, periods: periods).string
                    == SiteRenderer.dataRowsHTML(renderer.observationCells(i, periods: periods), num: 1), "\(i.id)")
            #expect(renderer.updateRowsHTML(i).string == SiteRenderer.dataRowsHTML(renderer.updateCells(i), num: 2), "\(i.id)")
            checked.observations += i.observations.count
            checked.updates += i.updates.count
        }
        #expect(checked.observations > 20 && checked.updates > 2)
    }

    /// A progress row's cells (written a piece at a time, escaped as they
    /// go) are the escaped texts the indicator page and search print:
    /// `targetText`, the baseline's value and period, `latestText` (and
    /// the 更新不及时 mark), with markup characters in every unit and text.
    @Test func progressCellsAreTheEscapedTexts() throws {
        let site = try TestSite.example()
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        var evaluated = renderer.rows[0].site.evaluated
        for k in evaluated.site.indicators.indices {
            if k % 2 == 0 { evaluated.site.indicators[k].unit = "<m³ & \"x\">" }
            if k % 3 == 1 { evaluated.site.indicators[k].target.text = "达到 <b>'优'</b> & 更好" }
        }
        let rows = OpenData.Rows(evaluated).all
        var kinds = Set<String>()
        for row in rows {
            let i = row.indicator, made = renderer.progressRow(row, root: "")
            let baseline = i.baseline.map { renderer.baselineText($0, unit: i.unit) }
            let stale = row.evaluation.stale ? " " + renderer.staleMark : ""
            #expect(made.target == Escape.html(renderer.targetText(i)), "\(i.id)")
            #expect(made.baseline == (baseline.map(Escape.html) ?? "—"), "\(i.id)")
            #expect(made.latest == Escape.html(renderer.latestText(row)) + stale, "\(i.id)")
            kinds.insert(i.kind.rawValue + (i.baseline == nil ? "" : " baseline") + (i.target.text == nil ? "" : " text")
                         + (row.evaluation.latest == nil ? "" : " latest") + (row.evaluation.latestUpdate == nil ? "" : " update"))
        }
        #expect(kinds.count >= 5, "\(kinds)")
    }

    /// `isPage` (which counts the pages and sizes the sitemap without
    /// making every path) says what the path says.
    @Test func isPageIsAPathEndingInHTML() throws {
        let site = try TestSite.example()
        let renderer = try #require(Pipeline.prepare(site.options).0).renderer
        let jobs = renderer.jobs() + renderer.makeShared(for: renderer.jobs())
        #expect(jobs.contains { renderer.isPage($0) } && jobs.contains { !renderer.isPage($0) })
        for job in jobs { #expect(renderer.isPage(job) == renderer.path(job).hasSuffix(".html"), "\(renderer.path(job))") }
    }

    /// The write makes every file once, the whole-site files first (each
    /// on a worker of its own), then list pages, and indicator pages last.
    @Test func theWriteOrderPutsHeavyFilesFirst() throws {
        let site = try TestSite.example()
        var options = site.options
        options.listPageSize = 1
        let renderer = try #require(Pipeline.prepare(options).0).renderer
        let jobs = renderer.jobs() + renderer.makeShared(for: renderer.jobs())
        let order = renderer.writeOrder(jobs, copies: 3)
        #expect(order.sorted() == Array(0..<jobs.count + 3))
        let alone = renderer.wholeSiteJobs.count
        #expect(Array(order.prefix(alone)) == Array(0..<alone))
        func kinds(_ isKind: (SiteRenderer.Job) -> Bool) -> [Int] {
            order.indices.filter { order[$0] < jobs.count && isKind(jobs[order[$0]]) }
        }
        let lists = kinds { if case .area = $0 { true } else if case .status = $0 { true } else { false } }
        let plans = kinds { if case .plan = $0 { true } else { false } }
        let indicators = kinds { if case .indicator = $0 { true } else { false } }
        #expect(lists.count > 3 && !plans.isEmpty && indicators.count > 3)
        #expect(lists.max()! < plans.min()! && plans.max()! < indicators.min()!)
        #expect(indicators == Array(order.count - indicators.count..<order.count))
        // Within a kind, the order of the jobs.
        #expect(indicators.map { order[$0] } == indicators.map { order[$0] }.sorted())
    }

    /// Every page of `site`, rendered with skeletons and in full: the same bytes.
    static func expectSkeletonsGiveFullRendering(_ site: TestSite, listPageSize: Int = 200,
                                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SiteRenderer {
        var options = site.options
        options.listPageSize = listPageSize
        let (prepared, _) = Pipeline.prepare(options)
        let renderer = try #require(prepared, sourceLocation: sourceLocation).renderer
        var full = renderer
        full.useSkeletons = false
        var pages = 0
        for job in renderer.jobs() where renderer.path(job).hasSuffix(".html") {
            guard let made = renderer.render(job).content.madeText, let expected = full.render(job).content.madeText else { continue }
            #expect(made == expected, "\(renderer.path(job))", sourceLocation: sourceLocation)
            pages += 1
        }
        #expect(pages > 5, sourceLocation: sourceLocation)
        return renderer
    }

    /// The layout and the page templates are split once per depth (and
    /// shape of view) and filled for each page: the bytes are those of
    /// rendering them in full.
    @Test func skeletonsGiveTheFullRendering() throws {
        let renderer = try Self.expectSkeletonsGiveFullRendering(try TestSite())
        // The default templates all split: the layout and indicator pages at least.
        let made = renderer.skeletons.keys(made: true)
        #expect(made.contains { $0.hasPrefix("layout\u{0}") })
        #expect(made.contains { $0.hasPrefix("indicator\u{0}") })
        // Two stand-ins of one slot, a section around one: still pieces.
        let twice = TemplateSkeleton.make(slots: ["title", "content"]) { v, _ in "<t>\(v["title"]!)</t><h>\(v["title"]!)</h>\(v["content"]!)" }
        #expect(twice?.slots == ["title", "title", "content"])
        #expect(twice?.fill(["title": "甲", "content": "乙"]) == "<t>甲</t><h>甲</h>乙")
        // A template that changes the text (a transform), or shows how long
        // a list is, has no skeleton.
        #expect(TemplateSkeleton.make(slots: ["title"]) { v, _ in v["title"]!.uppercased() } == nil)
        #expect(TemplateSkeleton.make(slots: ["title"]) { v, _ in String(v["title"]!.count) } == nil)
        #expect(TemplateSkeleton.make(slots: ["title"]) { v, n in v["title"]! + String(repeating: "<li>", count: n) } == nil)
        #expect(TemplateSkeleton.make(slots: ["title"]) { v, _ in v["title"]! + TemplateSkeleton.foreign } == nil)
    }

    /// The plan template loops over its lists (`toc`, `attachments`, …):
    /// its sections are cut out and filled an item at a time, and plan
    /// pages have a skeleton. A loop that prints its item's index does not
    /// cut, and the page is still what Mustache renders in full.
    @Test func listSectionsAreFilledFromTheirItemsSkeleton() throws {
        let renderer = try Self.expectSkeletonsGiveFullRendering(try TestSite())
        #expect(renderer.skeletons.keys(made: true).contains { $0.hasPrefix("plan\u{0}") && $0.contains("toc=l(") })
        let cut = try #require(PageSkeleton.cut("<ul>\n{{#toc}}\n<li>{{text}}</li>\n{{/toc}}\n</ul>", list: "toc"))
        #expect(cut.text == "<ul>\n{{{sitegenList_toc}}}</ul>" && cut.body == "<li>{{text}}</li>\n")
        #expect(PageSkeleton.cut("{{#toc}}{{index()}}{{/toc}}", list: "toc") == nil)
        #expect(PageSkeleton.cut("{{#toc}}{{> item}}{{/toc}}", list: "toc") == nil)
        #expect(PageSkeleton.cut("{{#toc}}a{{/toc}}{{#toc}}b{{/toc}}", list: "toc") == nil)

        let site = try TestSite()
        let url = site.root.appendingPathComponent("templates/plan.mustache")
        let page = try String(contentsOf: url, encoding: .utf8)
        try Data((page + "<ol>{{#toc}}<li>{{index()}} {{text}} {{title}}</li>{{/toc}}</ol>\n").utf8).write(to: url)
        let other = try Self.expectSkeletonsGiveFullRendering(site)
        #expect(!other.skeletons.keys(made: true).contains { $0.hasPrefix("plan\u{0}") })
    }

    /// List pages split into pages link to each other through the
    /// pagination partial, whose loop's items differ in a flag
    /// (`current`): the partial is taken into the page's skeleton, each
    /// kind of item has its own, and the pages are what Mustache renders.
    @Test func pagedListsAreFilledFromTheirSkeleton() throws {
        let site = try TestSite(files: Self.moreWater.merging(["content/plans/p-2.md": "---\ntitle: 要点二\nissuer: 测试局\nyear: 2021\npublished: 2021-03-01\n---\n\n正文。\n"]) { a, _ in a })
        let renderer = try Self.expectSkeletonsGiveFullRendering(site, listPageSize: 1)
        #expect(renderer.skeletons.keys(made: true).contains { $0.hasPrefix("list\u{0}") && $0.contains("pages=l(") })
        #expect(renderer.skeletons.keys(made: true).contains { $0.hasPrefix("plans\u{0}") && $0.contains("pages=l(") })
        #expect(!renderer.skeletons.keys(made: false).contains { $0.hasPrefix("list\u{0}") || $0.hasPrefix("plans\u{0}") })

        // Only an unindented partial tag alone on its line is taken in, its
        // text beginning as a template's does (with its content type).
        let partials = ["p": "<b>{{x}}</b>\n", "q": "no line break"]
        #expect(PageSkeleton.inliningPartials("a\n{{> p}}\nc\n", partials) == "a\n{{%CONTENT_TYPE:TEXT}}<b>{{x}}</b>\nc\n")
        #expect(PageSkeleton.inliningPartials("a\n{{>p}}", partials) == "a\n{{%CONTENT_TYPE:TEXT}}<b>{{x}}</b>\n")
        for kept in ["a {{> p}}\n", "  {{> p}}\n", "{{> q}}\n", "{{> r}}\n"] {
            #expect(PageSkeleton.inliningPartials(kept, partials) == kept)
        }
    }

    /// A list a skeleton cannot cut out (here `pages`, looped over twice)
    /// stands in with items of every kind it holds: a loop that prints
    /// only for the kind the first item is not (a page link not
    /// `current`, when the first page is) leaves the page without a
    /// skeleton, and every page is what Mustache renders.
    @Test func aListNotCutOutStandsInWithEveryKindOfItem() throws {
        let site = try TestSite(files: Self.moreWater.merging(["content/plans/p-2.md": "---\ntitle: 要点二\nissuer: 测试局\nyear: 2021\npublished: 2021-03-01\n---\n\n正文。\n"]) { a, _ in a })
        let url = site.root.appendingPathComponent("templates/list.mustache")
        try Data("<p>{{#pages}}{{^current}}<i>another page</i>{{/current}}{{/pages}}{{#pages}}{{/pages}}</p>\n".utf8).write(to: url)
        let renderer = try Self.expectSkeletonsGiveFullRendering(site, listPageSize: 1)
        #expect(renderer.skeletons.keys(made: false).contains { $0.hasPrefix("list\u{0}") && $0.contains("pages=l(") })
    }

    /// A page whose list holds an item of no kind its skeleton has is not
    /// filled (nil: the page is rendered in full), never printed without it.
    @Test func anItemOfNoKnownKindLeavesThePageToMustache() throws {
        let slot = PageSkeleton.slot("rows")
        let both = try #require(TemplateSkeleton.Shape.Item(["a": "x", "b": "y"]))
        let onlyA = try #require(TemplateSkeleton.Shape.Item(["a": "x", "b": ""]))
        let skeleton = PageSkeleton(page: TemplateSkeleton(pieces: ["<ul>", "</ul>"], slots: [slot]), items: [slot: ("rows", [
            (both, TemplateSkeleton(pieces: ["<li>", " ", "</li>"], slots: ["a", "b"])),
            (onlyA, TemplateSkeleton(pieces: ["<li>", "</li>"], slots: ["a"])),
        ])])
        #expect(skeleton.fill(["rows": [["a": "1", "b": "2"], ["a": "3", "b": ""]]])?.string == "<ul><li>1 2</li><li>3</li></ul>")
        #expect(skeleton.fill(["rows": [["a": "1", "b": "2"], ["a": "", "b": ""]]]) == nil)
        #expect(skeleton.fill(["rows": [["a": "1", "b": "2"], ["a": "", "b": ""]] as [[String: Any]]]) == nil)
    }

    /// Page templates that show lists, test texts that may be empty, use
    /// transforms and flags: every page is still what Mustache renders in full.
    @Test func skeletonsFollowWhatTheTemplateDoesWithTheView() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent("templates/indicator.mustache")
        let page = try String(contentsOf: url, encoding: .utf8)
        try Data((page + """
            <p>{{#observations}}{{period}}={{value}};{{/observations}}{{^observations}}none{{/observations}}</p>
            <p>{{#legend}}has legend{{/legend}}{{^legend}}no legend{{/legend}} {{#observationRows}}rows{{/observationRows}}</p>
            <p>{{uppercased(statusCode)}} {{#isMilestone}}milestone{{/isMilestone}} {{#facts}}[{{label}}]{{/facts}}</p>

            """).utf8).write(to: url)
        let renderer = try Self.expectSkeletonsGiveFullRendering(site)
        // Showing lists and transforming a text leave the indicator pages without one.
        #expect(!renderer.skeletons.keys(made: true).contains { $0.hasPrefix("indicator\u{0}") })
        #expect(renderer.skeletons.keys(made: false).contains { $0.hasPrefix("indicator\u{0}") })
    }

    /// A section on a text that is empty on some pages, flags, no list:
    /// skeletons are made, one per shape, and pages are still exact.
    @Test func pagesOfEachShapeShareASkeleton() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent("templates/indicator.mustache")
        let page = try String(contentsOf: url, encoding: .utf8)
        try Data((page + "<p>{{#updateRows}}updates{{/updateRows}}{{^updateRows}}no updates{{/updateRows}} {{#hasObservations}}data{{/hasObservations}}</p>\n").utf8).write(to: url)
        let renderer = try Self.expectSkeletonsGiveFullRendering(site)
        let shapes = renderer.skeletons.keys(made: true).filter { $0.hasPrefix("indicator\u{0}") }
        #expect(shapes.count >= 2, "\(shapes)")
    }

    /// Lists only custom loops need are made when a template's tags name
    /// them: `{{{rowsHTML}}}`, `{{t.updates}}` and `observations.csv` (text,
    /// not a tag) do not; changed delimiters name everything.
    @Test func listsAreMadeWhenATemplateNamesThem() throws {
        let site = try TestSite()
        let dir = site.root.appendingPathComponent("templates")
        let (defaults, _) = TemplateSet.load(from: dir, sitePath: "templates")
        let set = try #require(defaults)
        #expect(!set.tagsName("rows") && !set.tagsName("observations") && !set.tagsName("updates"))
        #expect(set.tagsName("rowsHTML") && set.tagsName("observationRows"))
        let url = dir.appendingPathComponent("partials/progress-table.mustache")
        try Data((try String(contentsOf: url, encoding: .utf8) + "{{count(rows)}}{{#observations.first}}x{{/observations.first}}").utf8).write(to: url)
        let edited = try #require(TemplateSet.load(from: dir, sitePath: "templates").0)
        #expect(edited.tagsName("rows") && edited.tagsName("observations") && !edited.tagsName("updates") && !edited.tagsName("row"))
        try Data("{{=<% %>=}}<%#updates%><%/updates%>".utf8).write(to: url)
        #expect(try #require(TemplateSet.load(from: dir, sitePath: "templates").0).tagsName("updates"))
    }

    /// A site without a notice and a plan without a summary show neither
    /// (an absent optional once printed as "nil"), with the default
    /// templates and with a template that loops over `plans` itself.
    @Test func absentNoticeAndSummaryPrintNothing() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: 测试站点\norganization: 测试局\nas_of: 2022-09-30\n"])
        let planURL = site.root.appendingPathComponent("content/plans/test-plan.md")
        let plan = try String(contentsOf: planURL, encoding: .utf8)
        #expect(plan.contains("summary: 一份用于测试的工作要点。\n"))
        try Data(plan.replacingOccurrences(of: "summary: 一份用于测试的工作要点。\n", with: "").utf8).write(to: planURL)
        for loop in [false, true] {
            if loop {
                let url = site.root.appendingPathComponent("templates/index.mustache")
                let index = try String(contentsOf: url, encoding: .utf8)
                try Data(index.replacingOccurrences(of: "{{{plansHTML}}}",
                                                    with: "{{#plans}}<li>{{title}}{{#summary}}<p>{{summary}}</p>{{/summary}}</li>{{/plans}}").utf8).write(to: url)
            }
            #expect(try site.build().published)
            let home = try site.read("index.html")
            #expect(home.contains("plans/test-plan/index.html") || loop)
            for (path, data) in site.outputTree() where path.hasSuffix(".html") {
                let page = String(decoding: data, as: UTF8.self)
                #expect(!page.contains("class=\"notice\""), "\(path)")
                #expect(!page.contains(">nil<"), "\(path)")
            }
        }
    }

    @Test func aLayoutThatTransformsTheTitleIsRenderedInFull() throws {
        let site = try TestSite()
        let url = site.root.appendingPathComponent("templates/layout.mustache")
        let layout = try String(contentsOf: url, encoding: .utf8)
        try Data(layout.replacingOccurrences(of: "<title>{{pageTitle}}</title>", with: "<title>{{uppercased(pageTitle)}}</title>").utf8).write(to: url)
        try site.write(Data(try String(contentsOf: site.root.appendingPathComponent("content/site.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "title: 测试站点", with: "title: Test site").utf8), to: "content/site.yaml")
        #expect(try site.build().published)
        #expect(try site.read("index.html").contains("<title>TEST SITE</title>"))
        #expect(try site.read("plans/test-plan/index.html").contains(" - TEST SITE</title>"))
    }

    /// The feed shows the newest entries only; with more indicators than
    /// that, the newest data wins and the oldest is left out.
    @Test func theFeedKeepsTheNewestEntries() throws {
        var yaml = "plan: test-plan\nindicators:\n"
        for k in 0..<150 {
            let month = 2010 * 12 + k  // 2010-01, 2010-02, …
            yaml += "  - {id: gen-\(k), name: 指标\(k), area: 水环境, direction: increase, target: {value: 1, by: 2022-12-31},"
                + " observations: [{period: \"\(month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)\", value: 1}]}\n"
        }
        let site = try TestSite(files: ["content/indicators/gen.yaml": yaml,
                                        "content/site.yaml": "title: 站\norganization: 局\nas_of: 2022-09-30\nbase_url: https://example.org/\n"])
        #expect(try site.build().published)
        let feed = try site.read("feed.xml")
        #expect(feed.components(separatedBy: "<entry>").count - 1 == Feeds.entryLimit)
        #expect(feed.contains("#observation-gen-149-2022-06<"))
        #expect(!feed.contains("#observation-gen-0-2010-01<"))
        #expect(feed.contains("#plan-test-plan<"))
    }

    @Test func markdownBodyMatchesGolden() throws {
        let site = try Self.casesSite()
        let result = try site.build()
        #expect(result.published)
        let page = try site.read("plans/render-cases/index.html")
        let body = try #require(Self.slice(page, from: "<div class=\"body\">", to: "\n</div>\n</article>"))
        try Self.expectGolden(body, "render-cases.body.html")
    }

    @Test func headingIDsAreUniqueAndStable() throws {
        let site = try Self.casesSite()
        _ = try site.build()
        let page = try site.read("plans/render-cases/index.html")
        #expect(page.contains("id=\"一总体要求\""))
        #expect(page.contains("id=\"一总体要求-1\""))
        #expect(page.contains("id=\"overview-scope\""))
        // Each heading offers a link to itself.
        #expect(page.contains("href=\"#一总体要求-1\""))
        // The table of contents points at the same ids.
        #expect(page.contains("<li class=\"toc-2\"><a href=\"#一总体要求\">"))
    }

    @Test func chineseTextReadsRight() throws {
        let site = try Self.casesSite()
        _ = try site.build()
        let page = try site.read("plans/render-cases/index.html")
        #expect(page.contains("第一行中文第二行中文，不应出现空格。"))
        #expect(page.contains("English line one\nEnglish line two."))
        #expect(page.contains("<strong>推进碳达峰行动。</strong>制定方案。<strong>（一）</strong>括号开头。"))
    }

    @Test func indicatorLinksAndBlocks() throws {
        let site = try Self.casesSite()
        _ = try site.build()
        let page = try site.read("plans/render-cases/index.html")
        #expect(page.contains("<a href=\"../../indicators/t-water/index.html\">69.7%</a>"))
        #expect(page.contains("<span class=\"badge status-behind\">"))
        #expect(page.contains("<table class=\"progress\">"))
    }

    @Test func rawHTMLAndUnsafeURLsAreDroppedWithWarnings() throws {
        let site = try Self.casesSite()
        let warnings = site.warnings().filter { $0.hasPrefix("content/plans/render-cases.md") }
        #expect(warnings == [
            "content/plans/render-cases.md:27:1: warning: raw HTML is not shown on the page; write it in Markdown",
            "content/plans/render-cases.md:29:3: warning: raw HTML is not shown on the page; write it in Markdown",
            "content/plans/render-cases.md:29:13: warning: raw HTML is not shown on the page; write it in Markdown",
            "content/plans/render-cases.md:31:1: warning: link with the URL scheme 'javascript:' is not shown; use http, https, mailto or a relative path",
            "content/plans/render-cases.md:31:29: warning: link with the URL scheme 'data:' is not shown; use http, https, mailto or a relative path",
            "content/plans/render-cases.md:31:54: warning: image with the URL scheme 'vbscript:' is not shown; use http, https, mailto or a relative path",
        ])
        _ = try site.build()
        let page = try site.read("plans/render-cases/index.html")
        for gone in ["javascript:", "data:text", "vbscript:", "<div class=\"x\">", "<span>HTML"] {
            #expect(!page.contains(gone), "\(gone) reached the page")
        }
        #expect(page.contains("脚本链接"))
        #expect(page.contains("href=\"mailto:a@b.cn\""))
        #expect(page.contains("href=\"https://example.org/?a=1&amp;b=%222%22\""))
    }

    @Test func quantitativeChartMatchesGolden() throws {
        let site = try TestSite()
        _ = try site.build()
        let page = try site.read("indicators/t-water/index.html")
        let svg = try #require(Self.slice(page, from: "<svg", to: "</svg>"))
        try Self.expectGolden(svg + "\n", "t-water.chart.svg")
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title"))
    }

    /// A unit too long for the room left of the y axis (微克/立方米, PM2.5's)
    /// starts at the chart's left edge instead of ending at the axis, where
    /// its start was cut off; a short one still ends at the axis.
    @Test func aLongUnitIsNotCutOffTheChart() throws {
        let fixture = try String(contentsOf: Repo.fixtures.appendingPathComponent("basic/content/indicators/test-plan.yaml"), encoding: .utf8)
        let site = try TestSite(files: ["content/indicators/test-plan.yaml": fixture.replacingOccurrences(of: "unit: \"%\"", with: "unit: 微克/立方米")])
        _ = try site.build()
        let svg = try #require(Self.slice(try site.read("indicators/t-water/index.html"), from: "<svg", to: "</svg>"))
        #expect(svg.contains("<text x=\"0\" y=\"14\">微克/立方米</text>"))
        for (unit, fits) in [("%", true), ("小时", true), ("μg/m³", true), ("千公顷", false), ("微克/立方米", false), ("mg/L COD", false)] {
            #expect(Chart.fitsLeftOfAxis(unit) == fits, "\(unit)")
        }
    }

    @Test func milestoneChartShowsEveryUpdate() throws {
        let site = try TestSite()
        _ = try site.build()
        let page = try site.read("indicators/t-milestone/index.html")
        let svg = try #require(Self.slice(page, from: "<svg", to: "</svg>"))
        #expect(svg.contains("40%"))
        #expect(svg.contains("推进中"))
    }

    /// `language: en`: the interface text, html lang and dates in English.
    @Test func englishInterface() throws {
        let site = try TestSite(files: ["content/site.yaml": "title: Test site\norganization: Test bureau\nlanguage: en\nas_of: 2022-09-30\n"])
        #expect(try site.build().published)
        let home = try site.read("index.html")
        #expect(home.contains("<html lang=\"en\">"))
        #expect(home.contains("Reporting date: <strong>30 September 2022</strong>"))
        #expect(!home.contains("：") && !home.contains("（"))
        #expect(home.contains("Progress at a glance"))
        let indicator = try site.read("indicators/t-water/index.html")
        #expect(indicator.contains("By the end of Jun 2022 it was 66.7%"))
        #expect(indicator.contains("How this status was judged"))
        #expect(!indicator.contains("统计截止日期") && !indicator.contains("："))
        let plan = try site.read("plans/test-plan/index.html")
        #expect(plan.contains("<dt>Published</dt><dd>1 March 2022</dd>"))
    }

    /// Three more indicators of 水环境 (w-2…w-4), none with data: lists that page at two a page.
    static let moreWater: [String: String?] = ["content/indicators/more.yaml": """
        plan: test-plan
        indicators:
          - {id: w-2, name: 二号, area: 水环境, kind: milestone, target: {by: 2022-12-31}}
          - {id: w-3, name: 三号, area: 水环境, kind: milestone, target: {by: 2022-12-31}}
          - {id: w-4, name: 四号, area: 水环境, kind: milestone, target: {by: 2022-12-31}}
        """]

    /// Long status and area lists are split into linked pages.
    @Test func longListsArePaginated() throws {
        let site = try TestSite(files: Self.moreWater)
        var options = site.options
        options.listPageSize = 2
        #expect(try Pipeline.build(options).published)
        // 水环境 has w-2…w-4 (more.yaml comes first) and t-water: two pages; no_data has w-2…w-4: two pages.
        let first = try site.read("areas/水环境/index.html")
        let second = try site.read("areas/水环境/page-2.html")
        #expect(first.contains("合计 4 项指标 · 第1页，共2页"))
        #expect(first.contains("二号") && first.contains("三号") && !first.contains("四号"))
        #expect(second.contains("四号") && second.contains("断面水质优良比例") && !second.contains("二号"))
        #expect(first.contains("<span aria-current=\"page\">1</span>") && first.contains("<a href=\"page-2.html\">2</a>"))
        #expect(second.contains("<a href=\"index.html\">1</a>"))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("status/no_data/page-2.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("status/behind/page-2.html").path))
        #expect(!(try site.read("status/behind/index.html")).contains("class=\"pagination\""))
    }

    /// A site with more pages than one sitemap may list gets a sitemap
    /// index and numbered sitemaps that list every page once, in order.
    @Test func aLargeSiteHasASitemapIndex() throws {
        let site = try TestSite.example()
        #expect(try Pipeline.build(site.options).published)
        func locs(_ xml: String, _ tag: String) -> [String] {
            xml.components(separatedBy: "<\(tag)><loc>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        }
        let whole = locs(try site.read("sitemap.xml"), "url")
        #expect(whole.count > 7)
        var options = site.options
        options.sitemapLimit = 3
        #expect(try Pipeline.build(options).published)
        let index = try site.read("sitemap.xml")
        #expect(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        let parts = locs(index, "sitemap")
        #expect(parts.count == (whole.count + 2) / 3)
        var listed: [String] = []
        for (n, part) in parts.enumerated() {
            #expect(part.hasSuffix("/sitemap-\(n + 1).xml"))
            let urls = locs(try site.read("sitemap-\(n + 1).xml"), "url")
            #expect(urls.count <= 3)
            listed += urls
        }
        #expect(listed == whole)
    }

    /// The home page shows the newest plans and links to the plan index,
    /// which lists them all, newest first, in pages.
    @Test func theHomePageShowsTheNewestPlansAndThePlanIndexAllInPages() throws {
        // p-01 … p-22, one a year from 2001; test-plan and p-22 are both of 2022-03-01, and the slug decides.
        var files: [String: String?] = [:]
        for n in 1...22 {
            let slug = String(format: "p-%02d", n)
            files["content/plans/\(slug).md"] = "---\ntitle: 要点\(slug)\nissuer: 测试局\nyear: \(2000 + n)\npublished: \(2000 + n)-03-01\n---\n\n正文。\n"
        }
        let site = try TestSite(files: files)
        var options = site.options
        options.listPageSize = 10
        #expect(try Pipeline.build(options).published)
        let home = try site.read("index.html")
        #expect(home.contains("<p class=\"meta\">最新发布的20份（按年度和发布日期）。</p>"))
        #expect(home.contains("<a href=\"plans/test-plan/index.html\">") && home.contains("<a href=\"plans/p-04/index.html\">"))
        #expect(!home.contains("要点p-03") && !home.contains("要点p-01"))
        #expect(home.contains("<a href=\"plans/index.html\">全部工作要点（23）</a>"))
        // 23 plans, 10 a page: 3 pages, the order of the home page.
        let pages = try ["index.html", "page-2.html", "page-3.html"].map { try site.read("plans/" + $0) }
        #expect(pages[0].contains("合计 23 份工作要点 · 第1页，共3页"))
        #expect(pages[0].contains("<a href=\"../plans/test-plan/index.html\">2022年测试工作要点</a>"))
        #expect(pages[0].contains("要点p-14") && !pages[0].contains("要点p-13"))
        #expect(pages[1].contains("要点p-13") && pages[1].contains("要点p-04") && !pages[1].contains("要点p-03"))
        #expect(pages[2].contains("要点p-03") && pages[2].contains("要点p-01") && pages[2].contains("<a href=\"page-2.html\">2</a>"))
        #expect(pages[2].contains("<span aria-current=\"page\">3</span>"))
        let order = ["p-22", "p-21", "p-20", "p-19", "p-18", "p-17", "p-16", "p-15", "p-14"].compactMap { pages[0].range(of: "要点" + $0)?.lowerBound }
        #expect(order.count == 9 && order == order.sorted())
    }

    /// A site whose plans fit the home page says nothing of "newest" and
    /// still links to its plan index, one page long.
    @Test func aSmallSiteListsEveryPlanOnTheHomePage() throws {
        let site = try TestSite()
        #expect(try site.build().published)
        let home = try site.read("index.html")
        #expect(!home.contains("最新发布") && home.contains("全部工作要点（1）"))
        let index = try site.read("plans/index.html")
        #expect(index.contains("合计 1 份工作要点</p>") && !index.contains("class=\"pagination\""))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("plans/page-2.html").path))
    }
}
