/// The order of hits.
public enum SearchSort: String, Sendable, Hashable, CaseIterable {
    /// Best match first (BM25 with field weights).
    case relevance
    /// Latest signing date first.
    case newest
    /// Earliest signing date first.
    case oldest
    /// Executive order number, lowest first; documents without one last.
    case executiveOrderNumber = "eo"
}
