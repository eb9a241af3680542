import Foundation

/// What `build` and `check` are asked to do. Every input is explicit:
/// nothing below the CLI reads the clock, the environment or the arguments.
public struct BuildOptions: Sendable {
    /// The site folder (holds content/ and templates/).
    public var root: URL
    /// Output folder; default `root/public`.
    public var output: URL
    /// Template folder; default `root/templates`.
    public var templates: URL
    /// Overrides site.yaml's as_of.
    public var asOf: Day?
    /// Reuse unchanged files of the current output (see `cacheKey`).
    public var useCache = true
    /// Indicators per page of the status and area lists.
    public var listPageSize = 500
    /// Told what the build is doing: a stage name, then files done of total
    /// while writing. Called from any thread.
    public var progress: (@Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void)?

    public init(root: URL, output: URL? = nil, templates: URL? = nil, asOf: Day? = nil) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("public")).standardizedFileURL
        self.templates = (templates ?? root.appendingPathComponent("templates")).standardizedFileURL
        self.asOf = asOf
    }
}

public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var plans = 0
    public var indicators = 0
    public var pages = 0
    public var files = 0
    /// Files taken unchanged from the previous build by the cache.
    public var reused = 0
    /// Plan and indicator files validated anew when the validation cache
    /// was kept (the others were taken from it); 0 otherwise.
    public var checked = 0
    /// No input changed since the build that made the output: nothing was done.
    public var unchanged = false
    /// True when the new site was published.
    public var published = false
    public var asOf: Day?
    /// Things worth knowing that are not problems with the content.
    public var notes: [String] = []
}

/// load → validate → evaluate → render → write, one line each.
public enum Pipeline {
    /// Everything `build` checks; writes nothing.
    public static func check(_ options: BuildOptions) -> BuildResult {
        let (_, result, _) = prepare(options, validationCache: options.useCache ? ValidationCache.url(for: options.output) : nil)
        return result
    }

    public static func build(_ options: BuildOptions) throws -> BuildResult {
        // Nothing changed since the build that made the current tree: done.
        let inputKey = options.useCache ? BuildRecord.inputKey(options) : nil
        if let inputKey, let record = BuildRecord.read(options.output, ifKey: inputKey.description),
           record.inputKey == inputKey.description,
           record.treeIsWhole(options.output) {
            var result = record.result
            result.published = true
            result.reused = result.files
            result.unchanged = true
            return result
        }
        let cacheURL = options.useCache ? ValidationCache.url(for: options.output) : nil
        let (prepared, result, pendingCache) = prepare(options, validationCache: cacheURL, keep: true)
        var published = false
        defer { if let cacheURL { ValidationCache.commit(pendingCache, to: cacheURL, published: published) } }
        guard var result = Optional(result), let prepared, !result.diagnostics.hasErrors else { return result }
        let jobs = prepared.jobs
        let copies = prepared.copies
        var keys: ((Int) -> Publisher.CacheKey?)?
        if options.useCache {
            let renderer = prepared.renderer
            let salt = cacheSalt(prepared)
            keys = { i in
                i < jobs.count ? Publisher.CacheKey(path: renderer.path(jobs[i]), key: renderer.cacheKey(jobs[i], salt: salt)) : nil
            }
        }
        // Copies, and the record that lets an unchanged rebuild stop early.
        var extras = copies
        if let inputKey {
            var summary = result
            summary.files = jobs.count + copies.count
            let paths = jobs.map(prepared.renderer.path) + copies.map(\.path)
            extras.append(.text(BuildRecord.fileName,
                                BuildRecord(inputKey: inputKey.description, result: summary, paths: paths).encode()))
        }
        let total = jobs.count + extras.count
        let done = Parallel.Counter()
        let progress = options.progress
        let counts = try Publisher.publish(count: total, to: options.output, keys: keys,
                                           alone: prepared.renderer.wholeSiteJobs.count) { i in
            let file = i < jobs.count ? prepared.renderer.render(jobs[i]) : extras[i - jobs.count]
            if let progress { progress("writing", done.increment() + 1, total) }
            return file
        }
        result.files = jobs.count + copies.count
        result.reused = counts.reused
        result.published = true
        published = true
        return result
    }

