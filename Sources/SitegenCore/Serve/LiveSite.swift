import Foundation

/// The site as `serve` shows it, kept in memory between edits: the files
/// as read, what checking each one found, and a renderer of the current
/// site. An edit reloads only the plan and indicator files that changed
/// (anything else — site.yaml, data tables, attachments, templates, a file
/// added or removed — reloads everything, still checking again only the
/// files whose bytes changed), runs the stages after that again, and swaps
/// in the new site (one plan or indicator file edited without changing
/// what other files are judged by only patches the site served: `patch`);
/// a page is rendered when it is asked for and kept until
/// what it is made from changes. A site with errors is never swapped in:
/// the last good one stays.
// @unchecked: every mutable property is read and written under the lock named beside it.
final class LiveSite: @unchecked Sendable {
    let options: BuildOptions

    /// The load stage's result, as the last update left it.
    private struct Sources {
        var raw: RawSite?
        var problems: [Diagnostic] = []
        /// Position of each plan and indicator file in `raw` by path.
        var plans: [String: Int] = [:]
        var indicatorFiles: [String: Int] = [:]
        /// The paths of `raw.hashes`, sorted (reading changed files only keeps them).
        var allSources: [String] = []
    }
    /// Under `updating` (one update at a time).
    private var sources = Sources()
    /// True when the last update read the whole site (not only changed files).
    private(set) var readEverything = false
    private let updating = NSLock()
    /// What checking each file found, by path, with the key it was found
    /// for; under `checking` (files are checked on every core).
    private var planResults: [String: (key: ContentHash, result: SiteValidator.PlanFileResult)] = [:]
    private var indicatorResults: [String: (key: ContentHash, result: SiteValidator.IndicatorFileResult)] = [:]
    /// Files checked anew by the update under way.
    private var checked = 0
    private let checking = NSLock()
    /// The site served, and its files rendered so far by output path with
    /// the key of what they were made from; under `serving`.
    private var current: Snapshot?
    /// `generation`: the snapshot whose key the file was last checked against.
    private var rendered: [String: (key: ContentHash, generation: Int, file: StaticServer.Response)] = [:]
    private let serving = NSLock()

    /// A good site, ready to render any of its files.
    // @unchecked: never changed once made; the renderer's shared parts are
    // made under their own locks (a build renders from every thread).
    struct Snapshot: @unchecked Sendable {
        let renderer: SiteRenderer
        /// Every page and data file by output path.
        /// Every page and data file, in the renderer's order.
        let jobList: [SiteRenderer.Job]
        /// Attachments and theme assets by output path.
        let copies: [String: OutputFile]
        let hashes: [String: ContentHash]
        let allSources: [String]
        let salt: ContentHash
        /// Counts the snapshots made: a file checked against this one need not be checked again.
        let generation: Int
        /// `jobList` by output path, made on the first request a plan or
        /// indicator page's address does not answer (making it for every
        /// job is work the edited page need not wait for).
        let table = JobTable()
        /// The files known only once what many jobs share is made (the
        /// search index's shards and term files): made on the first request
        /// `jobs` cannot answer, once per snapshot, not on every update.
        let late = JobTable()

        /// The job making the file at `path`: a plan or indicator page found
        /// by its address, anything else from the table.
        func job(_ path: String) -> SiteRenderer.Job? {
            if let job = pageJob(path), renderer.path(job) == path { return job }
            return table.job(path) { byPath(jobList) }
        }

        /// `plans/SLUG/index.html` and `indicators/ID/index.html` (`Routes`):
        /// no other job's file has such a path.
        private func pageJob(_ path: String) -> SiteRenderer.Job? {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2] == "index.html" else { return nil }
            if parts[0] == "plans" {
                return renderer.site.plans.firstIndex { $0.slug == parts[1] }.map { .plan($0) }
            }
            if parts[0] == "indicators" {
                return renderer.index.byID[String(parts[1])].map { .indicator($0) }
            }
            return nil
        }

