import Logging

extension SearchIndex {
    /// Searches with a query typed by a person.
    ///
    /// - Parameters:
    ///   - text: The query, in the query language (words, "phrases", OR, -exclusions, prefix*, NEAR, `title:`,
    ///     `type:`, `signed:` and the other filters).
    ///   - limit: The most hits to return.
    ///   - offset: How many of the best hits to pass over first, for paging.
    ///   - renditions: Whether renditions of one order fold into one hit (the default) or are listed separately.
    /// - Returns: The hits, best first.
    /// - Throws: ``QuerySyntaxError`` when the query has nothing to search for or a filter is malformed;
    ///   ``StorageError`` when the index cannot be read.
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
        try search(query, options: SearchOptions(limit: limit, offset: offset, renditions: renditions)).results
    }

    /// Searches and returns a page of hits with the total count and, when asked, facets.
    ///
    /// - Parameters:
    ///   - query: The query.
    ///   - options: Page, sort order, rendition handling and facets.
    /// - Returns: The page.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func search(_ query: SearchQuery, options: SearchOptions) throws(StorageError) -> SearchPage {
        let started = ContinuousClock.now
        let page = try correctingSpelling(query, options: options)
        logger?.debug(
            "Searched",
            metadata: [
                "query": "\(query)", "hits": "\(page.results.count)", "total": "\(page.totalCount)",
                "corrected": "\(page.correction?.correctedQuery ?? "")", "duration": "\(ContinuousClock.now - started)",
            ]
        )
        return page
    }

    /// Runs a search and, when it finds nothing or little, runs it again with misspelled words corrected.
    private func correctingSpelling(_ query: SearchQuery, options: SearchOptions) throws(StorageError) -> SearchPage {
        let page = try run(query, options: options)
        // Spelling rescue: a query with no hits, or with fewer hits than asked for while one of its words is rare
        // and a near word is common, is run again with the words corrected.
        guard options.correctsSpelling, options.offset == 0, page.results.count < options.limit,
            let correction = try correctedQuery(for: query, rescuingRareWords: true)
        else { return page }
        var corrected = try run(correction.query, options: options)
        guard !corrected.results.isEmpty else { return page }
        let fragments = corrected.results.flatMap { $0.snippet.highlightedFragments }
            .flatMap { $0.split(whereSeparator: { !$0.isLetter }) }
        let words = correction.replacements.map { typed, stem in
            // Stems can end differently from words ("secretari" for "secretary"): match on all but the last letter.
            let surface =
                (fragments.first { $0.lowercased().hasPrefix(stem) }
                ?? fragments.first { $0.lowercased().hasPrefix(stem.dropLast()) }).map { String($0) } ?? stem
            return SpellingCorrection.Replacement(typed: typed, corrected: surface)
        }
        let notice = SpellingCorrection(
            words: words,
            correctedQuery: correction.query.description,
            replacedOriginal: page.results.isEmpty
        )
        if page.results.isEmpty {
            corrected.correction = notice
            return corrected
        }
        // The original hits keep their places; the corrected query's follow.
        let seen = Set(page.results.map(\.id))
        let merged = page.results + corrected.results.filter { !seen.contains($0.id) }
        var combined = SearchPage(
            results: Array(merged.prefix(options.limit)),
            totalCount: page.totalCount + corrected.totalCount,
            facets: page.facets
        )
        combined.correction = notice
        return combined
    }

    private func run(_ query: SearchQuery, options: SearchOptions) throws(StorageError) -> SearchPage {
        try store.search(plan(of: query, options: options))
    }

    /// What the store is asked for a query: its text with the phrase boost and the thesaurus's alternatives, as an
    /// FTS5 expression and as the phrases that snippets mark, with the query's filters and the index's settings.
    func plan(of query: SearchQuery, options: SearchOptions) -> DocumentStore.SearchPlan {
        let widened = (ranking.boostsPhrases ? query.boostingPhrases() : query).expanded(with: thesaurus)
        return DocumentStore.SearchPlan(
            expression: widened.fts5Expression,
            isAlternativesOfPhrases: widened.isAlternativesOfPhrases,
            isWordAlternatives: widened.isWordAlternatives,
            isOnePhrase: widened.isOnePhrase,
            conjuncts: widened.conjunctExpressions,
            markedPhrases: widened.markedPhrases,
            filters: query.filters,
            ranking: ranking,
            snippets: snippets,
            options: options
        )
    }

    /// The query with its words unknown to the index replaced by the nearest indexed terms, if any.
    ///
    /// - Parameters:
    ///   - query: The query as typed.
    ///   - rescuingRareWords: Whether words in two documents or fewer are corrected too, when a near word is in ten
    ///     times as many (and at least ten); otherwise only words in no document are.
    /// - Returns: The corrected query and each word with the stem it was replaced by, or `nil` when nothing changed.
    /// - Throws: ``StorageError`` when the index cannot be read.
    private func correctedQuery(
        for query: SearchQuery,
        rescuingRareWords: Bool
    ) throws(StorageError) -> (query: SearchQuery, replacements: [(String, String)])? {
        guard let expression = query.expression else { return nil }
        var replacements: [(String, String)] = []
        for word in SpellingCorrector.words(in: expression) where !replacements.contains(where: { $0.0 == word }) {
            guard let single = SearchQuery(.term(word)).fts5Expression else { continue }
            let frequency = try store.documentFrequency(of: single)
            guard frequency == 0 || (rescuingRareWords && frequency <= 2) else { continue }
            let lower = word.lowercased()
            let candidates = try store.vocabulary(
                startingWith: String(lower.prefix(2)),
                lengths: max(3, lower.count - 4)...(lower.count + 1)
            )
            let common = candidates.filter { $0.1 >= max(10, frequency * 10) }
            if let stem = SpellingCorrector.correction(for: lower, among: frequency == 0 ? candidates : common) {
                replacements.append((word, stem))
            }
        }
        guard !replacements.isEmpty else { return nil }
        let map = Dictionary(replacements, uniquingKeysWith: { first, _ in first })
        return (SearchQuery(SpellingCorrector.replacing(map, in: expression), filters: query.filters), replacements)
    }

    /// The other renditions of a document's order (its Federal Register, White House and other copies).
    ///
    /// - Parameter id: A document's identifier.
    /// - Returns: Summaries of the other documents of the same order; empty when there are none.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func renditions(of id: DocumentID) throws(StorageError) -> [DocumentSummary] {
        try store.renditions(of: id)
    }

    /// Counts every hit of a query, renditions folded.
    ///
    /// - Parameter query: The query.
    /// - Returns: The number of hits.
    /// - Complexity: O(*m*) in the number of matches.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func count(matching query: SearchQuery) throws(StorageError) -> Int {
        try search(query, options: SearchOptions(limit: 0)).totalCount
    }
}
