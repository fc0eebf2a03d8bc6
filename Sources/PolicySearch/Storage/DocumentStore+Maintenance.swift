internal import GRDB

extension DocumentStore {
    /// Runs SQLite's integrity check and FTS5's, which compares the full-text index with the stored documents.
    ///
    /// FTS5's check is a statement that writes, so an index opened read-only gets SQLite's check and the
    /// orphan-row checks only.
    ///
    /// - Returns: Problems in plain words; empty when the index is sound.
    /// - Throws: ``StorageError`` when the index cannot be read at all.
    func integrityProblems() throws(StorageError) -> [String] {
        isReadOnly ? try reading(Self.integrityProblems) : try writing(Self.integrityProblems)
    }

    private static func integrityProblems(in db: Database) throws -> [String] {
        var problems: [String] = []
        let results = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if results != ["ok"] {
            problems += results.prefix(20).map { "database structure: " + Self.plain($0) }
        }
        if !db.configuration.readonly {
            do {
                // With rank 1, FTS5 also checks the index against the external content (the documents table).
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                problems.append(
                    "the full-text index does not match the stored documents; run `policy-search rebuild`"
                )
            }
        }
        // Rows that lost their other half: text, citations and sections without a document, documents without text.
        let orphans: [(count: String, problem: String)] = [
            (
                "SELECT count(*) FROM citations WHERE document_rowid NOT IN (SELECT rowid FROM documents)",
                "citations belong to no document; run `policy-search rebuild`"
            ),
            (
                "SELECT count(*) FROM sections WHERE document_rowid NOT IN (SELECT rowid FROM documents)",
                "sections belong to no document; run `policy-search rebuild`"
            ),
            (
                "SELECT count(*) FROM document_text WHERE rowid NOT IN (SELECT rowid FROM documents)",
                "stored texts belong to no document; run `policy-search rebuild`"
            ),
            (
                "SELECT count(*) FROM documents WHERE rowid NOT IN (SELECT rowid FROM document_text)",
                "documents have no stored text; run `policy-search rebuild`, then `update`"
            ),
        ]
        for (count, problem) in orphans {
            let found = try Int.fetchOne(db, sql: count) ?? 0
            if found > 0 { problems.append("\(found) \(problem)") }
        }
        // Stored row lengths that claim to be the full-text index's, and are not, would skew every score.
        let key = try DocumentLengths.key(in: db)
        if let stored = try DocumentLengths.stored(in: db, key: key),
            let read = try DocumentLengths.read(in: db, key: key),
            !stored.hasSameLengths(as: read)
        {
            problems.append("the stored row lengths differ from the full-text index's; run `policy-search rebuild`")
        }
        return problems
    }

    /// Merges the full-text index's segments into one, which makes searches faster after large changes.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func optimize() throws(StorageError) {
        try mergeFullText()
        try storeDocumentLengths()
    }

    /// Merges the full-text index's segments into one (FTS5's `optimize`), without storing the row lengths again.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func mergeFullText() throws(StorageError) {
        try writing { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('optimize')")
            // The old segments' pages are free now: a file made with incremental vacuuming gives them back (10k
            // generated documents: 7.5 % of the file), and one made before keeps them for later writes.
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
    }

    /// Drops citations, sections and text left without a document, and documents left without text, then rebuilds
    /// the full-text index from the stored text, as one merged segment.
    ///
    /// The files of documents dropped for want of text lose their stored hashes, so the next `index` or `update`
    /// reads them again and restores those documents.
    ///
    /// An index file's full-text index is built outside FTS5 (``FullTextBuilder``) and written in one transaction; an
    /// in-memory index's is rebuilt by FTS5 (`'rebuild'`), which leaves it in several segments.
    ///
    /// - Parameter runBytes: How much of the full-text index the builder keeps in memory at a time.
    /// - Throws: ``StorageError`` when the index cannot be written.
    func rebuildFullText(runBytes: Int = FullTextBuilder.runBytes) throws(StorageError) {
        try writing { db in
            try db.execute(
                sql: """
                    UPDATE documents SET content_hash = '', source_size = NULL, source_modified = NULL
                    WHERE source IN (
                        SELECT source FROM documents WHERE rowid NOT IN (SELECT rowid FROM document_text))
                    """
            )
            try db.execute(sql: "DELETE FROM documents WHERE rowid NOT IN (SELECT rowid FROM document_text)")
            try db.execute(sql: "DELETE FROM citations WHERE document_rowid NOT IN (SELECT rowid FROM documents)")
            try db.execute(sql: "DELETE FROM sections WHERE document_rowid NOT IN (SELECT rowid FROM documents)")
            try db.execute(sql: "DELETE FROM document_text WHERE rowid NOT IN (SELECT rowid FROM documents)")
            if concurrentReader == nil {
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
            }
        }
        if concurrentReader != nil { try buildFullText(runBytes: runBytes) }
        try writing { db in
            // A rebuilt index starts its records afresh, so the stored key could come back with other lengths, and the
            // kept hits' key with other hits.
            try db.execute(sql: "DELETE FROM \(Schema.documentLengths)")
            try db.execute(sql: "DELETE FROM \(Schema.topHits)")
        }
        try storeDocumentLengths()
    }

    /// Builds the full-text index of every stored text and writes it in place of the present one, holding the writer
    /// meanwhile (its connection writes nothing: ``FullTextBuilder`` writes through a connection of its own).
    private func buildFullText(runBytes: Int) throws(StorageError) {
        let path = self.path
        try writingWithoutTransaction { db in try Self.buildFullText(in: db, path: path, runBytes: runBytes) }
    }

    /// SQLite's integrity messages name pages and cells; keep them, but on one line each.
    private static func plain(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
