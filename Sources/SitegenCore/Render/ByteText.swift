/// Text already made as UTF-8 bytes (a page, a chart, a table's rows),
/// kept as bytes: copied into a page and written into its file as they
/// are, never made a `String` (which would read every byte again to check
/// it, and be read back as bytes to be written). Its bytes are whole
/// UTF-8 as far as their sources are: strings, ASCII markup, and a plan's
/// text read again from its file, which was checked when it was loaded
/// and is trusted by its stamp then (inode, size, modified and changed
/// times: `FileStamp`; a file whose stamp changed stops the build), not
/// checked again (`PlanBody.bytes`). Mustache, for a
/// template that has no skeleton, sees it as a string (`string`).
///
/// A view's text (`[String: Any]`) may be a `String` or a `ByteText`:
/// `ViewText` tells them apart, `TextBuffer.append(_: ViewText)` writes either.
// @unchecked: its buffer is written only in `init`, and only read after.
public final class ByteText: @unchecked Sendable {
    private let buffer: TextBuffer

    /// What `write` writes into a buffer of `capacity` bytes (it grows as needed).
    init(capacity: Int, _ write: (inout TextBuffer) -> Void) {
        var buffer = TextBuffer(capacity: capacity)
        write(&buffer)
        self.buffer = buffer
    }

    /// What was written into `buffer`, kept where it is.
    init(_ buffer: consuming TextBuffer) {
        self.buffer = buffer
    }

    /// The bytes of `s`.
    convenience init(_ s: String) {
        self.init(capacity: s.utf8.count) { $0.raw(s) }
    }

    var count: Int { buffer.count }
    var isEmpty: Bool { buffer.count == 0 }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try buffer.withBytes(body)
    }

    public var bytes: [UInt8] { buffer.bytes }
    public var string: String { buffer.string }

    /// `value` when it is a `ByteText`. Its type is compared first: a cast
    /// of a list to a class type (`as? ByteText`) tries to bridge the list
    /// to Objective-C, a copy of every item, on each page.
    static func of(_ value: Any?) -> ByteText? {
        guard let value, type(of: value) == ByteText.self else { return nil }
        return value as? ByteText
    }
}

extension TextBuffer {
    /// `text`'s bytes.
    mutating func append(_ text: ByteText) {
        text.withBytes { append(contentsOf: $0) }
    }

    /// A view's text as it is (already escaped where it was made): a
    /// `String`'s or a `ByteText`'s bytes; nothing for `.none`.
    mutating func append(_ text: ViewText) {
        switch text {
        case .bytes(let b): append(b)
        case .string(let s): raw(s)
        case .none: break
        }
    }
}

/// A view's text told apart once (`ByteText.of`, then a cast): its
/// bytes, its string, or nothing (a list, a flag, no value). A page's
/// skeleton (`PageSkeleton.fill`) looks at each of its texts once, for its
/// length and to write it.
enum ViewText {
    case bytes(ByteText)
    case string(String)
    case none

    init(_ value: Any?) {
        if let b = ByteText.of(value) {
            self = .bytes(b)
        } else if let s = value as? String {
            self = .string(s)
        } else {
            self = .none
        }
    }

    /// Its length in UTF-8 bytes.
    var count: Int {
        switch self {
        case .bytes(let b): b.count
        case .string(let s): s.utf8.count
        case .none: 0
        }
    }
}
