@testable import SitegenCore

extension OutputFile.Content {
    /// A made file's text, whether made as a string or as bytes (pages); nil for copies and parts.
    var madeText: String? {
        switch self {
        case .text(let text): return text
        case .bytes(let bytes): return bytes.string
        case .copy, .parts: return nil
        }
    }
}
