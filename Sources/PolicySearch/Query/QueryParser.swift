/// Parses the query language into a ``SearchQuery``.
///
/// The language: words (all must match), `"exact phrases"` (straight or curly quotes), `OR`, `AND`, `NOT` and
/// `-word` / `-"phrase"` exclusions, `prefix*`, parentheses, and `title:` / `body:` field filters. Operators are
/// upper case; lower-case "and", "or", "not" are words. Anything else is text to search: `dual-use`, `U.S.C.`,
/// `Sec. 4(b)` and `O'Neill` are searched as written, stray parentheses and an unclosed quote are forgiven, and
/// characters that cannot be searched (`§`) are passed over.
struct QueryParser {
    private let characters: [Character]
    private var index = 0
    private var depth = 0
    private var excludedOnlyPosition: Int?

    private static let openingQuotes: Set<Character> = ["\"", "“", "„", "«"]
    private static let closingQuotes: Set<Character> = ["\"", "”", "“", "»"]

    init(_ text: String) {
        characters = Array(text)
    }

    /// Parses the whole text.
    ///
    /// - Throws: ``QuerySyntaxError`` when nothing in the text can be searched for.
    mutating func parse() throws(QuerySyntaxError) -> SearchQuery.Expression {
        var expression: SearchQuery.Expression?
        while index < characters.count {
            if let parsed = parseAlternatives() {
                expression = expression.map { .all([$0, parsed]) } ?? parsed
            }
            if index < characters.count, characters[index] == ")" { index += 1 }  // a stray ")" at the top level
        }
        guard let expression, let searchable = Self.searchable(expression) else {
            if let position = excludedOnlyPosition {
                throw QuerySyntaxError("query only excludes words; add a word to search for", position: position)
            }
            throw QuerySyntaxError("query has nothing to search for", position: 0)
        }
        return searchable
    }

    // MARK: Grammar

    private mutating func parseAlternatives() -> SearchQuery.Expression? {
        var alternatives: [SearchQuery.Expression] = []
        if let first = parseSequence() { alternatives.append(first) }
        while keyword("OR") {
            index += 2
            if let next = parseSequence() { alternatives.append(next) }
        }
        return alternatives.count > 1 ? .any(alternatives) : alternatives.first
    }

