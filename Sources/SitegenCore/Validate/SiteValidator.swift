import Foundation

/// The validate stage: raw documents → Site, with every problem reported.
enum SiteValidator {
    typealias PlanFileResult = (PlanValidator.Result?, [Diagnostic])
    typealias IndicatorFileResult = (IndicatorValidator.Result?, [Diagnostic])

    /// Validates every file and the rules that look across files.
    static func validate(_ raw: RawSite) -> (Site?, [Diagnostic]) {
        validate(raw, plan: checkPlan, indicatorFile: checkIndicatorFile)
    }

    /// One plan file on its own: front matter, body, attachments (checked
    /// against `files`, the files under content/files with their sizes).
    /// A file the load stage left on disk is read here (the only read a
    /// check needs); its body is left there again once checked.
    static func checkPlan(_ input: SourceFile, files: [String: Int]) -> PlanFileResult {
        var (result, problems) = withText(input) { file -> PlanFileResult in
            let (rawPlan, splitProblems) = FrontMatter.split(file, slug: planSlug(file))
            var d = splitProblems
            let result = rawPlan.flatMap { PlanValidator.validate($0, files: files, diagnostics: &d) }
            return (result, d)
        }
        if input.unread != nil, let body = result?.plan?.body { result?.plan?.body = body.leftOnDisk(in: input) }
        return (result, problems)
    }

    /// One indicator file on its own (read here when the load stage left it on disk).
    static func checkIndicatorFile(_ input: SourceFile) -> IndicatorFileResult {
        // A file the load stage only listed (a check with no earlier
        // results) is read here once and, as usual, read on its bytes.
        if let unread = input.unread, !unread.hashed {
            guard let data = FileStamp.read(unread.url.path)?.data else { return (nil, [SiteLoader.unreadable(input.path, at: unread.url)]) }
            return checkIndicatorFile(data, path: input.path)
        }
        return withText(input, checkIndicatorText)
    }

    /// An indicator file's bytes as read, checked: a file that needs no
    /// decoding and has no YAML problem is validated on its bytes (no text
    /// of the whole file made, no UTF-8 check of our own: libyaml's
    /// reading is one); any other is decoded and parsed as text, which
    /// gives the messages.
    static func checkIndicatorFile(_ data: Data, path: String) -> IndicatorFileResult {
        let quick = data.withUnsafeBytes { raw -> IndicatorFileResult? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard SourceFile.needsOnlyUTF8Check(bytes), let doc = YAMLDocument.parseWithoutProblems(bytes, path: path) else { return nil }
            return validated(doc, [])
        }
        if let quick { return quick }
        let (file, problem) = SourceFile.decode(data, path: path, hashing: false)
        guard let file else { return (nil, problem.map { [$0] } ?? []) }
        return checkIndicatorText(file)
    }

    private static func checkIndicatorText(_ file: SourceFile) -> IndicatorFileResult {
        let (doc, syntax) = YAMLDocument.parse(file.text, path: file.path)
        return validated(doc, syntax)
    }

    private static func validated(_ doc: YAMLDocument?, _ syntax: [Diagnostic]) -> IndicatorFileResult {
        var d = syntax
        let result = doc.flatMap { IndicatorValidator.validate($0, diagnostics: &d) }
        return (result, d)
    }

    /// `result` with its indicators' observations taken out of the spare
    /// room the reader left (kept for the whole run); unchanged, without a
    /// copy, when there is none (a result kept from an earlier run).
    static func compacted(_ result: IndicatorFileResult) -> IndicatorFileResult {
        guard let indicators = result.0?.indicators,
              indicators.contains(where: { $0.observations.capacity > $0.observations.count }) else { return result }
        var result = result
        result.0?.indicators = indicators.map { $0.compacted() }
        return result
    }

    /// `result` with what only a site made from it reads left out: its
    /// indicators' observations and updates (the checks across files read
    /// ids, plans, sections and positions).
    static func crossFileOnly(_ result: IndicatorFileResult) -> IndicatorFileResult {
        guard var kept = result.0 else { return result }
        for k in kept.indicators.indices {
            kept.indicators[k].observations = []
            kept.indicators[k].updates = []
        }
        return (kept, result.1)
    }

