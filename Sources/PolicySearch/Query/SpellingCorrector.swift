/// Suggests a correction for a query word the index does not hold, from the index's own vocabulary.
///
/// The vocabulary holds stems ("artifici" for "artificial"), so a candidate is compared with the start of the
/// word as long as the stem; edit distance decides, document frequency breaks ties. Words with digits or
/// punctuation (numbers, citations) are never corrected.
enum SpellingCorrector {
    /// Whether a word may be corrected: letters only, at least four of them.
    static func isCorrectable(_ word: String) -> Bool {
        word.count >= 4 && word.allSatisfy { $0.isLetter }
    }

    /// The best candidate for a word, or `nil` when none is close enough.
    ///
    /// - Parameters:
    ///   - word: The word as typed.
    ///   - candidates: Indexed terms with their document counts.
    /// - Returns: The chosen term.
    /// Endings the Porter stemmer removes, to turn a stem back into the words it stands for.
    private static let endings = [
        "", "e", "s", "es", "ed", "ing", "y", "ies", "ion", "ions", "al", "ly", "ment", "ments", "ence", "ance",
        "er", "ers", "ity", "ive", "ize", "ized", "ation", "ations", "ate", "ated", "ous", "ness", "ful",
    ]

    static func correction(for word: String, among candidates: [(String, Int)]) -> String? {
        let typed = Array(word.lowercased())
        let allowed = typed.count <= 5 ? 1 : 2
        var best: (distance: Int, documents: Int, term: String)?
        for (term, documents) in candidates where documents > 0 {
            // A stem drops a suffix, but not half the word: "well" is no correction for "wetlnds".
            guard term.count >= 3, Double(term.count) >= Double(typed.count) * 0.6 else { continue }
            // The nearest word the stem stands for ("classifi" + "ed" for "clasified").
            let distance = endings.lazy.map { editDistance(typed, Array(term + $0)) }.min() ?? Int.max
            guard distance <= allowed else { continue }
            if let current = best, (distance, -documents) >= (current.distance, -current.documents) { continue }
            best = (distance, documents, term)
        }
        return best?.term
    }

    static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    /// The plain words of an expression that may be corrected, in order.
    static func words(in expression: SearchQuery.Expression) -> [String] {
        switch expression {
        case .term(let text): return isCorrectable(text) ? [text] : []
        case .prefix, .phrase, .filter, .near: return []
        case .excluding: return []
        case .field(_, let inner): return words(in: inner)
        case .all(let items), .any(let items): return items.flatMap(words(in:))
        }
    }

    /// The expression with words replaced.
    static func replacing(
        _ replacements: [String: String],
        in expression: SearchQuery.Expression
    )
        -> SearchQuery.Expression
    {
        switch expression {
        case .term(let text): return .term(replacements[text] ?? text)
        case .prefix, .phrase, .filter, .near, .excluding: return expression
        case .field(let field, let inner): return .field(field, replacing(replacements, in: inner))
        case .all(let items): return .all(items.map { replacing(replacements, in: $0) })
        case .any(let items): return .any(items.map { replacing(replacements, in: $0) })
        }
    }
}
