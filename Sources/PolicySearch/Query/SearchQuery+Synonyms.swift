extension SearchQuery {
    /// The query with every word or phrase that has equivalents in a thesaurus widened to them: `AI` becomes
    /// `(AI OR "artificial intelligence")`, and the words `artificial intelligence` become
    /// `("artificial intelligence" OR AI)`.
    ///
    /// Numbers, references and filters are never changed.
    ///
    /// - Parameter thesaurus: The groups of equivalent terms.
    /// - Returns: The widened query.
    func expanded(with thesaurus: Thesaurus) -> SearchQuery {
        guard !thesaurus.groups.isEmpty, let expression else { return self }
        return SearchQuery(expression.expanded(with: thesaurus), filters: filters)
    }
}

extension SearchQuery.Expression {
    fileprivate func expanded(with thesaurus: Thesaurus) -> SearchQuery.Expression {
        switch self {
        case .term(let text), .phrase(let text):
            return Self.alternatives(for: text, original: self, thesaurus) ?? self
        case .prefix, .near, .filter:
            return self
        case .excluding(let inner):
            return .excluding(inner.expanded(with: thesaurus))
        case .field(let field, let inner):
            return .field(field, inner.expanded(with: thesaurus))
        case .any(let items):
            return .any(items.map { $0.expanded(with: thesaurus) })
        case .all(let items):
            let expanded = Self.expandRuns(items, thesaurus)
            return expanded.count == 1 ? expanded[0] : .all(expanded)
        }
    }

    /// Replaces runs of adjacent words that form a thesaurus term ("artificial intelligence") with alternatives.
    private static func expandRuns(_ items: [Self], _ thesaurus: Thesaurus) -> [Self] {
        var result: [Self] = []
        var index = 0
        while index < items.count {
            var matched = false
            for length in stride(from: min(thesaurus.longestTermWords, items.count - index), through: 2, by: -1) {
                let run = items[index..<index + length]
                let words = run.compactMap { item -> String? in
                    if case .term(let text) = item { return text }
                    return nil
                }
                guard words.count == length else { continue }
                let phrase = words.joined(separator: " ")
                if let widened = alternatives(for: phrase, original: .phrase(phrase), thesaurus) {
                    result.append(widened)
                    index += length
                    matched = true
                    break
                }
            }
            if !matched {
                result.append(items[index].expanded(with: thesaurus))
                index += 1
            }
        }
        return result
    }

    private static func alternatives(for text: String, original: Self, _ thesaurus: Thesaurus) -> Self? {
        let equivalents = thesaurus.equivalents(of: text)
        guard !equivalents.isEmpty else { return nil }
        let others = equivalents.map { $0.contains(" ") ? Self.phrase($0) : Self.term($0) }
        return .any([original] + others)
    }
}
