import Foundation
internal import GRDB

extension DocumentStore {
    /// Runs an FTS5 expression and returns the best hits, one per order unless asked for every rendition.
    ///
    /// The first query only ranks: ordering by FTS5's `rank` (weighted `bm25`, configured per query) lets FTS5
    /// stop early. Snippets, sections and renditions are then computed for the returned hits only.
    ///
    /// - Parameters:
    ///   - expression: An FTS5 MATCH expression built by the Query module.
    ///   - ranking: The field weights.
    ///   - snippets: The snippet length.
    ///   - limit: The most hits.
    ///   - offset: How many of the best hits to pass over.
    ///   - groupingRenditions: Whether renditions of one order count as one hit.
    /// - Returns: The hits, best first.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func search(
        _ expression: String,
        ranking: RankingOptions,
        snippets: SnippetOptions,
        limit: Int,
        offset: Int,
        groupingRenditions: Bool
    ) throws(StorageError) -> [SearchResult] {
        try reading { db in
            let wanted = offset + limit
            // Renditions fold into one hit, so fetch more ranked rows than hits wanted (every order in the corpus
            // has at most a handful of renditions).
            let fetch = groupingRenditions ? wanted * 4 + 16 : wanted
            let ranked = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT hit.rowid AS rowid, hit.rank AS rank, d.group_key AS group_key
                        FROM (
                            SELECT rowid, rank FROM documents_fts
                            WHERE documents_fts MATCH ? AND rank MATCH ?
                            ORDER BY rank LIMIT ?
                        ) AS hit
                        JOIN documents AS d ON d.rowid = hit.rowid
                        ORDER BY hit.rank
                        """
                ),
                arguments: [expression, ranking.fts5RankFunction, fetch]
            )
            var seenGroups = Set<String>()
            var chosen: [(rowID: Int64, rank: Double)] = []
            for row in ranked {
                if groupingRenditions, let group = row["group_key"] as String? {
                    guard seenGroups.insert(group).inserted else { continue }
                }
                chosen.append((row["rowid"], row["rank"]))
            }
            return try chosen.dropFirst(offset).prefix(limit).map { hit in
                try Self.result(rowID: hit.rowID, rank: hit.rank, expression: expression, snippets: snippets, in: db)
            }
        }
    }

    private static func result(
        rowID: Int64,
        rank: Double,
        expression: String,
        snippets: SnippetOptions,
        in db: Database
    ) throws -> SearchResult {
        let marked =
            try String.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT snippet(documents_fts, 1, char(57344), char(57345), '…', ?) FROM documents_fts
                        WHERE documents_fts MATCH ? AND rowid = ?
                        """
                ),
                arguments: [snippets.maximumWords, expression, rowID]
            ) ?? ""
        let snippet = Snippet(marked: marked)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE rowid = ?"),
                arguments: [rowID]
            )
        else {
            throw StorageError.notAnIndex(":memory:")  // unreachable: the row was just ranked in this read
        }
        let sections = try self.sections(ofRow: rowID, in: db)
        var section: Section?
        if !sections.isEmpty, let offset = Self.offset(of: snippet, in: row["body"]) {
            section = sections.last { $0.startOffset <= offset }
        }
        var renditions: [DocumentSummary] = []
        if let group = row["group_key"] as String? {
            renditions = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM documents WHERE group_key = ? AND rowid <> ? ORDER BY format, source"
                ),
                arguments: [group, rowID]
            ).map(Self.summary(from:))
        }
        return SearchResult(
            document: summary(from: row),
            score: -rank,
            snippet: snippet,
            section: section,
            renditions: renditions
        )
    }

    /// Where a snippet's text starts in the body, in Unicode scalars.
    private static func offset(of snippet: Snippet, in body: String) -> Int? {
        var core = Substring(snippet.text)
        while core.hasPrefix("…") { core = core.dropFirst() }
        while core.hasSuffix("…") { core = core.dropLast() }
        let probe = core.prefix(60)
        guard !probe.isEmpty, let range = body.range(of: probe) else { return nil }
        return body.unicodeScalars.distance(from: body.startIndex, to: range.lowerBound)
    }

    /// Counts the documents that match an FTS5 expression.
    ///
    /// - Parameter expression: An FTS5 MATCH expression.
    /// - Returns: The number of matching documents.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func count(matching expression: String) throws(StorageError) -> Int {
        try reading { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"),
                arguments: [expression]
            ) ?? 0
        }
    }

    /// A stored document with its body, citations and sections.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: The document, or `nil` when there is none with that id.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func document(_ id: DocumentID) throws(StorageError) -> Document? {
        try reading { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE document_id = ?"),
                arguments: [id.rawValue]
            ).map { try Self.document(from: $0, in: db) }
        }
    }

    /// The documents stored for a source path.
    ///
    /// - Parameter source: The path the documents were read from.
    /// - Returns: The documents, in the order they were stored.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func documents(fromSource source: String) throws(StorageError) -> [Document] {
        try reading { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE source = ? ORDER BY rowid"),
                arguments: [source]
            ).map { try Self.document(from: $0, in: db) }
        }
    }

    /// The other renditions of a document's order.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: Summaries of the documents grouped with it, without the document itself.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func renditions(of id: DocumentID) throws(StorageError) -> [DocumentSummary] {
        try reading { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT other.* FROM documents AS this JOIN documents AS other
                            ON other.group_key = this.group_key AND other.rowid <> this.rowid
                        WHERE this.document_id = ? ORDER BY other.format, other.source
                        """
                ),
                arguments: [id.rawValue]
            ).map(Self.summary(from:))
        }
    }

    /// Counts and sizes for `stats`.
    ///
    /// - Returns: Document counts by type and format, and the file size.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func statistics() throws(StorageError) -> IndexStatistics {
        try reading { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0
            var byType: [DocumentType: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, count(*) AS n FROM documents GROUP BY type") {
                byType[DocumentType(rawValue: row["type"])] = row["n"]
            }
            var byFormat: [DocumentFormat: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT format, count(*) AS n FROM documents GROUP BY format") {
                byFormat[DocumentFormat(rawValue: row["format"])] = row["n"]
            }
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return IndexStatistics(
                documentCount: total,
                documentsByType: byType,
                documentsByFormat: byFormat,
                fileSize: Self.fileSize(path) ?? pages * pageSize
            )
        }
    }

    private static func fileSize(_ path: String) -> Int? {
        guard path != ":memory:" else { return nil }
        let sizes = [path, path + "-wal"].compactMap { file in
            // A missing write-ahead log counts as size 0.
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
        }
        return sizes.isEmpty ? nil : sizes.reduce(0, +)
    }
}
