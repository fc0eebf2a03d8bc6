import Foundation

/// Finds the numbered sections of an order in its text.
///
/// A section starts on a line that begins "Sec. 2. Policy." or "Section 1.".
enum SectionDetector {
    private static let heading: NSRegularExpression = {
        let pattern =
            "^[#*\\s]*(?:Section|Sec\\.)\\s*(\\d{1,3}[a-z]?)\\s*\\.(?:[*\\s]*([A-Z][^.\\n]{0,100}?)\\.(?=[\\s*]|$))?"
        do {
            return try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            fatalError("Invalid built-in pattern: \(error)")  // a programmer error, caught by any test
        }
    }()

    /// Where a heading matched, in UTF-16 offsets: the whole match, the number, and the heading text if any.
    private struct Match {
        var range: NSRange
        var number: NSRange
        var title: NSRange?
    }

    /// The sections of a body, in order, with their start offsets in Unicode scalars.
    ///
    /// - Parameters:
    ///   - body: The document's text.
    ///   - wholeText: Whether to scan the whole text with the heading pattern instead of reading headings only
    ///     where they can start (the same sections, several times slower; kept to check the faster way).
    /// - Returns: The sections found; empty for documents without numbered sections.
    static func sections(in body: String, wholeText: Bool = false) -> [Section] {
        // ASCII text's bytes: its UTF-16 units, widened, and its scalars.
        let ascii =
            wholeText ? nil : body.withUTF8Bytes { bytes in bytes.allSatisfy { $0 < 0x80 } ? Array(bytes) : nil }
        let matches =
            wholeText
            ? heading.matches(in: body, range: NSRange(body.startIndex..., in: body)).map {
                Match(range: $0.range, number: $0.range(at: 1), title: $0.range(at: 2))
            } : headings(in: body, ascii: ascii)
        var sections: [Section] = []
        if let bytes = ascii {
            // UTF-16 offsets are byte offsets and scalar offsets, and the groups are bytes.
            func text(_ range: NSRange) -> String {
                String(decoding: bytes[range.location..<range.location + range.length], as: UTF8.self)
            }
            for match in matches {
                let title = match.title.map(text)?.trimmingWhitespace()
                sections.append(
                    Section(
                        number: text(match.number),
                        heading: title?.isEmpty == false ? title : nil,
                        startOffset: match.range.location
                    )
                )
            }
            return sections
        }
        var scalarOffset = 0
        var lastIndex = body.startIndex
        for match in matches {
            guard let matchRange = Range(match.range, in: body), let number = body.substring(match.number)
            else { continue }
            scalarOffset += body.unicodeScalars[lastIndex..<matchRange.lowerBound].count
            lastIndex = matchRange.lowerBound
            let title = match.title.flatMap { body.substring($0) }?.trimmingWhitespace()
            sections.append(
                Section(number: number, heading: title?.isEmpty == false ? title : nil, startOffset: scalarOffset)
            )
        }
        return sections
    }

    /// The matches a scan of the whole text with ``heading`` finds, read by hand where a heading can start.
    ///
    /// The pattern starts at a line start, skips `#`, `*` and white space (which cannot give back an `S`), and must
    /// then read "Section" or "Sec.". So a match can only start at the first line start, at or after where the scan
    /// resumes, from which nothing but those characters stands before such a word, and the attempt there is the one
    /// the scan would make first. Running the pattern over the whole text, bridged to UTF-16, was most of the cost
    /// of finding sections.
    ///
    /// - Parameters:
    ///   - body: The document's text.
    ///   - ascii: Its bytes when it is ASCII, else nil.
    /// - Returns: The matches, in order.
    private static func headings(in body: String, ascii: [UInt8]?) -> [Match] {
        // ASCII text is its own UTF-16 units, widened, and memchr finds each `S` in its bytes; the UTF-16 view
        // transcodes unit by unit, and stepping through units was most of the rest of finding sections.
        let units = ascii.map { $0.map(UInt16.init) } ?? Array(body.utf16)
        func nextWord(from offset: Int) -> Int? {
            guard let ascii else { return nextSectionWord(in: units, from: offset) }
            return ascii.withUnsafeBufferPointer { nextSectionWord(inASCII: $0, from: offset) }
        }
        var matches: [Match] = []
        var resume = 0
        var candidate = 0
        while let word = nextWord(from: candidate) {
            candidate = word + 1
            guard word >= resume else { continue }
            // Walk back over the characters the pattern skips, noting the earliest line start reached.
            var start: Int?
            var position = word
            while true {
                if position == 0 || isLineStart(after: position, in: units) { start = position }
                guard position > resume, isSkipped(units[position - 1]) else { break }
                position -= 1
            }
            guard let start, let match = headingMatch(in: units, start: start, word: word) else { continue }
            matches.append(match)
            resume = match.range.location + match.range.length
            candidate = max(candidate, resume)
        }
        return matches
    }

