/// How a search pages, sorts and summarizes its hits.
public struct SearchOptions: Sendable, Hashable {
    /// The most hits to return.
    public var limit: Int
    /// How many of the best hits to pass over first, for paging.
    public var offset: Int
    /// The order of hits.
    public var sort: SearchSort
    /// Whether renditions of one order fold into one hit.
    public var renditions: RenditionHandling
    /// Whether to count the whole result set by type, president and year.
    public var includesFacets: Bool
    /// Whether each hit carries a ``ScoreExplanation``.
    public var explainsScores: Bool
    /// Whether misspelled words are corrected when a query finds nothing or little ("did you mean").
    public var correctsSpelling: Bool
    /// How many sentence-aligned passages each hit carries besides its snippet (0 to 3).
    public var passages: Int

    /// Creates search options.
    ///
    /// - Parameters:
    ///   - limit: The most hits; 10 by default.
    ///   - offset: Hits to pass over first; 0 by default.
    ///   - sort: The order; relevance by default.
    ///   - renditions: Folded (one hit per order) by default.
    ///   - includesFacets: Whether to compute facets; off by default.
    ///   - explainsScores: Whether hits explain their scores; off by default.
    ///   - correctsSpelling: Whether misspelled words are corrected; on by default.
    ///   - passages: How many sentence-aligned passages each hit carries, from 0 (the default) to 3.
    public init(
        limit: Int = 10,
        offset: Int = 0,
        sort: SearchSort = .relevance,
        renditions: RenditionHandling = .folded,
        includesFacets: Bool = false,
        explainsScores: Bool = false,
        correctsSpelling: Bool = true,
        passages: Int = 0
    ) {
        self.limit = max(0, limit)
        self.offset = max(0, offset)
        self.sort = sort
        self.renditions = renditions
        self.includesFacets = includesFacets
        self.explainsScores = explainsScores
        self.correctsSpelling = correctsSpelling
        self.passages = min(3, max(0, passages))
    }
}
