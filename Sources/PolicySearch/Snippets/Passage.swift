/// One sentence-aligned passage of a hit, with the numbered section it is from.
public struct Passage: Sendable, Hashable {
    /// The passage, its matched words marked.
    public let snippet: Snippet
    /// The section the passage is from, when the document has numbered sections.
    public let section: Section?
    /// Where the passage starts in the document's body, in Unicode scalars.
    public let startOffset: Int
}

/// Picks the best sentences of a document for a query: those holding the most distinct matched words, in document
/// order, each cut to a word budget around its matches.
enum PassagePicker {
    /// The best passages of a body whose matches are marked.
    ///
    /// - Parameters:
    ///   - marked: The whole body with matches between ``Snippet/openMarker`` and ``Snippet/closeMarker``.
    ///   - sections: The document's sections, for labels.
    ///   - count: The most passages (1 to 3 is useful).
    ///   - maximumWords: The most words in a passage.
    /// - Returns: The passages, in document order.
    static func passages(marked: String, sections: [Section], count: Int, maximumWords: Int) -> [Passage] {
        let (scalars, highlights) = Snippet.parse(marked: marked)
        guard !highlights.isEmpty else { return [] }
        // Sentences: spans ending at ". ", "; ", a line break, or the end.
        var sentences: [Range<Int>] = []
        var start = 0
        for index in scalars.indices {
            let atEnd = index == scalars.count - 1
            let breaks =
                scalars[index] == "\n"
                || ((scalars[index] == "." || scalars[index] == ";") && index + 1 < scalars.count
                    && scalars[index + 1] == " ")
            if breaks || atEnd {
                let end = index + 1
                if end > start { sentences.append(start..<end) }
                start = end
            }
        }
        struct Candidate {
            let range: Range<Int>
            let matches: [Range<Int>]
            let distinct: Int
        }
        var candidates: [Candidate] = []
        var cursor = 0
        for sentence in sentences {
            while cursor < highlights.count, highlights[cursor].upperBound <= sentence.lowerBound { cursor += 1 }
            var inside: [Range<Int>] = []
            var probe = cursor
            while probe < highlights.count, highlights[probe].lowerBound < sentence.upperBound {
                inside.append(highlights[probe])
                probe += 1
            }
            guard !inside.isEmpty else { continue }
            let words = Set(inside.map { String(String.UnicodeScalarView(scalars[$0])).lowercased() })
            candidates.append(Candidate(range: sentence, matches: inside, distinct: words.count))
        }
        let chosen = candidates.enumerated()
            .sorted {
                ($0.element.distinct, $0.element.matches.count, -$0.offset) > (
                    $1.element.distinct, $1.element.matches.count, -$1.offset
                )
            }
            .prefix(count).sorted { $0.offset < $1.offset }.map(\.element)
        return chosen.map { candidate in
            let window = trimmed(candidate.range, around: candidate.matches, in: scalars, maximumWords: maximumWords)
            var text = String.UnicodeScalarView(scalars[window]).description
            var ranges = candidate.matches.filter {
                window.contains($0.lowerBound) && $0.upperBound <= window.upperBound
            }
            .map { ($0.lowerBound - window.lowerBound)..<($0.upperBound - window.lowerBound) }
            // Leading white space is dropped; ellipses mark cuts.
            let leading = text.unicodeScalars.prefix { $0 == " " || $0 == "\n" }.count
            text = String(text.unicodeScalars.dropFirst(leading)).trimmingWhitespace()
            ranges = ranges.map { ($0.lowerBound - leading)..<($0.upperBound - leading) }
            var prefix = 0
            if window.lowerBound > candidate.range.lowerBound {
                text = "…" + text
                prefix = 1
            }
            if window.upperBound < candidate.range.upperBound { text += "…" }
            let snippet = Snippet(
                text: text,
                offsets: ranges.map { ($0.lowerBound + prefix)..<($0.upperBound + prefix) }
            )
            let section = sections.last { $0.startOffset <= window.lowerBound }
            return Passage(snippet: snippet, section: section, startOffset: window.lowerBound + leading)
        }
    }

    /// A window of at most `maximumWords` words inside a sentence, starting a few words before its first match.
    private static func trimmed(
        _ sentence: Range<Int>,
        around matches: [Range<Int>],
        in scalars: [Unicode.Scalar],
        maximumWords: Int
    ) -> Range<Int> {
        var wordStarts: [Int] = []
        var previousWasSpace = true
        for index in sentence {
            let isSpace = scalars[index] == " " || scalars[index] == "\n"
            if !isSpace, previousWasSpace { wordStarts.append(index) }
            previousWasSpace = isSpace
        }
        guard wordStarts.count > maximumWords, let first = matches.first else { return sentence }
        let firstWord = wordStarts.lastIndex { $0 <= first.lowerBound } ?? 0
        let startWord = max(0, min(firstWord - 4, wordStarts.count - maximumWords))
        let endWord = startWord + maximumWords
        let lower = wordStarts[startWord]
        let upper = endWord < wordStarts.count ? wordStarts[endWord] : sentence.upperBound
        return lower..<upper
    }
}

extension Snippet {
    /// A snippet whose highlights are given as Unicode scalar offsets.
    init(text: String, offsets: [Range<Int>]) {
        // Offsets come in order, so one walk through the text finds every index.
        let scalars = text.unicodeScalars
        let count = scalars.count
        var ranges: [Range<String.Index>] = []
        var index = scalars.startIndex
        var position = 0
        for range in offsets where range.lowerBound >= position && !range.isEmpty {
            guard range.upperBound <= count else { break }
            index = scalars.index(index, offsetBy: range.lowerBound - position)
            let upper = scalars.index(index, offsetBy: range.count)
            ranges.append(index..<upper)
            index = upper
            position = range.upperBound
        }
        self.init(text: text, highlights: ranges)
    }
}
