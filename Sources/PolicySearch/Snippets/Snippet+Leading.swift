extension Snippet {
    /// The first words of a text, for hits found by filters alone (nothing to highlight).
    ///
    /// - Parameters:
    ///   - text: The document's body.
    ///   - count: The most words to keep.
    init(leadingWordsOf text: String, count: Int) {
        let words = text.split(whereSeparator: { $0.isWhitespace }).prefix(count + 1)
        let shown = words.prefix(count).joined(separator: " ")
        self.init(text: words.count > count ? shown + "…" : shown, highlights: [])
    }
}
