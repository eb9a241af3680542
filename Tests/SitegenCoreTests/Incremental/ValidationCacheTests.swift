import Foundation
import Testing
@testable import SitegenCore

/// The cache's index is read from each entry's heading alone (not the
/// payloads between): headings short and long, payloads small and large,
/// read windowed or whole (a file over `OpenFile.populateFrom` bytes
/// read in one piece per worker, three here: pieces of unequal ends),
/// give every payload back.
@Suite struct ValidationCacheTests {
    @Test func headingsOfAnyLengthAndPayloadsOfAnySizeAreFound() throws {
        try withTemporaryFolder("validation-cache") { folder in
            let url = folder.appendingPathComponent("validation")
            let tool = ContentHash("tool")
            let entries: [(path: String, payload: [UInt8])] = [
                ("content/plans/a.md", [1, 2, 3]),
                ("content/indicators/" + String(repeating: "长", count: 700) + ".yaml", Array(repeating: 7, count: 10)),
                ("content/plans/b.md", (0..<1_200_001).map { UInt8(truncatingIfNeeded: $0) }),
                ("content/plans/" + String(repeating: "x", count: 3000) + ".md", []),
                ("content/plans/c.md", [9]),
            ]
            let writer = try #require(ValidationCache.Writer(for: url, tool: tool))
            for entry in entries { writer.add(entry.path, key: ContentHash(entry.path), payload: entry.payload, fresh: true) }
            let written = try #require(writer.finish(keep: true))
            #expect(rename(written.path, url.path) == 0)
            // An entry cut short at the end: not one of them.
            let handle = try FileHandle(forWritingTo: url)
            handle.seekToEndOfFile()
            handle.write(Data([0x05, 0x61, 0x62]))
            try handle.close()
            #expect(try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 > OpenFile.populateFrom)
            for whole in [false, true] {
                let cache = Parallel.with(jobs: 3) { ValidationCache.read(url, tool: tool, whole: whole) }
                for entry in entries {
                    let r = cache.payload(entry.path, key: ContentHash(entry.path))
                    // Compared, not printed: one payload is 1.2 MB.
                    let same = r.map { Array($0.bytes[$0.range]) == entry.payload }
                    #expect(same == true, "whole: \(whole), \(entry.path.prefix(30))")
                }
                #expect(cache.payload("content/plans/a.md", key: ContentHash("other")) == nil)
            }
        }
    }
}
