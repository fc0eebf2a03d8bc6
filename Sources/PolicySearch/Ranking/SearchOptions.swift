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

/// One page of hits, with how many there are in all and, when asked, facets.
public struct SearchPage: Sendable, Hashable {
    /// The hits of this page, in the requested order.
    public let results: [SearchResult]
    /// How many hits the whole query has (renditions folded when they are).
    public let totalCount: Int
    /// Counts of the whole result set by type, president and year, when asked for.
    public let facets: Facets?
    /// When the query as typed found nothing and a spelling correction did, what was corrected; the hits are the
    /// corrected query's.
    public var correction: SpellingCorrection? = nil
}

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

/// Counts of a result set by type, president and year.
public struct Facets: Sendable, Hashable {
    /// One value of a facet and how many hits have it.
    public struct Count: Sendable, Hashable {
        /// The value: a type name, a president, a year.
        public let value: String
        /// How many hits have the value.
        public let count: Int
    }

    /// Hits by document type, most first.
    public let types: [Count]
    /// Hits by president, most first.
    public let presidents: [Count]
    /// Hits by signing year, in year order.
    public let years: [Count]
}
