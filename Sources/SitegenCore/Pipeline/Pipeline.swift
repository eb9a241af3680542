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
    /// Where the build stages its tree and keeps what the next build of the
    /// same output reuses; default `.NAME.sitegen` beside the output. Never
    /// published; deleting it only makes the next build slower.
    public var workspace: URL
    /// The identity of the running sitegen (a hash of its executable, from
    /// the CLI): a different sitegen never reuses this one's work. Worked
    /// out by `identity` when first asked: a `check` that finds no earlier
    /// results never asks (hashing the executable costs more than reading
    /// a hundred indicator files).
    public var tool: ContentHash { identity() }
    public var identity: @Sendable () -> ContentHash = { ContentHash("sitegen library") }
    /// How many threads work at once (1 = serial); nil: one per core.
    /// It holds for that build only (see `Parallel.with(jobs:)`).
    public var jobs: Int?
    /// Overrides site.yaml's as_of.
    public var asOf: Day?
    /// Reuse unchanged files of the current output (see `cacheKey`).
    public var useCache = true
    /// Warnings fail the run like errors: nothing is published.
    public var strict = false
    /// Indicators per page of the status and area lists.
    public var listPageSize = 200
    /// Pages one sitemap file lists; a larger site gets a sitemap index
    /// (`sitemap.xml`) and `sitemap-1.xml`, ….
    public var sitemapLimit = Feeds.sitemapLimit
    /// Told what the build is doing: a stage name, then files done of total
    /// while writing. Called from any thread.
    public var progress: (@Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void)?

    public init(root: URL, output: URL? = nil, templates: URL? = nil, asOf: Day? = nil) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("public")).standardizedFileURL
        self.templates = (templates ?? root.appendingPathComponent("templates")).standardizedFileURL
        self.workspace = Self.workspace(beside: self.output)
        self.asOf = asOf
    }
}

extension BuildOptions {
    /// `.NAME.sitegen` beside `output`.
    public static func workspace(beside output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent("." + output.lastPathComponent + ".sitegen")
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

/// load → validate → evaluate → render → write, one line each; `build`
/// hands the validate and write stages to the incremental layer, which
/// wraps them (see `IncrementalBuild`).
public enum Pipeline {
    /// Everything `build` checks; writes nothing.
    public static func check(_ options: BuildOptions) -> BuildResult {
        Parallel.with(jobs: options.jobs) {
            let cache = IncrementalBuild.checkCache(options)
            // With no earlier results to look up, a plan or indicator file
            // needs no hash: it is read once, when it is checked.
            let load = { SiteLoader.load(root: options.root, keepText: false, hashing: !cache.isEmpty) }
            return prepare(options, load: load, validate: { ValidationMemo(cache: cache, keep: nil).validate($0) }).1
        }
    }

    public static func build(_ options: BuildOptions) throws -> BuildResult {
        try Parallel.with(jobs: options.jobs) { try buildOnWorkers(options) }
    }

    /// `build` with the worker count set.
    private static func buildOnWorkers(_ options: BuildOptions) throws -> BuildResult {
        let incremental = try IncrementalBuild(options)
        if let unchanged = incremental.unchangedResult() { return unchanged }
        var (made, result) = prepare(options, known: incremental.known, validate: incremental.validate)
        result.checked = incremental.checked
        guard made != nil, !result.diagnostics.hasErrors, !(options.strict && !result.diagnostics.isEmpty) else { return result }
        // Taken out of `made`: the one copy, released below.
        guard var prepared = made.take() else { return result }
        options.progress?("indexing", 0, 0)
        prepared.jobs += incremental.makeShared(prepared.renderer, for: prepared.jobs)
        let published = try incremental.publish(prepared, result)
        // The model, the pages' jobs and search's files are freed beside
        // what follows (the caller's report), not before it.
        BackgroundRelease.release(consume prepared)
        return published
    }

    /// What the write stage needs: a renderer for the pages and the files to copy.
    struct Prepared {
        var renderer: SiteRenderer
        /// Every page and data file to render, in a fixed order.
        var jobs: [SiteRenderer.Job]
        var copies: [OutputFile]
    }

    /// Runs every stage but the write, validating with `validate`; nil
    /// when there is an error. `known`: files read moments before (`SiteLoader.Known`).
    static func prepare(_ options: BuildOptions, known: SiteLoader.Known = [:],
                        validate: (RawSite) -> (Site?, [Diagnostic]) = SiteValidator.validate) -> (Prepared?, BuildResult) {
        prepare(options, load: { SiteLoader.load(root: options.root, keepText: false, known: known) }, validate: validate)
    }

    /// `prepare` with the load stage's result given by `load` (`serve`
    /// keeps it in memory between edits).
    static func prepare(_ options: BuildOptions, load: () -> (RawSite, [Diagnostic]),
                        validate: (RawSite) -> (Site?, [Diagnostic]),
                        evaluate: (Site) -> EvaluatedSite = Evaluator.evaluate,
                        templates loadTemplates: ((URL, String) -> (TemplateSet?, [Diagnostic]))? = nil) -> (Prepared?, BuildResult) {
        let templatePath = relativePath(options.templates, to: options.root)
        // The built-in loader's templates are read beside the load and
        // validate stages (which leave a core idle in their checks across
        // files); a caller's loader runs here, after them.
        let folder = options.templates
        let early = loadTemplates == nil && Parallel.workers > 1 ? Background { TemplateSet.load(from: folder, sitePath: templatePath) } : nil
        // The raw documents end here, before the model is judged and rendered.
        let (site, loadProblems, validateProblems) = { () -> (Site?, [Diagnostic], [Diagnostic]) in
            options.progress?("reading", 0, 0)
            let (raw, loadProblems) = load()
            options.progress?("checking", 0, 0)
            let (site, validateProblems) = validate(raw)
            return (site, loadProblems, validateProblems)
        }()
        let (templates, templateProblems) = early?.take() ?? (loadTemplates ?? TemplateSet.load)(options.templates, templatePath)
        let searchOff = site?.config.search == false ? templates?.searchScriptWarnings(sitePath: templatePath) ?? [] : []
        let problems = loadProblems + validateProblems + templateProblems + searchOff
        // Sorted (and cut to a report's length per file) once, from the
        // whole list: here only when the build stops at them.
        guard var site, let templates, !problems.hasErrors else { return (nil, BuildResult(diagnostics: problems.sortedForReport())) }
        var result = BuildResult(diagnostics: [])
        if let asOf = options.asOf { site.config.asOf = asOf }
        options.progress?("evaluating", 0, 0)
        let evaluated = evaluate(site)
        result.diagnostics = (problems + DisclosureCheck.check(evaluated)).sortedForReport()
        guard !result.diagnostics.hasErrors else { return (nil, result) }
        let renderer = SiteRenderer(evaluated, templates: templates, listPageSize: options.listPageSize,
                                    sitemapLimit: options.sitemapLimit)
        let prepared = Prepared(renderer: renderer, jobs: renderer.jobs(), copies: copies(site, templates: templates, root: options.root))
        result.plans = site.plans.count
        result.indicators = site.indicators.count
        result.pages = prepared.jobs.filter(renderer.isPage).count
        result.asOf = evaluated.asOf
        if site.config.baseURL == nil {
            result.notes.append("content/site.yaml has no base_url, so feed.xml and sitemap.xml (which need absolute URLs) were left out")
        }
        return (prepared, result)
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
