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
    ///   - wholeText: Whether to match every pattern against the whole text instead of only around the words that
    ///     every citation contains (the same citations, several times slower; kept to check the faster way).
    /// - Returns: The normalized citations.
    static func citations(in text: String, excludingOrder: String? = nil, wholeText: Bool = false) -> [Citation] {
        // En dashes and non-breaking hyphens read as hyphens ("Pub. L. 117–58"). Foundation's replacingOccurrences
        // folds character clusters with the locale, a large share of indexing time; scalars are enough here.
        let isDash: (Unicode.Scalar) -> Bool = { $0 == "\u{2013}" || $0 == "\u{2011}" }
        let prepared =
            text.unicodeScalars.contains(where: isDash)
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { isDash($0) ? "-" : $0 })) : text
        // Matching a pattern costs time in proportion to the text it reads, and most of a document cites nothing:
        // each pattern reads only the stretches around its anchor words, cut at white space so that word
        // boundaries read as they do in the whole text.
        let windows =
            wholeText ? [(prepared.startIndex..<prepared.endIndex, PatternSet.all)] : Self.windows(in: prepared)
        var found: [(window: Int, location: Int, citation: Citation)] = []
        for (number, (range, wanted)) in windows.enumerated() {
            let piece = String(prepared[range])
            let pieceRange = NSRange(piece.startIndex..., in: piece)
            for (index, pattern) in patterns.enumerated() where wanted.contains(PatternSet(index: index)) {
                for match in pattern.regex.matches(in: piece, range: pieceRange) {
                    let groups = (1..<match.numberOfRanges).compactMap { piece.substring(match.range(at: $0)) }
                    guard groups.count == match.numberOfRanges - 1, let text = pattern.format(groups) else { continue }
                    found.append((number, match.range.location, Citation(kind: pattern.kind, text: text)))
                }
            }
        }
        let own = excludingOrder.map { "EO " + $0 }
        var seen = Set<Citation>()
        return found.sorted { ($0.window, $0.location) < ($1.window, $1.location) }.map(\.citation).filter { citation in
            guard citation.text != own || citation.kind != .executiveOrder else { return false }
            return seen.insert(citation).inserted
        }
    }

    /// Which of ``patterns`` to match in a stretch of text.
    private struct PatternSet: OptionSet {
        let rawValue: UInt8

        init(rawValue: UInt8) { self.rawValue = rawValue }
        init(index: Int) { self.rawValue = 1 << index }

        static let executiveOrder = PatternSet(index: 0)
        static let codeNumber = PatternSet(index: 1)
        static let codeSection = PatternSet(index: 2)
        static let regulationNumber = PatternSet(index: 3)
        static let regulationSection = PatternSet(index: 4)
        static let federalRegister = PatternSet(index: 5)
        static let publicLaw = PatternSet(index: 6)
        static let all = PatternSet(rawValue: 0x7F)
    }

    /// How far before and after an anchor a citation may reach: "section 301(a)(b) of title 3, United States Code"
    /// starts about 50 bytes before its anchor "United States Code".
    private static let reachBefore = 160
    private static let reachAfter = 200

    /// The stretches of a text that may hold citations, each with the patterns to match there, in text order.
    ///
    /// Every match of a pattern contains one of its anchors: "executive" (any case), "E." or "EO"; "U."; "United
    /// States Code"; a "C" then "F" with at most dots and spaces between; "Code of Federal Regulations" (the words
    /// of both may stand on separate lines); an "F" then "R" likewise, or "Fed."; "public" (any case), "Pub." or
    /// "P.". Around each anchor the stretch reaches ``reachBefore`` bytes back and ``reachAfter`` on, widened to
    /// white space at both ends (or the text's ends); overlapping stretches merge.
    private static func windows(in text: String) -> [(Range<String.Index>, PatternSet)] {
        let bytes = Array(text.utf8)
        var anchors: [(offset: Int, patterns: PatternSet)] = []
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
        /// Whether `first`, then at most dots, spaces and non-ASCII bytes (white space such as U+2009), then
        /// `second` stand at `offset`.
        func spaced(_ first: UInt8, _ second: UInt8, at offset: Int) -> Bool {
            guard bytes[offset] == first else { return false }
            var index = offset + 1
            while index < bytes.count, index <= offset + 8 {
                let byte = bytes[index]
                if byte == second { return true }
                guard byte == 0x2E || byte <= 0x20 || byte >= 0x80 else { return false }
                index += 1
            }
            return false
        }
        for offset in bytes.indices {
            var patterns: PatternSet = []
            switch bytes[offset] {
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if bytes.hasLiteral("executive", at: offset, ignoringCase: true) || bytes.hasLiteral("E.", at: offset)
                    || bytes.hasLiteral("EO", at: offset)
                {
                    patterns.insert(.executiveOrder)
                }
            case UInt8(ascii: "U"):
                if bytes.hasLiteral("U.", at: offset) { patterns.insert(.codeNumber) }
                if words(["United", "States", "Code"], at: offset) { patterns.insert(.codeSection) }
            case UInt8(ascii: "C"):
                if spaced(UInt8(ascii: "C"), UInt8(ascii: "F"), at: offset) { patterns.insert(.regulationNumber) }
                if words(["Code", "of", "Federal", "Regulations"], at: offset) { patterns.insert(.regulationSection) }
            case UInt8(ascii: "F"):
                if spaced(UInt8(ascii: "F"), UInt8(ascii: "R"), at: offset) || bytes.hasLiteral("Fed.", at: offset) {
                    patterns.insert(.federalRegister)
                }
            case UInt8(ascii: "p"), UInt8(ascii: "P"):
                if bytes.hasLiteral("public", at: offset, ignoringCase: true) || bytes.hasLiteral("Pub.", at: offset)
                    || bytes.hasLiteral("P.", at: offset)
                {
                    patterns.insert(.publicLaw)
                }
            default: break
            }
            if !patterns.isEmpty { anchors.append((offset, patterns)) }
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        var merged: [(start: Int, end: Int, patterns: PatternSet)] = []
        for anchor in anchors {
            var start = max(0, anchor.offset - reachBefore)
            while start > 0, !isSpace(bytes[start]) { start -= 1 }
            var end = min(bytes.count, anchor.offset + reachAfter)
            while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
            if end < bytes.count { end += 1 }  // the white space itself, so that a match may end at a boundary
            if let last = merged.last, start <= last.end {
                merged[merged.count - 1].end = max(last.end, end)
                merged[merged.count - 1].patterns.formUnion(anchor.patterns)
            } else {
                merged.append((start, end, anchor.patterns))
            }
        }
        let utf8 = text.utf8
        return merged.map { window in
            let start = utf8.index(utf8.startIndex, offsetBy: window.start)
            let end = utf8.index(utf8.startIndex, offsetBy: window.end)
            return (start..<end, window.patterns)
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
