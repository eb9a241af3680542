/// What `XMLScanner` tells as it reads: element starts (qualified name and
/// attributes), text, element ends. `stopped` ends the reading early.
protocol XMLHandler: AnyObject {
    func start(_ name: String, _ attributes: [String: String])
    func text(_ text: String)
    func end(_ name: String)
    var stopped: Bool { get }
}

extension XMLHandler {
    func text(_ text: String) {}
    func end(_ name: String) {}
    var stopped: Bool { false }
}

/// A small reader for the XML of an .xlsx workbook's parts, which programs
/// write: elements, attributes, text, CDATA, the five predefined entities
/// and numeric character references. Comments and processing instructions
/// are skipped; a document type declaration is refused (a workbook never
/// has one, and it is how entity bombs are made). Written here instead of
/// Foundation's XMLParser, which links libxml2 and ICU dynamically and so
/// kept the installed binary from being self-contained.
enum XMLScanner {
    struct Failure: Error {
        /// 1-based line of the problem.
        var line: Int
        var message: String
    }

    static let piEnd = Array("?>".utf8), commentStart = Array("!--".utf8), commentEnd = Array("-->".utf8)
    static let cdataStart = Array("![CDATA[".utf8), cdataEnd = Array("]]>".utf8)

    static func scan(_ bytes: [UInt8], _ handler: XMLHandler) throws {
        var i = 0
        let n = bytes.count
        var line = 1
        var depth = 0
        func fail(_ message: String) -> Failure { Failure(line: line, message: message) }
        func count(_ range: Range<Int>) { for k in range where bytes[k] == 10 { line += 1 } }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard let first = pattern.first, start < n else { return nil }
            var k = start
            search: while k + pattern.count <= n {
                if bytes[k] == first {
                    for (m, b) in pattern.enumerated() where bytes[k + m] != b { k += 1; continue search }
                    return k
                }
                k += 1
            }
            return nil
        }
        func follows(_ pattern: [UInt8], at start: Int) -> Bool {
            guard start + pattern.count <= n else { return false }
            for (m, b) in pattern.enumerated() where bytes[start + m] != b { return false }
            return true
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isNameByte(_ b: UInt8) -> Bool {
            !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x2F || b == 0x3E || b == 0x3D)
        }
        while i < n {
            if handler.stopped { return }
            guard bytes[i] == 0x3C else {  // text up to the next '<'
                var j = i
                while j < n, bytes[j] != 0x3C { j += 1 }
                count(i..<j)
                if depth > 0 { handler.text(try decode(bytes[i..<j], line: line)) }
                i = j
                continue
            }
            let next: UInt8 = i + 1 < n ? bytes[i + 1] : 0
            if next == 0x3F {  // <?
                guard let e = find(Self.piEnd, from: i + 2) else { throw fail("a processing instruction is not closed") }
                count(i..<e); i = e + 2
            } else if next == 0x21, follows(Self.commentStart, at: i + 1) {
                guard let e = find(Self.commentEnd, from: i + 4) else { throw fail("a comment is not closed") }
                count(i..<e); i = e + 3
            } else if next == 0x21, follows(Self.cdataStart, at: i + 1) {
                guard let e = find(Self.cdataEnd, from: i + 9) else { throw fail("a CDATA section is not closed") }
                if depth > 0 { handler.text(String(decoding: bytes[(i + 9)..<e], as: UTF8.self)) }
                count(i..<e); i = e + 3
            } else if next == 0x21 {
                throw fail("a document type declaration is not allowed in a workbook")
            } else if next == 0x2F {  // </name>
                var j = i + 2
                while j < n, isNameByte(bytes[j]) { j += 1 }
                let name = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                while j < n, bytes[j] != 0x3E { j += 1 }
                guard j < n, depth > 0 else { throw fail("an end tag </\(name)> without its start") }
                depth -= 1
                handler.end(name)
                count(i..<j); i = j + 1
            } else {  // <name a="v" ...> or <name .../>
                var j = i + 1
                while j < n, isNameByte(bytes[j]) { j += 1 }
                guard j > i + 1 else { throw fail("a '<' that starts no element") }
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                var attributes: [String: String] = [:]
                var closed = false
                while true {
                    while j < n, isSpace(bytes[j]) { if bytes[j] == 10 { line += 1 }; j += 1 }
                    guard j < n else { throw fail("the tag <\(name)> is not closed") }
                    if bytes[j] == 0x3E { j += 1; break }
                    if bytes[j] == 0x2F, j + 1 < n, bytes[j + 1] == 0x3E { j += 2; closed = true; break }
                    let a = j
                    while j < n, isNameByte(bytes[j]) { j += 1 }
                    let key = String(decoding: bytes[a..<j], as: UTF8.self)
                    while j < n, bytes[j] == 0x20 { j += 1 }
                    guard j < n, bytes[j] == 0x3D else { throw fail("the attribute '\(key)' of <\(name)> has no value") }
                    j += 1
                    while j < n, bytes[j] == 0x20 { j += 1 }
                    guard j < n, bytes[j] == 0x22 || bytes[j] == 0x27 else { throw fail("the value of '\(key)' is not quoted") }
                    let quote = bytes[j]
                    var e = j + 1
                    while e < n, bytes[e] != quote { e += 1 }
                    guard e < n else { throw fail("the value of '\(key)' is not closed") }
                    count(j..<e)
                    attributes[key] = try decode(bytes[(j + 1)..<e], line: line)
                    j = e + 1
                }
                handler.start(name, attributes)
                if closed { handler.end(name) } else { depth += 1 }
                i = j
            }
        }
        guard depth == 0 || handler.stopped else { throw fail("the document ends inside an element") }
    }

    /// Text with its entity and character references replaced.
    static func decode(_ raw: ArraySlice<UInt8>, line: Int) throws -> String {
        guard raw.contains(0x26) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = raw.startIndex
        while k < raw.endIndex {
            guard raw[k] == 0x26 else { out.append(raw[k]); k += 1; continue }
            guard let semi = raw[k...].firstIndex(of: 0x3B), semi - k <= 10 else {
                throw Failure(line: line, message: "a '&' that starts no entity")
            }
            let name = String(decoding: raw[(k + 1)..<semi], as: UTF8.self)
            switch name {
            case "amp": out.append(0x26)
            case "lt": out.append(0x3C)
            case "gt": out.append(0x3E)
            case "quot": out.append(0x22)
            case "apos": out.append(0x27)
            default:
                let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
                guard name.hasPrefix("#"), let code = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                      let scalar = Unicode.Scalar(code) else {
                    throw Failure(line: line, message: "unknown entity '&\(name);'")
                }
                out += Array(String(Character(scalar)).utf8)
            }
            k = semi + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
