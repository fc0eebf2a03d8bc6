import Foundation

/// Finds a document's type, signing date and executive order number in its own words.
///
/// For example "Executive Order 13859 of February 11, 2019", "Proclamation 10886 of January 20, 2025" or "MEMORANDUM FOR THE
/// HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES".
enum TextMetadataDetector {
    /// What the text says about itself.
    struct Findings: Equatable {
        var type: DocumentType?
        var date: CalendarDate?
        var executiveOrderNumber: String?
    }

    private static let monthPattern =
        "(January|February|March|April|May|June|July|August|September|October|November|December"
        + "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)"
    private static let datePattern = monthPattern + "\\s+(\\d{1,2}),\\s*(\\d{4})"

    private static let lineStart = "^[\\s*_#>]*"
    private static let executiveOrderHeading = regex(
        lineStart + "Executive\\s+Order\\s+(?:No\\.?\\s*)?(\\d{1,2},?\\d{3}(?:-?[A-Z])?)\\s+of\\s+" + datePattern
    )
    private static let proclamationHeading = regex(
        lineStart + "Proclamation\\s+(?:No\\.?\\s*)?\\d{3,5}\\s+of\\s+" + datePattern
    )
    private static let proclamationPreamble = regex(
        "By\\s+the\\s+President\\s+of\\s+the\\s+United\\s+States\\s+of\\s+America\\s*\\n?\\s*A\\s+Proclamation"
    )
    private static let memorandumHeading = regex(lineStart + "Memorandum\\s+of\\s+" + datePattern)
    private static let anyDate = regex(datePattern)

    /// Looks at the start of a text (where official documents name themselves) for its type, date and number.
    ///
    /// - Parameter text: The document's text.
    /// - Returns: What the text says: type, date and order number, each when found.
    static func findings(in text: String) -> Findings {
        let head = String(text.prefix(4000))
        let range = NSRange(head.startIndex..., in: head)
        var findings = Findings()
        if let match = executiveOrderHeading.firstMatch(in: head, range: range) {
            findings.type = .executiveOrder
            findings.executiveOrderNumber = head.substring(match.range(at: 1))?.replacingOccurrences(of: ",", with: "")
            findings.date = date(in: head, match: match, firstGroup: 2)
        } else if let match = proclamationHeading.firstMatch(in: head, range: range) {
            findings.type = .proclamation
            findings.date = date(in: head, match: match, firstGroup: 1)
        } else if proclamationPreamble.firstMatch(in: head, range: range) != nil {
            findings.type = .proclamation
        } else if let match = memorandumHeading.firstMatch(in: head, range: range) {
            findings.type = .memorandum
            findings.date = date(in: head, match: match, firstGroup: 1)
        } else if head.contains("MEMORANDUM FOR ") {
            findings.type = .memorandum
        }
        if findings.date == nil {
            findings.date = firstDate(in: head)
        }
        return findings
    }

    /// The first full date ("March 4, 2019") in a text.
    ///
    /// - Parameter text: Any text.
    /// - Returns: The date, or `nil` when the text holds none.
    static func firstDate(in text: String) -> CalendarDate? {
        let range = NSRange(text.startIndex..., in: text)
        return anyDate.firstMatch(in: text, range: range).flatMap { date(in: text, match: $0, firstGroup: 1) }
    }

    /// Parses a written date such as "March 4, 2019", "Mar 4, 2019" or "2019-03-04".
    ///
    /// - Parameter text: The date's text, alone.
    /// - Returns: The date, or `nil` when the text holds none.
    static func date(from text: String) -> CalendarDate? {
        let trimmed = text.trimmingWhitespace()
        if let iso = CalendarDate(isoString: String(trimmed.prefix(10))) { return iso }
        return firstDate(in: trimmed)
    }

    private static func date(in text: String, match: NSTextCheckingResult, firstGroup: Int) -> CalendarDate? {
        guard match.numberOfRanges > firstGroup + 2,
            let monthName = text.substring(match.range(at: firstGroup)),
            let dayText = text.substring(match.range(at: firstGroup + 1)),
            let yearText = text.substring(match.range(at: firstGroup + 2)),
            let day = Int(dayText), let year = Int(yearText),
            let month = monthNumber(monthName)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    private static func monthNumber(_ name: String) -> Int? {
        let key = name.lowercased().prefix(3)
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return months.firstIndex(of: String(key)).map { $0 + 1 }
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .anchorsMatchLines])
        } catch {
            fatalError("Invalid built-in pattern \(pattern): \(error)")  // a programmer error, caught by any test
        }
    }
}

extension String {
    func substring(_ range: NSRange) -> String? {
        guard range.location != NSNotFound, let swiftRange = Range(range, in: self) else { return nil }
        return String(self[swiftRange])
    }
}

extension TextMetadataDetector {
    private static let numberedHeading = regex(
        "^\\s*Executive\\s+Order\\s+(?:No\\.?\\s*)?(\\d{1,2},?\\d{3}(?:-[A-Z])?)\\s*(?::|—|–|--|-)\\s*(.+)$"
    )

    /// Splits a heading such as "Executive Order 14129: Providing for …" or "Executive Order 6562—Additional …"
    /// into the order's number and its title.
    ///
    /// - Parameter heading: A heading line.
    /// - Returns: The number and the title, or `nil` when the heading is not written that way.
    static func splitNumberedHeading(_ heading: String) -> (number: String, title: String)? {
        let range = NSRange(heading.startIndex..., in: heading)
        guard let match = numberedHeading.firstMatch(in: heading, range: range),
            let number = heading.substring(match.range(at: 1)),
            let title = heading.substring(match.range(at: 2))?.trimmingWhitespace(), !title.isEmpty
        else { return nil }
        return (number.replacingOccurrences(of: ",", with: ""), title)
    }
}
