extension Snippet {
    /// The private-use character put before a match in a marked text.
    static let openMarker: Unicode.Scalar = "\u{E000}"
    /// The private-use character put after a match in a marked text.
    static let closeMarker: Unicode.Scalar = "\u{E001}"

    /// Reads a snippet whose matches are wrapped in ``openMarker`` and ``closeMarker``.
    ///
    /// Indexed text never holds private-use characters (ingestion removes them), so the markers are unambiguous.
    /// Adjacent highlights separated only by spaces are merged, so a phrase is one range.
    ///
    /// - Parameter marked: The marked text of a hit's snippet.
    init(marked: String) {
        let (plain, offsets) = Self.parse(marked: marked)
        self.init(text: String(String.UnicodeScalarView(plain)), offsets: offsets)
    }

    /// The text without markers, as scalars, and the marked ranges as scalar offsets.
    static func parse(marked: String) -> (scalars: [Unicode.Scalar], highlights: [Range<Int>]) {
        var plain: [Unicode.Scalar] = []
        plain.reserveCapacity(marked.unicodeScalars.count)
        var offsets: [Range<Int>] = []
        var openAt: Int?
        for scalar in marked.unicodeScalars {
            if scalar == openMarker {
                openAt = plain.count
            } else if scalar == closeMarker {
                if let start = openAt, start < plain.count {
                    if let last = offsets.last, start >= last.upperBound, start - last.upperBound <= 3,
                        plain[last.upperBound..<start].allSatisfy({ $0 == " " })
                    {
                        offsets[offsets.count - 1] = last.lowerBound..<plain.count
                    } else {
                        offsets.append(start..<plain.count)
                    }
                }
                openAt = nil
            } else {
                plain.append(scalar)
            }
        }
        return (plain, offsets)
    }
}
