internal import GRDB

extension DocumentStore {
    /// How many documents match an FTS5 expression.
    ///
    /// - Parameter expression: An FTS5 MATCH expression built by the Query module.
    /// - Returns: The number of documents.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func documentFrequency(of expression: String) throws(StorageError) -> Int {
        try reading { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"),
                arguments: [expression]
            ) ?? 0
        }
    }

    /// Indexed terms (stems, as the tokenizer stores them) that start with a prefix and have a length in a range,
    /// with the number of documents holding each.
    ///
    /// - Parameters:
    ///   - prefix: The first letters every term has.
    ///   - lengths: The term lengths wanted.
    /// - Returns: Terms and document counts.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func vocabulary(startingWith prefix: String, lengths: ClosedRange<Int>) throws(StorageError) -> [(String, Int)] {
        try reading { db in
            try Schema.prepareVocabulary(db)
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT term, doc FROM documents_vocab
                        WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?
                        """
                ),
                arguments: [prefix, prefix + "\u{10FFFF}", lengths.lowerBound, lengths.upperBound]
            ).map { ($0["term"], $0["doc"]) }
        }
    }
}
