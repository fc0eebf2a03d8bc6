/// One hit: the document's summary, its score and a snippet of the text around the matches.
public struct SearchResult: Sendable, Hashable, Identifiable {
    /// The matching document's identifier.
    public var id: DocumentID { document.id }
    /// The matching document's metadata (its body is not loaded; see ``SearchIndex/document(_:)``).
    public let document: DocumentSummary
    /// The relevance: higher is better.
    ///
    /// BM25 with field weights, comparable only within one search.
    public let score: Double
    /// The passage of the body that matched best, with the matched words marked.
    public let snippet: Snippet
    /// The numbered section the snippet is from, when the document has sections.
    public let section: Section?
    /// The best sentence-aligned passages, each with its section, when the search asked for them.
    public var passages: [Passage] = []
    /// How the score was made, when the search asked for explanations.
    public var explanation: ScoreExplanation? = nil
    /// Other renditions of the same order (for example its White House posting and its Federal Register text),
    /// folded into this hit.
    public let renditions: [DocumentSummary]
}

/// A stored document without its body: what a result list needs.
public struct DocumentSummary: Sendable, Hashable, Identifiable {
    /// The stable identifier.
    public let id: DocumentID
    /// The file path or locator the document came from.
    public let source: String
    /// The record key inside a multi-record source, if any.
    public let record: String?
    /// The format it was read from.
    public let format: DocumentFormat
    /// The title.
    public let title: String
    /// Type, dates, numbers and other fields.
    public let metadata: DocumentMetadata
}
