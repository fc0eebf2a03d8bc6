/// Matches, by hand over UTF-8 bytes, the five citation patterns of ``CitationExtractor`` that hold an anchor at a
/// fixed place: executive orders, `50 U.S.C. 1701`, `48 C.F.R. part 52`, `84 FR 3967` and public laws.
///
/// It finds what the regular expressions find in the whole text, match for match: the same starts and ends, the same
/// choices where they backtrack, ICU's `\s` (Unicode white space), `\d` (decimal digits), `\b` (between a word
/// character, `\w`, and another) and its case folding (`ſ` for `s`). Each position is read a few times at most;
/// `NSRegularExpression` bridged every stretch of text to UTF-16 and read it once per pattern, a large share of
/// indexing time.
struct CitationScanner {
    /// A match: where it starts (a byte offset), the pattern's index in ``CitationExtractor``'s list, and the
    /// groups it captured.
    struct Match {
        let start: Int
        let pattern: Int
        let groups: [String]
    }

    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The patterns' indices in ``CitationExtractor``'s list.
    enum Pattern {
        static let executiveOrder = 0
        static let codeNumber = 1
        static let regulationNumber = 3
        static let federalRegister = 5
        static let publicLaw = 6
    }

    /// Every match, in order of start; where a pattern's matches would overlap, the first one's end is where the next
    /// may start, as a regular expression's successive matches do.
    func matches() -> [Match] {
        var found: [Match] = []
        var ends = [Int](repeating: 0, count: 7)
        func add(_ pattern: Int, _ match: (start: Int, end: Int, groups: [Range<Int>])?) {
            guard let match, match.start >= ends[pattern] else { return }
            ends[pattern] = match.end
            found.append(Match(start: match.start, pattern: pattern, groups: match.groups.map(text)))
        }
        // One table lookup per byte passes over all but the anchors' first letters; `e` and `p` are common letters,
        // and the byte after them rules most out (`x`, `.` or `O`; `u` or `.`).
        var offset = 0
        while let anchor = nextAnchor(from: offset) {
            offset = anchor + 1
            let next = offset < bytes.count ? bytes[offset] | 0x20 : 0
            switch bytes[anchor] {
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard next == UInt8(ascii: "x") || next == UInt8(ascii: ".") || next == UInt8(ascii: "o") else {
                    continue
                }
                add(Pattern.executiveOrder, executiveOrder(at: anchor))
            case UInt8(ascii: "U"):
                add(Pattern.codeNumber, codeNumber(at: anchor))
            case UInt8(ascii: "C"):
                add(Pattern.regulationNumber, regulationNumber(at: anchor))
            case UInt8(ascii: "F"):
                add(Pattern.federalRegister, federalRegister(at: anchor))
            default:
                guard next == UInt8(ascii: "u") || next == UInt8(ascii: ".") else { continue }
                add(Pattern.publicLaw, publicLaw(at: anchor))
            }
        }
        return found
    }

