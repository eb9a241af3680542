import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything that makes a rebuild fast, in one place, wrapped around the
/// pure stages from outside (no stage knows it is being cached):
///
/// - the build record: a build whose inputs are those of the build that
///   made the tree in place stops at once (`unchangedResult`);
/// - the validation cache: files whose bytes did not change are not
///   checked again (`validate`, see `ValidationMemo`);
/// - page keys: a page whose inputs (`SiteRenderer.inputs`) did not change
///   is hard-linked from the tree in place instead of being made again;
/// - the spare tree: the tree the last build replaced becomes the next one;
/// - open data parts: an indicator's part of an open data file is read from
///   the file in place when its inputs did not change (`DataFileSplice`);
/// - search postings: a rebuild of the same plans tokenizes only the plans
///   whose searchable texts changed and remakes the term shards their
///   postings' digests changed in from the tree in place (`makeShared`, see
///   `SearchPostingsMemo`, `SearchShards.touched`).
///
/// All of it lives in the workspace beside the output (`BuildState`), and
/// the output's lock is held from `init` until this value is gone.
final class IncrementalBuild {
    let options: BuildOptions
    let state: BuildState
    private let lock: OutputLock
    /// Nil without the cache (`--no-cache`): nothing is reused or recorded.
    private let inputKey: ContentHash?
    /// Each content file's hash and stamp from reading it for `inputKey`:
    /// the load stage takes them instead of reading the files again.
    let known: SiteLoader.Known
    /// Each content file's hash by stamp, to keep once the build publishes
    /// (`ContentStamps`); nil when the kept ones hold.
    private let stamps: ContentStamps?
    /// Hash of each source file's bytes by path, from the load stage.
    private var hashes: [String: ContentHash] = [:]
    private var pendingValidation: URL?
    private var pendingSearch: URL?
    /// Source files found changed when read again after loading (a page
    /// made from one would be wrong: the build then publishes nothing).
    private var changes: SourceChanges?
    /// The plan and indicator files left on disk, whose stamps are looked
    /// at again before publishing (most are not read again: `SourceChanges.verify`).
    private var leftOnDisk: [SourceFile] = []
    /// Plan and indicator files checked anew by `validate`.
    private(set) var checked = 0
    /// The spare tree looked at (`SpareTree.survey`) once the files are
    /// checked (beside evaluating and making the renderer), for `publish`;
    /// with no cached build to go from, from the start (`startReading`).
    private var spareSurvey: Background<SpareTree.Survey>?
    /// The validation cache, read beside the load stage (`startReading`), first.
    private var validationCache: Background<ValidationCache>?
    /// The open data files' layouts (`DataFileSplice.read`) and the search
    /// postings memo's cache (its headings), read once the validation cache is.
    private var dataParts: Background<[String: DataFileSplice.Layout]>?
    private var postingsCache: Background<ValidationCache>?
    private var startedReading = false
    /// `stamps` as `settle` writes them, made beside the sources' last look.
    private var stampsText: String?
    /// The files of the record of the tree in place with their keys, read
    /// beside the checks like the spare (`publish` matches pages to them).
    private var inPlaceFiles: Background<[(path: String, key: String?)]>?

    init(_ options: BuildOptions) throws {
        self.options = options
        state = BuildState(folder: options.workspace)
        do {
            try FileManager.default.createDirectory(at: state.folder, withIntermediateDirectories: true)
        } catch {
            throw PublishError(description: "cannot create \(state.folder.path): \(error.localizedDescription)")
        }
        let output = options.output.path
        lock = try OutputLock(state.lock) { pid in
            options.progress?("waiting for sitegen (process \(pid)) to finish writing \(output)", 0, 0)
        }
        BuildState.removeLegacy(beside: options.output)
        state.removeLeftovers()
        let input = options.useCache ? BuildRecord.inputKey(options, stamps: state.stamps) : nil
        inputKey = input?.key
        known = input?.known ?? [:]
        stamps = input?.stamps
    }