    /// What every page depends on beyond the content: this very program,
    /// the templates and the reporting date.
    static func cacheSalt(_ prepared: Prepared) -> ContentHash {
        var salt = ContentHash("sitegen cache salt v1")
        salt.add(toolHash)
        salt.add(prepared.renderer.templates.hash)
        salt.add(prepared.renderer.evaluated.asOf.map(\.description) ?? "-")
        salt.add(String(prepared.renderer.listPageSize))
        return salt
    }

    /// Hash of the running executable's bytes: a new sitegen never reuses
    /// an old one's pages.
    static let toolHash: ContentHash = {
        guard let data = FileManager.default.contents(atPath: "/proc/self/exe") else {
            return ContentHash("unknown tool \(ProcessInfo.processInfo.processIdentifier)")  // never matches
        }
        return ContentHash(data)
    }()

    /// What the write stage needs: a renderer for the pages and the files to copy.
    struct Prepared {
        var renderer: SiteRenderer
        /// Every page and data file to render, in a fixed order.
        var jobs: [SiteRenderer.Job]
        var copies: [OutputFile]
    }

    /// Runs every stage but the write; nil when there is an error.
    /// With `validationCache`, files the last build of the same output
    /// validated are not checked again; with `keep`, this build's results
    /// are also written there under a temporary name (returned), for the
    /// build to put in place once it has published.
    static func prepare(_ options: BuildOptions, validationCache: URL? = nil, keep: Bool = false) -> (Prepared?, BuildResult, URL?) {
        var checked = 0
        // The raw documents end here, before the model is judged and rendered.
        let (site, loadProblems, validateProblems, pending) = { () -> (Site?, [Diagnostic], [Diagnostic], URL?) in
            options.progress?("reading", 0, 0)
            let (raw, loadProblems) = SiteLoader.load(root: options.root)
            options.progress?("checking", 0, 0)
            let cache = validationCache.map(ValidationCache.read) ?? .empty
            let writer = keep ? validationCache.flatMap(ValidationCache.Writer.init) : nil
            let (site, validateProblems) = SiteValidator.validate(raw, cache: cache, keep: writer)
            checked = writer?.checked ?? 0
            let pending = writer?.finish(keep: site != nil)
            return (site, loadProblems, validateProblems, pending)
        }()
        let templatePath = relativePath(options.templates, to: options.root)
        let (templates, templateProblems) = TemplateSet.load(from: options.templates, sitePath: templatePath)
        var result = BuildResult(diagnostics: (loadProblems + validateProblems + templateProblems).sortedForReport())
        result.checked = checked
        guard var site, let templates, !result.diagnostics.hasErrors else { return (nil, result, pending) }
        if let asOf = options.asOf { site.config.asOf = asOf }
        let evaluated = evaluate(site)
        let renderer = SiteRenderer(evaluated, templates: templates, listPageSize: options.listPageSize)
        let prepared = Prepared(renderer: renderer, jobs: renderer.jobs(), copies: copies(site, templates: templates, root: options.root))
        result.plans = site.plans.count
        result.indicators = site.indicators.count
        result.pages = prepared.jobs.filter { renderer.path($0).hasSuffix(".html") }.count
        result.asOf = evaluated.asOf
        if site.config.baseURL == nil {
            result.notes.append("content/site.yaml has no base_url, so feed.xml and sitemap.xml (which need absolute URLs) were left out")
        }
        return (prepared, result, pending)
    }

    public static func evaluate(_ site: Site) -> EvaluatedSite {
        let asOf = Evaluator.asOf(site)
        var evaluated = EvaluatedSite(site: site, asOf: asOf, evaluations: site.indicators.map { Evaluator.evaluate($0, asOf: asOf) })
        if let from = site.config.compareTo, let asOf, from < asOf {
            let previous = site.indicators.map { Evaluator.evaluate($0, asOf: from) }
            evaluated.previous = previous
            evaluated.changes = ReportChanges.compute(site.indicators, previous: previous, current: evaluated.evaluations,
                                                      from: from, to: asOf)
        }
        return evaluated
    }

    static func copies(_ site: Site, templates: TemplateSet, root: URL) -> [OutputFile] {
        let filesDir = root.appendingPathComponent("content/files")
        return site.files.map { OutputFile(path: "files/" + $0, content: .copy(from: filesDir.appendingPathComponent($0))) }
            + templates.assets
    }

    static func relativePath(_ url: URL, to root: URL) -> String {
        let p = url.standardizedFileURL.path, r = root.standardizedFileURL.path
        return p.hasPrefix(r + "/") ? String(p.dropFirst(r.count + 1)) : p
    }
}