    /// The bytes a pattern's anchor starts with: `e`, `E`, `U`, `C`, `F`, `p`, `P`.
    private static let anchorBytes: [Bool] = (0..<256).map { byte in
        [
            UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "U"), UInt8(ascii: "C"), UInt8(ascii: "F"),
            UInt8(ascii: "p"), UInt8(ascii: "P"),
        ].contains(UInt8(byte))
    }

    /// The offset of the next byte at or after `offset` that may start an anchor.
    private func nextAnchor(from offset: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            Self.anchorBytes.withUnsafeBufferPointer { isAnchor in
                var index = offset
                while index < buffer.count {
                    if isAnchor[Int(buffer[index])] { return index }
                    index += 1
                }
                return nil
            }
        }
    }

    // MARK: - The patterns

    /// An executive order from its `executive`, `E.` or `EO`.
    ///
    /// `(?:(?i:executive\s+orders?)|E\.\s?O\.|\bEO)\s+(?:(?i:No)\.?\s*)?(\d{1,2},?\d{3}(?:-[A-Z])?)\b`
    private func executiveOrder(at start: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        var position: Int
        if let word = literal("executive", at: start, ignoringCase: true) {
            guard let gap = spaces(from: word, atLeastOne: true),
                let order = literal("order", at: gap, ignoringCase: true)
            else { return nil }
            position = foldedS(at: order) ?? order
        } else if let e = literal("E.", at: start) {
            guard let o = literal("O.", at: spaces(from: e, atMostOne: true)) else { return nil }
            position = o
        } else if !isWord(before: start), let eo = literal("EO", at: start) {
            position = eo
        } else {
            return nil
        }
        guard let gap = spaces(from: position, atLeastOne: true) else { return nil }
        if let no = literal("no", at: gap, ignoringCase: true) {
            let dot = byte(0x2E, at: no) ?? no
            if let end = orderNumber(at: spaces(from: dot)) { return (start, end, [spaces(from: dot)..<end]) }
        }
        guard let end = orderNumber(at: gap) else { return nil }
        return (start, end, [gap..<end])
    }

    /// `\d{1,2},?\d{3}(?:-[A-Z])?\b`, tried in the order a backtracking engine tries it.
    private func orderNumber(at start: Int) -> Int? {
        for leading in [2, 1] {
            guard let afterLeading = digits(leading, at: start) else { continue }
            for comma in [true, false] {
                guard !comma || byte(0x2C, at: afterLeading) != nil else { continue }
                guard let end = digits(3, at: afterLeading + (comma ? 1 : 0)) else { continue }
                if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "-"),
                    bytes[end + 1] >= UInt8(ascii: "A"), bytes[end + 1] <= UInt8(ascii: "Z"), isBoundary(at: end + 2)
                {
                    return end + 2
                }
                if isBoundary(at: end) { return end }
            }
        }
        return nil
    }

    /// `\b(\d{1,2})\s+U\.\s?S\.\s?C\.?\s*(?:§§?\s*)?(\d+[a-z]?(?:-\d+)?)`, from its `U.`.
    private func codeNumber(at anchor: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        guard let u = literal("U.", at: anchor), let s = literal("S.", at: spaces(from: u, atMostOne: true)),
            let c = byte(0x43, at: spaces(from: s, atMostOne: true)), let title = titleNumber(before: anchor, upTo: 2)
        else { return nil }
        var position = spaces(from: byte(0x2E, at: c) ?? c)
        if let section = sectionSign(at: position) {
            position = spaces(from: sectionSign(at: section) ?? section)
        }
        guard let number = digitRun(at: position) else { return nil }
        var end = number
        if end < bytes.count, bytes[end] >= UInt8(ascii: "a"), bytes[end] <= UInt8(ascii: "z") { end += 1 }
        if let hyphen = byte(0x2D, at: end), let more = digitRun(at: hyphen) { end = more }
        return (title.lowerBound, end, [title, position..<end])
    }

    /// `\b(\d{1,2})\s+C\.?\s?F\.?\s?R\.?\s+(?:(?i:parts?)\s+|§§?\s*)?(\d+(?:\.\d+)?)`, from its `C`.
    private func regulationNumber(at anchor: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        guard let c = byte(0x43, at: anchor),
            let f = byte(0x46, at: spaces(from: byte(0x2E, at: c) ?? c, atMostOne: true)),
            let r = byte(0x52, at: spaces(from: byte(0x2E, at: f) ?? f, atMostOne: true)),
            var position = spaces(from: byte(0x2E, at: r) ?? r, atLeastOne: true),
            let title = titleNumber(before: anchor, upTo: 2)
        else { return nil }
        if let part = literal("part", at: position, ignoringCase: true) {
            if let gap = spaces(from: foldedS(at: part) ?? part, atLeastOne: true), digitRun(at: gap) != nil {
                position = gap
            }
        } else if let section = sectionSign(at: position) {
            position = spaces(from: sectionSign(at: section) ?? section)
        }
        guard var end = digitRun(at: position) else { return nil }
        if let dot = byte(0x2E, at: end), let fraction = digitRun(at: dot) { end = fraction }
        return (title.lowerBound, end, [title, position..<end])
    }

    /// `\b(\d{1,3})\s+(?:FR|Fed\.\s?Reg\.)\s+(\d{1,3}(?:,\d{3})*|\d+)\b`, from its `FR` or `Fed.`.
    private func federalRegister(at anchor: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        let name: Int?
        if let fr = literal("FR", at: anchor) {
            name = fr
        } else if let fed = literal("Fed.", at: anchor) {
            name = literal("Reg.", at: spaces(from: fed, atMostOne: true))
        } else {
            name = nil
        }
        guard let name, let start = spaces(from: name, atLeastOne: true),
            let volume = titleNumber(before: anchor, upTo: 3)
        else { return nil }
        // `\d{1,3}(?:,\d{3})*` first, longest first, then `\d+`.
        for leading in [3, 2, 1] {
            guard var end = digits(leading, at: start) else { continue }
            var ends = [end]
            while let comma = byte(0x2C, at: end), let group = digits(3, at: comma) {
                end = group
                ends.append(end)
            }
            if let end = ends.reversed().first(where: isBoundary(at:)) {
                return (volume.lowerBound, end, [volume, start..<end])
            }
        }
        guard let end = digitRun(at: start), isBoundary(at: end) else { return nil }
        return (volume.lowerBound, end, [volume, start..<end])
    }

    /// A public law from its `public`, `Pub.` or `P.`.
    ///
    /// `(?:(?i:public\s+law)|Pub\.\s?L\.|P\.\s?L\.)\s*(?:No\.\s*)?(\d{2,3})\s*-\s*(\d{1,4})\b`
    private func publicLaw(at start: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        var position: Int
        if let word = literal("public", at: start, ignoringCase: true) {
            guard let gap = spaces(from: word, atLeastOne: true), let law = literal("law", at: gap, ignoringCase: true)
            else { return nil }
            position = law
        } else if let abbreviation = literal("Pub.", at: start) ?? literal("P.", at: start) {
            guard let l = literal("L.", at: spaces(from: abbreviation, atMostOne: true)) else { return nil }
            position = l
        } else {
            return nil
        }
        position = spaces(from: position)
        if let no = literal("No.", at: position), let match = publicLawNumber(at: spaces(from: no), start: start) {
            return match
        }
        return publicLawNumber(at: position, start: start)
    }

    /// A public law's number: `(\d{2,3})\s*-\s*(\d{1,4})\b`.
    private func publicLawNumber(at position: Int, start: Int) -> (start: Int, end: Int, groups: [Range<Int>])? {
        guard let congressEnd = digitRun(at: position), (2...3).contains(digitCount(position..<congressEnd)),
            let hyphen = byte(0x2D, at: spaces(from: congressEnd))
        else { return nil }
        let lawStart = spaces(from: hyphen)
        guard let end = digitRun(at: lawStart), (1...4).contains(digitCount(lawStart..<end)), isBoundary(at: end)
        else { return nil }
        return (start, end, [position..<congressEnd, lawStart..<end])
    }

    /// `\b(\d{1,N})\s+` ending at `anchor`: one to `N` digits after a non-word character, then white space.
    private func titleNumber(before anchor: Int, upTo most: Int) -> Range<Int>? {
        var position = anchor
        while let (scalar, start) = scalar(before: position), Self.isSpace(scalar) { position = start }
        guard position < anchor else { return nil }
        let end = position
        var count = 0
        while let (scalar, start) = scalar(before: position), Self.isDigit(scalar) {
            position = start
            count += 1
        }
        guard (1...most).contains(count), !isWord(before: position) else { return nil }
        return position..<end
    }

    // MARK: - Reading bytes

    /// The end of an ASCII literal at `offset`, or nil.
    private func literal(_ literal: StaticString, at offset: Int, ignoringCase: Bool = false) -> Int? {
        bytes.hasLiteral(literal, at: offset, ignoringCase: ignoringCase) ? offset + literal.utf8CodeUnitCount : nil
    }

    /// The end of one byte at `offset` (an ASCII character), or nil.
    private func byte(_ value: UInt8, at offset: Int) -> Int? {
        offset < bytes.count && bytes[offset] == value ? offset + 1 : nil
    }

    /// The end of a `§` (C2 A7) at `offset`, or nil.
    private func sectionSign(at offset: Int) -> Int? {
        offset + 1 < bytes.count && bytes[offset] == 0xC2 && bytes[offset + 1] == 0xA7 ? offset + 2 : nil
    }

    /// The end of an `s` at `offset` read case-insensitively (`s`, `S` or `ſ`, C5 BF), or nil.
    private func foldedS(at offset: Int) -> Int? {
        guard offset < bytes.count else { return nil }
        if bytes[offset] | 0x20 == UInt8(ascii: "s") { return offset + 1 }
        return offset + 1 < bytes.count && bytes[offset] == 0xC5 && bytes[offset + 1] == 0xBF ? offset + 2 : nil
    }

    /// The end of the white space from `offset`: `\s*`, or `\s?` when `atMostOne`.
    private func spaces(from offset: Int, atMostOne: Bool = false) -> Int {
        var position = offset
        while let (scalar, end) = scalar(at: position), Self.isSpace(scalar) {
            position = end
            if atMostOne { break }
        }
        return position
    }

    /// The end of the white space from `offset`: `\s+` when `atLeastOne` (nil when there is none), else `\s*`.
    private func spaces(from offset: Int, atLeastOne: Bool) -> Int? {
        let end = spaces(from: offset)
        return end > offset || !atLeastOne ? end : nil
    }

    /// The end of exactly `count` decimal digits at `offset`, or nil.
    private func digits(_ count: Int, at offset: Int) -> Int? {
        var position = offset
        for _ in 0..<count {
            guard let (scalar, end) = scalar(at: position), Self.isDigit(scalar) else { return nil }
            position = end
        }
        return position
    }

    /// The end of the decimal digits at `offset` (`\d+`, all of them), or nil when there are none.
    private func digitRun(at offset: Int) -> Int? {
        var position = offset
        while let (scalar, end) = scalar(at: position), Self.isDigit(scalar) { position = end }
        return position > offset ? position : nil
    }

    private func digitCount(_ range: Range<Int>) -> Int {
        range.count { bytes[$0] & 0xC0 != 0x80 }
    }

    /// `\b` at `offset`: a word character on one side and not on the other.
    private func isBoundary(at offset: Int) -> Bool {
        isWord(before: offset) != (scalar(at: offset).map { Self.isWord($0.scalar) } ?? false)
    }

    private func isWord(before offset: Int) -> Bool {
        scalar(before: offset).map { Self.isWord($0.scalar) } ?? false
    }

    /// The scalar starting at `offset` and the offset after it; nil at the end.
    private func scalar(at offset: Int) -> (scalar: Unicode.Scalar, end: Int)? {
        guard offset < bytes.count else { return nil }
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), offset + 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard offset + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for index in 1..<length { value = value << 6 | UInt32(bytes[offset + index] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, offset + length) }
    }

    /// The scalar ending at `offset` and the offset it starts at; nil at the start.
    private func scalar(before offset: Int) -> (scalar: Unicode.Scalar, start: Int)? {
        guard offset > 0 else { return nil }
        var start = offset - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start).map { ($0.scalar, start) }
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// ICU's `\s`: Unicode white space.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// ICU's `\d`: a decimal digit of any script.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.generalCategory == .decimalNumber
    }

    /// ICU's `\w`: letters, marks, decimal digits, connector punctuation, and the zero-width (non-)joiners.
    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        if scalar.value == 0x200C || scalar.value == 0x200D || scalar.properties.isAlphabetic { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