    private mutating func parseSequence() -> SearchQuery.Expression? {
        var items: [SearchQuery.Expression] = []
        while true {
            skipWhitespace()
            guard index < characters.count else { break }
            let character = characters[index]
            if character == ")" {
                if depth > 0 { break }
                index += 1
                continue
            }
            if keyword("OR") { break }
            if keyword("AND") {
                index += 3
                continue
            }
            let start = index
            if keyword("NOT") {
                index += 3
                skipWhitespace()
                if let excluded = parseUnary() {
                    items.append(.excluding(excluded))
                    noteExclusion(at: start)
                }
                continue
            }
            if character == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
                index += 1
                if let excluded = parseUnary() {
                    items.append(.excluding(excluded))
                    noteExclusion(at: start)
                }
                continue
            }
            if let item = parseUnary() { items.append(item) }
        }
        return items.count > 1 ? .all(items) : items.first
    }

    /// Remembers where the first exclusion is, for the error when nothing positive is left.
    private mutating func noteExclusion(at position: Int) {
        if excludedOnlyPosition == nil { excludedOnlyPosition = position }
    }

    private mutating func parseUnary() -> SearchQuery.Expression? {
        guard index < characters.count else { return nil }
        let character = characters[index]
        if character == "(" {
            index += 1
            depth += 1
            let inner = parseAlternatives()
            depth -= 1
            if index < characters.count, characters[index] == ")" { index += 1 }
            return inner
        }
        if Self.openingQuotes.contains(character) {
            return parsePhrase()
        }
        return parseWord()
    }

    private mutating func parsePhrase() -> SearchQuery.Expression? {
        index += 1
        var text = ""
        while index < characters.count, !Self.closingQuotes.contains(characters[index]) {
            text.append(characters[index])
            index += 1
        }
        if index < characters.count { index += 1 }  // the closing quote; an unclosed phrase runs to the end
        var prefix = false
        if index < characters.count, characters[index] == "*" {
            prefix = true
            index += 1
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard Self.hasSearchableCharacters(words) else { return nil }
        return prefix ? .prefix(words) : .phrase(words)
    }

    private mutating func parseWord() -> SearchQuery.Expression? {
        var text = ""
        var localDepth = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace || Self.openingQuotes.contains(character) { break }
            if character == "(" { localDepth += 1 }
            if character == ")" {
                guard localDepth > 0 else { break }  // closes a group, or is stray (passed over by the caller)
                localDepth -= 1
            }
            if character == ":", localDepth == 0,
                let field = SearchField.searchable.first(where: { $0.rawValue == text.lowercased() })
            {
                index += 1
                if index < characters.count, !characters[index].isWhitespace, let inner = parseUnary() {
                    return .field(field, inner)
                }
                return Self.hasSearchableCharacters(text) ? .term(text) : nil
            }
            text.append(character)
            index += 1
        }
        var prefix = false
        while text.hasSuffix("*") {
            text.removeLast()
            prefix = true
        }
        guard Self.hasSearchableCharacters(text) else { return nil }
        return prefix ? .prefix(text) : .term(text)
    }

    // MARK: Helpers

    /// Whether an upper-case operator stands at the current position as a word of its own.
    private func keyword(_ word: String) -> Bool {
        let letters = Array(word)
        guard index + letters.count <= characters.count,
            Array(characters[index..<index + letters.count]) == letters
        else { return false }
        let after = index + letters.count
        return after == characters.count || characters[after].isWhitespace || characters[after] == "("
            || Self.openingQuotes.contains(characters[after])
    }

    private mutating func skipWhitespace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    /// Whether text has a character the index can match (a letter or a digit).
    static func hasSearchableCharacters<Text: StringProtocol>(_ text: Text) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// Removes what cannot run: exclusions with nothing positive beside them, empty groups.
    static func searchable(_ expression: SearchQuery.Expression) -> SearchQuery.Expression? {
        switch expression {
        case .term, .prefix, .phrase:
            return expression
        case .excluding:
            return nil
        case .field(let field, let inner):
            return searchable(inner).map { .field(field, $0) }
        case .any(let items):
            let kept = items.compactMap(searchable)
            return kept.count > 1 ? .any(kept) : kept.first
        case .all(let items):
            var flattened: [SearchQuery.Expression] = []
            for item in items {
                if case .all(let inner) = item { flattened += inner } else { flattened.append(item) }
            }
            let positives = flattened.filter { !$0.isExclusion }.compactMap(searchable)
            guard !positives.isEmpty else { return nil }
            let exclusions = flattened.compactMap { item -> SearchQuery.Expression? in
                guard case .excluding(let inner) = item else { return nil }
                return searchable(inner).map { .excluding($0) }
            }
            let kept = positives + exclusions
            return kept.count > 1 ? .all(kept) : kept.first
        }
    }
}

extension SearchQuery.Expression {
    var isExclusion: Bool {
        if case .excluding = self { return true }
        return false
    }
}

extension SearchQuery {
    /// Parses a query typed by a person.
    ///
    /// Almost any text parses: see the query syntax article for the operators, and for how punctuation and
    /// unbalanced quotes or parentheses are treated.
    ///
    /// - Parameter text: The query text.
    /// - Throws: ``QuerySyntaxError`` when the text has nothing to search for (it is empty, or only operators,
    ///   punctuation or exclusions).
    public init(parsing text: String) throws(QuerySyntaxError) {
        var parser = QueryParser(text)
        self.init(try parser.parse())
    }
}
