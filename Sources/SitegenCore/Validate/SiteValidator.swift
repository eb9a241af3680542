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
    static func checkPlan(_ file: SourceFile, files: [String: Int]) -> PlanFileResult {
        let (rawPlan, splitProblems) = FrontMatter.split(file, slug: planSlug(file))
        var d = splitProblems
        let result = rawPlan.flatMap { PlanValidator.validate($0, files: files, diagnostics: &d) }
        return (result, d)
    }

    /// One indicator file on its own.
    static func checkIndicatorFile(_ file: SourceFile) -> IndicatorFileResult {
        let (doc, syntax) = YAMLDocument.parse(file.text, path: file.path)
        var d = syntax
        let result = doc.flatMap { IndicatorValidator.validate($0, diagnostics: &d) }
        return (result, d)
    }

    /// Validates the site with each file's own result given by `plan` and
    /// `indicatorFile` (called on every core, each file once), then checks
    /// the rules that look across files.
    static func validate(_ raw: RawSite,
                         plan: (SourceFile, [String: Int]) -> PlanFileResult,
                         indicatorFile: (SourceFile) -> IndicatorFileResult) -> (Site?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let config = SiteConfigValidator.validate(raw.site, diagnostics: &diagnostics)

        let validatedPlans = Parallel.map(raw.planFiles) { plan($0, raw.files) }
        var planResults = validatedPlans.compactMap(\.0)
        diagnostics += validatedPlans.flatMap(\.1)
        let validatedFiles = Parallel.map(raw.indicatorFiles) { file -> IndicatorFileResult in
            var (result, problems) = indicatorFile(file)
            if let indicators = result?.indicators { result?.indicators = indicators.map { $0.compacted() } }
            return (result, problems)
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
        DataTableValidator.merge(raw.dataTables, into: &indicatorsByPlan, diagnostics: &diagnostics)

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

        diagnostics += IndexNumberCheck.check(planResults.map(\.plan), config: config)

        guard let config, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let plans = planResults.map(\.plan)
        let indicators = plans.flatMap { indicatorsByPlan[$0.slug] ?? [] }
        return (Site(config: config, plans: plans, indicators: indicators, files: raw.files.keys.sorted()), diagnostics)
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

