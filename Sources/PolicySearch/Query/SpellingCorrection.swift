/// A query whose misspelled words were corrected from the index's vocabulary ("did you mean").
public struct SpellingCorrection: Sendable, Hashable {
    /// The words as typed, each with its correction (as it appears in the documents).
    public let words: [Replacement]
    /// The query as run, in the query language.
    public let correctedQuery: String
    /// Whether the corrected query's hits replace the original's (which had none), rather than follow them.
    public let replacedOriginal: Bool

    /// One corrected word.
    public struct Replacement: Sendable, Hashable {
        /// The word as typed.
        public let typed: String
        /// The word searched instead.
        public let corrected: String
    }

    /// A notice for people, for example `no hits for "artifical"; showing hits for "artificial"`.
    public var notice: String {
        let typed = words.map { "“\($0.typed)”" }.joined(separator: ", ")
        let corrected = words.map { "“\($0.corrected)”" }.joined(separator: ", ")
        return replacedOriginal
            ? "no hits for \(typed); showing hits for \(corrected)"
            : "few hits for \(typed); also showing hits for \(corrected)"
    }
}
