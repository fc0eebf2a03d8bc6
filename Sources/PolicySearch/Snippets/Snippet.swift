/// A passage of a document with the words that matched the query marked, as data.
///
/// Rendering is the caller's choice: the command-line tool colors the ranges, and its JSON output gives them as
/// offsets.
public struct Snippet: Sendable, Hashable {
    /// The passage, with "…" where it was cut from a longer text.
    public let text: String
    /// The ranges of ``text`` that matched, in order, not overlapping.
    public let highlights: [Range<String.Index>]

    /// Creates a snippet.
    ///
    /// - Parameters:
    ///   - text: The passage.
    ///   - highlights: Ranges of `text` to mark.
    public init(text: String, highlights: [Range<String.Index>]) {
        self.text = text
        self.highlights = highlights
    }

    /// The highlighted parts of the text.
    public var highlightedFragments: [Substring] { highlights.map { text[$0] } }

    /// The highlights as offsets in Unicode scalars (code points) from the start of ``text``, the unit most
    /// languages index strings by.
    public var highlightOffsets: [Range<Int>] {
        highlights.map { range in
            let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
            let length = text.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
            return start..<(start + length)
        }
    }
}
