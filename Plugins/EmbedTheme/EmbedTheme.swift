import Foundation
import PackagePlugin

/// Turns the package's top-level `templates/` (the one source of the
/// built-in theme) into a Swift source compiled into SitegenCore, so the
/// theme is inside the binary: a resource bundle would be a second file
/// beside it, which a static binary copied to a server does not carry.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appendingPathComponent("templates")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltInThemeFiles.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        return [.buildCommand(
            displayName: "Embedding the built-in theme (templates/)",
            executable: try context.tool(named: "ThemeEmbedder").url,
            arguments: [templates.path, output.path],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output])]
    }
}
