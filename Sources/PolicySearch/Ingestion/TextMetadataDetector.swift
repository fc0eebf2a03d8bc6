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
    /// - Parameters:
    ///   - text: The document's text.
    ///   - fromTheTop: Whether to match each heading's pattern from the top of the text instead of from the first
    ///     line that can start it (the same findings, slower; kept to check the faster way).
    /// - Returns: What the text says: type, date and order number, each when found.
    static func findings(in text: String, fromTheTop: Bool = false) -> Findings {
        let head = text.prefixCharacters(4000)
        // Each heading starts a line with its first word, so its pattern is tried only at the lines that do, as
        // an anchored match: matching from the top costs much more (case-insensitive patterns at every position).
        let bytes = Array(head.utf8)
        func firstMatch(_ pattern: NSRegularExpression, word: StaticString) -> (String, NSTextCheckingResult)? {
            if fromTheTop {
                return pattern.firstMatch(in: head, range: NSRange(head.startIndex..., in: head)).map { (head, $0) }
            }
            var from = 0
            while let start = lineStart(reaching: word, in: bytes, from: from) {
                // A line start follows a line terminator, so it is always a character boundary.
                let rest = String(decoding: bytes[start...], as: UTF8.self)
                let range = NSRange(rest.startIndex..., in: rest)
                if let match = pattern.firstMatch(in: rest, options: .anchored, range: range) { return (rest, match) }
                guard let next = nextLineStart(after: start, in: bytes) else { return nil }
                from = next
            }
            return nil
        }
        var findings = Findings()
        if let (rest, match) = firstMatch(executiveOrderHeading, word: "executive") {
            findings.type = .executiveOrder
            findings.executiveOrderNumber = rest.substring(match.range(at: 1))?.replacingASCII(",", with: nil)
            findings.date = date(in: rest, match: match, firstGroup: 2)
        } else if let (rest, match) = firstMatch(proclamationHeading, word: "proclamation") {
            findings.type = .proclamation
            findings.date = date(in: rest, match: match, firstGroup: 1)
        } else if fromTheTop || bytes.containsLiteral("proclamation", ignoringCase: true),
            proclamationPreamble.firstMatch(in: head, range: NSRange(head.startIndex..., in: head)) != nil
        {
            findings.type = .proclamation
        } else if let (rest, match) = firstMatch(memorandumHeading, word: "memorandum") {
            findings.type = .memorandum
            findings.date = date(in: rest, match: match, firstGroup: 1)
        } else if bytes.containsLiteral("MEMORANDUM FOR ") {
            findings.type = .memorandum
        }
        if findings.date == nil {
            findings.date = firstDate(in: head, wholeText: fromTheTop)
        }
        return findings
    }

    /// Whether a byte is one that `^[\s*_#>]*` may skip at a line start (or may belong to white space beyond ASCII).
    private static func isLinePadding(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: ">") || byte >= 0x80
    }

    /// The byte offset of the first line start at or after `from` (itself a line start) from which only padding
    /// (``isLinePadding(_:)``) leads to a word, in any case; `nil` when no further line can start with it, so
    /// neither can a heading that begins with it.
    private static func lineStart(reaching word: StaticString, in bytes: [UInt8], from: Int = 0) -> Int? {
        var start = from
        while start < bytes.count {
            var index = start
            while index < bytes.count, isLinePadding(bytes[index]) { index += 1 }
            if bytes.hasLiteral(word, at: index, ignoringCase: true) { return start }
            // Every line start up to `index` leads to the same place: go on after the first terminator from there.
            guard let next = nextLineStart(after: index, in: bytes) else { return nil }
            start = next
        }
        return nil
    }

    /// The offset after the first line terminator at or after `offset`.
    private static func nextLineStart(after offset: Int, in bytes: [UInt8]) -> Int? {
        bytes[offset...].indices.first { isLineTerminator(at: $0, in: bytes) }.map { $0 + 1 }
    }

    /// Whether a byte ends one of ICU's line terminators: U+000A–U+000D, U+0085, U+2028 or U+2029.
    private static func isLineTerminator(at offset: Int, in bytes: [UInt8]) -> Bool {
        switch bytes[offset] {
        case 0x0A...0x0D: true
        case 0x85: offset >= 1 && bytes[offset - 1] == 0xC2
        case 0xA8, 0xA9: offset >= 2 && bytes[offset - 2] == 0xE2 && bytes[offset - 1] == 0x80
        default: false
        }
    }

    /// The first full date ("March 4, 2019") in a text.
    ///
    /// - Parameters:
    ///   - text: Any text.
    ///   - wholeText: Whether to match the whole text instead of only the stretches around each comma between
    ///     digits (the same date, slower; kept to check the faster way).
    /// - Returns: The date, or `nil` when the text holds none.
    static func firstDate(in text: String, wholeText: Bool = false) -> CalendarDate? {
        if wholeText {
            let range = NSRange(text.startIndex..., in: text)
            return anyDate.firstMatch(in: text, range: range).flatMap { date(in: text, match: $0, firstGroup: 1) }
        }
        // Every date has a comma between its day and its year; most text has few such commas, and matching the
        // month names in any case at every position is slow. Each stretch reaches back over the longest month and
        // forward over the year, widened to white space so that no word is cut.
        let bytes = Array(text.utf8)
        func isDigit(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || byte >= 0x80 }
        func isSpace(_ byte: UInt8) -> Bool { byte <= 0x20 }
        for comma in bytes.indices where bytes[comma] == UInt8(ascii: ",") {
            guard comma > 0, isDigit(bytes[comma - 1]) else { continue }
            var after = comma + 1
            while after < bytes.count, isSpace(bytes[after]) || bytes[after] >= 0x80 { after += 1 }
            guard after < bytes.count, isDigit(bytes[after]) else { continue }
            var start = max(0, comma - 48)
            while start > 0, !isSpace(bytes[start]) { start -= 1 }
            var end = min(bytes.count, after + 8)
            while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
            guard let piece = String(validating: bytes[start..<end], as: UTF8.self) else { continue }
            let range = NSRange(piece.startIndex..., in: piece)
            if let match = anyDate.firstMatch(in: piece, range: range) {
                return date(in: piece, match: match, firstGroup: 1)
            }
        }
        return nil
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
        return (number.replacingASCII(",", with: nil), title)
    }
}