    /// The rest of ``heading`` read at a "Section" or "Sec." word, as ICU matches it from `start`.
    ///
    /// `\s*(\d{1,3}[a-z]?)\s*\.` must follow. Then, if it can be read, `[*\s]*` and a capital letter, at most 100
    /// characters other than `.` and line feed, and a `.` followed by white space, `*` or the end of the text: the
    /// heading. Neither the white space nor the lazy run can be given back to any effect, and of the number's
    /// lengths only the longest can be followed by `\s*\.` (a shorter one is followed by a digit).
    private static func headingMatch(in units: [UInt16], start: Int, word: Int) -> Match? {
        func isSpace(_ offset: Int) -> Bool { offset < units.count && isWhiteSpace(units[offset]) }
        func isDigit(_ offset: Int) -> Bool {
            guard offset < units.count else { return false }
            let unit = units[offset]
            if unit < 0x80 { return unit >= 0x30 && unit <= 0x39 }
            return Unicode.Scalar(unit)?.properties.numericType == .decimal  // ICU's \d is \p{Nd}
        }
        var numberStart = word + (units[word + 3] == 0x2E ? 4 : 7)
        while isSpace(numberStart) { numberStart += 1 }
        var numberEnd = numberStart
        while numberEnd - numberStart < 3, isDigit(numberEnd) { numberEnd += 1 }
        guard numberEnd > numberStart else { return nil }
        if numberEnd < units.count, units[numberEnd] >= 0x61, units[numberEnd] <= 0x7A { numberEnd += 1 }
        var dot = numberEnd
        while isSpace(dot) { dot += 1 }
        guard dot < units.count, units[dot] == 0x2E else { return nil }
        var match = Match(
            range: NSRange(location: start, length: dot + 1 - start),
            number: NSRange(location: numberStart, length: numberEnd - numberStart),
            title: nil
        )
        var capital = dot + 1
        while capital < units.count, units[capital] == 0x2A || isSpace(capital) { capital += 1 }
        guard capital < units.count, units[capital] >= 0x41, units[capital] <= 0x5A else { return match }
        var end = capital + 1
        while end < units.count, end - capital <= 101 {
            switch units[end] {
            case 0x0A: return match
            case 0x2E:
                guard end + 1 == units.count || units[end + 1] == 0x2A || isSpace(end + 1) else { return match }
                match.range.length = end + 1 - start
                match.title = NSRange(location: capital, length: end - capital)
                return match
            default: end += 1
            }
        }
        return match
    }

    /// The offset of the next "Section" or "Sec." at or after an offset.
    private static func nextSectionWord(in units: [UInt16], from offset: Int) -> Int? {
        var index = offset
        while index + 3 < units.count {
            if isSectionWord(in: units, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// ``nextSectionWord(in:from:)`` in ASCII bytes, where memchr finds each `S`.
    private static func nextSectionWord(inASCII bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = offset
        while index + 3 < bytes.count, let found = memchr(base + index, 0x53, bytes.count - index) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if isSectionWord(in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Whether "Section" or "Sec." starts at an offset of UTF-16 units or of ASCII bytes.
    private static func isSectionWord<Units: RandomAccessCollection<Element>, Element: BinaryInteger>(
        in units: Units,
        at index: Int
    ) -> Bool where Units.Index == Int {
        guard index + 3 < units.count, units[index] == 0x53, units[index + 1] == 0x65, units[index + 2] == 0x63 else {
            return false  // "Sec"
        }
        return units[index + 3] == 0x2E  // "."
            || (index + 6 < units.count && units[index + 3] == 0x74 && units[index + 4] == 0x69
                && units[index + 5] == 0x6F && units[index + 6] == 0x6E)  // "tion"
    }

    /// Whether `[#*\s]` matches a UTF-16 unit.
    private static func isSkipped(_ unit: UInt16) -> Bool {
        unit == 0x23 || unit == 0x2A || isWhiteSpace(unit)
    }

    /// Whether ICU's `\s` matches a UTF-16 unit: Unicode's White_Space (tab to carriage return, space, next-line,
    /// no-break and other spaces, line and paragraph separators).
    private static func isWhiteSpace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x20: true
        case ..<0x80: false
        default: Unicode.Scalar(unit)?.properties.isWhitespace ?? false
        }
    }

    /// Whether ICU's `^` in multiline mode matches at an offset after the first: after a line terminator, but not
    /// between the two units of `\r\n`.
    private static func isLineStart(after offset: Int, in units: [UInt16]) -> Bool {
        switch units[offset - 1] {
        case 0x0D: return offset == units.count || units[offset] != 0x0A
        case 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