    deinit {
        // What `startReading` began and a build that stopped at its errors
        // never took ends before the output's lock is let go.
        _ = spareSurvey?.take()
        _ = validationCache?.take()
        _ = dataParts?.take()
        _ = postingsCache?.take()
        _ = inPlaceFiles?.take()
        if let pendingValidation { unlink(pendingValidation.path) }
        if let pendingSearch { unlink(pendingSearch.path) }
    }

    /// The recorded result when nothing changed since the build that made
    /// the tree in place (and the tree is whole); nil otherwise.
    /// Nil: a build follows, and what it reads of the workspace starts
    /// being read beside it (`startReading`).
    func unchangedResult() -> BuildResult? {
        guard let inputKey,
              let record = BuildRecord.read(state.record, describing: options.output, ifKey: inputKey.description),
              record.isWhole(options.output) else {
            startReading()
            return nil
        }
        stamps?.write(to: state.stamps)
        var result = record.result
        result.published = true
        result.reused = result.files
        result.unchanged = true
        return result
    }

    /// The validate stage, each file's own result taken from the last
    /// build's when its bytes did not change.
    func validate(_ raw: RawSite) -> (Site?, [Diagnostic]) {
        startReading()
        hashes = raw.hashes
        changes = raw.changes
        leftOnDisk = (raw.planFiles + raw.indicatorFiles).filter { $0.unread != nil }
        // Read beside the load stage (`startReading`), or now.
        let cache = options.useCache ? validationCache?.take() ?? ValidationCache.read(state.validation, tool: options.tool, whole: true) : .empty
        // This build's new results are added to the cache in place when it
        // can take them (`canAppend`); else the cache is written anew.
        let writer = Self.writer(state.validation, cache: cache, tool: options.tool)
        let result = ValidationMemo(cache: cache, keep: writer).validate(raw)
        // The spare is looked at once the files are checked (the checks
        // across files included): beside evaluating and making the
        // renderer, not beside the reading of the cache's payloads.
        if result.0 != nil { startSurvey() }
        checked = options.useCache ? writer?.checked ?? 0 : 0
        pendingValidation = writer?.finish(keep: result.0 != nil)
        return result
    }

    /// Starts reading, once, what a build reads of the workspace before
    /// it needs it: the validation cache first, then the record of the
    /// tree in place, the open data layouts and the search postings memo's
    /// cache (`Background(after:)`), each on a `Background` thread when
    /// there is more than one worker (else each is read when needed). With
    /// no cached build (no input key) only the spare is looked at
    /// (`startSurvey`); else that waits for the validate stage.
    /// The load stage and the validate stage's checks across files leave
    /// a core idle; the output's lock is held, and nothing else touches
    /// these until the validate stage and `publish`, or until `deinit`
    /// has waited for them (a build that stopped at its errors). Each
    /// value is let go once taken.
    private func startReading() {
        guard !startedReading else { return }
        startedReading = true
        guard Parallel.workers > 1 else { return }
        // The worker count is a task-local value: carried to the queue by hand.
        let state = state, jobs = Parallel.workers
        guard inputKey != nil else { return startSurvey() }
        let output = options.output, tool = options.tool
        // Every unchanged file's payload is read: the file at once. Needed
        // first (by the validate stage), it is read first: what `publish`
        // needs is read once it is (else each takes a share of the cores
        // the load stage and this read need, and the validate stage waits).
        let cache = Background { Parallel.with(jobs: jobs) { ValidationCache.read(state.validation, tool: tool, whole: true) } }
        validationCache = cache
        inPlaceFiles = Background(after: cache) { Self.recordedFiles(state, output: output) }
        dataParts = Background(after: cache) { DataFileSplice.read(state.dataParts) }
        // Its entries' headings (with search off, a read of nothing needed).
        postingsCache = Background(after: cache) { ValidationCache.read(state.searchPostings, tool: tool) }
    }

