import Foundation

/// One file of the output tree.
public struct OutputFile: Sendable {
    public enum Content: Sendable {
        case text(String)
        /// Copy of a file from the site folder (attachments, assets).
        case copy(from: URL)
    }

    /// Relative to the output folder, `/`-separated, no `..`.
    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    public static func text(_ path: String, _ text: String) -> OutputFile { OutputFile(path: path, content: .text(text)) }

    /// True when the path cannot leave the output folder.
    var isContained: Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }
}
