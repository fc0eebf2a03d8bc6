import Foundation

/// Classifies White House "Presidential Actions" postings by the category label glued into their text
/// ("…HEADLINEExecutive OrdersNovember 17, 2025…"), else by their opening words ("A PROCLAMATION", "MEMORANDUM
/// FOR", "it is hereby ordered", "NOMINATIONS SENT TO THE SENATE").
enum PostingClassifier {
    private static let nominations = DocumentType(rawValue: "nominations_and_appointments")
    private static let factSheet = DocumentType(rawValue: "fact_sheet")
    private static let clemency = DocumentType(rawValue: "clemency")
    private static let otherAction = DocumentType(rawValue: "other_presidential_action")

    /// The site's category labels, as glued after the headline.
    private static let categories: [(String, DocumentType)] = [
        ("Nominations & Appointments", nominations), ("Presidential Memoranda", .memorandum),
        ("Executive Orders", .executiveOrder), ("Proclamations", .proclamation), ("Fact Sheets", factSheet),
        ("EXECUTIVE ORDER", .executiveOrder), ("ECEXUTIVE ORDER", .executiveOrder), ("PROCLAMATION", .proclamation),
    ]

    /// Words that give a posting's kind away when it has no label, most telling first.
    private static let openings: [(String, DocumentType)] = [
        ("a proclamation", .proclamation), ("hereby proclaim", .proclamation), ("memorandum for", .memorandum),
        ("memorandum to", .memorandum), ("presidential memorandum", .memorandum), ("subject:", .memorandum),
        ("nominations sent to the senate", nominations), ("i nominate", nominations), ("appointments", nominations),
        ("i hereby designate", nominations), ("it is hereby ordered", .executiveOrder), ("i hereby order", .memorandum),
        ("by the authority vested in me", .executiveOrder),
    ]

    /// The posting's type, or `nil` when the text is not a White House posting.
    ///
    /// - Parameters:
    ///   - body: The posting's text.
    ///   - headline: The posting's headline.
    /// - Returns: The type its label or opening words give.
    static func type(ofPosting body: String, headline: String?) -> DocumentType? {
        guard body.hasPrefix("Presidential Actions") || body.hasPrefix("Executive order") else { return nil }
        let title = (headline ?? "").lowercased()
        if title.hasPrefix("fact sheet") { return factSheet }
        var window = Substring(body.prefix(500))
        if let headline, let range = window.range(of: headline, options: [.caseInsensitive]) {
            window = window[range.upperBound...].prefix(160)
        }
        if title.contains("clemency") || title.contains("pardon") {
            return window.contains("PROCLAMATION") || window.contains("Proclamations") ? .proclamation : clemency
        }
        if title.contains("memorandum") { return .memorandum }
        let labelled = categories.compactMap { label, type -> (String.Index, DocumentType)? in
            window.range(of: label).map { ($0.lowerBound, type) }
        }.min { $0.0 < $1.0 }
        if let labelled { return labelled.1 }
        let opening = body.prefix(1200).lowercased()
        if let (_, type) = openings.first(where: { opening.contains($0.0) }) { return type }
        if title.hasSuffix(", 2025") || title.hasSuffix(", 2026") { return .proclamation }
        return otherAction
    }
}