    /// Starts looking at the spare (`SpareTree.survey`) on a `Background`
    /// thread, once, when there is more than one worker; `publish` takes it.
    private func startSurvey() {
        guard spareSurvey == nil, Parallel.workers > 1 else { return }
        let state = state, jobs = Parallel.workers
        spareSurvey = Background { Parallel.with(jobs: jobs) { SpareTree.survey(state) } }
    }

    /// A writer of the cache at `url` (read as `cache`) that adds this
    /// build's new entries to it in place when it can take them
    /// (`canAppend`), else writes it anew beside it.
    static func writer(_ url: URL, cache: ValidationCache, tool: ContentHash) -> ValidationCache.Writer? {
        (cache.canAppend ? ValidationCache.Writer(appendingTo: url, cache: cache) : nil)
            ?? ValidationCache.Writer(for: url, tool: tool)
    }

    /// What the last build kept of each file's check, for `check` (the
    /// validate stage with `keep: nil`: it writes nothing and takes no lock).
    static func checkCache(_ options: BuildOptions) -> ValidationCache {
        options.useCache ? ValidationCache.read(BuildState(folder: options.workspace).validation, tool: options.tool) : .empty
    }

    /// What many jobs share, made before they run (`SiteRenderer.makeShared`),
    /// with what the last build kept of each plan's search postings
    /// (`SearchPostingsMemo`: their digests and the layout), and the term shards and
    /// files kept until written (`SearchFiles`: in memory below
    /// `SearchShards.batchedFrom` plans, else in a spill file); the jobs
    /// known only then.
    /// With search off, nothing: the memo is neither used nor written (its
    /// headings may have been read beside the load stage, `startReading`).
    func makeShared(_ renderer: SiteRenderer, for jobs: [SiteRenderer.Job]) -> [SiteRenderer.Job] {
        guard renderer.site.config.search else { return [] }
        let cache = inputKey == nil ? .empty : postingsCache?.take() ?? ValidationCache.read(state.searchPostings, tool: options.tool)
        // Added to in place like the validation cache (`writer`): only the
        // changed plans' entries and the layout are written.
        let writer = inputKey == nil ? nil : Self.writer(state.searchPostings, cache: cache, tool: options.tool)
        let plans = renderer.evaluated.site.plans
        let keys = Parallel.map(plans) { plan in
            // By row, not a copy of each indicator.
            let indicators = (renderer.index.byPlan[plan.slug] ?? []).map { renderer.rowInputs($0) }
            return SearchPostingsMemo.key(plan: plan.path, indicators: indicators, hashes: hashes)
        }
        let memo = SearchPostingsMemo(cache: cache, keep: writer, slugs: plans.map(\.slug), keys: keys, output: options.output)
        defer { pendingSearch = writer?.finish(keep: true) }
        return renderer.makeShared(for: jobs, postings: memo, spill: state.searchSpill)
    }

