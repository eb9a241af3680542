/// Where text is written as UTF-8 bytes: an array, or a `TextBuffer`
/// (which cannot be copied, hence `~Copyable`). Numbers, days and periods
/// write their digits into either without a string each.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {}
