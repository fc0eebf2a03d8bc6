extension Snippet {
    /// The private-use character FTS5 is asked to put before a match.
    static let openMarker: Unicode.Scalar = "\u{E000}"
    /// The private-use character FTS5 is asked to put after a match.
    static let closeMarker: Unicode.Scalar = "\u{E001}"

    /// Reads a snippet whose matches are wrapped in ``openMarker`` and ``closeMarker``.
    ///
    /// Indexed text never holds private-use characters (ingestion removes them), so the markers are unambiguous.
    /// Adjacent highlights separated only by spaces are merged, so a phrase is one range.
    ///
    /// - Parameter marked: The text as FTS5's `snippet()` returns it.
    init(marked: String) {
        var plain = String.UnicodeScalarView()
        var offsets: [(start: Int, end: Int)] = []
        var openAt: Int?
        var count = 0
        for scalar in marked.unicodeScalars {
            if scalar == Self.openMarker {
                openAt = count
            } else if scalar == Self.closeMarker {
                if let start = openAt, start < count {
                    if let last = offsets.last, Self.onlySpaces(in: plain, from: last.end, to: start) {
                        offsets[offsets.count - 1].end = count
                    } else {
                        offsets.append((start, count))
                    }
                }
                openAt = nil
            } else {
                plain.append(scalar)
                count += 1
            }
        }
        let text = String(plain)
        var ranges: [Range<String.Index>] = []
        for (start, end) in offsets {
            let lower = text.unicodeScalars.index(text.startIndex, offsetBy: start)
            let upper = text.unicodeScalars.index(lower, offsetBy: end - start)
            ranges.append(lower..<upper)
        }
        self.init(text: text, highlights: ranges)
    }

    private static func onlySpaces(in scalars: String.UnicodeScalarView, from start: Int, to end: Int) -> Bool {
        guard end >= start, end - start <= 3 else { return false }
        let lower = scalars.index(scalars.startIndex, offsetBy: start)
        let upper = scalars.index(lower, offsetBy: end - start)
        return scalars[lower..<upper].allSatisfy { $0 == " " }
    }
}
