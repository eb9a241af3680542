import Foundation

/// The site as `serve` shows it, kept in memory between edits: the files
/// as read, what checking each one found, and a renderer of the current
/// site. An edit reloads only the plan and indicator files that changed
/// (anything else — site.yaml, data tables, attachments, templates, a file
/// added or removed — reloads everything, still checking again only the
/// files whose bytes changed), runs the stages after that again, and swaps
/// in the new site; a page is rendered when it is asked for and kept until
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
        let jobs: [String: SiteRenderer.Job]
        /// Attachments and theme assets by output path.
        let copies: [String: OutputFile]
        let hashes: [String: ContentHash]
        let allSources: [String]
        let salt: ContentHash
        /// Counts the snapshots made: a file checked against this one need not be checked again.
        let generation: Int
        /// The files known only once what many jobs share is made (the
        /// search index's shards and term files): made on the first request
        /// `jobs` cannot answer, once per snapshot, not on every update.
        let late = LateJobs()

        func lateJob(_ path: String) -> SiteRenderer.Job? {
            late.lock.withLock {
                if late.jobs == nil {
                    late.jobs = Dictionary(renderer.makeShared(for: Array(jobs.values)).map { (renderer.path($0), $0) },
                                           uniquingKeysWith: { a, _ in a })
                }
                return late.jobs?[path]
            }
        }
    }

    // @unchecked: `jobs` is read and written under `lock` only.
    final class LateJobs: @unchecked Sendable {
        let lock = NSLock()
        var jobs: [String: SiteRenderer.Job]?
    }

    init(options: BuildOptions) {
        self.options = options
    }

    /// The templates as the last update that read everything loaded them; under `updating`.
    private var templates: (TemplateSet?, [Diagnostic])?
    /// Each indicator's evaluation at a date, by id and date, with the key
    /// of the files it is made from; under `updating`.
    private var evaluations: [EvaluationKey: (sources: ContentHash, evaluation: Evaluation)] = [:]
    private struct EvaluationKey: Hashable {
        let id: String
        let day: Day?
    }

    /// True once a site without errors was loaded.
    var isReady: Bool { serving.withLock { current != nil } }

    // MARK: Updating

    /// Reloads `changed` (paths relative to the site folder; nil: all of
    /// it) and judges the site again; the new site replaces the current one
    /// when it has no errors. Called from one thread at a time.
    func update(_ changed: Set<String>? = nil) -> BuildResult {
        updating.lock()
        defer { updating.unlock() }
        let (raw, problems) = { () -> (RawSite, [Diagnostic]) in
            readEverything = false
            if let changed, let raw = reload(changed) { return (raw, sources.problems) }
            readEverything = true
            let (raw, problems) = SiteLoader.load(root: options.root)
            sources = Sources(raw: raw, problems: problems,
                        plans: Dictionary(raw.planFiles.indices.map { (raw.planFiles[$0].path, $0) }, uniquingKeysWith: { a, _ in a }),
                        indicatorFiles: Dictionary(raw.indicatorFiles.indices.map { (raw.indicatorFiles[$0].path, $0) },
                                                   uniquingKeysWith: { a, _ in a }))
            forgetResults(except: raw)
            return (raw, problems)
        }()
        checking.withLock { checked = 0 }
        var (prepared, result) = Pipeline.prepare(options, load: { (raw, problems) }, validate: validate,
                                                  evaluate: { evaluate($0, hashes: raw.hashes) },
                                                  templates: loadTemplates)
        result.checked = checking.withLock { checked }
        guard let prepared, !(options.strict && !result.diagnostics.isEmpty) else { return result }
        let renderer = prepared.renderer
        var jobs: [String: SiteRenderer.Job] = [:]
        jobs.reserveCapacity(prepared.jobs.count)
        for job in prepared.jobs { jobs[renderer.path(job)] = job }
        let snapshot = Snapshot(renderer: renderer, jobs: jobs,
                                copies: Dictionary(prepared.copies.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }),
                                hashes: raw.hashes, allSources: raw.hashes.keys.sorted(),
                                salt: IncrementalBuild.cacheSalt(renderer, options),
                                generation: (serving.withLock { current?.generation } ?? 0) + 1)
        // The last site is freed after the swap, not while requests wait,
        // and off this thread, at a low priority.
        let last = serving.withLock { () -> Snapshot? in
            defer { current = snapshot }
            return current
        }
        DispatchQueue.global(qos: .background).async { withExtendedLifetime(last) {} }
        result.published = true
        return result
    }

    /// Reads again the plan and indicator files among `changed`: the site
    /// as read now; nil (and nothing changed) when anything else changed
    /// or a file is gone. What the load stage never reads is passed over:
    /// a path that came and went (an editor's temporary file) and hidden
    /// files of the plan and indicator folders that it skips (`.x.md.swp`).
    private func reload(_ changed: Set<String>) -> RawSite? {
        // Taken out of `sources` so that changing it copies nothing (on
        // nil, the caller reads everything and replaces `sources`).
        guard var raw = sources.raw else { return nil }
        sources.raw = nil
        var problems = sources.problems
        for path in changed {
            let known = sources.plans[path] != nil || sources.indicatorFiles[path] != nil
            if !known && (Self.skippedByTheLoader(path)
                          || !FileManager.default.fileExists(atPath: options.root.appendingPathComponent(path).path)) {
                continue
            }
            var read: [Diagnostic] = []
            guard let file = SiteLoader.readText(root: options.root, relative: path, diagnostics: &read, required: true)
            else { return nil }
            if let i = sources.plans[path] {
                raw.planFiles[i] = file
            } else if let i = sources.indicatorFiles[path] {
                raw.indicatorFiles[i] = file
            } else {
                return nil
            }
            raw.hashes[path] = file.hash
            problems = problems.filter { $0.location.path != path } + read
        }
        sources.raw = raw
        sources.problems = problems
        return raw
    }

    /// A hidden file of content/plans or content/indicators without the
    /// folder's suffix: `SiteLoader.readFolder` skips it without a word.
    static func skippedByTheLoader(_ path: String) -> Bool {
        for (folder, suffixes) in [("content/plans/", [".md"]), ("content/indicators/", [".yaml", ".yml"])]
        where path.hasPrefix(folder) {
            let name = path.dropFirst(folder.count)
            return name.hasPrefix(".") && !name.contains("/") && !suffixes.contains(where: name.hasSuffix)
        }
        return false
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
        return SiteValidator.validate(raw, plan: { file, files in
            remembered(\.planResults, file.path, key: ValidationCache.planKey(file, files: filesHash)) {
                SiteValidator.checkPlan(file, files: files)
            }
        }, indicatorFile: { file in
            remembered(\.indicatorResults, file.path, key: ValidationCache.indicatorKey(file)) {
                SiteValidator.checkIndicatorFile(file)
            }
        })
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
        return Evaluator.evaluate(site) { indicator, day in
            var sources = ContentHash()
            func add(_ path: String) {  // `indicator.sourceFiles`, without making the array
                sources.add(path)
                sources.add(hashes[path] ?? ContentHash("missing"))
            }
            add(indicator.location.path)
            indicator.tables.forEach(add)
            let key = EvaluationKey(id: indicator.id, day: day)
            if let known = evaluations[key], known.sources == sources { return known.evaluation }
            let evaluation = Evaluator.evaluate(indicator, asOf: day)
            evaluations[key] = (sources, evaluation)
            return evaluation
        }
    }

    /// What checking `path` found when its key is `key`, else `check()` (remembered).
    private func remembered<R>(_ results: ReferenceWritableKeyPath<LiveSite, [String: (key: ContentHash, result: R)]>,
                               _ path: String, key: ContentHash, check: () -> R) -> R {
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
            if let job = snapshot.jobs[candidate] { return page(job, at: candidate, of: snapshot) }
            if let copy = snapshot.copies[candidate] { return Self.response(copy) }
        }
        for candidate in [joined, joined.isEmpty ? "index.html" : joined + "/index.html"] {
            if let job = snapshot.lateJob(candidate) { return page(job, at: candidate, of: snapshot) }
        }
        return nil
    }

    private func page(_ job: SiteRenderer.Job, at path: String, of snapshot: Snapshot) -> StaticServer.Response? {
        let known = serving.withLock { rendered[path] }
        if let known, known.generation == snapshot.generation { return known.file }
        let renderer = snapshot.renderer
        let key = IncrementalBuild.pageKey(renderer.inputs(job), salt: snapshot.salt, allSources: snapshot.allSources,
                                           hashes: snapshot.hashes)
        let response = known?.key == key ? known?.file : Self.response(renderer.render(job))
        guard let response else { return nil }
        serving.withLock { rendered[path] = (key, snapshot.generation, response) }
        return response
    }

    static func response(_ file: OutputFile) -> StaticServer.Response? {
        let body: Data
        switch file.content {
        case .text(let text): body = Data(text.utf8)
        case .parts(let parts): body = Data((0..<parts.count).flatMap(parts.part))
        case .copy(let url):
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            body = data
        }
        return StaticServer.Response(status: "200 OK", type: StaticServer.contentType(file.path), body: body)
    }
}
