/// A word or phrase of a query whose instances a hit's snippet and passages mark.
struct MarkedPhrase: Sendable, Hashable {
    /// The text as typed (NUL as a space, as in ``SearchQuery/fts5Expression``), tokenized as the index tokenizes a
    /// query's phrase.
    let text: String
    /// Whether the last word is a prefix (`regulat*`).
    let isPrefix: Bool
}

extension SearchQuery {
    /// The words and phrases a hit's body is marked with: every one that the query looks for in the body (not those
    /// it excludes, nor those limited to the title), or `nil` when the query has a NEAR group, whose instances count
    /// only near each other.
    var markedPhrases: [MarkedPhrase]? {
        guard let expression else { return [] }
        var phrases: [MarkedPhrase] = []
        func collect(_ item: Expression) -> Bool {
            switch item {
            case .term(let text), .phrase(let text):
                phrases.append(MarkedPhrase(text: Expression.withoutNUL(text), isPrefix: false))
            case .prefix(let text):
                phrases.append(MarkedPhrase(text: Expression.withoutNUL(text), isPrefix: true))
            case .all(let items), .any(let items):
                return items.allSatisfy(collect)
            case .field(let field, let inner):
                return field == .title || collect(inner)
            case .excluding, .filter:
                break
            case .near:
                return false
            }
            return true
        }
        guard collect(expression) else { return nil }
        var seen = Set<MarkedPhrase>()
        return phrases.filter { seen.insert($0).inserted }
    }
}
