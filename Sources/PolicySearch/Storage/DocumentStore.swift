import Foundation
internal import GRDB

/// The index file: documents and their full-text index, behind one connection pool.
///
/// The only type that runs SQL. Writes go through one writer in transactions with cached statements; reads run
/// concurrently (WAL). Everything it returns is a PolicySearch value, never a GRDB row.
final class DocumentStore: Sendable {
    /// How a document write went.
    enum WriteOutcome: Sendable, Equatable {
        case added
        case updated
        case unchanged
    }

    /// The index file path, or `:memory:`.
    let path: String
    private let database: any DatabaseWriter

    /// Opens or creates an index.
    ///
    /// - Parameters:
    ///   - path: The index file, or `nil` for an in-memory index.
    ///   - readOnly: Whether to open without writing (the file must exist).
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    init(path: String?, readOnly: Bool) throws(StorageError) {
        self.path = path ?? ":memory:"
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.label = "PolicySearch"
        do {
            guard let path else {
                let queue = try DatabaseQueue(configuration: configuration)
                try Schema.migrator.migrate(queue)
                database = queue
                return
            }
            if readOnly, !FileManager.default.fileExists(atPath: path) { throw StorageError.missing(path) }
            try Schema.validateHeader(ofFileAt: path)
            if Self.fileHasContent(path) {
                // Look before opening for writing: a pool switches the file to WAL, rewriting its header.
                var probing = Configuration()
                probing.readonly = true
                let probe = try DatabaseQueue(path: path, configuration: probing)
                try probe.read { db in try Self.checkOwnership(db, path: path, readOnly: readOnly) }
                try probe.close()
            }
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            if readOnly { try pool.read { db in try Self.checkOwnership(db, path: path, readOnly: true) } }
            if !readOnly { try Schema.migrator.migrate(pool) }
            database = pool
        } catch {
            throw StorageError.wrapping(error, path: path ?? ":memory:")
        }
    }

    private static func fileHasContent(_ path: String) -> Bool {
        // missing: no content
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        return (size ?? 0) > 0
    }

