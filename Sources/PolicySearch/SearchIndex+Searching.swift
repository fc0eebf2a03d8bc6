extension SearchIndex {
    /// Searches with a query typed by a person.
    ///
    /// - Parameters:
    ///   - text: The query, in the query language (words, "phrases", OR, -exclusions, prefix*, title:).
    ///   - limit: The most hits to return.
    ///   - offset: How many of the best hits to pass over first, for paging.
    ///   - renditions: Whether renditions of one order fold into one hit (the default) or are listed separately.
    /// - Returns: The hits, best first.
    /// - Throws: ``QuerySyntaxError`` when the query has nothing to search for; ``StorageError`` when the index
    ///   cannot be read.
    public func search(
        _ text: String,
        limit: Int = 10,
        offset: Int = 0,
        renditions: RenditionHandling = .folded
    ) throws -> [SearchResult] {
        try search(SearchQuery(parsing: text), limit: limit, offset: offset, renditions: renditions)
    }

    /// Searches with a query value.
    ///
    /// - Parameters:
    ///   - query: The query.
    ///   - limit: The most hits to return.
    ///   - offset: How many of the best hits to pass over first.
    ///   - renditions: Whether renditions of one order fold into one hit (the default) or are listed separately.
    /// - Returns: The hits, best first, each with its score and snippet.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func search(
        _ query: SearchQuery,
        limit: Int = 10,
        offset: Int = 0,
        renditions: RenditionHandling = .folded
    ) throws(StorageError) -> [SearchResult] {
        guard limit > 0 else { return [] }
        return try store.search(
            query.fts5Expression,
            ranking: ranking,
            snippets: snippets,
            limit: limit,
            offset: max(0, offset),
            groupingRenditions: renditions == .folded
        )
    }

    /// The other renditions of a document's order (its Federal Register, White House and other copies).
    ///
    /// - Parameter id: A document's identifier.
    /// - Returns: Summaries of the other documents of the same order; empty when there are none.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func renditions(of id: DocumentID) throws(StorageError) -> [DocumentSummary] {
        try store.renditions(of: id)
    }

    /// Counts every document that matches a query.
    ///
    /// - Parameter query: The query.
    /// - Returns: The number of matching documents.
    /// - Complexity: O(*m*) in the number of matches.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    public func count(matching query: SearchQuery) throws(StorageError) -> Int {
        try store.count(matching: query.fts5Expression)
    }
}
