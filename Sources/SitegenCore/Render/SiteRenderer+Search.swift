import Foundation

/// Search's files (see `SearchShards`, `SearchScript`): the script, the
/// search page (when the theme has a `search` template), one term shard
/// each of `SearchShards.shardCount`, one documents file per plan. The
/// index is made once per build, when the first of these is keyed or
/// rendered.
extension SiteRenderer {
    var searchShardCount: Int { SearchShards.shardCount(plans: evaluated.site.plans.count) }

    func searchJobs() -> [Job] {
        [.searchScript] + (templates.names.contains("search") ? [.searchPage] : [])
            + (0..<searchShardCount).map { .searchTerms($0) } + evaluated.site.plans.indices.map { .searchDocuments($0) }
    }

    func searchPath(_ job: Job) -> String {
        switch job {
        case .searchPage: return "search/index.html"
        case .searchTerms(let k): return SearchShards.termFolder + "\(k).js"
        case .searchDocuments(let p): return SearchShards.documentFolder + "\(p).js"
        default: return "search/search.js"
        }
    }

    func renderSearch(_ job: Job) -> OutputFile {
        let path = searchPath(job)
        let text = self.text.search
        switch job {
        case .searchPage:
            return page("search", path: path, title: text.title,
                        view: ["title": Escape.html(text.title), "noScript": Escape.html(text.noScript)])
        case .searchTerms(let k): return Self.bytes(path, searchShards().termShards[k])
        case .searchDocuments(let p): return Self.bytes(path, searchShards().documentFiles[p])
        default:
            let config = SearchScript.Config(
                shards: searchShardCount, stride: SearchIndex.stride, indicatorBase: SearchIndex.indicatorBase,
                limit: SearchScript.limit, maxTerms: SearchTokenizer.maxQueryTerms, text: text,
                status: Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, self.text.statusName($0)) }))
            return .text(path, SearchScript.source(config))
        }
    }

    static func bytes(_ path: String, _ bytes: [UInt8]) -> OutputFile {
        OutputFile(path: path, content: .parts(TextParts(count: 1) { _ in bytes }))
    }

    /// What a search file is made from, beyond the site-wide inputs: a
    /// shard or documents file its own bytes (the index is made to know them).
    func searchInputs(_ job: Job) -> [String] {
        switch job {
        case .searchTerms(let k): return [ContentHash(Data(searchShards().termShards[k])).description]
        case .searchDocuments(let p): return [ContentHash(Data(searchShards().documentFiles[p])).description]
        default: return [String(searchShardCount)]
        }
    }

    func searchShards() -> SearchShards { searchIndexOnce.shards { SearchShards(searchIndex()) } }

    /// Makes what many jobs share, the search index, on every core before
    /// the jobs run: made by the first search job instead, it would hold
    /// the jobs after it (or a rebuild's page keys) on one core.
    func makeShared(for jobs: [Job]) {
        if jobs.contains(where: { if case .searchTerms = $0 { true } else { false } }) { _ = searchShards() }
    }

    /// The searchable texts of the site, plan by plan.
    func searchIndex() -> SearchIndex {
        let site = evaluated.site
        let groups = Parallel.map(Array(site.plans.indices)) { p -> SearchIndex.Group in
            let plan = site.plans[p]
            let headings = plan.body.headings
            let (intro, texts) = SearchIndex.sections(plan.body.markdown, lineOffset: plan.body.lineOffset,
                                                      headingLines: headings.map(\.line))
            let fields = [Substring(plan.issuer), Substring(plan.summary ?? "")] + headings.map { Substring($0.text) }
                + [SearchIndex.plainText(intro)]
            let sections = zip(headings, texts).map {
                SearchIndex.Section(heading: $0.text, anchor: $0.id, text: SearchIndex.plainText($1))
            }
            let indicators = (index.byPlan[plan.slug] ?? []).map { k -> SearchIndex.Item in
                let row = rows[k], i = row.indicator
                return SearchIndex.Item(name: i.name, id: i.id, status: row.evaluation.status.rawValue, latest: latestText(row),
                                        fields: [i.area, i.owner ?? "", i.target.text ?? ""])
            }
            return SearchIndex.Group(title: plan.title, slug: plan.slug, fields: fields, sections: sections, indicators: indicators)
        }
        return SearchIndex(groups: groups)
    }
}

/// The search files of one build, made once (by the first job that needs them).
// @unchecked: `made` is read and written only under `lock`.
final class SearchIndexOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var made: SearchShards?

    func shards(_ make: () -> SearchShards) -> SearchShards {
        lock.withLock {
            if let made { return made }
            let shards = make()
            made = shards
            return shards
        }
    }
}
