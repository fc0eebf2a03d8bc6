import Foundation

extension SearchQuery {
    /// The query as an FTS5 MATCH expression, for binding as a parameter.
    ///
    /// Every word and phrase is double-quoted (inner quotes doubled), so nothing the user typed is read as FTS5
    /// syntax: `AND`, `-`, `:`, `*`, `(` only come from the query's structure. Column names come from
    /// ``SearchField`` constants, never from user text.
    var fts5Expression: String? { expression?.fts5 }

    /// Whether the query is alternatives of words or phrases (`cyber OR cybersecurity`, as a thesaurus widens a
    /// word): then every document that holds one of its phrases is a hit, so a ranking that counts, among the hits,
    /// those holding each phrase has counted each phrase's documents in the whole index.
    var isAlternativesOfPhrases: Bool {
        guard filters.isEmpty, case .any(let items)? = expression, items.count >= 2 else { return false }
        func isAlternative(_ item: Expression) -> Bool {
            switch item {
            case .term, .phrase: return true
            case .any(let inner): return inner.allSatisfy(isAlternative)
            default: return false
            }
        }
        return items.allSatisfy(isAlternative)
    }

    /// The FTS5 expressions of the query's words and phrases, when its text is two or more of them that every hit
    /// holds and nothing else (`climate resilience`); `nil` otherwise.
    ///
    /// Each is one phrase of FTS5's, in the order the whole expression holds them, and a hit's bm25() score is the
    /// sum of its scores for each alone.
    var conjunctExpressions: [String]? {
        guard case .all(let items)? = expression, items.count >= 2 else { return nil }
        var expressions: [String] = []
        for item in items {
            switch item {
            case .term, .phrase: expressions.append(item.fts5)
            default: return nil
            }
        }
        return expressions
    }

    /// Whether the query's text is one word, prefix or phrase (in any field or in one): one phrase of FTS5's.
    var isOnePhrase: Bool {
        switch expression {
        case .term?, .prefix?, .phrase?, .field(_, .term)?, .field(_, .prefix)?, .field(_, .phrase)?: return true
        default: return false
        }
    }

    /// Whether the query's text is one word or prefix (in any field or in one), or alternatives of words and
    /// prefixes, whatever its filters: then every document that holds one of the expression's phrases matches the
    /// text.
    var isWordAlternatives: Bool {
        guard let expression else { return false }
        func isWords(_ item: Expression) -> Bool {
            switch item {
            case .term, .prefix: return true
            case .any(let inner): return inner.allSatisfy(isWords)
            default: return false
            }
        }
        switch expression {
        case .field(_, .term), .field(_, .prefix): return true
        default: return isWords(expression)
        }
    }
}

extension SearchQuery.Expression {
    fileprivate var fts5: String {
        switch self {
        case .term(let text), .phrase(let text):
            return Self.quoted(text)
        case .prefix(let text):
            return Self.quoted(text) + " *"
        case .any(let items):
            return "(" + items.map(\.fts5).joined(separator: " OR ") + ")"
        case .all(let items):
            let positives = items.filter { !$0.isExclusion }.map(\.fts5)
            var result = "(" + positives.joined(separator: " AND ") + ")"
            for case .excluding(let inner) in items { result += " NOT " + inner.fts5 }
            return "(" + result + ")"
        case .excluding(let inner):
            // Only reachable in a hand-built query with nothing positive; FTS5 needs a left operand.
            return "(" + inner.fts5 + " NOT " + inner.fts5 + ")"
        case .field(let field, let inner):
            return "{" + field.rawValue + "} : (" + inner.fts5 + ")"
        case .near(let items, let distance):
            let phrases = items.compactMap { item -> String? in
                switch item {
                case .term(let text), .phrase(let text): return Self.quoted(text)
                case .prefix(let text): return Self.quoted(text) + " *"
                default: return nil
                }
            }
            guard phrases.count == items.count, phrases.count >= 2 else {
                return "(" + items.map(\.fts5).joined(separator: " AND ") + ")"
            }
            return "NEAR(" + phrases.joined(separator: " ") + ", \(max(0, distance)))"
        case .filter:
            // The parser moves filters out of the text; one nested in a hand-built expression matches nothing.
            return "\"\""
        }
    }

    private static func quoted(_ text: String) -> String {
        // Doubled scalar by scalar: a quote followed by a combining mark is one Character, which String-level
        // replacing would pass over. NUL would end the string for FTS5; hand-built expressions may hold one.
        var scalars = String.UnicodeScalarView()
        scalars.append("\"")
        for scalar in withoutNUL(text).unicodeScalars {
            if scalar == "\"" { scalars.append("\"") }
            scalars.append(scalar)
        }
        scalars.append("\"")
        return String(scalars)
    }

    /// The text with each NUL a space: NUL would end the string for FTS5 and for C.
    static func withoutNUL(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{0}") else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? " " : $0 }))
    }
}
