import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SitegenCore

/// `sitegen serve`: a real server on a free loopback port, stopped by each test.
@Suite struct ServeTests {
    /// Sends `target` exactly as given (no client-side normalising of `..`).
    static func get(_ port: UInt16, _ target: String, method: String = "GET") throws -> (status: Int, headers: String, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        let body = split.map { String(text[$0.upperBound...]) } ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, body)
    }

    /// Asks for `target` until `done` holds for the answer (the session
    /// learns of an edit from the kernel, on its own thread); the last
    /// answer, which fails the test if `done` never held within `timeout`.
    @discardableResult
    static func poll(_ port: UInt16, _ target: String, timeout: TimeInterval = 30,
                     until done: ((status: Int, headers: String, body: String)) -> Bool) throws
        -> (status: Int, headers: String, body: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer = try get(port, target)
            if done(answer) { return answer }
            guard Date() < deadline else {
                Issue.record("\(target) never became as expected within \(timeout) s; last: \(answer.status) \(answer.body.prefix(200))")
                return answer
            }
            usleep(2000)  // a back-off between polls, not a wait for the edit
        }
    }

    /// A session on a free port; its output folder is written without delay.
    static func session(_ site: TestSite, useKernel: Bool = true) throws -> PreviewSession {
        let session = PreviewSession(options: site.options, writeDelay: 0, useKernel: useKernel)
        #expect(try session.start(port: 0).published)
        #expect(session.server.port != 0)
        return session
    }

    /// True when the session's output folder is what `sitegen build` makes of the site now.
    static func outputIsAFreshBuild(_ site: TestSite) throws -> Bool {
        var options = site.options
        options.output = site.root.appendingPathComponent("fresh")
        options.workspace = BuildOptions.workspace(beside: options.output)
        #expect(try Pipeline.build(options).published)
        return site.outputTree() == TestSite.tree(options.output)
    }

    @Test func servesPagesWithTheirTypes() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.stop() }
        let port = session.server.port
        let expected = [
            "/": "text/html; charset=utf-8", "/plans/test-plan/": "text/html; charset=utf-8",
            "/assets/site.css": "text/css; charset=utf-8", "/data/indicators.json": "application/json; charset=utf-8",
            "/data/indicators.csv": "text/csv; charset=utf-8", "/files/plan.txt": "text/plain; charset=utf-8",
        ]
        for (target, type) in expected {
            let r = try Self.get(port, target)
            #expect(r.status == 200, "\(target)")
            #expect(r.headers.contains("Content-Type: \(type)"), "\(target): \(r.headers)")
        }
        #expect(StaticServer.contentType("a/b.svg") == "image/svg+xml")
        #expect(StaticServer.contentType("feed.xml") == "application/xml; charset=utf-8")
        #expect(StaticServer.contentType("x.PDF") == "application/pdf")
        let head = try Self.get(port, "/", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(try Self.get(port, "/", method: "POST").status == 405)
        #expect(try Self.get(port, "/nope/").status == 404)
    }

    /// Every file served from memory is the file the build writes.
    @Test func pagesFromMemoryAreTheWrittenFiles() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.stop() }
        #expect(session.waitForWrite(timeout: 60))
        let written = site.outputTree()
        #expect(written.count > 10)
        for (path, bytes) in written {
            let served = try #require(session.live.response(path.split(separator: "/").map(String.init)), "\(path)")
            #expect(served.body == bytes, "\(path)")
        }
    }

    /// Without a site in memory the server serves the files of its folder, and nothing outside it.
    @Test func nothingOutsideTheOutputFolder() throws {
        let site = try TestSite()
        #expect(try site.build().published)
        let server = StaticServer(root: site.output)
        try server.start(port: 0)
        defer { server.stop() }
        #expect(try Self.get(server.port, "/plans/test-plan/").status == 200)
        // A secret beside the output, and a symlink inside it pointing out.
        try site.write(Data("secret".utf8), to: "secret.txt")
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("leak.txt").path,
                                                   withDestinationPath: site.root.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("up").path,
                                                   withDestinationPath: site.root.path)
        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/plans/..%2f..%2fsecret.txt",
                       "/assets/../../secret.txt", "/leak.txt", "/up/secret.txt", "/..\\secret.txt", "/%00", "/nope.html",
                       "/%zz", "secret.txt"] {
            let r = try Self.get(server.port, target)
            #expect(r.status == 404 || r.status == 400, "\(target) → \(r.status)")
            #expect(!r.body.contains("secret"), "\(target) leaked the file")
        }
    }

    @Test func anEditedPlanIsServedAtOnceAndWrittenAfter() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        let port = session.server.port
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题") }
        try Self.poll(port, "/plans/test-plan/") { $0.body.contains("<h1>改过的标题</h1>") }
        // The home page lists it too.
        #expect(try Self.get(port, "/").body.contains("改过的标题"))
        session.stop()
        #expect(try site.read("plans/test-plan/index.html").contains("<h1>改过的标题</h1>"))
        #expect(try Self.outputIsAFreshBuild(site))
    }

    @Test func anEditChecksOnlyTheFileThatChanged() throws {
        let site = try TestSite(files: ["content/indicators/other.yaml": TestSite.otherIndicatorFile])
        let live = LiveSite(options: site.options)
        #expect(live.update().checked == 3)  // the plan and both indicator files
        try site.edit("content/plans/test-plan.md")
        let result = live.update(["content/plans/test-plan.md"])
        #expect(result.published)
        #expect(result.checked == 1)
        #expect(!live.readEverything)
        // Anything else reloads the site, still checking only what changed.
        try site.edit("content/site.yaml")
        #expect(live.update(["content/site.yaml"]).checked == 0)
        #expect(live.readEverything)
    }

    /// What the load stage never reads does not make an edit reload the
    /// site: an editor's file that came and went, a hidden swap file.
    @Test func editorsFilesDoNotReloadTheSite() throws {
        let site = try TestSite()
        let live = LiveSite(options: site.options)
        #expect(live.update().published)
        try site.edit("content/plans/test-plan.md")
        try site.write(Data("swap".utf8), to: "content/plans/.test-plan.md.swp")
        let result = live.update(["content/plans/test-plan.md", "content/plans/.test-plan.md.swp", "content/plans/4913",
                                  "content/indicators/test-plan.yaml~"])
        #expect(result.published && result.checked == 1)
        #expect(!live.readEverything)
        // Nothing the site is made from changed: nothing is done.
        #expect(live.update(["content/plans/4913", "content/plans/.test-plan.md.swp"]).unchanged)
        // A new file the loader would warn about gets the warning, and
        // loses it when it goes, without reading the site again.
        try site.write(Data("x".utf8), to: "content/plans/notes.txt")
        let warned = live.update(["content/plans/notes.txt"])
        #expect(warned.diagnostics.map(\.description) == site.diagnostics())
        #expect(warned.diagnostics.contains { $0.location.path == "content/plans/notes.txt" })
        #expect(!live.readEverything)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/plans/notes.txt"))
        let gone = live.update(["content/plans/notes.txt"])
        #expect(!gone.unchanged && gone.diagnostics.isEmpty && !live.readEverything)
        // A file the loader reads (a new plan) reads the site again.
        try site.write(Data("x".utf8), to: "content/plans/.new.md")
        _ = live.update(["content/plans/.new.md"])
        #expect(live.readEverything)
        #expect(LiveSite.skippedByTheLoader("content/indicators/.a.yaml.swp"))
        #expect(!LiveSite.skippedByTheLoader("content/indicators/.a.yaml"))
        #expect(!LiveSite.skippedByTheLoader("content/files/.hidden"))
    }

    /// `sed -i` and many editors write a temporary file and rename it
    /// over the real one; the watcher may report the temporary file while
    /// it is there. Both steps are an edit of the one file.
    @Test func aTemporaryFileRenamedOverAPlanIsAnEditOfThePlan() throws {
        let site = try TestSite()
        let live = LiveSite(options: site.options)
        #expect(live.update().published)
        let plan = "content/plans/test-plan.md", temporary = "content/plans/sedX4bQ2"
        let text = try String(contentsOf: site.root.appendingPathComponent(plan), encoding: .utf8)
        try site.write(Data(text.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题").utf8), to: temporary)
        #expect(live.update([temporary]).published)
        #expect(!live.readEverything)
        #expect(rename(site.root.appendingPathComponent(temporary).path, site.root.appendingPathComponent(plan).path) == 0)
        let result = live.update([temporary, plan])
        #expect(result.published && result.checked == 1 && result.diagnostics.isEmpty)
        #expect(!live.readEverything)
        let page = try #require(live.response(["plans", "test-plan"]))
        #expect(String(decoding: page.body, as: UTF8.self).contains("<h1>改过的标题</h1>"))
    }

    /// After an edit, search's index files come from the output folder's
    /// last write: no request waits for the whole index to be made again.
    @Test func searchFilesDoNotWaitForTheIndex() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.stop() }
        let port = session.server.port
        #expect(session.waitForWrite(timeout: 60))
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题") }
        try Self.poll(port, "/plans/test-plan/") { $0.body.contains("<h1>改过的标题</h1>") }
        let shard = try #require(site.outputTree().keys.filter { $0.hasPrefix(SearchShards.termFolder) }.min())
        for file in ["search/search.js", shard] {
            #expect(try Self.get(port, "/" + file).body == site.read(file), "\(file)")
        }
        #expect(try Self.get(port, "/favicon.ico").status == 404)  // a missing file does not make the index either
        #expect(!session.live.searchIndexIsMade)
        #expect(LiveSite.isSearchIndexFile("search/t/0.js") && !LiveSite.isSearchIndexFile("search/index.html"))
    }

    @Test func anEditedIndicatorFileChangesItsPageAndThePlansTable() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        let port = session.server.port
        #expect(try Self.get(port, "/plans/test-plan/").body.contains("断面水质优良比例"))
        try site.edit("content/indicators/test-plan.yaml") { $0.replacingOccurrences(of: "name: 断面水质优良比例", with: "name: 改名的指标") }
        try Self.poll(port, "/indicators/t-water/") { $0.body.contains("改名的指标") }
        let plan = try Self.get(port, "/plans/test-plan/").body
        #expect(plan.contains("改名的指标"))
        #expect(!plan.contains("断面水质优良比例"))
        session.stop()
        #expect(try Self.outputIsAFreshBuild(site))
    }

    @Test func aFailedEditKeepsTheLastGoodSiteWithABanner() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.stop() }
        let port = session.server.port
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题") }
        try Self.poll(port, "/plans/test-plan/") { $0.body.contains("<h1>改过的标题</h1>") }

        // Broken: the title is gone (a required field), and a bad new file.
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "title: 改过的标题\n", with: "") }
        try site.write(Data("plan: nope\n".utf8), to: "content/indicators/broken.yaml")
        let page = try Self.poll(port, "/plans/test-plan/") { $0.body.contains("role=\"alert\"") }
        #expect(page.status == 200)
        #expect(page.body.contains("<h1>改过的标题</h1>"))

        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "issuer: 测试局", with: "title: 又改的标题\nissuer: 测试局") }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/indicators/broken.yaml"))
        let fixed = try Self.poll(port, "/plans/test-plan/") { !$0.body.contains("role=\"alert\"") }
        #expect(fixed.body.contains("<h1>又改的标题</h1>"))
    }

    @Test func newAndDeletedFilesAreNoticed() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        let port = session.server.port
        #expect(try Self.get(port, "/indicators/t-other/").status == 404)
        try site.write(Data(TestSite.otherIndicatorFile.utf8), to: "content/indicators/other.yaml")
        try Self.poll(port, "/indicators/t-other/") { $0.status == 200 }
        try site.write(Data("新附件".utf8), to: "content/files/new.txt")
        try Self.poll(port, "/files/new.txt") { $0.body == "新附件" }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/indicators/other.yaml"))
        try Self.poll(port, "/indicators/t-other/") { $0.status == 404 }
        session.stop()
        #expect(try Self.outputIsAFreshBuild(site))
    }

    /// Where the kernel cannot tell, the folders are scanned.
    @Test func editsAreNoticedByPollingToo() throws {
        let site = try TestSite()
        let session = try Self.session(site, useKernel: false)
        defer { session.stop() }
        try site.edit("content/plans/test-plan.md") { $0.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题") }
        try Self.poll(session.server.port, "/plans/test-plan/") { $0.body.contains("<h1>改过的标题</h1>") }
    }

    @Test func resolveRefusesTraversal() {
        #expect(StaticServer.resolve("/a/b/") == ["a", "b"])
        #expect(StaticServer.resolve("/a/./b?x=1#y") == ["a", "b"])
        #expect(StaticServer.resolve("/%E8%AE%A1%E5%88%92.txt") == ["计划.txt"])
        #expect(StaticServer.resolve("/a/../b") == nil)
        #expect(StaticServer.resolve("/a/%2e%2e/b") == nil)
        #expect(StaticServer.resolve("/a%2fb") == nil)
        #expect(StaticServer.resolve("http://x/") == nil)
    }
}