    /// The write stage: every file of `prepared` into the spare tree (or a
    /// new one), pages whose key is unchanged linked or kept instead of
    /// made, then swapped in; the records follow the trees.
    func publish(_ prepared: Pipeline.Prepared, _ summary: BuildResult) throws -> BuildResult {
        let renderer = prepared.renderer, jobs = prepared.jobs, copies = prepared.copies
        // Where every file's key starts (site.yaml's hash looked up once).
        let base = Self.keyBase(Self.cacheSalt(prepared.renderer, options), hashes: hashes)
        let paths = Parallel.map(jobs) { renderer.path($0) }
        // Each page's key by its position in `jobs` (`PageKeys`).
        let current = inputKey == nil ? [String?](repeating: nil, count: jobs.count)
            : PageKeys.match(inPlaceFiles?.take() ?? Self.recordedFiles(state, output: options.output), to: paths).keys
        let (tree, spare) = try SpareTree.take(state, survey: spareSurvey?.take()) ?? (Publisher.freshTree(in: state.folder), [])
        let (spareKeys, spareOthers) = PageKeys.match(spare, to: paths)
        let inPlace = inputKey == nil ? [String?](repeating: nil, count: jobs.count) : spareKeys
        // Each row's key, made first: the open data's parts and the
        // indicator pages' keys are made from it (`fileKey`).
        let rowDigests = inputKey == nil ? [] : Self.rowDigests(renderer, hashes: hashes)
        let rowKeys = inputKey == nil ? [] : Self.rowKeys(renderer, base: base, hashes: hashes, rows: rowDigests)
        let splice = inputKey == nil ? nil : DataFileSplice(previous: dataParts?.take() ?? DataFileSplice.read(state.dataParts)) { rowKeys }

        // What a whole-site file is made from, hashed once for all of them.
        let allSources = Self.sourcesDigest(hashes.keys.sorted(), hashes: hashes)
        let total = jobs.count + copies.count
        let order = renderer.writeOrder(jobs, copies: copies.count)
        var keys = [String?](repeating: nil, count: jobs.count)
        let reused = Parallel.Counter(), done = Parallel.Counter()
        let output = options.output.path, progress = options.progress
        var result = summary
        result.files = total
        let replaced = try keys.withUnsafeMutableBufferPointer { slots in
            let slots = Parallel.Unchecked(slots)
            return try Publisher.publish(tree, count: total, alone: renderer.wholeSiteJobs.count, to: options.output,
                                         ahead: { order.map { $0 < jobs.count ? paths[$0] : copies[$0 - jobs.count].path } },
                                         finish: { writer in
                // The sources' last look on one worker, the record's file
                // lines and the open data parts on the other (all pages are
                // made: every key is in `slots`).
                var fileLines = "", parts: [UInt8]?
                Parallel.forEachIndex(2) { part in
                    if part == 0 {
                        self.changes?.verify(self.leftOnDisk)
                        // Written by `settle` once the tree is in place.
                        self.stampsText = self.stamps?.encoded()
                    } else if inputKey != nil {
                        let copied = copies.lazy.map { (path: $0.path, key: String?.none) }
                        fileLines = BuildRecord.fileLines(zip(paths, slots.value).lazy.map { (path: $0, key: $1) })
                        fileLines += BuildRecord.fileLines(copied)
                        parts = splice?.encode(root: tree.url.path)
                    }
                }
                if let changed = self.changes?.first { return writer.fail(changed) }
                // Pages of the spare this site no longer has.
                if !spareOthers.isEmpty {
                    let copied = Set(copies.map(\.path))
                    writer.remove(spareOthers.filter { !copied.contains($0) })
                }
                if let inputKey, let id = BuildRecord.TreeID(tree.url) {
                    let written = Self.mark(self.state.pendingRecord)?.changed
                    let record = BuildRecord(inputKey: inputKey.description, tree: id, result: result, files: [], written: written)
                    Self.write(self.state.pendingRecord, texts: [record.head(), fileLines])
                    if let parts { Self.write(self.state.pendingDataParts, bytes: parts) }
                }
            }) { k, writer in
                defer { if let progress { progress("writing", done.increment() + 1, total) } }
                let i = order[k]
                guard i < jobs.count else { return writer.write(copies[i - jobs.count]) }
                let path = paths[i]
                if inputKey != nil {
                    let key = Self.fileKey(jobs[i], path: path, renderer, rowKeys: rowKeys, base: base, allSources: allSources,
                                           hashes: hashes, rows: rowDigests).description
                    slots.value[i] = key
                    if inPlace[i] == key || (current[i] == key && writer.link(from: output + "/" + path, to: path)) {
                        splice?.keep(fileKey: key, path: path)
                        _ = reused.increment()
                        return
                    }
                }
                var file = renderer.render(jobs[i])
                if let splice, let key = slots.value[i], case .parts(let parts) = file.content {
                    file.content = .parts(splice.splice(parts, path: path, fileKey: key, old: output + "/" + path, oldKey: current[i]))
                }
                writer.write(file)
            }
        }
        settle(replaced)
        result.reused = reused.value
        result.published = true
        return result
    }