    /// Validates the site with each file's own result given by `plan` and
    /// `indicatorFile` (called on every core, each file once, with the file
    /// as loaded: text left on disk is theirs to read, through `checkPlan`
    /// and `checkIndicatorFile`), then checks the rules that look across files.
    static func validate(_ raw: RawSite,
                         plan: (SourceFile, [String: Int]) -> PlanFileResult,
                         indicatorFile: (SourceFile) -> IndicatorFileResult) -> (Site?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let config = SiteConfigValidator.validate(raw.site, diagnostics: &diagnostics)

        var validatedPlans = Parallel.map(raw.planFiles) { plan($0, raw.files) }
        diagnostics += validatedPlans.flatMap(\.1)
        // Each plan file's slug, worked out once (by position in `raw.planFiles`).
        let slugs = raw.planFiles.map(planSlug)
        let knownPlanSlugs = Set(slugs)
        // Once the site cannot be made (an error before, in the file or
        // its plan unknown), only what the checks across files read is kept
        // of a file: its memory goes back for the next file's as it is
        // checked. Tables in content/data need every observation to merge.
        let failed = diagnostics.hasErrors
        var validatedFiles = Parallel.map(raw.indicatorFiles) { file -> IndicatorFileResult in
            let result = indicatorFile(file)
            guard raw.dataTables.isEmpty,
                  failed || result.1.hasErrors || result.0.map({ !knownPlanSlugs.contains($0.plan) }) == true else { return compacted(result) }
            return crossFileOnly(result)
        }
        // Which plan files have a result whose plan is left out (an error
        // in its front matter), by position; then each plan moved out of
        // its file's result, not copied (a copy retains each of its strings
        // and arrays, and the result's release releases them again).
        let leftOut = validatedPlans.map { $0.0.map { $0.plan == nil } ?? false }
        var plans: [Plan] = []
        plans.reserveCapacity(validatedPlans.count)
        for p in validatedPlans.indices where !leftOut[p] {
            if let plan = validatedPlans[p].0?.plan.take() { plans.append(plan) }
        }
        plans.sort { $0.slug < $1.slug }
        // Positions in `plans` by slug.
        let planIndex = Dictionary(plans.indices.map { (plans[$0].slug, $0) }, uniquingKeysWith: { a, _ in a })

        // A plan file whose front matter has an error (its plan left out):
        // its path and headings, for the sections its indicators name.
        // By position: a copy of each file's result retains each of its plan's strings and arrays.
        var plansLeftOut: [String: (path: String, headings: [Heading])] = [:]
        for p in validatedPlans.indices where leftOut[p] {
            plansLeftOut[slugs[p]] = (raw.planFiles[p].path, validatedPlans[p].0?.headings ?? [])
        }

        // Each plan's indicators as positions (file, indicator) in
        // `validatedFiles`: an Indicator is moved once, into the Site (`movedIndicators`).
        var positionsByPlan: [String: [(file: Int, item: Int)]] = [:]
        var firstDefinition: [String: SourceLocation] = [:]
        firstDefinition.reserveCapacity(validatedFiles.indices.reduce(0) { $0 + (validatedFiles[$1].0?.indicators.count ?? 0) })
        // Indicator files with an error: what they define may be left out,
        // so an id unknown elsewhere may be one of theirs (said in its message).
        var filesWithErrors: [String] = []
        for f in validatedFiles.indices {
            diagnostics += validatedFiles[f].1
            if validatedFiles[f].1.hasErrors { filesWithErrors.append(raw.indicatorFiles[f].path) }
            guard let result = validatedFiles[f].0 else { continue }
            let plan = planIndex[result.plan]
            if plan == nil, !knownPlanSlugs.contains(result.plan) {
                diagnostics.append(.error(result.planLocation,
                    "plan '\(result.plan)' does not exist: there is no content/plans/\(result.plan).md; write the slug of a plan (its file name without .md), or add that plan"))
            }
            // The file's indicators of its own plan (mostly all), added to
            // that plan's list at once.
            var own: [(file: Int, item: Int)] = []
            own.reserveCapacity(result.indicators.count)
            for k in result.indicators.indices {
                let id = result.indicators[k].id, location = result.indicators[k].location
                // One lookup for a new id (the usual case); a repeated one puts the first back.
                if let first = firstDefinition.updateValue(location, forKey: id) {
                    firstDefinition[id] = first
                    diagnostics.append(.error(location,
                        "indicator id '\(id)' is already used at \(first.path):\(first.line):\(first.column); ids are unique across the site: give one of them another id"))
                    continue
                }
                if let section = result.indicators[k].section,
                   let target = plan.map({ (path: plans[$0].path, headings: plans[$0].body.headings) }) ?? plansLeftOut[result.plan] {
                    if SectionMatcher.find(section, in: target.headings) == nil {
                        let location = result.sections[id] ?? location
                        diagnostics.append(.error(location,
                            "section '\(section)' is not a heading of plan \(result.plan) (\(target.path)): write the text of one of its headings, or leave section out"))
                    }
                }
                if result.indicators[k].plan == result.plan {
                    own.append((f, k))
                } else {
                    positionsByPlan[result.indicators[k].plan, default: []].append((f, k))
                }
            }
            if !own.isEmpty { positionsByPlan[result.plan, default: []] += own }
        }

        // Observations from the tables of content/data (checked on every build).
        var indicatorsByPlan: [String: [Indicator]]? = nil
        if !raw.dataTables.isEmpty {
            var byPlan = positionsByPlan.mapValues { $0.compactMap { validatedFiles[$0.file].0?.indicators[$0.item] } }
            DataTableValidator.merge(raw.dataTables, into: &byPlan, filesWithErrors: filesWithErrors, diagnostics: &diagnostics)
            indicatorsByPlan = byPlan
        }

        // Every plan file's references, also of one whose front matter has
        // an error (its plan left out): all of its problems at once.
        // 索引号 of plans left out, by slug (checked with the others').
        var numbersLeftOut: [(slug: String, number: String, location: SourceLocation)] = []
        // By position, each file's result read in place (not copied).
        for p in validatedPlans.indices where validatedPlans[p].0 != nil {
            if leftOut[p], let indexNo = validatedPlans[p].0?.indexNo {
                numbersLeftOut.append((slugs[p], indexNo.number, indexNo.location))
            }
            let references = validatedPlans[p].0?.references ?? []
            if references.indices.contains(where: { firstDefinition[references[$0].id] == nil }) {
                let unknown = references.filter { firstDefinition[$0.id] == nil }
                diagnostics += unknownReferences(unknown, filesWithErrors: filesWithErrors)
            }
            for (slug, location) in validatedPlans[p].0?.related ?? [] {
                if slug == slugs[p] {
                    diagnostics.append(.error(location, "related names this plan itself: remove it from related"))
                } else if !knownPlanSlugs.contains(slug) {
                    diagnostics.append(.error(location, "related plan '\(slug)' does not exist: there is no content/plans/\(slug).md; correct the slug or remove it"))
                }
            }
        }

        // The plans' and those left out by an error's, in the order of the
        // slugs (as when those plans are fixed; slugs are unique).
        let numbers = (IndexNumberCheck.numbers(plans) + numbersLeftOut).sorted { $0.slug < $1.slug }
        diagnostics += IndexNumberCheck.check(numbers.map { ($0.number, $0.location) }, config: config)

        guard let config, !diagnostics.hasErrors else { return (nil, diagnostics) }
        var siteIndicators: [Indicator] = []
        if let indicatorsByPlan {
            siteIndicators.reserveCapacity(firstDefinition.count)
            for plan in plans { siteIndicators += indicatorsByPlan[plan.slug] ?? [] }
        } else {
            siteIndicators = movedIndicators(plans.flatMap { positionsByPlan[$0.slug] ?? [] }, from: &validatedFiles)
        }
        return (Site(config: config, plans: plans, indicators: siteIndicators, files: raw.files.keys.sorted()), diagnostics)
    }

