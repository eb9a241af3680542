import Foundation

/// One file of the output tree.
public struct OutputFile: Sendable {
    public enum Content: Sendable {
        case text(String)
        /// Text made as UTF-8 bytes (a page): written as they are.
        case bytes(ByteText)
        /// Copy of a file from the site folder (attachments, assets).
        case copy(from: URL)
        /// Text made and written a piece at a time (the open data of a
        /// large site need never be one string).
        case parts(TextParts)
    }

    /// Relative to the output folder, `/`-separated, no `..`.
    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    public static func text(_ path: String, _ text: String) -> OutputFile { OutputFile(path: path, content: .text(text)) }

    /// True when the path cannot leave the output folder.
    /// (No part of it empty, `.` or `..`, so not absolute either; read
    /// byte by byte, no part made as a string: every file of a site asks.)
    var isContained: Bool { Self.isContained(path) }

    /// Whether `path` (relative to the output folder) cannot leave it: see `isContained`.
    static func isContained(_ path: String) -> Bool {
        var length = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots == length && length <= 2) { return false }
                length = 0; dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(dots == length && length <= 2)
    }
}

/// A text in pieces: piece `k` (UTF-8 bytes) for k in 0..<count, in order.
public struct TextParts: Sendable {
    public let count: Int
    public let part: @Sendable (Int) -> [UInt8]
    /// Where piece `k` already is, when it is in an open file: the writer
    /// may copy it from there in the kernel (`copy_file_range`) instead of
    /// asking `part` (which gives the same bytes). Nil: nowhere.
    let place: (@Sendable (Int) -> FilePiece?)?

    public init(count: Int, part: @escaping @Sendable (Int) -> [UInt8]) {
        self.count = count
        self.part = part
        place = nil
    }

    init(count: Int, part: @escaping @Sendable (Int) -> [UInt8], place: @escaping @Sendable (Int) -> FilePiece?) {
        self.count = count
        self.part = part
        self.place = place
    }

    public func joined() -> String {
        var out: [UInt8] = []
        for k in 0..<count { out += part(k) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Bytes of an open file (`TextParts.place`): `length` from `offset` of `fd`.
struct FilePiece: Sendable, Equatable {
    let fd: Int32
    let offset: Int
    let length: Int
}
