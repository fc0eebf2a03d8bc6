import Foundation

/// The metadata fields a query can filter on with `field:value`.
enum FilterField: String, CaseIterable {
    case type, president, eo, cites, section, signed, published

    /// Makes the filter a value stands for.
    ///
    /// - Parameters:
    ///   - value: The text after the colon.
    ///   - position: Where the field starts in the query, for errors.
    /// - Returns: The filter.
    /// - Throws: ``QuerySyntaxError`` when the value cannot be read (a date that is not one).
    func filter(_ value: String, position: Int) throws(QuerySyntaxError) -> SearchFilter {
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw QuerySyntaxError("\(rawValue): needs a value", position: position) }
        switch self {
        case .type:
            return .type(.named(trimmed))
        case .president:
            return .president(trimmed)
        case .eo:
            return .executiveOrder(Self.orderNumber(trimmed) ?? trimmed)
        case .cites:
            if let number = Self.orderNumber(trimmed) { return .cites("EO " + number) }
            return .cites(CitationExtractor.citations(in: trimmed).first?.text ?? trimmed)
        case .section:
            return .section(trimmed)
        case .signed, .published:
            guard let range = DateRange(parsing: trimmed) else {
                throw QuerySyntaxError(
                    "\(rawValue): takes a date such as 2025, 2025-01, 2025-01-20, 2020..2024 or >2020",
                    position: position
                )
            }
            return self == .signed ? .signed(range) : .published(range)
        }
    }

    /// `14110`, `14,110`, `EO14110` or `6106-A` as an executive order number.
    static func orderNumber(_ text: String) -> String? {
        var digits = text.uppercased()
        for prefix in ["E.O.", "EO"] where digits.hasPrefix(prefix) { digits = String(digits.dropFirst(prefix.count)) }
        digits = digits.replacingOccurrences(of: ",", with: "").trimmingWhitespace()
        let parts = digits.split(separator: "-", omittingEmptySubsequences: false)
        guard let number = parts.first, (3...5).contains(number.count), number.allSatisfy(\.isNumber),
            parts.count == 1 || (parts.count == 2 && parts[1].count == 1 && parts[1].allSatisfy(\.isLetter))
        else { return nil }
        return digits
    }
}

/// Recognizes references written as text in a query, so that they match the document or its citations instead of
/// loose numbers: `EO 14110`, `E.O. 14110`, `Executive Order 14110`, `Executive Order No. 14,110`, `90 FR 8741`
/// and Federal Register document numbers such as `2025-02172`.
enum ReferenceRecognizer {
    private struct Pattern: Sendable {
        let regex: NSRegularExpression
        let make: @Sendable ([String]) -> SearchFilter?

        init(_ regex: NSRegularExpression, _ make: @escaping @Sendable ([String]) -> SearchFilter?) {
            self.regex = regex
            self.make = make
        }
    }

    private static let patterns: [Pattern] = [
        Pattern(
            regex(
                "^(?:(?i:executive\\s+order)|E\\.\\s?O\\.|(?i:eo))\\s*(?:(?i:no)\\.?\\s*)?(\\d{1,2},?\\d{3}(?:-[A-Z])?)"
            ),
            { groups in
                FilterField.orderNumber(groups[0]).map { .reference(Citation(kind: .executiveOrder, text: "EO " + $0)) }
            }
        ),
        Pattern(
            regex("^(\\d{1,3})\\s+FR\\s+(\\d{1,3}(?:,\\d{3})+|\\d+)"),
            { groups in
                .reference(
                    Citation(
                        kind: .federalRegister,
                        text: "\(groups[0]) FR \(groups[1].replacingOccurrences(of: ",", with: ""))"
                    )
                )
            }
        ),
        Pattern(
            regex("^((?:19|20)\\d{2}-\\d{5}|\\d{2}-\\d{4,5}|E\\d-\\d{3,5})"),
            { groups in .documentNumber(groups[0]) }
        ),
    ]

    /// The reference that starts at a position of the query, and how many characters it takes.
    ///
    /// - Parameters:
    ///   - characters: The query's characters.
    ///   - start: The position to look at.
    /// - Returns: The filter and its length, or `nil` when no reference starts there.
    static func reference(in characters: [Character], at start: Int) -> (SearchFilter, Int)? {
        guard start < characters.count, characters[start].isLetter || characters[start].isNumber else { return nil }
        let windowEnd = min(characters.count, start + 40)
        // Every pattern needs a digit, so most words are settled here, before the patterns are first compiled
        // (about 3 ms, a tenth of a search from the command line).
        guard characters[start..<windowEnd].contains(where: \.isNumber) else { return nil }
        let window = String(characters[start..<windowEnd])
        let range = NSRange(window.startIndex..., in: window)
        for pattern in patterns {
            guard let match = pattern.regex.firstMatch(in: window, range: range),
                let matched = Range(match.range, in: window)
            else { continue }
            let length = window[matched].count
            // A reference must end where a word ends ("2025-02172x" is not one).
            let end = start + length
            if end < characters.count, characters[end].isLetter || characters[end].isNumber { continue }
            let groups = (1..<match.numberOfRanges).compactMap { window.substring(match.range(at: $0)) }
            if let filter = pattern.make(groups) { return (filter, length) }
        }
        return nil
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            fatalError("Invalid built-in pattern \(pattern): \(error)")  // a programmer error, caught by any test
        }
    }
}
