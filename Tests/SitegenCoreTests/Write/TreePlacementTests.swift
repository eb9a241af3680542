import Foundation
import Testing
@testable import SitegenCore

/// A fresh output tree is placed where the file system puts an unrelated tree.
@Suite struct TreePlacementTests {
    /// The staging folder is made empty, under its own name, in a workspace
    /// marked as a top of hierarchy where the file system has the mark
    /// (ext4); no folder of another name is left beside it.
    @Test func aFreshTreeIsMadeUnderATopOfHierarchy() throws {
        try withTemporaryFolder("sitegen-placement") { dir in
            let probe = dir.appendingPathComponent("probe"), workspace = dir.appendingPathComponent("workspace")
            try FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
            let tree = try Publisher.freshTree(in: workspace)
            #expect(tree.url.path == Publisher.stagingURL(in: workspace).path && !tree.recycled)
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path) == ["new"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: tree.url.path) == [])
            if TreePlacement.markTop(probe.path) {
                #expect(TreePlacement.flags(workspace.path).map { $0 & TreePlacement.topDirectory != 0 } == true)
                #expect(TreePlacement.flags(tree.url.path).map { $0 & TreePlacement.topDirectory == 0 } == true)
            }
        }
    }

    /// A build killed between `makeFolder`'s `mkdir` and `rename` leaves an
    /// empty `new-…` folder in the workspace: the next build removes it,
    /// even one that finds nothing changed, and nothing else of the
    /// workspace or the published tree.
    @Test func theNextBuildRemovesTheFolderAKilledBuildLeft() throws {
        let site = try TestSite()
        _ = try site.build()
        let fm = FileManager.default, workspace = site.state.folder
        let leftover = TreePlacement.temporaryURL(for: Publisher.stagingURL(in: workspace))
        try fm.createDirectory(at: leftover, withIntermediateDirectories: false)
        // Not sitegen's leftovers: names it does not make, a folder that holds a file.
        let kept = ["new-Kept", "new-", "newer-1a", "new-1a2b.d"].map(workspace.appendingPathComponent)
            + [workspace.appendingPathComponent("new-full"), site.output.appendingPathComponent(leftover.lastPathComponent)]
        for folder in kept { try fm.createDirectory(at: folder, withIntermediateDirectories: false) }
        try Data("x".utf8).write(to: workspace.appendingPathComponent("new-full/file"))
        #expect(try site.build().unchanged)
        #expect(!fm.fileExists(atPath: leftover.path))
        for folder in kept { #expect(fm.fileExists(atPath: folder.path), "\(folder.lastPathComponent) was removed") }
    }
}
