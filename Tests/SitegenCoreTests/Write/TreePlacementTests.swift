import Foundation
import Testing
@testable import SitegenCore

/// A fresh output tree is placed where the file system puts an unrelated tree.
@Suite struct TreePlacementTests {
    /// The staging folder is made empty, under its own name, in a workspace
    /// marked as a top of hierarchy where the file system has the mark
    /// (ext4); no folder of another name is left beside it.
    @Test func aFreshTreeIsMadeUnderATopOfHierarchy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-placement-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
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
