/// What takes the index tokenizer's tokens (`SearchTokenizer.indexTokens`):
/// a value passed `inout`, so the build's hot loop calls it directly.
protocol SearchTokenSink {
    /// A CJK character or pair of the Basic Multilingual Plane (`SearchTokenizer.token`).
    mutating func cjk(_ code: UInt32)
    /// A word, or CJK text outside the Basic Multilingual Plane.
    mutating func word(_ word: String)
}
