import Foundation

/// Runs `body` with a new empty folder in the temporary directory (named
/// `prefix-` and a UUID), removed afterwards, whatever `body` does.
func withTemporaryFolder<R>(_ prefix: String, _ body: (URL) throws -> R) throws -> R {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}
