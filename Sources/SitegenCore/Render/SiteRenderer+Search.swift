import Foundation

/// Search's files (see `SearchShards`, `SearchScript`): the script, the
/// search page (when the theme has a `search` template), the documents
/// files of each plan (made when written, from the plan alone), and the
/// term shards and files, which are known once the index is made
/// (`makeShared`). The index is made once per build.
extension SiteRenderer {
    /// One of search's files.
    enum SearchFile: Sendable {
        case script, page
        case terms(Int)
        /// `SearchFiles.names[i]`.
        case termFile(Int)
        /// Plan P's documents file `SearchIndex.documentChunks(…)[i]`.
        case documents(plan: Int, chunk: Int)
    }

    /// None when the site has search off (`search: false`).
    func searchJobs() -> [Job] {
        guard site.config.search else { return [] }
        var files: [SearchFile] = [.script] + (templates.names.contains("search") ? [.page] : [])
        for p in evaluated.site.plans.indices {
            files += searchChunks(p).indices.map { .documents(plan: p, chunk: $0) }
        }
        return files.map { .search($0) }
    }

    /// The documents chunks of plan P (as `SearchIndex.documentChunks(group)`, without making the group).
    func searchChunks(_ p: Int) -> [Int] {
        let plans = evaluated.site.plans  // a plan's fields read in place: no copy of the plan
        return SearchIndex.documentChunks(sections: plans[p].body.headings.count, indicators: index.byPlan[plans[p].slug]?.count ?? 0)
    }

    func searchPath(_ file: SearchFile) -> String {
        switch file {
        case .script: return "search/search.js"
        case .page: return "search/index.html"
        case .terms(let k): return SearchShards.termFolder + "\(k).js"
        case .termFile(let i): return SearchShards.termFileFolder + searchFiles().names[i]
        case .documents(let p, let c): return SearchShards.documentFolder + "\(p)-\(searchChunks(p)[c]).js"
        }
    }