    /// After the swap: the replaced tree and its record become the spare,
    /// the new record describes the tree in place, and this build's
    /// validation results replace the last build's.
    private func settle(_ replaced: URL?) {
        let fm = FileManager.default
        unlink(state.spareRecord.path)
        if let replaced {
            rename(state.record.path, state.spareRecord.path)
            if rename(replaced.path, state.spare.path) != 0 {
                // A spare nobody took (it cannot be: `publish` took it): replace it.
                try? fm.removeItem(at: state.spare)
                if rename(replaced.path, state.spare.path) != 0 { try? fm.removeItem(at: replaced) }
            }
        }
        if inputKey == nil || rename(state.pendingRecord.path, state.record.path) != 0 {
            unlink(state.record.path)
            unlink(state.pendingRecord.path)
        }
        if inputKey == nil || rename(state.pendingDataParts.path, state.dataParts.path) != 0 {
            unlink(state.dataParts.path)
            unlink(state.pendingDataParts.path)
        }
        if let pending = pendingValidation, rename(pending.path, state.validation.path) == 0 {
            pendingValidation = nil
        }
        if let pending = pendingSearch, rename(pending.path, state.searchPostings.path) == 0 {
            pendingSearch = nil
        }
        if let text = stampsText ?? stamps?.encoded() { ContentStamps.write(text, to: state.stamps) }
    }

    /// The files of the record of the tree in place, with their keys
    /// (none when it describes no tree there).
    static func recordedFiles(_ state: BuildState, output: URL) -> [(path: String, key: String?)] {
        BuildRecord.read(state.record, describing: output, diagnostics: false)?.files ?? []
    }