    /// The message for an indicator id that no indicator has, ending with
    /// `fix`. When indicator files have errors (an indicator with an error,
    /// or a whole file that cannot be read, is left out) the id may be
    /// defined in one of them: the message names them instead of saying no
    /// file defines it.
    static func unknownIndicator(_ id: String, fix: String, filesWithErrors: [String]) -> String {
        guard !filesWithErrors.isEmpty else {
            return "unknown indicator id '\(id)': no file of content/indicators defines it; \(fix)"
        }
        return "unknown indicator id '\(id)': no indicator without errors has it; if \(named(filesWithErrors)) "
            + "\(filesWithErrors.count == 1 ? "defines" : "define") it, fix the errors there first (an indicator with an error is left out), else \(fix)"
    }

    /// Up to three paths, then `…`.
    private static func named(_ paths: [String]) -> String {
        paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? ", …" : "")
    }

    /// The errors for one plan file's references to ids no indicator has
    /// (`unknown`, in the file's order; at least one): an error at each,
    /// unless indicator files have errors. Then they are most likely one
    /// mistake there (a file that does not parse leaves out every
    /// indicator it defines): one error (`unknownIDs`), places as line:column.
    static func unknownReferences(_ unknown: [(id: String, location: SourceLocation)], filesWithErrors: [String]) -> [Diagnostic] {
        guard unknown.count > 1, !filesWithErrors.isEmpty else {
            return unknown.map { .error($0.location, unknownIndicator($0.id, fix: "correct the id", filesWithErrors: filesWithErrors)) }
        }
        return [unknownIDs(unknown.map { ($0.id, $0.location, "\($0.location.line):\($0.location.column)") },
                           filesWithErrors: filesWithErrors, fix: { $0 ? "correct the id" : "correct the ids" })]
    }

    /// One error, at the first of `unknown` (one file's uses of ids no
    /// indicator has while `filesWithErrors` is not empty; at least one),
    /// naming each id with the places (`place`) it is used and the files
    /// with errors; `fix(one)` says what else to do with a wrong id (one)
    /// or ids.
    static func unknownIDs(_ unknown: [(id: String, location: SourceLocation, place: String)], filesWithErrors: [String],
                           prefix: String = "", fix: (Bool) -> String) -> Diagnostic {
        var order: [String] = [], places: [String: [String]] = [:]
        for use in unknown {
            if places[use.id] == nil { order.append(use.id) }
            if places[use.id]?.last != use.place { places[use.id, default: []].append(use.place) }
        }
        func at(_ id: String) -> String {
            let all = places[id] ?? []
            return all.prefix(5).joined(separator: "; ") + (all.count > 5 ? "; …" : "")
        }
        var listed = order.prefix(10).map { "'\($0)' (at \(at($0)))" }
        if order.count > 10 { listed.append("\(order.count - 10) more") }
        let list = listed.count == 1 ? listed[0] : listed.dropLast().joined(separator: ", ") + " and " + (listed.last ?? "")
        let one = order.count == 1
        return .error(unknown[0].location, prefix
            + "unknown indicator \(one ? "id" : "ids") \(list): no indicator without errors has \(one ? "it" : "them"); "
                + "if \(named(filesWithErrors)) \(filesWithErrors.count == 1 ? "defines" : "define") \(one ? "it" : "them"), fix the errors there first "
                + "(an indicator with an error is left out), else \(fix(one))")
    }

    /// The indicators at `positions` (file, indicator; each once, as a
    /// site's unique slugs give them; one listed again is copied) in that
    /// order, moved out of `files` where they can be rather than copied (a
    /// copy retains each of an indicator's strings and arrays; a site has
    /// tens of thousands): taken from the last position back, a file's
    /// last indicator is taken off its end.
    static func movedIndicators(_ positions: [(file: Int, item: Int)], from files: inout [IndicatorFileResult]) -> [Indicator] {
        // Each file's indicators on their own (no other reference: taking
        // one off the end copies nothing), and where its first would be
        // in one list of all of them (`slots`).
        var pools = [[Indicator]](repeating: [], count: files.count)
        var firsts = [Int](repeating: 0, count: files.count), total = 0
        for f in files.indices {
            firsts[f] = total
            guard files[f].0 != nil else { continue }
            pools[f] = files[f].0?.indicators ?? []
            files[f].0?.indicators = []
            total += pools[f].count
        }
        // Each (valid) position gives one indicator, put in its place from the last back.
        let valid = positions.filter { pools.indices.contains($0.file) && pools[$0.file].indices.contains($0.item) }
        // Where each indicator taken off its file's end was put: one
        // listed again before that place is copied from it.
        var slots = [Int](repeating: 0, count: total)
        return [Indicator](unsafeUninitializedCapacity: valid.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            for n in valid.indices.reversed() {
                let (f, k) = valid[n]
                if k == pools[f].count - 1, let last = pools[f].popLast() {
                    (base + n).initialize(to: last)
                    slots[firsts[f] + k] = n
                } else if k < pools[f].count {
                    (base + n).initialize(to: pools[f][k])
                } else {
                    // Taken off the end for a later place (only indices at
                    // or past the file's count now are, each at one such place).
                    (base + n).initialize(to: base[slots[firsts[f] + k]])
                }
            }
            initialized = valid.count
        }
    }

    /// `check` of the file with its text (read again when the load stage
    /// left it on disk); the read's problem when it cannot be read.
    static func withText<R>(_ input: SourceFile, _ check: (SourceFile) -> (R?, [Diagnostic])) -> (R?, [Diagnostic]) {
        let (file, problem) = input.withText()
        guard let file else { return (nil, problem.map { [$0] } ?? []) }
        return check(file)
    }

    /// `content/plans/SLUG.md` → SLUG (the loader accepts only such names).
    static func planSlug(_ file: SourceFile) -> String {
        String((file.path.split(separator: "/").last ?? "").dropLast(3))
    }
}

extension Indicator {
    /// The same indicator with its observations in an array of their own
    /// size: grown one by one, it has room for up to twice as many, and a
    /// large site has millions. Pure memory; nothing else changes.
    func compacted() -> Indicator {
        guard observations.capacity > observations.count else { return self }
        var copy = self
        copy.observations = [Observation](unsafeUninitializedCapacity: observations.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: observations)
        }
        return copy
    }
}