    /// Refuses databases that belong to another application, and indexes too new to read.
    private static func checkOwnership(_ db: Database, path: String, readOnly: Bool) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if application == 0, !tables.isEmpty { throw StorageError.notAnIndex(path) }
        if readOnly {
            guard application == Schema.applicationID, tables.contains(Schema.documents) else {
                throw StorageError.notAnIndex(path)
            }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version > Schema.version {
                throw StorageError.newerSchema(path, found: version, supported: Schema.version)
            }
        }
    }

    // MARK: Writing

    /// The content hashes of the documents stored for some sources, by source.
    ///
    /// - Parameter sources: Source paths.
    /// - Returns: The stored content hash of each source that has one.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    func contentHashes(forSources sources: [String]) throws(StorageError) -> [String: String] {
        guard !sources.isEmpty else { return [:] }
        return try read { db in
            var hashes: [String: String] = [:]
            let statement = try db.cachedStatement(sql: "SELECT content_hash FROM documents WHERE source = ? LIMIT 1")
            for source in sources {
                if let hash = try String.fetchOne(statement, arguments: [source]) { hashes[source] = hash }
            }
            return hashes
        }
    }

    /// Adds or replaces documents in one transaction.
    ///
    /// - Parameter documents: The documents; one with the id of a stored document replaces it.
    /// - Returns: What happened to each document, in order.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    func write(_ documents: [Document]) throws(StorageError) -> [WriteOutcome] {
        guard !documents.isEmpty else { return [] }
        let now = ISO8601DateFormatter().string(from: Date())
        return try write { db in
            try documents.map { document in try Self.upsert(document, indexedAt: now, in: db) }
        }
    }

    private static func upsert(_ document: Document, indexedAt: String, in db: Database) throws -> WriteOutcome {
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT rowid, title, body, content_hash FROM documents WHERE document_id = ?"),
            arguments: [document.id.rawValue]
        )
        let metadata = document.metadata
        let fields: String? =
            metadata.additionalFields.isEmpty
            ? nil
            // [String: String] always encodes
            : (try? String(decoding: Self.encoder.encode(metadata.additionalFields), as: UTF8.self))
        let values: StatementArguments = [
            document.id.rawValue, document.source, document.record, document.format.rawValue, document.title,
            document.body, metadata.type.rawValue, metadata.date?.description, metadata.publicationDate?.description,
            metadata.president, metadata.executiveOrderNumber, metadata.documentNumber, metadata.citation,
            metadata.sourceURL, fields, document.contentHash, indexedAt,
        ]
        let rowID: Int64
        let outcome: WriteOutcome
        if let existing {
            if existing["content_hash"] as String == document.contentHash
                && existing["title"] as String == document.title && existing["body"] as String == document.body
            {
                return .unchanged
            }
            rowID = existing["rowid"]
            try db.cachedStatement(
                sql: "INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES('delete', ?, ?, ?)"
            ).execute(arguments: [rowID, existing["title"] as String, existing["body"] as String])
            try db.cachedStatement(
                sql: """
                    UPDATE documents SET document_id = ?, source = ?, record = ?, format = ?, title = ?, body = ?,
                        type = ?, date = ?, publication_date = ?, president = ?, executive_order_number = ?,
                        document_number = ?, citation = ?, source_url = ?, additional_fields = ?, content_hash = ?,
                        indexed_at = ?
                    WHERE rowid = ?
                    """
            ).execute(arguments: values + [rowID])
            outcome = .updated
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO documents(document_id, source, record, format, title, body, type, date,
                        publication_date, president, executive_order_number, document_number, citation, source_url,
                        additional_fields, content_hash, indexed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: values)
            rowID = db.lastInsertedRowID
            outcome = .added
        }
        try db.cachedStatement(sql: "INSERT INTO documents_fts(rowid, title, body) VALUES(?, ?, ?)")
            .execute(arguments: [rowID, document.title, document.body])
        return outcome
    }

    /// Removes documents by id.
    ///
    /// - Parameter ids: The documents to remove; unknown ids are ignored.
    /// - Returns: How many were removed.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    @discardableResult
    func remove(_ ids: [DocumentID]) throws(StorageError) -> Int {
        try write { db in
            var removed = 0
            for id in ids {
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT rowid, title, body FROM documents WHERE document_id = ?"),
                        arguments: [id.rawValue]
                    )
                else { continue }
                let rowID: Int64 = row["rowid"]
                try db.cachedStatement(
                    sql: "INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES('delete', ?, ?, ?)"
                ).execute(arguments: [rowID, row["title"] as String, row["body"] as String])
                try db.cachedStatement(sql: "DELETE FROM documents WHERE rowid = ?").execute(arguments: [rowID])
                removed += 1
            }
            return removed
        }
    }

    // MARK: Reading

    /// Runs an FTS5 expression and returns the best hits with snippets.
    ///
    /// Ordering by FTS5's `rank` (configured per query as weighted `bm25`) lets FTS5 stop after the page it
    /// needs, and snippets are computed in the same inner query, so only for the returned rows.
    func search(
        _ expression: String,
        ranking: RankingOptions,
        snippets: SnippetOptions,
        limit: Int,
        offset: Int
    ) throws(StorageError) -> [SearchResult] {
        try read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT d.*, hit.rank AS rank, hit.snippet AS snippet
                        FROM (
                            SELECT rowid, rank, snippet(documents_fts, 1, char(57344), char(57345), '…', ?) AS snippet
                            FROM documents_fts
                            WHERE documents_fts MATCH ? AND rank MATCH ?
                            ORDER BY rank
                            LIMIT ? OFFSET ?
                        ) AS hit
                        JOIN documents AS d ON d.rowid = hit.rowid
                        ORDER BY hit.rank
                        """
                ),
                arguments: [snippets.maximumWords, expression, ranking.fts5RankFunction, limit, offset]
            )
            return rows.map { row in
                SearchResult(
                    document: Self.summary(from: row),
                    score: -(row["rank"] as Double? ?? 0),
                    snippet: Snippet(marked: row["snippet"] as String? ?? "")
                )
            }
        }
    }

    /// Counts the documents that match an FTS5 expression.
    ///
    /// - Returns: The number of matching documents.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    func count(matching expression: String) throws(StorageError) -> Int {
        try read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"),
                arguments: [expression]
            ) ?? 0
        }
    }

    /// A stored document with its body.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: The document, or `nil` when there is none with that id.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func document(_ id: DocumentID) throws(StorageError) -> Document? {
        try read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE document_id = ?"),
                arguments: [id.rawValue]
            ).map(Self.document(from:))
        }
    }

    /// The documents stored for a source path.
    ///
    /// - Parameter source: The path the documents were read from.
    /// - Returns: The documents, in the order they were stored.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    func documents(fromSource source: String) throws(StorageError) -> [Document] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE source = ? ORDER BY rowid"),
                arguments: [source]
            ).map(Self.document(from:))
        }
    }

    /// Counts and sizes for `stats`.
    func statistics() throws(StorageError) -> IndexStatistics {
        try read { db in
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
            // a missing WAL is size 0
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
        }
        return sizes.isEmpty ? nil : sizes.reduce(0, +)
    }

    // MARK: Rows

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func metadata(from row: Row) -> DocumentMetadata {
        var fields: [String: String] = [:]
        if let json = row["additional_fields"] as String?,
            // written by us as [String: String]
            let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        {
            fields = decoded
        }
        return DocumentMetadata(
            type: DocumentType(rawValue: row["type"]),
            date: (row["date"] as String?).flatMap(CalendarDate.init(isoString:)),
            publicationDate: (row["publication_date"] as String?).flatMap(CalendarDate.init(isoString:)),
            president: row["president"],
            executiveOrderNumber: row["executive_order_number"],
            documentNumber: row["document_number"],
            citation: row["citation"],
            sourceURL: row["source_url"],
            additionalFields: fields
        )
    }

    private static func summary(from row: Row) -> DocumentSummary {
        DocumentSummary(
            id: DocumentID(rawValue: row["document_id"]),
            source: row["source"],
            record: row["record"],
            format: DocumentFormat(rawValue: row["format"]),
            title: row["title"],
            metadata: metadata(from: row)
        )
    }

    private static func document(from row: Row) -> Document {
        var document = Document(
            source: row["source"],
            record: row["record"],
            format: DocumentFormat(rawValue: row["format"]),
            title: row["title"],
            body: row["body"],
            metadata: metadata(from: row),
            contentHash: row["content_hash"]
        )
        document.id = DocumentID(rawValue: row["document_id"])
        return document
    }

    // MARK: Access

    private func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }
}