    /// Writes `texts`, then `bytes`, into the file at `url` (made anew)
    /// without joining them first: a large site's record and open data
    /// parts are megabytes each. Nothing is left there when a write fails.
    static func write(_ url: URL, texts: [String] = [], bytes: [UInt8]? = nil) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var ok = true
        for var text in texts where ok { ok = text.withUTF8 { TreeWriter.writeAll(fd, $0) } }
        if ok, let bytes { ok = bytes.withUnsafeBufferPointer { TreeWriter.writeAll(fd, $0) } }
        if close(fd) != 0 { ok = false }
        if !ok { unlink(url.path) }
    }

    /// Makes the file at `url` anew (empty) and returns its stamp: its
    /// change time is later than that of any folder changed before
    /// (`BuildRecord.written`); its device is the workspace's (`ContentStamps`).
    static func mark(_ url: URL) -> FileStamp? {
        unlink(url.path)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        return fstat(fd, &info) == 0 ? FileStamp(info) : nil
    }

    /// What every file depends on beyond the content: this very program,
    /// the templates and the options that change output.
    static func cacheSalt(_ renderer: SiteRenderer, _ options: BuildOptions) -> ContentHash {
        var salt = ContentHash("sitegen cache salt v2")
        salt.add(options.tool)
        salt.add(renderer.templates.hash)
        salt.add(renderer.evaluated.asOf.map(\.description) ?? "-")
        salt.add(String(renderer.listPageSize))
        salt.add(String(renderer.sitemapLimit))
        return salt
    }

    /// The key of each row's part of an open data file (`DataFileSplice`):
    /// it shows what the row's indicator page does.
    /// `base`: where every file's key starts (`keyBase`); `rows`: each row's `rowDigest`.
    static func rowKeys(_ renderer: SiteRenderer, base: ContentHash, hashes: [String: ContentHash], rows: [ContentHash]) -> [ContentHash] {
        Parallel.map(Array(renderer.rows.indices)) { r in
            var inputs = renderer.inputs(.indicator(r))
            inputs.kind = "data row"
            return pageKey(inputs, base: base, wholeSite: ContentHash("none"), hashes: hashes) { rows[$0] }
        }
    }

    /// What a row of `JobInputs.rows` stands for, hashed: its indicator's
    /// id and source files with their bytes' hashes (`hashes`: by path).
    static func rowDigest(_ renderer: SiteRenderer, _ r: Int, hashes: [String: ContentHash]) -> ContentHash {
        let (id, files) = renderer.rowInputs(r)
        var digest = ContentHash("row")
        digest.add(id)
        for path in files { digest.add(file: path, hashes: hashes) }
        return digest
    }

    /// Every row's `rowDigest`, made once for all the pages that show it.
    static func rowDigests(_ renderer: SiteRenderer, hashes: [String: ContentHash]) -> [ContentHash] {
        Parallel.map(Array(renderer.rows.indices)) { rowDigest(renderer, $0, hashes: hashes) }
    }

    /// The key of a job's file (`pageKey`); an indicator page's is made
    /// from its row's (`rowKeys`), which has the same inputs.
    /// `base`: where every file's key starts (`keyBase`); `allSources`: `sourcesDigest` of every source file.
    static func fileKey(_ job: SiteRenderer.Job, path: String, _ renderer: SiteRenderer, rowKeys: [ContentHash], base: ContentHash,
                        allSources: ContentHash, hashes: [String: ContentHash], rows: [ContentHash]) -> ContentHash {
        guard case .indicator(let r) = job, rowKeys.indices.contains(r) else {
            return pageKey(renderer.inputs(job, path: path), base: base, wholeSite: allSources, hashes: hashes) { rows[$0] }
        }
        var key = rowKeys[r]
        key.add("indicator page")
        return key
    }

    /// One hash of everything a file's bytes depend on; site.yaml is in
    /// every key (title, language, dates, base_url reach every page).
    /// `hashes`: each source file's by path; `row`: a row's `rowDigest`.
    static func pageKey(_ inputs: JobInputs, salt: ContentHash, allSources: [String],
                        hashes: [String: ContentHash], row: (Int) -> ContentHash) -> ContentHash {
        pageKey(inputs, base: keyBase(salt, hashes: hashes), wholeSite: sourcesDigest(allSources, hashes: hashes), hashes: hashes, row: row)
    }

    /// `salt` with site.yaml's path and hash: where every file's key starts.
    static func keyBase(_ salt: ContentHash, hashes: [String: ContentHash]) -> ContentHash {
        var key = salt
        key.add(file: "content/site.yaml", hashes: hashes)
        return key
    }

    /// `pageKey` from its `keyBase`, with the whole site's sources as
    /// their `sourcesDigest` (asked for only by a whole-site file's inputs).
    static func pageKey(_ inputs: JobInputs, base: ContentHash, wholeSite: @autoclosure () -> ContentHash,
                        hashes: [String: ContentHash], row: (Int) -> ContentHash) -> ContentHash {
        var key = base
        key.add(inputs.kind)
        for fact in inputs.facts { key.add(fact) }
        for r in inputs.rows { key.add(row(r)) }
        if inputs.wholeSite {
            key.add(wholeSite())
        } else {
            for path in inputs.files { key.add(file: path, hashes: hashes) }
        }
        return key
    }

    /// Each of `paths` (every source file, sorted) with its bytes' hash
    /// (`hashes`: by path), hashed: what a whole-site file's key holds of them.
    static func sourcesDigest(_ paths: [String], hashes: [String: ContentHash]) -> ContentHash {
        var digest = ContentHash("all sources")
        for path in paths { digest.add(file: path, hashes: hashes) }
        return digest
    }
}