        func lateJob(_ path: String) -> SiteRenderer.Job? {
            late.job(path) { byPath(renderer.makeShared(for: jobList)) }
        }

        /// `jobs` by output path (the first of two with one path).
        private func byPath(_ jobs: [SiteRenderer.Job]) -> [String: SiteRenderer.Job] {
            var table: [String: SiteRenderer.Job] = [:]
            table.reserveCapacity(jobs.count)
            for job in jobs {
                let path = renderer.path(job)
                if table[path] == nil { table[path] = job }
            }
            return table
        }
    }

    /// Jobs by output path, made once, on the first question.
    // @unchecked: `jobs` is read and written under `lock` only.
    final class JobTable: @unchecked Sendable {
        private let lock = NSLock()
        private var jobs: [String: SiteRenderer.Job]?
        var isMade: Bool { lock.withLock { jobs != nil } }

        /// The job at `path`, the table made by `make` first if it is not yet.
        func job(_ path: String, make: () -> [String: SiteRenderer.Job]) -> SiteRenderer.Job? {
            lock.withLock {
                if jobs == nil { jobs = make() }
                return jobs?[path]
            }
        }
    }

    init(options: BuildOptions) {
        self.options = options
    }

    /// The data tables' observations as read for the first patch since the
    /// last update that read everything (tables change only then); under `updating`.
    private var tableObservations: [DataTableValidator.TableObservation]?
    /// The templates as the last update that read everything loaded them; under `updating`.
    private var templates: (TemplateSet?, [Diagnostic])?
    /// Each indicator's evaluation at a date, by id and date, with the key
    /// of the files it is made from; under `updating`.
    private var evaluations: [EvaluationKey: (sources: ContentHash, evaluation: Evaluation)] = [:]
    private struct EvaluationKey: Hashable {
        let id: String
        let day: Day?
    }

    /// True once the search index of the site served was made in memory.
    var searchIndexIsMade: Bool { serving.withLock { current?.late.isMade ?? false } }

    /// True once a site without errors was loaded.
    var isReady: Bool { serving.withLock { current != nil } }

    // MARK: Updating

    /// Reloads `changed` (paths relative to the site folder; nil: all of
    /// it) and judges the site again; the new site replaces the current one
    /// when it has no errors. Called from one thread at a time.
    func update(_ changed: Set<String>? = nil) -> BuildResult {
        updating.lock()
        defer { updating.unlock() }
        readEverything = false
        var raw: RawSite?
        if let changed, let (reloaded, any) = reload(changed) {
            // Nothing the site is made from changed (an editor's file came
            // and went, a file saved unchanged): the site stays as it is.
            if !any, var last = lastResult {
                last.unchanged = true
                return last
            }
            raw = reloaded
            if let patched = patch(changed, raw: reloaded) {
                lastResult = patched
                return patched
            }
        }
        let result = judge(raw ?? readAll())
        lastResult = result
        return result
    }

    /// The last update's result, for an update that changed nothing; under `updating`.
    private var lastResult: BuildResult?
    /// The validate stage's problems when the last update was published
    /// (the site served is the site as read), else nil; under `updating`.
    private var publishedProblems: [Diagnostic]?
    /// The report of the site served (`BuildResult.diagnostics`) while
    /// `publishedProblems` is not nil; under `updating`.
    private var publishedReport: [Diagnostic] = []
    /// True when the last update patched the site served (`patch`).
    private(set) var patched = false

    /// Reads the whole site (anything but plan and indicator files changed).
    private func readAll() -> RawSite {
        readEverything = true
        tableObservations = nil
        let (raw, problems) = SiteLoader.load(root: options.root)
        sources = Sources(raw: raw, problems: problems,
                    plans: Dictionary(raw.planFiles.indices.map { (raw.planFiles[$0].path, $0) }, uniquingKeysWith: { a, _ in a }),
                    indicatorFiles: Dictionary(raw.indicatorFiles.indices.map { (raw.indicatorFiles[$0].path, $0) },
                                               uniquingKeysWith: { a, _ in a }),
                    allSources: raw.hashes.keys.sorted())
        forgetResults(except: raw)
        return raw
    }

    /// Runs the stages after loading on `raw`; swaps in the new site when it is good.
    private func judge(_ raw: RawSite) -> BuildResult {
        checking.withLock { checked = 0 }
        patched = false
        publishedProblems = nil
        var validateProblems: [Diagnostic] = []
        var (prepared, result) = Pipeline.prepare(options, load: { (raw, sources.problems) },
                                                  validate: { raw in
                                                      let (site, problems) = validate(raw)
                                                      validateProblems = problems
                                                      return (site, problems)
                                                  },
                                                  evaluate: { evaluate($0, hashes: raw.hashes) },
                                                  templates: loadTemplates)
        result.checked = checking.withLock { checked }
        guard let prepared, !(options.strict && !result.diagnostics.isEmpty) else { return result }
        publish(prepared.renderer, jobs: prepared.jobs,
                copies: Dictionary(prepared.copies.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }),
                hashes: raw.hashes)
        publishedProblems = validateProblems
        publishedReport = result.diagnostics
        result.published = true
        return result
    }

    /// Swaps in a site made by `renderer`.
    private func publish(_ renderer: SiteRenderer, jobs: [SiteRenderer.Job], copies: [String: OutputFile],
                         hashes: [String: ContentHash]) {
        let previous = serving.withLock { current }
        let snapshot = Snapshot(renderer: renderer, jobList: jobs, copies: copies,
                                hashes: hashes, allSources: sources.allSources,
                                salt: IncrementalBuild.cacheSalt(renderer, options),
                                generation: (previous?.generation ?? 0) + 1)
        // The last site is freed after the swap, not while requests wait,
        // and off this thread, at a low priority.
        let last = serving.withLock { () -> Snapshot? in
            defer { current = snapshot }
            return current
        }
        DispatchQueue.global(qos: .background).async { withExtendedLifetime(last) {} }
    }

    /// One plan or indicator file edited in a site that is served as it
    /// was read, without errors, in a way that changes nothing another file
    /// is judged by (`patchIndicators`, `patchPlan`): the site served with
    /// that file's part replaced and shown by a renderer made from the one
    /// served (`SiteRenderer(_:index:from:)`), instead of making the Site,
    /// its evaluation and its index again. Nil (nothing swapped in) when
    /// the edit is not such: the caller judges the whole site.
    private func patch(_ changed: Set<String>, raw: RawSite) -> BuildResult? {
        guard changed.count == 1, let path = changed.first, let validateProblems = publishedProblems,
              let previous = serving.withLock({ current }) else { return nil }
        checking.withLock { checked = 0 }
        let renderer = previous.renderer
        let patch: Patch?
        if let f = sources.indicatorFiles[path] {
            patch = patchIndicators(raw.indicatorFiles[f], raw: raw, renderer)
        } else if let p = sources.plans[path] {
            patch = patchPlan(raw.planFiles[p], raw: raw, renderer)
        } else {
            patch = nil
        }
        guard let patch else { return nil }
        let evaluated = patch.evaluated
        // Only that file's problems change (the rules across files found
        // nothing new), so only they are sorted into the report again.
        let disclosed = DisclosureCheck.check(evaluated, plans: patch.plans, indicators: patch.indicators)
        let problems = sources.problems.filter { $0.location.path == path } + patch.problems + disclosed
        guard problems.allSatisfy({ $0.location.path == path }) else { return nil }
        var result = BuildResult(diagnostics: publishedReport.replacingReport(of: path, with: problems))
        guard !result.diagnostics.hasErrors, !(options.strict && !result.diagnostics.isEmpty),
              let index = patch.index() else { return nil }
        let patchedRenderer = SiteRenderer(evaluated, index: index, from: renderer)
        let jobs = patchedRenderer.jobs()
        publish(patchedRenderer, jobs: jobs, copies: previous.copies, hashes: raw.hashes)
        publishedProblems = validateProblems.filter { $0.location.path != path } + patch.problems
        publishedReport = result.diagnostics
        patched = true
        result.checked = checking.withLock { checked }
        result.plans = evaluated.site.plans.count
        result.indicators = evaluated.site.indicators.count
        result.pages = jobs.filter(patchedRenderer.isPage).count
        result.asOf = evaluated.asOf
        result.notes = lastResult?.notes ?? []
        result.published = true
        return result
    }

    /// The site served with one file's part replaced: the problems checking
    /// that file found, and the index of the patched site (nil: make the whole index).
    private struct Patch {
        var evaluated: EvaluatedSite
        var problems: [Diagnostic]
        /// Positions of the plans and indicators replaced.
        var plans: [Int] = []
        var indicators: [Int] = []
        var index: () -> SiteIndex?
    }

    /// One indicator file edited: its indicators still of the same ids,
    /// plans and areas, without errors, the reporting date unchanged, the
    /// data tables' figures for them added without an error: those
    /// indicators replaced and judged again.
    private func patchIndicators(_ file: SourceFile, raw: RawSite, _ renderer: SiteRenderer) -> Patch? {
        let path = file.path
        guard let before = checking.withLock({ indicatorResults[path]?.result.0 }) else { return nil }
        let (after, problems) = SiteValidator.withText(file, checkIndicatorFile)
        guard let after, !problems.hasErrors, after.plan == before.plan,
              after.indicators.map(\.id) == before.indicators.map(\.id),
              let indicators = withTables(after.indicators, plan: after.plan, raw: raw) else { return nil }
        var evaluated = renderer.evaluated
        var positions: [Int] = []
        for indicator in indicators {
            guard let p = renderer.index.byID[indicator.id], evaluated.site.indicators[p].location.path == path,
                  evaluated.site.indicators[p].plan == indicator.plan else { return nil }
            if let section = indicator.section {
                guard let plan = renderer.index.plansBySlug[indicator.plan],
                      SectionMatcher.find(section, in: plan.body.headings) != nil else { return nil }
            }
            positions.append(p)
        }
        for (p, indicator) in zip(positions, indicators) { evaluated.site.indicators[p] = indicator }
        guard Evaluator.asOf(evaluated.site) == evaluated.asOf else { return nil }
        for p in positions { evaluated.evaluations[p] = judge(evaluated.site.indicators[p], at: evaluated.asOf, hashes: raw.hashes) }
        if var earlier = evaluated.previous, let from = evaluated.site.config.compareTo, let asOf = evaluated.asOf {
            for p in positions { earlier[p] = judge(evaluated.site.indicators[p], at: from, hashes: raw.hashes) }
            evaluated.previous = earlier
            evaluated.changes = ReportChanges.compute(evaluated.site.indicators, previous: earlier,
                                                      current: evaluated.evaluations, from: from, to: asOf)
        }
        let patched = evaluated, index = renderer.index
        return Patch(evaluated: evaluated, problems: problems, indicators: positions) {
            SiteIndex(patched, replacing: positions, in: index)
        }
    }

    /// `indicators` (of one file, all of `plan`) with the data tables'
    /// figures for them, as the validate stage adds them; nil when that
    /// finds an error (the whole pass reports it).
    private func withTables(_ indicators: [Indicator], plan: String, raw: RawSite) -> [Indicator]? {
        guard !raw.dataTables.isEmpty else { return indicators }
        guard indicators.allSatisfy({ $0.plan == plan }) else { return nil }
        if tableObservations == nil {
            // Their problems are the validate stage's, already reported.
            var read: [Diagnostic] = []
            tableObservations = DataTableValidator.observations(raw.dataTables, diagnostics: &read)
        }
        var byPlan = [plan: indicators], problems: [Diagnostic] = []
        DataTableValidator.merge(tableObservations ?? [], into: &byPlan, only: Set(indicators.map(\.id)), diagnostics: &problems)
        return problems.hasErrors ? nil : byPlan[plan]
    }

    /// One plan file edited (its slug is its file name): without errors,
    /// naming only indicators and related plans the site has, with every
    /// heading its indicators' sections name, and an `index_no` no other
    /// plan has. That plan replaced; nothing is judged again (an
    /// evaluation is made from an indicator's files and the reporting
    /// date, which plans do not set), so data tables change nothing here.
    private func patchPlan(_ file: SourceFile, raw: RawSite, _ renderer: SiteRenderer) -> Patch? {
        let (after, problems) = checkPlanFile(file, files: raw.files)
        guard let after, let plan = after.plan, !problems.hasErrors else { return nil }
        let index = renderer.index
        var evaluated = renderer.evaluated
        guard let i = evaluated.site.plans.firstIndex(where: { $0.slug == plan.slug }),
              after.references.allSatisfy({ index.byID[$0.id] != nil }),
              after.related.allSatisfy({ $0.slug != plan.slug && index.plansBySlug[$0.slug] != nil }),
              (index.byPlan[plan.slug] ?? []).allSatisfy({ p in
                  index.rows[p].indicator.section.map { SectionMatcher.find($0, in: plan.body.headings) != nil } ?? true
              }) else { return nil }
        if let number = plan.indexNo,
           evaluated.site.plans.indices.contains(where: { $0 != i && evaluated.site.plans[$0].indexNo == number }) { return nil }
        evaluated.site.plans[i] = plan
        let patched = evaluated
        return Patch(evaluated: evaluated, problems: problems + IndexNumberCheck.check([plan], config: evaluated.site.config),
                     plans: [i]) {
            SiteIndex(patched, replacingPlan: i, in: index)
        }
    }

    /// Reads again the plan and indicator files among `changed`: the site
    /// as read now, and whether anything in it changed; nil (and nothing
    /// changed) when anything else changed or a file is gone. What the
    /// load stage never reads is passed over: a path that came and went
    /// (an editor's temporary file, `sed -i`'s before its rename over the
    /// real file) and hidden files of the plan and indicator folders that
    /// it skips (`.x.md.swp`). A new file there without the folder's suffix
    /// (`x.md~`, `4913`) only gets or loses the loader's warning.
    private func reload(_ changed: Set<String>) -> (raw: RawSite, changed: Bool)? {
        // Taken out of `sources` so that changing it copies nothing (on
        // nil, the caller reads everything and replaces `sources`).
        guard var raw = sources.raw else { return nil }
        sources.raw = nil
        var problems = sources.problems
        var any = false
        for path in changed.sorted() {
            let known = sources.plans[path] != nil || sources.indicatorFiles[path] != nil
            if !known {
                if Self.skippedByTheLoader(path) { continue }
                let exists = Self.isRegularFile(options.root.appendingPathComponent(path).path)
                if let kind = Self.ignoredKind(path) {
                    let kept = problems.filter { $0.location.path != path }
                        + (exists ? [SiteLoader.ignored(path, kind: kind)] : [])
                    any = any || kept.count != problems.count
                    problems = kept
                    continue
                }
                if !exists && !FileManager.default.fileExists(atPath: options.root.appendingPathComponent(path).path) {
                    continue
                }
            }
            var read: [Diagnostic] = []
            guard let file = SiteLoader.readText(root: options.root, relative: path, diagnostics: &read, required: true)
            else { return nil }
            if let i = sources.plans[path] {
                any = any || raw.planFiles[i].hash != file.hash
                raw.planFiles[i] = file
            } else if let i = sources.indicatorFiles[path] {
                any = any || raw.indicatorFiles[i].hash != file.hash
                raw.indicatorFiles[i] = file
            } else {
                return nil
            }
            raw.hashes[path] = file.hash
            let kept = problems.filter { $0.location.path != path } + read
            any = any || kept != problems
            problems = kept
        }
        sources.raw = raw
        sources.problems = problems
        return (raw, any)
    }

    /// A hidden file of content/plans or content/indicators without the
    /// folder's suffix: `SiteLoader.readFolder` skips it without a word.
    static func skippedByTheLoader(_ path: String) -> Bool {
        ignoredKind(path) != nil && path.split(separator: "/").last?.hasPrefix(".") == true
    }

    /// What the loader says a file of content/plans or content/indicators
    /// without the folder's suffix is not (see `SiteLoader.ignored`); nil
    /// for any other path.
    static func ignoredKind(_ path: String) -> String? {
        for (folder, suffixes, kind) in [("content/plans/", [".md"], SiteLoader.planKind),
                                         ("content/indicators/", [".yaml", ".yml"], SiteLoader.indicatorKind)]
        where path.hasPrefix(folder) {
            let name = path.dropFirst(folder.count)
            return !name.contains("/") && !suffixes.contains(where: name.hasSuffix) ? kind : nil
        }
        return nil
    }

    /// A regular file (what the loader lists; not a link or a folder).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Drops what checking found for files no longer there.
    private func forgetResults(except raw: RawSite) {
        let plans = Set(raw.planFiles.map(\.path)), files = Set(raw.indicatorFiles.map(\.path))
        checking.withLock {
            planResults = planResults.filter { plans.contains($0.key) }
            indicatorResults = indicatorResults.filter { files.contains($0.key) }
        }
    }

    /// The validate stage, each file checked again only when its key changed.
    private func validate(_ raw: RawSite) -> (Site?, [Diagnostic]) {
        let filesHash = ValidationCache.filesHash(raw.files)
        return SiteValidator.validate(raw, plan: { checkPlanFile($0, files: $1, filesHash: filesHash) },
                                      indicatorFile: checkIndicatorFile)
    }

    /// One plan file checked (`files`: the files under content/files with
    /// their sizes, hashed as `filesHash`), or what checking it found last
    /// when neither changed.
    private func checkPlanFile(_ file: SourceFile, files: [String: Int], filesHash: ContentHash? = nil)
        -> SiteValidator.PlanFileResult {
        remembered(\.planResults, file, key: ValidationCache.planKey(file, files: filesHash ?? ValidationCache.filesHash(files))) {
            SiteValidator.checkPlan(file, files: files)
        }
    }

    /// One indicator file checked, or what checking it found last when it
    /// is unchanged. Kept compacted (the one copy of its observations is
    /// made once): the validate stage then copies none on each update, and
    /// `patch` puts the indicators into the site served as they are.
    private func checkIndicatorFile(_ file: SourceFile) -> SiteValidator.IndicatorFileResult {
        remembered(\.indicatorResults, file, key: ValidationCache.indicatorKey(file)) {
            SiteValidator.compacted(SiteValidator.checkIndicatorFile(file))
        }
    }

    /// The templates, loaded again only when the update read everything
    /// (anything but plan and indicator files changed).
    private func loadTemplates(_ folder: URL, sitePath: String) -> (TemplateSet?, [Diagnostic]) {
        if !readEverything, let templates { return templates }
        let loaded = TemplateSet.load(from: folder, sitePath: sitePath)
        templates = loaded
        return loaded
    }

    /// The evaluate stage, an indicator judged again only when a file it
    /// is made from changed (evaluation is a pure function of the indicator
    /// and the date, and the indicator one of its files).
    private func evaluate(_ site: Site, hashes: [String: ContentHash]) -> EvaluatedSite {
        if evaluations.count > 2 * site.indicators.count + 64 { evaluations = [:] }
        return Evaluator.evaluate(site) { judge($0, at: $1, hashes: hashes) }
    }

    /// `Evaluator.evaluate(indicator, asOf: day)`, remembered.
    private func judge(_ indicator: Indicator, at day: Day?, hashes: [String: ContentHash]) -> Evaluation {
        var sources = ContentHash()
        for path in indicator.sourceFiles { sources.add(file: path, hashes: hashes) }
        let key = EvaluationKey(id: indicator.id, day: day)
        if let known = evaluations[key], known.sources == sources { return known.evaluation }
        let evaluation = Evaluator.evaluate(indicator, asOf: day)
        evaluations[key] = (sources, evaluation)
        return evaluation
    }

    /// What checking `file` found when its key is `key`, else `check()`
    /// (remembered). A file without a hash (one that could not be taken:
    /// not text, a folder, no permission) is checked each time: its key
    /// would be the same whatever the file now holds.
    private func remembered<R>(_ results: ReferenceWritableKeyPath<LiveSite, [String: (key: ContentHash, result: R)]>,
                               _ file: SourceFile, key: @autoclosure () -> ContentHash, check: () -> R) -> R {
        guard file.isHashed else { return check() }
        let key = key(), path = file.path
        if let known = checking.withLock({ self[keyPath: results][path] }), known.key == key { return known.result }
        let result = check()
        checking.withLock {
            self[keyPath: results][path] = (key, result)
            checked += 1
        }
        return result
    }

    // MARK: Serving

    /// The file at `path` (segments of the request, decoded) of the current
    /// site: a folder's `index.html`; nil when the site has no such file.
    /// Rendered now unless what it is made from is unchanged since it last was.
    func response(_ path: [String]) -> StaticServer.Response? {
        guard let snapshot = serving.withLock({ current }) else { return nil }
        let joined = path.joined(separator: "/")
        for candidate in [joined, joined.isEmpty ? "index.html" : joined + "/index.html"] {
            // With search off (`search: false`) a search file an earlier write left is not the site's.
            if Self.isSearchIndexFile(candidate), snapshot.renderer.site.config.search, !snapshot.late.isMade,
               let written = written(candidate) { return written }
            if let job = snapshot.job(candidate) { return page(job, at: candidate, of: snapshot) }
            if let copy = snapshot.copies[candidate] { return Self.response(copy) }
        }
        // Only the search index's files are late jobs: any other path asking
        // for them would make the whole index to answer 404.
        for candidate in [joined, joined + "/index.html"] where Self.isSearchIndexFile(candidate) {
            if let job = snapshot.lateJob(candidate) { return page(job, at: candidate, of: snapshot) }
        }
        return nil
    }

    /// A file of the search index (not the search page): made from the
    /// whole site's texts at once, seconds of work at thousands of plans.
    static func isSearchIndexFile(_ path: String) -> Bool {
        path.hasPrefix("search/") && path != "search/index.html"
    }

    /// The file as the last write of the output folder left it: search's
    /// files come from there while the site in memory has not made its
    /// index (nothing asked for one before the write), so that no request
    /// waits for the whole index after an edit; they are a consistent set,
    /// at most one write behind the pages. Nil when it is not there.
    private func written(_ path: String) -> StaticServer.Response? {
        let file = options.output.appendingPathComponent(path).path
        guard Self.isRegularFile(file), let data = FileManager.default.contents(atPath: file) else { return nil }
        return StaticServer.Response(status: "200 OK", type: StaticServer.contentType(path), body: data)
    }

    private func page(_ job: SiteRenderer.Job, at path: String, of snapshot: Snapshot) -> StaticServer.Response? {
        let known = serving.withLock { rendered[path] }
        if let known, known.generation == snapshot.generation { return known.file }
        let renderer = snapshot.renderer
        let key = IncrementalBuild.pageKey(renderer.inputs(job), salt: snapshot.salt, allSources: snapshot.allSources,
                                           hashes: snapshot.hashes) { IncrementalBuild.rowDigest(renderer, $0, hashes: snapshot.hashes) }
        let response = known?.key == key ? known?.file : Self.response(renderer.render(job))
        guard let response else { return nil }
        serving.withLock { rendered[path] = (key, snapshot.generation, response) }
        return response
    }

    static func response(_ file: OutputFile) -> StaticServer.Response? {
        let body: Data
        switch file.content {
        case .text(let text): body = Data(text.utf8)
        case .bytes(let text): body = text.withBytes { Data(buffer: $0) }
        case .parts(let parts): body = Data((0..<parts.count).flatMap(parts.part))
        case .copy(let url):
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            body = data
        }
        return StaticServer.Response(status: "200 OK", type: StaticServer.contentType(file.path), body: body)
    }
}
