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
            format: { "EO " + $0[0].replacingASCII(",", with: nil) }
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
            format: { "\($0[0]) FR \($0[1].replacingASCII(",", with: nil))" }
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
    ///   - wholeText: Whether to match every pattern's regular expression against the whole text, instead of
    ///     ``CitationScanner``'s reading by hand and the two `section … of title` patterns around their anchors (the
    ///     same citations, many times slower; kept to check the faster way).
    /// - Returns: The normalized citations.
    static func citations(in text: String, excludingOrder: String? = nil, wholeText: Bool = false) -> [Citation] {
        // En dashes and non-breaking hyphens read as hyphens ("Pub. L. 117–58"). Foundation's replacingOccurrences
        // folds character clusters with the locale, a large share of indexing time; scalars are enough here.
        // Both are E2 80 9x in UTF-8: a byte search finds them.
        let isDash: (Unicode.Scalar) -> Bool = { $0 == "\u{2013}" || $0 == "\u{2011}" }
        let hasDash = text.withUTF8Bytes { bytes in
            bytes.indices.dropLast(2).contains { index in
                bytes[index] == 0xE2 && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0x93 || bytes[index + 2] == 0x91)
            }
        }
        let prepared =
            hasDash ? String(String.UnicodeScalarView(text.unicodeScalars.map { isDash($0) ? "-" : $0 })) : text
        var found: [(start: Int, pattern: Int, citation: Citation)] = []
        func add(_ pattern: Int, _ groups: [String], at start: Int) {
            guard let text = patterns[pattern].format(groups) else { return }
            found.append((start, pattern, Citation(kind: patterns[pattern].kind, text: text)))
        }
        /// Matches regular expressions in a stretch of the text that starts at a byte offset.
        func match(_ indices: [Int], in piece: String, from offset: Int) {
            let pieceRange = NSRange(piece.startIndex..., in: piece)
            for index in indices {
                for match in patterns[index].regex.matches(in: piece, range: pieceRange) {
                    let groups = (1..<match.numberOfRanges).compactMap { piece.substring(match.range(at: $0)) }
                    guard groups.count == match.numberOfRanges - 1,
                        let start = Range(match.range, in: piece)?.lowerBound
                    else { continue }
                    add(index, groups, at: offset + piece.utf8.distance(from: piece.startIndex, to: start))
                }
            }
        }
        if wholeText {
            match(Array(patterns.indices), in: prepared, from: 0)
        } else {
            let bytes = Array(prepared.utf8)
            for scanned in CitationScanner(bytes).matches() { add(scanned.pattern, scanned.groups, at: scanned.start) }
            for window in sectionWindows(in: bytes) {
                match(sectionPatterns, in: String(decoding: bytes[window], as: UTF8.self), from: window.lowerBound)
            }
        }
        let own = excludingOrder.map { "EO " + $0 }
        var seen = Set<Citation>()
        return found.sorted { ($0.start, $0.pattern) < ($1.start, $1.pattern) }.map(\.citation).filter { citation in
            guard citation.text != own || citation.kind != .executiveOrder else { return false }
            return seen.insert(citation).inserted
        }
    }

    /// The two patterns whose anchor stands at their end (`section 301 of title 3, United States Code`).
    ///
    /// They are matched with their regular expressions in ``sectionWindows(in:)``; ``CitationScanner`` reads the
    /// others.
    private static let sectionPatterns = [2, 4]

    /// How far before and after an anchor a citation may reach: "section 301(a)(b) of title 3, United States Code"
    /// starts about 50 bytes before its anchor "United States Code".
    private static let reachBefore = 160
    private static let reachAfter = 200

    /// The stretches of UTF-8 text that may hold a `section … of title …` citation, in text order.
    ///
    /// Every match of those patterns contains "United States Code" or "Code of Federal Regulations" (the words
    /// may stand on separate lines). Around each anchor the stretch reaches ``reachBefore`` bytes back and
    /// ``reachAfter`` on, widened to white space at both ends (or the text's ends); overlapping stretches merge.
    private static func sectionWindows(in bytes: [UInt8]) -> [Range<Int>] {
        /// Whether the words stand at `offset`, one or more white space bytes (or non-ASCII bytes) apart.
        func words(_ parts: [StaticString], at offset: Int) -> Bool {
            var position = offset
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    let gap = position
                    while position < bytes.count, bytes[position] <= 0x20 || bytes[position] >= 0x80 { position += 1 }
                    guard position > gap else { return false }
                }
                guard bytes.hasLiteral(part, at: position) else { return false }
                position += part.utf8CodeUnitCount
            }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        var merged: [Range<Int>] = []
        for offset in bytes.indices {
            switch bytes[offset] {
            case UInt8(ascii: "U") where words(["United", "States", "Code"], at: offset): break
            case UInt8(ascii: "C") where words(["Code", "of", "Federal", "Regulations"], at: offset): break
            default: continue
            }
            var start = max(0, offset - reachBefore)
            while start > 0, !isSpace(bytes[start]) { start -= 1 }
            var end = min(bytes.count, offset + reachAfter)
            while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
            if end < bytes.count { end += 1 }  // the white space itself, so that a match may end at a boundary
            if let last = merged.last, start <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                merged.append(start..<end)
            }
        }
        return merged
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            fatalError("Invalid built-in pattern \(pattern): \(error)")  // a programmer error, caught by any test
        }
    }
}
