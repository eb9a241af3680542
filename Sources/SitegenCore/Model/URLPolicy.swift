import Foundation

/// Which link and image destinations may appear on a page.
public enum URLPolicy {
    /// http, https, mailto, or a relative reference (no scheme).
    public static func isSafe(_ url: String) -> Bool {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard let scheme = scheme(of: trimmed) else { return true }
        return ["http", "https", "mailto"].contains(scheme)
    }

    /// The lower-cased scheme, or nil for a relative reference.
    public static func scheme(of url: String) -> String? {
        var result = ""
        for c in url.unicodeScalars {
            if c == ":" { return result.isEmpty ? nil : result.lowercased() }
            let isLetter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
            let isOther = (c >= "0" && c <= "9") || c == "+" || c == "-" || c == "."
            if isLetter || (!result.isEmpty && isOther) { result.unicodeScalars.append(c) } else { return nil }
        }
        return nil
    }

    public static func isAbsoluteWeb(_ url: String) -> Bool {
        guard let s = scheme(of: url), s == "http" || s == "https" else { return false }
        let rest = url.dropFirst(s.count + 1)
        return rest.hasPrefix("//") && rest.count > 2 && !url.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" })
    }
}
