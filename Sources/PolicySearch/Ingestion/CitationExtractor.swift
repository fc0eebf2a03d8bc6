import Foundation

/// Finds citations in text and normalizes them.
///
/// It knows executive orders, the United States Code (with or without §, and "section 301 of title 3, United
/// States Code"), the CFR, Federal Register pages and public laws.
enum CitationExtractor {
    private struct Pattern: Sendable {
        let kind: Citation.Kind
        let regex: NSRegularExpression
        let format: @Sendable ([String]) -> String?
    }

    private static let number = "(\\d{1,2},?\\d{3}(?:-[A-Z])?)"

    private static let patterns: [Pattern] = [
        Pattern(
            kind: .executiveOrder,
            regex: regex("(?:(?i:executive\\s+orders?)|E\\.\\s?O\\.|\\bEO)\\s+(?:(?i:No)\\.?\\s*)?" + number + "\\b"),
            format: { "EO " + $0[0].replacingOccurrences(of: ",", with: "") }
        ),
        Pattern(
            kind: .unitedStatesCode,
            regex: regex("\\b(\\d{1,2})\\s+U\\.\\s?S\\.\\s?C\\.?\\s*(?:§§?\\s*)?(\\d+[a-z]?(?:-\\d+)?)"),
            format: { "\($0[0]) U.S.C. \($0[1])" }
        ),
        Pattern(
            kind: .unitedStatesCode,
            regex: regex(
                "(?i:section)\\s+(\\d+[a-z]?)(?:\\([a-z0-9]+\\))*\\s+of\\s+title\\s+(\\d{1,2}),?\\s+United\\s+States\\s+Code"
            ),
            format: { "\($0[1]) U.S.C. \($0[0])" }
        ),
        Pattern(
            kind: .codeOfFederalRegulations,
            regex: regex("\\b(\\d{1,2})\\s+C\\.?\\s?F\\.?\\s?R\\.?\\s+(?:(?i:parts?)\\s+|§§?\\s*)?(\\d+(?:\\.\\d+)?)"),
            format: { "\($0[0]) CFR \($0[1])" }
        ),
        Pattern(
            kind: .codeOfFederalRegulations,
            regex: regex(
                "(?i:section|part)\\s+(\\d+(?:\\.\\d+)?)\\s+of\\s+title\\s+(\\d{1,2}),?\\s+Code\\s+of\\s+Federal\\s+Regulations"
            ),
            format: { "\($0[1]) CFR \($0[0])" }
        ),
        Pattern(
            kind: .federalRegister,
            regex: regex("\\b(\\d{1,3})\\s+(?:FR|Fed\\.\\s?Reg\\.)\\s+(\\d{1,3}(?:,\\d{3})*|\\d+)\\b"),
            format: { "\($0[0]) FR \($0[1].replacingOccurrences(of: ",", with: ""))" }
        ),
        Pattern(
            kind: .publicLaw,
            regex: regex(
                "(?:(?i:public\\s+law)|Pub\\.\\s?L\\.|P\\.\\s?L\\.)\\s*(?:No\\.\\s*)?(\\d{2,3})\\s*-\\s*(\\d{1,4})\\b"
            ),
            format: { "Pub. L. \($0[0])-\($0[1])" }
        ),
    ]

    /// The citations in a text, each once, in order of first appearance.
    ///
    /// - Parameters:
    ///   - text: The text to read.
    ///   - excludingOrder: The document's own executive order number, which is not a citation of another order.
    /// - Returns: The normalized citations.
    static func citations(in text: String, excludingOrder: String? = nil) -> [Citation] {
        // En dashes and non-breaking hyphens read as hyphens ("Pub. L. 117–58"). Foundation's replacingOccurrences
        // folds character clusters with the locale, a large share of indexing time; scalars are enough here.
        let isDash: (Unicode.Scalar) -> Bool = { $0 == "\u{2013}" || $0 == "\u{2011}" }
        let prepared =
            text.unicodeScalars.contains(where: isDash)
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { isDash($0) ? "-" : $0 })) : text
        let range = NSRange(prepared.startIndex..., in: prepared)
        var found: [(location: Int, citation: Citation)] = []
        for pattern in patterns {
            for match in pattern.regex.matches(in: prepared, range: range) {
                let groups = (1..<match.numberOfRanges).compactMap { prepared.substring(match.range(at: $0)) }
                guard groups.count == match.numberOfRanges - 1, let text = pattern.format(groups) else { continue }
                found.append((match.range.location, Citation(kind: pattern.kind, text: text)))
            }
        }
        let own = excludingOrder.map { "EO " + $0 }
        var seen = Set<Citation>()
        return found.sorted { $0.location < $1.location }.map(\.citation).filter { citation in
            guard citation.text != own || citation.kind != .executiveOrder else { return false }
            return seen.insert(citation).inserted
        }
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            fatalError("Invalid built-in pattern \(pattern): \(error)")  // a programmer error, caught by any test
        }
    }
}
