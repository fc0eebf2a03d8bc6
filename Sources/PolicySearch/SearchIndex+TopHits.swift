import Logging

extension SearchIndex {
    /// The fewest documents an index holds for it to keep the top hits of frequent searches: below it, ranking every
    /// match of a common word takes a few milliseconds.
    static let topHitsMinimumDocuments = 20_000

    /// Ranks the searches that many documents match and keeps their best hits in the index, so that the same
    /// searches later read them instead of ranking every match, until the index changes (`TopHits` in Storage).
    ///
    /// The searches are each word that about `minimumDocuments` documents or more hold (estimated from a sample of
    /// 1,000 documents), as one word, and each term of the thesaurus, which a search widens to its equivalents
    /// (`"executive order" OR eo`). An index with fewer documents keeps none.
    ///
    /// - Parameters:
    ///   - minimumDocuments: The fewest documents that hold a word for its search to be kept, and that the index
    ///     holds for any search to be.
    ///   - keeping: How many of each search's best hits to keep.
    /// - Returns: How many searches were kept.
    /// - Throws: ``StorageError`` when the index cannot be read or written.
    @discardableResult
    func keepTopHits(
        minimumDocuments: Int = SearchIndex.topHitsMinimumDocuments,
        keeping: Int = TopHits.kept
    ) throws(StorageError) -> Int {
        let started = ContinuousClock.now
        guard let words = try store.frequentWords(minimumDocuments: minimumDocuments) else {
            return try store.storeTopHits([])
        }
        let terms = thesaurus.groups.joined().map { $0.contains(" ") ? "\"\($0)\"" : $0 }
        let plans = (words + terms).compactMap { text in
            (try? SearchQuery(parsing: text)).map { plan(of: $0, options: SearchOptions()) }
        }
        let kept = try store.storeTopHits(plans, keeping: keeping)
        logger?.debug(
            "Kept the top hits of frequent searches",
            metadata: ["searches": "\(kept)", "duration": "\(ContinuousClock.now - started)"]
        )
        return kept
    }
}
