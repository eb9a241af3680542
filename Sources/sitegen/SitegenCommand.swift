import ArgumentParser
import Foundation
import SitegenCore
import Synchronization

@main
struct Sitegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Builds a static site that discloses government work plans and their progress.",
        discussion: "A site folder holds content/ (site.yaml, plans/, indicators/, files/) and, optionally, templates/ (files replacing the built-in theme's). Start one with sitegen init. See README.md.",
        subcommands: [Build.self, Check.self, Serve.self, New.self, Init.self, Theme.self],
        defaultSubcommand: nil
    )

    /// As ArgumentParser's, except that a usage error exits 2 (the README's
    /// promise) instead of 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options shared by build and check.
struct SiteOptions: ParsableArguments {
    @Argument(help: "The site folder (holds content/ and templates/).", completion: .directory)
    var siteDir: String = "."

    @Option(name: .customLong("as-of"), help: "Judge progress at this date (YYYY-MM-DD) instead of site.yaml's as_of.")
    var asOf: String?

    @Option(help: "Folder of files replacing the built-in theme's (default: SITE_DIR/templates, if present).", completion: .directory)
    var templates: String?

    func day() throws -> Day? {
        guard let asOf else { return nil }
        guard let day = Day(iso: asOf) else {
            throw ValidationError(Day.problem(asOf, as: "--as-of"))
        }
        return day
    }

    /// `keepsIdentity`: whether sitegen's identity may be kept in the
    /// workspace (`ToolIdentity`); not by `check`, which writes nothing.
    func buildOptions(output: String? = nil, keepsIdentity: Bool = true) throws -> BuildOptions {
        var isFolder: ObjCBool = false
        if let templates, !(FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder) && isFolder.boolValue) {
            throw ValidationError("--templates \(templates) is not a folder")
        }
        let root = URL(fileURLWithPath: siteDir)
        var options = BuildOptions(root: root, output: output.map { URL(fileURLWithPath: $0) },
                                   templates: templates.map { URL(fileURLWithPath: $0) }, asOf: try day())
        let tool = ToolIdentity(executable: "/proc/self/exe", workspace: options.workspace, keeps: keepsIdentity)
        options.identity = { tool.hash }
        options.jobs = Environment.jobs
        return options
    }
}

/// What the process learns from its environment: read here and nowhere
/// else, and handed to the library as build options.
enum Environment {
    /// `SITEGEN_JOBS`: how many threads work at once (1 = serial); nil: one per core.
    static var jobs: Int? {
        ProcessInfo.processInfo.environment["SITEGEN_JOBS"].flatMap(Int.init).flatMap { $0 >= 1 ? $0 : nil }
    }
}

