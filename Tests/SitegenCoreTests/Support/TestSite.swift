import Foundation
@testable import SitegenCore

/// Paths of the repository, found from this file.
enum Repo {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let root = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let templates = root.appendingPathComponent("templates")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
}

/// A site folder in a fresh temporary directory, made from a fixture and
/// edits, with the default templates. Removed when the value is dropped.
final class TestSite {
    let root: URL

    /// Copies `Fixtures/<fixture>` (if given) and then writes `files`
    /// (path → contents; nil removes the file).
    init(fixture: String? = "basic", files: [String: String?] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        let fm = FileManager.default
        if let fixture {
            try fm.copyItem(at: Repo.fixtures.appendingPathComponent(fixture), to: root)
        } else {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
        }
        try fm.copyItem(at: Repo.templates, to: root.appendingPathComponent("templates"))
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            if let contents {
                try write(Data(contents.utf8), to: path)
            } else {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// A copy of the shipped example site (content/ and the default templates).
    static func example() throws -> TestSite {
        let site = try TestSite(fixture: nil)
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("content"), to: site.root.appendingPathComponent("content"))
        return site
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A second indicator file for the basic fixture: one indicator of
    /// another area, with one observation.
    static let otherIndicatorFile = """
        plan: test-plan
        indicators:
          - {id: t-other, name: 其他指标, area: 大气环境, unit: 天, direction: decrease,
             target: {value: 5, by: 2022-12-31}, observations: [{period: 2022-06, value: 7}]}
        """

    /// Changes a file of the site (its text through `change`; by default a
    /// line is added at the end).
    func edit(_ path: String, _ change: (String) -> String = { $0 + "\n" }) throws {
        let url = root.appendingPathComponent(path)
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    /// Edits `edit` (as `edit(_:)` does), then builds.
    func build(edit path: String) throws -> BuildResult {
        try edit(path)
        return try build()
    }

    func write(_ data: Data, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    var options: BuildOptions { BuildOptions(root: root) }
    var output: URL { options.output }
    /// What sitegen keeps beside the output.
    var state: BuildState { BuildState(folder: options.workspace) }

    func check() -> BuildResult { Pipeline.check(options) }
    func build() throws -> BuildResult { try Pipeline.build(options) }

    /// The diagnostics as printed lines.
    func diagnostics() -> [String] { check().diagnostics.map(\.description) }
    func errors() -> [String] { check().diagnostics.filter { $0.severity == .error }.map(\.description) }
    func warnings() -> [String] { check().diagnostics.filter { $0.severity == .warning }.map(\.description) }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under the output folder with its bytes.
    func outputTree() -> [String: Data] { TestSite.tree(output) }

    static func tree(_ dir: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return result }
        while let path = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = base + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                result[path] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }
}
