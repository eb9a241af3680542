import Foundation

/// What sitegen keeps for the next build of an output folder, in the
/// workspace folder beside it (`.public.sitegen` for `public/`), never in
/// the published tree. Deleting any of it only makes the next build slower.
struct BuildState: Sendable {
    /// The workspace (see `BuildOptions.workspace`).
    let folder: URL

    /// Held by the build that writes the output (see `OutputLock`).
    var lock: URL { folder.appendingPathComponent("lock") }
    /// The record of the tree in place (see `BuildRecord`).
    var record: URL { folder.appendingPathComponent("record") }
    /// What checking each plan and indicator file found (see `ValidationCache`).
    var validation: URL { folder.appendingPathComponent("validation") }
    /// The digests of each plan's search postings and the layout (see `SearchPostingsMemo`).
    var searchPostings: URL { folder.appendingPathComponent("search-postings") }
    /// Where the search index's files wait to be written (unlinked once opened, see `SearchFiles`).
    var searchSpill: URL { folder.appendingPathComponent("search-files.tmp") }
    /// Each content file's hash by its stamp (see `ContentStamps`).
    var stamps: URL { folder.appendingPathComponent("stamps") }
    /// The running sitegen's identity by its executable's stamp (see `ToolIdentity`).
    var tool: URL { folder.appendingPathComponent("tool") }
    /// The tree the last build replaced (see `SpareTree`), and its record.
    var spare: URL { folder.appendingPathComponent("spare") }
    var spareRecord: URL { folder.appendingPathComponent("spare-record") }
    /// The record of a tree not yet swapped in.
    var pendingRecord: URL { folder.appendingPathComponent("record.new") }
    /// How the open data files of the tree in place were made (see `DataFileSplice`),
    /// and those of a tree not yet swapped in.
    var dataParts: URL { folder.appendingPathComponent("data-parts") }
    var pendingDataParts: URL { folder.appendingPathComponent("data-parts.new") }

    /// Removes the empty folder a build killed while making its staging
    /// tree leaves in the workspace (`TreePlacement.removeLeftovers`); the
    /// staging tree itself goes when the next one is made.
    func removeLeftovers() {
        TreePlacement.removeLeftovers(of: Publisher.stagingURL(in: folder))
    }

    /// Removes what sitegen 0.x kept under other names: files in the tree
    /// itself and `.NAME.sitegen-*` folders beside it.
    static func removeLegacy(beside output: URL) {
        let fm = FileManager.default
        let prefix = "." + output.lastPathComponent + ".sitegen-"
        let parent = output.deletingLastPathComponent()
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
