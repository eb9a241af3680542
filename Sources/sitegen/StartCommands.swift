import ArgumentParser
import Foundation
import SitegenCore

/// `sitegen init [DIR]`: a new site that builds at once.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new site: content/site.yaml to fill in, content/plans/, content/indicators/, content/files/ and a .gitignore.",
        discussion: """
            The site uses sitegen's built-in theme; `sitegen theme export` writes it out for editing. \
            Never touches a folder that already holds a site (exit 2). Example: sitegen init site && sitegen build site
            """)

    @Argument(help: "The new site's folder (made if missing).", completion: .directory)
    var dir: String = "."

    func run() throws {
        let written: [String]
        do {
            written = try SiteInit.write(root: URL(fileURLWithPath: dir), display: dir)
        } catch let error as SiteInit.InitError {
            FileHandle.standardError.write(Data("sitegen: error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("sitegen: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let site = dir == "." ? "" : " " + dir
        let siteOption = dir == "." ? "" : " --site " + dir
        say("wrote " + written.map { dir == "." ? $0 : dir + "/" + $0 }.joined(separator: ", "))
        say("next: fill in title and organization in \(dir == "." ? "" : dir + "/")content/site.yaml, "
            + "add a plan with sitegen new plan SLUG\(siteOption), then sitegen build\(site)")
    }
}

/// `sitegen theme export [DIR]`.
struct Theme: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The built-in theme (templates and CSS inside sitegen).",
        subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme out for editing (default: ./templates); never overwrites a file.",
            discussion: """
                A file in a site's templates/ replaces the built-in file of the same name; keep only the files \
                you change and delete the rest, so they follow sitegen's updates.
                """)

        @Argument(help: "Where to write it.", completion: .directory)
        var dir: String = "templates"

        func run() throws {
            do {
                let (written, kept) = try BuiltInTheme.export(to: URL(fileURLWithPath: dir))
                for path in written { say("wrote \(dir)/\(path)") }
                for path in kept { say("kept \(dir)/\(path): it exists (never overwritten)") }
            } catch {
                FileHandle.standardError.write(Data("sitegen: error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

/// "1 plan", "2 plans".
func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
}
