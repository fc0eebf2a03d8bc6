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
    /// Where each filter was written, for errors about filters in the wrong place.
    private var filterPositions: [SearchFilter: Int] = [:]
    /// The first malformed filter value (`signed:yesterday`), reported when parsing ends.
    private var pendingError: QuerySyntaxError?

    private static let openingQuotes: Set<Character> = ["\"", "“", "„", "«"]
    private static let closingQuotes: Set<Character> = ["\"", "”", "“", "»"]

    init(_ text: String) {
        // The same normalization as documents get: NFC, and no NUL, control or private-use characters.
        characters = Array(text.normalizedForIndexing)
    }

    /// Parses the whole text.
    ///
    /// - Returns: The query: its text expression and the filters written at its top level.
    /// - Throws: ``QuerySyntaxError`` when nothing in the text can be searched for, a filter value is malformed,
    ///   or a filter stands inside `OR` or parentheses.
    mutating func parse() throws(QuerySyntaxError) -> SearchQuery {
        var expression: SearchQuery.Expression?
        while index < characters.count {
            if let parsed = parseAlternatives() {
                expression = expression.map { .all([$0, parsed]) } ?? parsed
            }
            if index < characters.count, characters[index] == ")" { index += 1 }  // a stray ")" at the top level
        }
        if let pendingError { throw pendingError }
        var items: [SearchQuery.Expression] = []
        if case .all(let top)? = expression { items = top } else if let expression { items = [expression] }
        var filters: [SearchFilter] = []
        var text: [SearchQuery.Expression] = []
        for item in items {
            switch item {
            case .filter(let filter): filters.append(filter)
            case .excluding(.filter(let filter)): filters.append(.not(filter))
            default:
                if let nested = Self.firstFilter(in: item) {
                    throw QuerySyntaxError(
                        "\(nested) is a filter; filters combine with the rest of a query by AND, not inside OR or "
                            + "parentheses",
                        position: filterPositions[nested] ?? 0
                    )
                }
                text.append(item)
            }
        }
        let searchable = text.isEmpty ? nil : Self.searchable(text.count == 1 ? text[0] : .all(text))
        if let searchable { return SearchQuery(searchable, filters: filters) }
        if !filters.isEmpty {
            // Only exclusions beside filters: "type:order -draft" lists the orders without the word.
            let excluded = text.compactMap { item -> SearchFilter? in
                guard case .excluding(let inner) = item, let kept = Self.searchable(inner) else { return nil }
                return .not(.matching(kept))
            }
            return SearchQuery(filters: filters + excluded)
        }
        if let position = excludedOnlyPosition {
            throw QuerySyntaxError("query only excludes words; add a word to search for", position: position)
        }
        throw QuerySyntaxError("query has nothing to search for", position: 0)
    }

    private static func firstFilter(in expression: SearchQuery.Expression) -> SearchFilter? {
        switch expression {
        case .filter(let filter): return filter
        case .term, .prefix, .phrase: return nil
        case .excluding(let inner), .field(_, let inner): return firstFilter(in: inner)
        case .all(let items), .any(let items), .near(let items, _): return items.lazy.compactMap(firstFilter).first
        }
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
            if let distance = nearOperator(), let left = items.last {
                skipWhitespace()
                if let right = parseUnary() {
                    items[items.count - 1] = .near([left, right], distance: distance)
                }
            }
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
        let start = index
        if let (filter, length) = ReferenceRecognizer.reference(in: characters, at: index) {
            index += length
            filterPositions[filter] = filterPositions[filter] ?? start
            return .filter(filter)
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
            if character == ":", localDepth == 0, let field = FilterField(rawValue: text.lowercased()) {
                let start = index - text.count
                index += 1
                guard index < characters.count, !characters[index].isWhitespace else {
                    return Self.hasSearchableCharacters(text) ? .term(text) : nil
                }
                let values = parseFilterValues()
                do throws(QuerySyntaxError) {
                    let filters = try values.map { value throws(QuerySyntaxError) in
                        try field.filter(value, position: start)
                    }
                    guard let first = filters.first else { return nil }
                    let filter = filters.count == 1 ? first : .anyOf(filters)
                    filterPositions[filter] = filterPositions[filter] ?? start
                    return .filter(filter)
                } catch {
                    if pendingError == nil { pendingError = error }
                    return nil
                }
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

    // MARK: Filters

    /// The value(s) after `field:`: a word, a "quoted value", or `(a OR b)`.
    private mutating func parseFilterValues() -> [String] {
        guard index < characters.count else { return [] }
        if characters[index] == "(" {
            index += 1
            var inside = ""
            while index < characters.count, characters[index] != ")" {
                inside.append(characters[index])
                index += 1
            }
            if index < characters.count { index += 1 }
            var values: [String] = []
            for word in inside.split(whereSeparator: \.isWhitespace) where word != "OR" && word != "AND" {
                let value = String(word.filter { !Self.openingQuotes.contains($0) && !Self.closingQuotes.contains($0) })
                if !value.isEmpty { values.append(value) }
            }
            return values
        }
        if Self.openingQuotes.contains(characters[index]) {
            index += 1
            var value = ""
            while index < characters.count, !Self.closingQuotes.contains(characters[index]) {
                value.append(characters[index])
                index += 1
            }
            if index < characters.count { index += 1 }
            return value.isEmpty ? [] : [value]
        }
        var value = ""
        while index < characters.count, !characters[index].isWhitespace, !(characters[index] == ")" && depth > 0) {
            value.append(characters[index])
            index += 1
        }
        return [value]
    }

    /// The `NEAR` or `NEAR/5` operator at the current position, consumed, with its distance (10 by default).
    private mutating func nearOperator() -> Int? {
        var cursor = index
        while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
        let word = Array("NEAR")
        guard cursor + word.count <= characters.count, Array(characters[cursor..<cursor + word.count]) == word
        else { return nil }
        var end = cursor + word.count
        var distance = 10
        if end < characters.count, characters[end] == "/" {
            var digits = ""
            var digitEnd = end + 1
            while digitEnd < characters.count, characters[digitEnd].isNumber, digits.count < 3 {
                digits.append(characters[digitEnd])
                digitEnd += 1
            }
            guard let value = Int(digits) else { return nil }
            distance = value
            end = digitEnd
        }
        guard end == characters.count || characters[end].isWhitespace else { return nil }
        index = end
        return distance
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
        case .excluding, .filter:
            return nil
        case .field(let field, let inner):
            return searchable(inner).map { .field(field, $0) }
        case .near(let items, let distance):
            let kept = items.compactMap(searchable)
            return kept.count > 1 ? .near(kept, distance: distance) : kept.first
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
        self = try parser.parse()
    }
}
