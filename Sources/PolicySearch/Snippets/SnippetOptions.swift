/// How long snippets are.
public struct SnippetOptions: Sendable, Hashable {
    /// The most words a snippet holds (FTS5 allows 1 to 64).
    public var maximumWords: Int

    /// Creates snippet options.
    ///
    /// - Parameter maximumWords: The most words a snippet holds; 32 by default, clamped to 1…64.
    public init(maximumWords: Int = 32) {
        self.maximumWords = min(64, max(1, maximumWords))
    }
}
