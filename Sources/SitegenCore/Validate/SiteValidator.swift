/// The validate stage: raw documents → Site, with every problem reported.
enum SiteValidator {
    static func validate(_ raw: RawSite) -> (Site?, [Diagnostic]) {
        validate(raw, cache: .empty, keep: nil)
    }

    /// With `cache`, a file whose key it holds is not checked again; every
    /// file's result goes to `keep` for the next build.
    static func validate(_ raw: RawSite, cache: ValidationCache, keep: ValidationCache.Writer?) -> (Site?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let config = SiteConfigValidator.validate(raw.site, diagnostics: &diagnostics)

        // Each plan and each indicator file on its own, on every core.
        let filesHash = ValidationCache.filesHash(raw.files)
        let validatedPlans = Parallel.map(raw.planFiles) { file -> (PlanValidator.Result?, [Diagnostic]) in
            cached(file, key: ValidationCache.planKey(file, files: filesHash), cache: cache, keep: keep,
                   decode: { ValidationCache.decodePlan(&$0, file: file) }) {
                let (rawPlan, splitProblems) = FrontMatter.split(file, slug: planSlug(file))
                var d = splitProblems
                let result = rawPlan.flatMap { PlanValidator.validate($0, files: raw.files, diagnostics: &d) }
                return (result, d, ValidationCache.encode(result, bodyStart: rawPlan?.bodyStart ?? 0, d))
            }
        }
        var planResults = validatedPlans.compactMap(\.0)
        diagnostics += validatedPlans.flatMap(\.1)
        let validatedFiles = Parallel.map(raw.indicatorFiles) { file -> (IndicatorValidator.Result?, [Diagnostic]) in
            cached(file, key: ValidationCache.indicatorKey(file), cache: cache, keep: keep,
                   decode: ValidationCache.decodeIndicatorFile) {
                let (doc, syntax) = YAMLDocument.parse(file.text, path: file.path)
                var d = syntax
                let result = doc.flatMap { IndicatorValidator.validate($0, diagnostics: &d) }
                return (result, d, ValidationCache.encode(result, d))
            }
        }
        planResults.sort { $0.plan.slug < $1.plan.slug }
        let planIndex = Dictionary(planResults.map { ($0.plan.slug, $0.plan) }, uniquingKeysWith: { a, _ in a })
        let knownPlanSlugs = Set(raw.planFiles.map(planSlug))

        var indicatorsByPlan: [String: [Indicator]] = [:]
        var firstDefinition: [String: SourceLocation] = [:]
        for (fileResult, fileProblems) in validatedFiles {
            diagnostics += fileProblems
            guard let result = fileResult else { continue }
            let plan = planIndex[result.plan]
            if plan == nil, !knownPlanSlugs.contains(result.plan) {
                diagnostics.append(.error(result.planLocation,
                    "plan '\(result.plan)' does not exist: there is no content/plans/\(result.plan).md"))
            }
            for indicator in result.indicators {
                if let first = firstDefinition[indicator.id] {
                    diagnostics.append(.error(indicator.location,
                        "indicator id '\(indicator.id)' is already used at \(first.path):\(first.line):\(first.column); ids are unique across the site"))
                    continue
                }
                firstDefinition[indicator.id] = indicator.location
                if let section = indicator.section, let plan {
                    if SectionMatcher.find(section, in: plan.body.headings) == nil {
                        let location = result.sections[indicator.id] ?? indicator.location
                        diagnostics.append(.error(location,
                            "section '\(section)' is not a heading of plan \(plan.slug) (\(plan.path))"))
                    }
                }
                indicatorsByPlan[indicator.plan, default: []].append(indicator)
            }
        }

        // Observations from the tables of content/data (checked on every build).
        var hashes = raw.hashes
        DataTableValidator.merge(raw.dataTables, tableHashes: raw.hashes, into: &indicatorsByPlan, hashes: &hashes,
                                 diagnostics: &diagnostics)

        for result in planResults {
            for ref in result.references where firstDefinition[ref.id] == nil {
                diagnostics.append(.error(ref.location, "unknown indicator id '\(ref.id)'"))
            }
            for (slug, location) in result.related {
                if slug == result.plan.slug {
                    diagnostics.append(.error(location, "related names this plan itself"))
                } else if !knownPlanSlugs.contains(slug) {
                    diagnostics.append(.error(location, "related plan '\(slug)' does not exist: there is no content/plans/\(slug).md"))
                }
            }
        }

        guard let config, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let plans = planResults.map(\.plan)
        let indicators = plans.flatMap { indicatorsByPlan[$0.slug] ?? [] }
        var site = Site(config: config, plans: plans, indicators: indicators, files: raw.files.keys.sorted())
        site.sourceHashes = hashes
        return (site, diagnostics)
    }

    /// `content/plans/SLUG.md` → SLUG (the loader accepts only such names).
    static func planSlug(_ file: SourceFile) -> String {
        String((file.path.split(separator: "/").last ?? "").dropLast(3))
    }

    /// A file's result from the cache when its key is there, else from
    /// `validate` (which also gives the bytes to keep); either way it goes
    /// to `keep` for the next build.
    static func cached<R>(_ file: SourceFile, key: ContentHash, cache: ValidationCache, keep: ValidationCache.Writer?,
                          decode: (inout ByteReader) -> (R?, [Diagnostic])?,
                          validate: () -> (R?, [Diagnostic], [UInt8])) -> (R?, [Diagnostic]) {
        if var r = cache.payload(file.path, key: key), let (result, d) = decode(&r) {
            keep?.add(file.path, key: key, payload: r.bytes[r.range], fresh: false)
            return (result, d)
        }
        let (result, d, payload) = validate()
        keep?.add(file.path, key: key, payload: payload, fresh: true)
        return (result, d)
    }
}
