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

    static func session(_ site: TestSite) throws -> PreviewSession {
        let session = PreviewSession(options: site.options)
        #expect(session.build().published)
        try session.server.start(port: 0)
        #expect(session.server.port != 0)
        return session
    }

    @Test func servesPagesWithTheirTypes() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.server.stop() }
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
    }

    @Test func nothingOutsideTheOutputFolder() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.server.stop() }
        // A secret beside the output, and a symlink inside it pointing out.
        try site.write(Data("secret".utf8), to: "secret.txt")
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("leak.txt").path,
                                                   withDestinationPath: site.root.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("up").path,
                                                   withDestinationPath: site.root.path)
        let port = session.server.port
        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/plans/..%2f..%2fsecret.txt",
                       "/assets/../../secret.txt", "/leak.txt", "/up/secret.txt", "/..\\secret.txt", "/%00", "/nope.html",
                       "/%zz", "secret.txt"] {
            let r = try Self.get(port, target)
            #expect(r.status == 404 || r.status == 400, "\(target) → \(r.status)")
            #expect(!r.body.contains("secret"), "\(target) leaked the file")
        }
    }

    @Test func editsAreServedAndBrokenEditsKeepTheLastGoodSite() throws {
        let site = try TestSite()
        let session = try Self.session(site)
        defer { session.server.stop() }
        let port = session.server.port
        #expect(session.tick() == nil)  // nothing changed

        let planPath = site.root.appendingPathComponent("content/plans/test-plan.md")
        let plan = try String(contentsOf: planPath, encoding: .utf8)
        try Data(plan.replacingOccurrences(of: "title: 2022年测试工作要点", with: "title: 改过的标题").utf8).write(to: planPath)
        #expect(session.tick() == nil)  // first sight of a change: wait for it to settle
        let rebuilt = try #require(session.tick())
        #expect(rebuilt.published)
        #expect(try Self.get(port, "/plans/test-plan/").body.contains("<h1>改过的标题</h1>"))

        try site.write(Data("plan: nope\n".utf8), to: "content/indicators/broken.yaml")
        _ = session.tick()
        let failed = try #require(session.tick())
        #expect(!failed.published)
        let page = try Self.get(port, "/plans/test-plan/")
        #expect(page.status == 200)
        #expect(page.body.contains("<h1>改过的标题</h1>"))
        #expect(page.body.contains("role=\"alert\""))

        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/indicators/broken.yaml"))
        _ = session.tick()
        #expect(try #require(session.tick()).published)
        #expect(!(try Self.get(port, "/plans/test-plan/").body.contains("role=\"alert\"")))
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