    func renderSearch(_ file: SearchFile) -> OutputFile {
        let path = searchPath(file)
        let text = self.text.search
        switch file {
        case .page:
            return page("search", path: path, title: text.title,
                        view: ["title": Escape.html(text.title), "noScript": Escape.html(text.noScript)])
        case .terms, .termFile, .documents: return Self.bytes(path, searchBytes(file))
        case .script:
            let config = SearchScript.Config(
                shards: searchFiles().shardCount, stride: SearchIndex.stride, indicatorBase: SearchIndex.indicatorBase,
                chunk: SearchIndex.chunkSize, limit: SearchScript.limit, maxTerms: SearchTokenizer.maxQueryTerms,
                maxShards: SearchScript.maxShards, fileBudget: SearchScript.fileBudget, text: text,
                status: Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, self.text.statusName($0)) }))
            return .text(path, SearchScript.source(config))
        }
    }

    /// The bytes of an index file.
    private func searchBytes(_ file: SearchFile) -> [UInt8] {
        switch file {
        case .terms(let k): return searchFiles().bytes(k)
        case .termFile(let i): let files = searchFiles(); return files.bytes(files.shardCount + i)
        case .documents(let p, let c):
            let chunk = searchChunks(p)[c]
            return SearchShards.documentFile(p, chunk: chunk, searchGroup(p, texts: false, chunk: chunk))
        default: return []
        }
    }

    static func bytes(_ path: String, _ bytes: [UInt8]) -> OutputFile {
        OutputFile(path: path, content: .parts(TextParts(count: 1) { _ in bytes }))
    }

    /// What a search file is made from, beyond the site-wide inputs: an
    /// index file its own bytes (the index is made to know them); a
    /// documents file its plan's file and its indicators' rows (titles,
    /// headings and their ids, indicators' names, ids and latest values and
    /// status all come from them and the site-wide inputs), in the plan's
    /// order: each row stands for its indicator's id and source files
    /// (`JobInputs.rows`), hashed once for every file that shows it.
    func searchInputs(_ file: SearchFile) -> (facts: [String], files: [String], rows: [Int]) {
        switch file {
        case .terms(let k): return ([searchFiles().hashes[k].description], [], [])
        case .termFile(let i): let files = searchFiles(); return ([files.hashes[files.shardCount + i].description], [], [])
        case .documents(let p, _):
            // By position: no copy of the plan or of its indicators.
            let plans = evaluated.site.plans
            return ([], [plans[p].path], index.byPlan[plans[p].slug] ?? [])
        case .script, .page: return ([String(searchFiles().shardCount)], [], [])
        }
    }

    /// The term shards and files, made by the first call (with `source`,
    /// what the last build kept of the postings, and `spill`, where the files
    /// wait to be written, `SearchFiles`, and beside which a batched gather's
    /// later postings wait for their batch). A plan's texts are made (its
    /// body read again from its file) only when its postings are, a few
    /// hundred plans at a time (`SearchShards`), so the texts of a large
    /// site are never all in memory. When the plans are those of the last
    /// build, only the shards whose tokens changed are made again, from
    /// their files in the tree in place (`SearchShards.touched`).
    func searchFiles(_ source: (any SearchPostingsSource)? = nil, spill: URL? = nil) -> SearchFiles {
        searchIndexOnce.files {
            let plans = evaluated.site.plans.count
            // A site gathered in one batch holds all its tokens at once anyway: its made
            // files (about 30 MB at 2,000 plans) wait in memory, not written and read back.
            let spill = SearchShards.gatherBatches(plans: plans) == 1 ? nil : spill
            // The codes in the order of their shard of the first gather's count (`SearchShards.Bucketed`).
            let first = SearchShards.shardCount(plans: plans)
            let make = { (p: Int) in SearchIndex.postings(of: searchGroup(p, texts: true), at: p, shards: first) }
            let files: SearchFiles
            if let source, let last = source.lastLayout,
               let (layout, made) = SearchShards.touched(plans: plans, last: last, source: source, make: make) {
                let whole = SearchIndexOnce.Whole { SearchFiles(SearchShards(plans: plans, postings: make)) }
                files = SearchFiles(layout, made, spill: spill) { i in
                    // A kept file the tree in place does not have as it was: a whole gather makes it.
                    let name = i < layout.count ? nil : layout.files[i - layout.count].name
                    let path = name.map { SearchShards.termFileFolder + $0 } ?? searchPath(.terms(i))
                    if let bytes = source.fileInPlace(path),
                       ContentHash.of(bytes) == (i < layout.count ? layout.shards[i] : layout.files[i - layout.count].hash) {
                        return bytes
                    }
                    return whole.bytes(shard: i, name: name)
                }
            } else {
                // Each batch's bytes go to the spill file as made (`SearchFileStore`).
                let store = spill.map { SearchFileStore(spill: $0) }
                // The later batches' postings wait in a file of their own beside it, let go once gathered.
                let postingsSpill = spill.map { SearchFileStore(spill: URL(fileURLWithPath: $0.path + ".postings")) }
                // A later batch's part the spill cannot give back is tokenized again (`make`).
                let shards = SearchShards(plans: plans, batches: source == nil ? 1 : SearchShards.gatherBatches(plans: plans), store: store,
                                          spill: postingsSpill,
                                          postings: { p in source?.postings(p) { make(p) } ?? make(p) }, remake: make,
                                          digests: source.flatMap { source in source.digestsGiven ? { p, d in source.keep(digests: d, of: p) } : nil })
                files = SearchFiles(shards, spill: spill)
            }
            source?.keep(files.layout)
            return files
        }
    }

    /// Makes what many jobs share, the search index, on every core before
    /// the jobs run (made by the first search job instead, it would hold
    /// the jobs after it, or a rebuild's page keys, on one core), and
    /// gives the jobs known only then: the term shards and files.
    func makeShared(for jobs: [Job], postings source: (any SearchPostingsSource)? = nil, spill: URL? = nil) -> [Job] {
        guard jobs.contains(where: { if case .search(.script) = $0 { true } else { false } }) else { return [] }
        let files = searchFiles(source, spill: spill)
        return ((0..<files.shardCount).map { .terms($0) } + files.names.indices.map { .termFile($0) }).map { .search($0) }
    }

    /// Plan P's group; with `texts` the texts searched (its body read
    /// again when it was left on disk; of what a result shows only the
    /// titles, headings and their ids: no indicator's id, status or latest
    /// value), else only what a result shows (a documents file's,
    /// `SearchShards.documentFile`): titles, headings and their ids,
    /// indicators. With `chunk`, only the documents of that documents file
    /// are filled in (the others are there, empty: each is at its number),
    /// so a plan's file of sections formats no indicator's latest value.
    func searchGroup(_ p: Int, texts: Bool, chunk: Int? = nil) -> SearchIndex.Group {
        let plans = evaluated.site.plans  // as in `searchChunks`
        let headings = plans[p].body.headings
        // Whether the document of this local number is filled in.
        let documents = chunk.map { $0 * SearchIndex.chunkSize..<($0 + 1) * SearchIndex.chunkSize }
        func filled(_ local: Int) -> Bool { documents?.contains(local) ?? true }
        var fields: [Substring] = [], intro = Data(), sections: [SearchIndex.Section]
        if texts {
            // The body's bytes as read from its file, cut into slices of them: no String made of the text.
            let cut = SearchIndex.sections(plans[p].body.bytes() ?? Data(), lineOffset: plans[p].body.lineOffset,
                                           headingLines: headings.map(\.line))
            fields = [Substring(plans[p].issuer), Substring(plans[p].summary ?? "")] + headings.map { Substring($0.text) }
            intro = cut.intro
            sections = zip(headings, cut.sections).map { SearchIndex.Section(heading: $0.text, anchor: $0.id, text: $1) }
        } else {
            sections = headings.enumerated().map { k, heading in
                filled(k + 1) ? SearchIndex.Section(heading: heading.text, anchor: heading.id) : .init(heading: "", anchor: "")
            }
        }
        // Each indicator's fields read where they lie (`Row.indicator` yields it): no copy of an indicator.
        let rows = rows
        let indicators = (index.byPlan[plans[p].slug] ?? []).enumerated().map { n, k -> SearchIndex.Item in
            guard !texts else {
                let i = rows[k]
                return SearchIndex.Item(name: i.indicator.name, id: "", status: "", latest: "",
                                        fields: [i.indicator.area, i.indicator.owner ?? "", i.indicator.target.text ?? ""])
            }
            guard filled(Int(SearchIndex.indicatorBase) + n) else { return .init(name: "", id: "", status: "", latest: "", fields: []) }
            let i = rows[k]
            return SearchIndex.Item(name: i.indicator.name, id: i.indicator.id, status: i.evaluation.status.rawValue, latest: latestText(i), fields: [])
        }
        return SearchIndex.Group(title: plans[p].title, slug: plans[p].slug, fields: fields, intro: intro, sections: sections, indicators: indicators)
    }
}

/// The search files of one build, made once (by the first job that needs them).
// @unchecked: `made` is read and written only under `lock`.
final class SearchIndexOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var made: SearchFiles?

    func files(_ make: () -> SearchFiles) -> SearchFiles {
        lock.withLock {
            if let made { return made }
            let files = make()
            made = files
            return files
        }
    }

    /// A whole gather, made once when first asked for (a kept file the
    /// tree in place lost, `SiteRenderer.searchFiles`).
    // @unchecked: `made` is read and written only under `lock`.
    final class Whole: @unchecked Sendable {
        private let lock = NSLock()
        private var made: SearchFiles?
        private let make: () -> SearchFiles

        init(_ make: @escaping () -> SearchFiles) { self.make = make }

        /// The bytes of shard K, or of the term file `name`.
        func bytes(shard k: Int, name: String?) -> [UInt8] {
            let files = lock.withLock {
                if let made { return made }
                let files = make()
                made = files
                return files
            }
            guard let name else { return k < files.shardCount ? files.bytes(k) : [] }
            return files.names.firstIndex(of: name).map { files.bytes(files.shardCount + $0) } ?? []
        }
    }
}
