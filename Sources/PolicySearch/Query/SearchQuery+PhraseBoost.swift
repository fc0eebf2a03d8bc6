extension SearchQuery {
    /// The query with a phrase boost, so that words typed together also match as a phrase.
    ///
    /// Documents holding `climate change` in order then score higher than those with the two words apart. The set
    /// of hits is unchanged (the phrase implies the words); only their order is.
    ///
    /// - Returns: The boosted query, or the query as it is when it is not a run of two or more plain words.
    func boostingPhrases() -> SearchQuery {
        guard case .all(let items)? = expression else { return self }
        let positives = items.filter { !$0.isExclusion }
        let words = positives.compactMap { item -> String? in
            if case .term(let text) = item { return text }
            return nil
        }
        guard words.count >= 2, words.count == positives.count else { return self }
        let exclusions = items.filter(\.isExclusion)
        let phrase: Expression =
            exclusions.isEmpty
            ? .phrase(words.joined(separator: " ")) : .all([.phrase(words.joined(separator: " "))] + exclusions)
        return SearchQuery(.any([.all(items), phrase]), filters: filters)
    }
}
