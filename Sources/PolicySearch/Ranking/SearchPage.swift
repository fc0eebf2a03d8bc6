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