func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var err = ""
    for d in diagnostics { err += d.description + "\n" }
    FileHandle.standardError.write(Data(err.utf8))
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into SITE_DIR/public (or --output), replacing it atomically.",
        discussion: "Exit status: 0 built (warnings allowed unless --strict), 1 content errors or, with --strict, warnings (nothing written), 2 usage error.")

    @OptionGroup var site: SiteOptions

    @Option(name: .shortAndLong, help: "Output folder (default: SITE_DIR/public).", completion: .directory)
    var output: String?

    @Flag(name: .shortAndLong, help: "Print nothing but problems.")
    var quiet = false

    @Flag(help: "Make every file anew instead of reusing unchanged ones from the current output.")
    var noCache = false

    @Flag(help: "Fail on warnings too (exit 1, nothing written): gate publishing on a clean check.")
    var strict = false

    func run() throws {
        var options = try site.buildOptions(output: output)
        options.useCache = !noCache
        options.strict = strict
        let line = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let memory = MemoryTrace.fromEnvironment(), freed = FreedMemory()
        options.progress = { stage, done, total in
            // Another build of the same output: say so even when piped.
            if stage.hasPrefix("waiting") { FileHandle.standardError.write(Data("sitegen: \(stage)\n".utf8)) }
            freed.enter(stage)
            memory?.enter(stage)
            line.update(stage, done, total)
        }
        defer { line.finish(); memory?.finish() }
        let start = DispatchTime.now()
        let result: BuildResult
        do {
            result = try Pipeline.build(options)
        } catch {
            printDiagnostics(Pipeline.check(options).diagnostics)
            FileHandle.standardError.write(Data("sitegen: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        printDiagnostics(result.diagnostics)
        guard result.published else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = strict ? result.diagnostics.count - errors : 0
            let found = counted(errors, "error") + (warnings > 0 ? ", " + counted(warnings, "warning") + " (--strict)" : "")
            FileHandle.standardError.write(Data("sitegen: \(found); nothing was written\n".utf8))
            throw ExitCode(1)
        }
        if !quiet {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            let warnings = result.diagnostics.count
            var summary = "built \(counted(result.plans, "plan")), \(counted(result.indicators, "indicator")), \(counted(result.pages, "page"))"
            summary += " into \(options.output.path) in \(Int(ms.rounded())) ms"
            if let asOf = result.asOf { summary += " (as of \(asOf))" }
            if result.reused > 0 { summary += ", \(result.reused) unchanged files reused" }
            if warnings > 0 { summary += "; " + counted(warnings, "warning") }
            line.finish()
            print(summary)
            for note in result.notes { print("note: " + note) }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site's content and templates; write nothing.",
        discussion: "Exit status: 0 no errors (warnings allowed unless --strict), 1 errors or, with --strict, warnings, 2 usage error.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var site: SiteOptions

    @Option(help: "text: path:line:column: severity: message lines on stderr; json: one JSON array of {file, line, column, severity, message} on stdout.")
    var format: Format = .text

    @Flag(help: "Fail on warnings too (exit 1), so CI can gate publishing on them.")
    var strict = false

    func run() throws {
        let result = Pipeline.check(try site.buildOptions(keepsIdentity: false))
        switch format {
        case .text: printDiagnostics(result.diagnostics)
        case .json: FileHandle.standardOutput.write(Data(result.diagnostics.jsonReport().utf8))
        }
        FileHandle.standardError.write(Data((Self.summary(result) + "\n").utf8))
        if result.diagnostics.hasErrors || (strict && !result.diagnostics.isEmpty) { throw ExitCode(1) }
    }

    /// The last line on stderr, whatever the format: what was checked and what was found.
    static func summary(_ result: BuildResult) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        // A note (a workbook sheet not read) is no problem: counted apart, when there is one.
        let notes = result.diagnostics.count - errors - warnings
        let found = counted(errors, "error") + ", " + counted(warnings, "warning") + (notes > 0 ? ", " + counted(notes, "note") : "")
        guard errors == 0 else { return "sitegen: checked the site: " + found }
        return "checked \(counted(result.plans, "plan")), \(counted(result.indicators, "indicator")): " + found
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site on 127.0.0.1 from memory, updated as soon as content/ or templates/ change.",
        discussion: """
            Serves on the loopback interface only. The site is kept in memory: a saved file is \
            reloaded at once (the kernel reports it) and pages are made when asked for; the output \
            folder is brought up to date after, in the background. A change with errors prints them \
            and keeps serving the last good site, with a banner on every page. Ctrl-C stops (after \
            finishing the output folder's write).
            """)

    @OptionGroup var site: SiteOptions

    @Option(name: .shortAndLong, help: "Output folder (default: SITE_DIR/public).", completion: .directory)
    var output: String?

    @Option(name: .shortAndLong, help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8000

    func run() throws {
        let session = PreviewSession(options: try site.buildOptions(output: output), onEvent: Self.report)
        do {
            try session.start(port: port)
        } catch {
            FileHandle.standardError.write(Data("sitegen: error: \(error) (try --port 0 for a free port)\n".utf8))
            throw ExitCode(1)
        }
        say("serving \(session.options.output.path) at http://127.0.0.1:\(session.server.port)/ (Ctrl-C stops)")
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
        stop.setEventHandler {
            session.stop()
            say("\nstopped")
            Foundation.exit(0)
        }
        stop.resume()
        dispatchMain()
    }

    @Sendable static func report(_ event: PreviewSession.Event) {
        switch event {
        case .updated(let result, let seconds):
            // Problems the last update printed are not printed again on every save.
            let (fresh, repeated) = shown.withLock { shown -> ([Diagnostic], Int) in
                let fresh = result.diagnostics.filter { !shown.contains($0) }
                shown = Set(result.diagnostics)
                return (fresh, result.diagnostics.count - fresh.count)
            }
            printDiagnostics(fresh)
            if repeated > 0 && (!fresh.isEmpty || !result.published) {
                FileHandle.standardError.write(Data("sitegen: and \(counted(repeated, "problem")) shown before\n".utf8))
            }
            if result.published {
                say("ready in \(milliseconds(seconds)): \(counted(result.plans, "plan")), \(counted(result.indicators, "indicator")), "
                    + "\(counted(result.pages, "page"))")
            } else {
                let errors = result.diagnostics.filter { $0.severity == .error }.count
                FileHandle.standardError.write(Data("sitegen: \(counted(errors, "error")): still serving the last good site\n".utf8))
            }
        case .wrote(let result, let seconds):
            if result.published { say("wrote the output folder in \(milliseconds(seconds)) (\(counted(result.files, "file")), \(result.reused) unchanged)") }
        case .writeFailed(let message):
            FileHandle.standardError.write(Data("sitegen: \(message)\n".utf8))
        }
    }

    /// The problems the last update printed.
    static let shown = Mutex(Set<Diagnostic>())

    static func milliseconds(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
}

/// One line on stdout, written at once (print buffers when piped).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented skeleton: a plan (content/plans/SLUG.md), its indicators (content/indicators/SLUG.yaml) or its fill-in sheet (content/data/SLUG.csv).",
        discussion: """
            The blanks are left empty, so `sitegen check` names each one until it is filled in. \
            Never overwrites a file. Example: sitegen new plan xiaogan-2023 && sitegen new indicators xiaogan-2023
            """)

    @Argument(help: "plan, indicators or sheet (content/data/SLUG.csv: the plan's monthly figures to fill in)")
    var kind: Scaffold.Kind

    @Argument(help: "The plan's slug: lower-case ASCII letters, digits and '-'.")
    var slug: String

    @Option(help: "The site folder.", completion: .directory)
    var site: String = "."

    func run() throws {
        do {
            let path = try Scaffold.write(kind, slug: slug, root: URL(fileURLWithPath: site))
            say(kind == .sheet ? "wrote \(path): fill in the months (Excel or WPS), save as CSV, then run sitegen check"
                               : "wrote \(path): fill in the blanks marked 必填, then run sitegen check")
        } catch {
            FileHandle.standardError.write(Data("sitegen: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension Scaffold.Kind: ExpressibleByArgument {}

/// One line on a terminal that says how far a build is, rewritten in place
/// at most ten times a second; nothing at all when stderr is not a terminal.
// @unchecked: `last` and `shown` change only under `lock`.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var last: UInt64 = 0
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ stage: String, _ done: Int, _ total: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            guard total == 0 || now - last > 100_000_000 || done == total else { return }
            last = now
            let text = total > 0 ? "\(stage) \(done)/\(total) files" : stage + "…"
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8 + Data(text.utf8)))
            shown = true
        }
    }

    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }
}
