import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 file server for previews: GET and HEAD, loopback only,
/// one connection per request. It serves the files under `root`, or,
/// once `pages` is set, what that answers (`serve`'s site in memory). It
/// never serves a file outside `root`: `..` (encoded or not) and symlinks
/// that lead out get 404.
// @unchecked: every mutable property is read and written under `lock`.
public final class StaticServer: @unchecked Sendable {
    public let root: URL
    /// The port it listens on (the one the system picked when asked for 0).
    public var port: UInt16 { lock.withLock { _port } }
    private var _port: UInt16 = 0
    /// HTML responses get this banner after `<body>` when set (already HTML).
    public var bannerHTML: String? {
        get { lock.withLock { _banner } }
        set { lock.withLock { _banner = newValue } }
    }

    /// When set, answers every request (nil: 404) instead of the files
    /// under `root`; given the path's segments, decoded and checked.
    public var pages: (@Sendable ([String]) -> Response?)? {
        get { lock.withLock { _pages } }
        set { lock.withLock { _pages = newValue } }
    }

    private var listener: Int32 = -1
    private let lock = NSLock()
    private var _banner: String?
    private var _pages: (@Sendable ([String]) -> Response?)?
    private let queue = DispatchQueue(label: "sitegen.serve", attributes: .concurrent)
    private var acceptThread: Thread?

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public enum ServerError: Error, CustomStringConvertible {
        case socket(String)
        public var description: String {
            switch self { case .socket(let s): return s }
        }
    }

    /// Binds 127.0.0.1:`port` (0 = any free port) and starts accepting.
    public func start(port requested: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("cannot create a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServerError.socket("cannot listen on 127.0.0.1:\(requested): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let thread = Thread { [weak self] in self?.acceptLoop(fd) }
        thread.name = "sitegen.accept"
        lock.withLock {
            _port = UInt16(bigEndian: actual.sin_port)
            listener = fd
            acceptThread = thread
        }
        thread.start()
    }

    /// Stops accepting; requests in flight finish.
    public func stop() {
        let fd = lock.withLock { () -> Int32 in
            let fd = listener
            listener = -1
            return fd
        }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    deinit { stop() }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return  // closed by stop()
            }
            queue.async { [weak self] in
                self?.handle(client)
                close(client)
            }
        }
    }

    // MARK: One request

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16384 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { break }
            request += buffer[0..<n]
            if request.count >= 4, request.suffix(from: max(0, request.count - n - 3)).containsCRLFCRLF { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return send(client, status: "400 Bad Request", type: "text/plain; charset=utf-8", body: Data("bad request\n".utf8))
        }
        let method = String(parts[0])
        guard method == "GET" || method == "HEAD" else {
            return send(client, status: "405 Method Not Allowed", type: "text/plain; charset=utf-8",
                        body: Data("only GET and HEAD\n".utf8), extra: "Allow: GET, HEAD\r\n")
        }
        let response = respond(to: String(parts[1]))
        var body = response.body
        if response.type.hasPrefix("text/html"), let banner = bannerHTML {
            body = Self.inject(banner, into: body)
        }
        send(client, status: response.status, type: response.type, body: body, headOnly: method == "HEAD")
    }

    public struct Response: Sendable {
        var status: String
        var type: String
        var body: Data
    }

    /// The file a request target names, or 404. Pure apart from reading files.
    func respond(to target: String) -> Response {
        let notFound = Response(status: "404 Not Found", type: "text/html; charset=utf-8",
                                body: Data("<!DOCTYPE html><html lang=\"en\"><title>404</title><p>Not found.</p></html>\n".utf8))
        guard let path = Self.resolve(target) else { return notFound }
        if let pages { return pages(path) ?? notFound }
        var file = root.appendingPathComponent(path.joined(separator: "/"))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { return notFound }
        if isDirectory.boolValue { file = file.appendingPathComponent("index.html") }
        // Symlinks may not lead out of the output folder.
        guard let real = Self.realPath(file.path), let realRoot = Self.realPath(root.path),
              real.hasPrefix(realRoot + "/"), let data = FileManager.default.contents(atPath: real) else { return notFound }
        return Response(status: "200 OK", type: Self.contentType(real), body: data)
    }

    /// Path segments of a request target, percent-decoded; nil when a
    /// segment is `..`, `.`-only tricks, or holds `/`, `\` or NUL once decoded.
    static func resolve(_ target: String) -> [String]? {
        var path = Substring(target)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard path.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = raw.contains("%") ? String(raw).removingPercentEncoding : String(raw) else { return nil }
            if decoded == "." { continue }
            guard decoded != "..", !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0") else { return nil }
            segments.append(decoded)
        }
        return segments
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml",
        "json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "js": "text/javascript; charset=utf-8",
        "ico": "image/x-icon", "doc": "application/msword", "xls": "application/vnd.ms-excel",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip",
    ]

    static func contentType(_ path: String) -> String {
        contentTypes[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }

    static func inject(_ banner: String, into page: Data) -> Data {
        let text = String(decoding: page, as: UTF8.self)
        guard let body = text.range(of: "<body>") else { return Data((banner + text).utf8) }
        return Data((text[..<body.upperBound] + banner + text[body.upperBound...]).utf8)
    }

    private func send(_ client: Int32, status: String, type: String, body: Data, extra: String = "", headOnly: Bool = false) {
        var head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n"
        head += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\(extra)\r\n"
        var out = Data(head.utf8)
        if !headOnly { out.append(body) }
        out.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(client, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                sent += n
            }
        }
    }
}

private extension ArraySlice where Element == UInt8 {
    var containsCRLFCRLF: Bool {
        guard count >= 4 else { return false }
        var i = startIndex
        while i + 3 < endIndex {
            if self[i] == 13, self[i + 1] == 10, self[i + 2] == 13, self[i + 3] == 10 { return true }
            i += 1
        }
        return false
    }
}
