import Foundation
import Testing
@testable import SitegenCore

/// The running sitegen's identity is kept in the workspace by its
/// executable's stamp (`ToolIdentity`): taken from there while the
/// executable is the same file, worked out anew once it changes.
@Suite struct ToolIdentityTests {
    @Test func theIdentityIsKeptByTheExecutablesStampAndMadeAnewWhenItChanges() throws {
        try withTemporaryFolder("tool-identity") { folder in
            let workspace = folder.appendingPathComponent("workspace")
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            let exe = folder.appendingPathComponent("sitegen")
            try Data("one program".utf8).write(to: exe)
            #expect(ToolIdentity(executable: exe.path, workspace: workspace).hash == ContentHash(Data("one program".utf8)))
            let kept = BuildState(folder: workspace).tool

            // Kept: a hash written there under the same stamp is believed (the executable is not read).
            let text = try String(contentsOf: kept, encoding: .utf8)
            let other = ContentHash("another")
            try text.replacingOccurrences(of: ContentHash(Data("one program".utf8)).description, with: other.description)
                .write(to: kept, atomically: true, encoding: .utf8)
            #expect(ToolIdentity(executable: exe.path, workspace: workspace).hash == other)

            // The executable written again (same size): its stamp changed, so it is read again.
            try Data("two program".utf8).write(to: exe)
            // (Its time set too: on a kernel of coarse file times two writes in one tick could share a stamp.)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000)], ofItemAtPath: exe.path)
            #expect(ToolIdentity(executable: exe.path, workspace: workspace).hash == ContentHash(Data("two program".utf8)))
            #expect(ToolIdentity(executable: exe.path, workspace: workspace).hash == ContentHash(Data("two program".utf8)))

            // A damaged file is no identity; no workspace, nothing kept.
            try "sitegen tool identity v1\nx\n".write(to: kept, atomically: true, encoding: .utf8)
            #expect(ToolIdentity(executable: exe.path, workspace: workspace).hash == ContentHash(Data("two program".utf8)))
            let none = folder.appendingPathComponent("none")
            _ = ToolIdentity(executable: exe.path, workspace: none).hash
            #expect(!FileManager.default.fileExists(atPath: none.path))

            // `check` keeps nothing, even in a workspace that exists.
            try FileManager.default.removeItem(at: kept)
            #expect(ToolIdentity(executable: exe.path, workspace: workspace, keeps: false).hash == ContentHash(Data("two program".utf8)))
            #expect(!FileManager.default.fileExists(atPath: kept.path))
        }
    }

    @Test func aHashReadsBackFromItsDescription() {
        let h = ContentHash("x")
        #expect(ContentHash(hex: h.description) == h)
        #expect(ContentHash(hex: "xyz") == nil)
        #expect(ContentHash(hex: String(repeating: "G", count: 32)) == nil)
    }
}
