import Foundation
internal import GRDB
import Synchronization

extension DocumentStore {
    /// How a document write went.
    enum WriteOutcome: Sendable, Equatable {
        case added
        case updated
        case unchanged
    }

    /// The documents read from one file, to store together: stored documents of that file that are no longer
    /// among them (records removed from a record file) are removed.
    struct FileDocuments: Sendable {
        let source: String
        let documents: [Document]
        /// Each document's body in its stored form (``TextCompression``), made where the file is read, on all
        /// cores, so that the one writer does not; `nil` to have the writer make them.
        let storedBodies: [Data]?
        /// Each document's title and body tokenized by the full-text index's tokenizer (``PretokenizedText``) for
        /// the writer's tokenizer to replay (``TokenReplay``), for the first ``tokenizedCount`` documents; the
        /// writer tokenizes the others.
        private(set) var tokenizedTexts: [(title: PretokenizedText, body: PretokenizedText)?]
        private(set) var tokenizedCount = 0

        init(source: String, documents: [Document], compressingBodies: Bool = false) {
            self.source = source
            self.documents = documents
            self.storedBodies = compressingBodies ? documents.map { TextCompression.compressed($0.body) } : nil
            self.tokenizedTexts = Array(repeating: nil, count: documents.count)
        }

        /// Tokenizes the next document's title and body, here, instead of on the writer.
        ///
        /// - Returns: Whether there was one left to tokenize.
        mutating func tokenizeNextDocument() -> Bool {
            guard tokenizedCount < documents.count else { return false }
            let document = documents[tokenizedCount]
            // A text the tokenizer fails on leaves both to the writer.
            tokenizedTexts[tokenizedCount] = PretokenizedText.document(title: document.title, body: document.body)
            tokenizedCount += 1
            return true
        }
    }

    /// How many titles and bodies the writer's connection indexed from tokens made ahead of it (``TokenReplay``), and
    /// how many it tokenized itself, since the index was opened.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func tokenReplayCounts() throws(StorageError) -> (replayed: Int, tokenized: Int) {
        try writing { db in TokenReplay(in: db)?.counts ?? (0, 0) }
    }

    /// What the index holds for a source file: the hash of the content it was read from, how many documents, and
    /// the file's size and modification time when it was read.
    struct StoredSource: Sendable {
        let contentHash: String
        let documents: Int
        let signature: FileSignature?
    }

    /// What is stored for some source files (documents or a metadata sidecar), by source.
    ///
    /// - Parameter sources: Source paths.
    /// - Returns: The stored content hash, document count and file signature of each source that has any.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func storedSources(_ sources: [String]) throws(StorageError) -> [String: StoredSource] {
        guard !sources.isEmpty else { return [:] }
        return try reading { db in
            var stored: [String: StoredSource] = [:]
            let documents = try db.cachedStatement(
                sql: """
                    SELECT content_hash, count(*) AS n, min(source_size) AS size, min(source_modified) AS modified,
                        count(source_modified) AS signed
                    FROM documents WHERE source = ?
                    """
            )
            let sidecars = try db.cachedStatement(
                sql: """
                    SELECT content_hash, source_size AS size, source_modified AS modified, 1 AS n, 1 AS signed
                    FROM sidecars WHERE source = ? LIMIT 1
                    """
            )
            for source in sources {
                var documentCount = 0
                var found = try Row.fetchOne(documents, arguments: [source])
                if let row = found, row["n"] as Int > 0 {
                    documentCount = row["n"]
                } else {
                    found = try Row.fetchOne(sidecars, arguments: [source])
                }
                guard let row = found else { continue }
                // A signature counts only when every row of the source has one.
                var signature: FileSignature?
                if let size = row["size"] as Int64?, let modified = row["modified"] as Int64?,
                    row["signed"] as Int == row["n"] as Int
                {
                    signature = FileSignature(size: size, modified: modified)
                }
                stored[source] = StoredSource(
                    contentHash: row["content_hash"],
                    documents: documentCount,
                    signature: signature
                )
            }
            return stored
        }
    }

    /// Adds or replaces documents, file by file, and stores metadata sidecars, all in one transaction.
    ///
    /// - Parameters:
    ///   - files: Documents grouped by the file they were read from (documents made in code form their own groups).
    ///   - sidecars: Metadata records to merge into the documents they describe.
    ///   - signatures: The size and modification time of each file read, remembered with what it yielded (files
    ///     found unchanged are included, so that a file only touched is not read again).
    /// - Returns: What happened to each document, in order.
    /// - Throws: ``StorageError`` when the index cannot be written; nothing of the batch is then stored.
    func write(
        _ files: [FileDocuments],
        sidecars: [MetadataSidecar] = [],
        signatures: [String: FileSignature?] = [:]
    ) throws(StorageError) -> [WriteOutcome] {
        guard !files.isEmpty || !sidecars.isEmpty || !signatures.isEmpty else { return [] }
        let now = ISO8601DateFormatter().string(from: Date())
        return try writing { db in
            for sidecar in sidecars { try Self.store(sidecar, in: db) }
            var outcomes: [WriteOutcome] = []
            let replay = TokenReplay(in: db)
            // While a bulk build is open, the documents added go to it instead of the full-text table.
            let build = bulkBuild.withLock { $0 }
            var built: [FullTextBulkBuild.Row] = []
            for file in files {
                for (index, document) in file.documents.enumerated() {
                    let body = file.storedBodies?[index] ?? TextCompression.compressed(document.body)
                    let fullText: FullTextWrite
                    if let build {
                        fullText = .deferred(build)
                    } else if let replay, let tokens = file.tokenizedTexts[index] {
                        fullText = .replaying(replay, [(tokens.title, document.title), (tokens.body, document.body)])
                    } else {
                        fullText = .inserting
                    }
                    let (outcome, rowID) = try Self.upsert(
                        document,
                        storedBody: body,
                        fullText: fullText,
                        indexedAt: now,
                        in: db
                    )
                    if build != nil, outcome == .added {
                        built.append(
                            FullTextBulkBuild.Row(
                                rowID: rowID,
                                title: document.title,
                                body: document.body,
                                tokens: file.tokenizedTexts[index]
                            )
                        )
                    }
                    outcomes.append(outcome)
                }
                try Self.removeStale(fromSource: file.source, keeping: file.documents.map(\.id), build: build, in: db)
            }
            // Queued before the commit, which holds still meanwhile; a commit that fails leaves the build short of
            // rows, which its end notices (``finishBulkFullTextBuild()``).
            build?.add(built)
            for (source, signature) in signatures {
                let arguments: StatementArguments = [signature?.size, signature?.modified, source]
                try db.cachedStatement(
                    sql: "UPDATE documents SET source_size = ?, source_modified = ? WHERE source = ?"
                ).execute(arguments: arguments)
                try db.cachedStatement(
                    sql: "UPDATE sidecars SET source_size = ?, source_modified = ? WHERE source = ?"
                ).execute(arguments: arguments)
            }
            return outcomes
        }
    }

    /// How a document's full-text row is written.
    private enum FullTextWrite {
        /// Inserted; FTS5 tokenizes the texts.
        case inserting
        /// Inserted; the writer's tokenizer replays these texts' tokens (``TokenReplay``).
        case replaying(TokenReplay, [(tokens: PretokenizedText, text: String)])
        /// Left to a bulk build, which the caller hands an added document; a changed one makes it stale.
        case deferred(FullTextBulkBuild)

        var build: FullTextBulkBuild? {
            if case .deferred(let build) = self { return build }
            return nil
        }
    }

    /// Stores a document, and says whether it was added, updated or unchanged, and its row id.
    private static func upsert(
        _ document: Document,
        storedBody: Data,
        fullText: FullTextWrite,
        indexedAt: String,
        in db: Database
    ) throws -> (WriteOutcome, rowID: Int64) {
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM documents WHERE document_id = ?"),
            arguments: [document.id.rawValue]
        )
        var metadata =
            try sidecarMetadata(for: document.metadata, in: db).map(document.metadata.filling(from:))
            ?? document.metadata
        if let existing, metadata.executiveOrderNumber == nil, metadata.type == .executiveOrder {
            // Keep the number an earlier run linked from another rendition (linkUnnumberedOrders).
            metadata.executiveOrderNumber = existing["executive_order_number"]
        }
        if let existing, existing["title"] as String == document.title, Self.metadata(from: existing) == metadata,
            existing["source"] as String == document.source,
            try text(ofRow: existing["rowid"], in: db)?.body == document.body
        {
            // Same document; a record file whose other records changed has a new hash to remember.
            if existing["content_hash"] as String != document.contentHash {
                try db.cachedStatement(sql: "UPDATE documents SET content_hash = ? WHERE rowid = ?")
                    .execute(arguments: [document.contentHash, existing["rowid"] as Int64])
            }
            return (.unchanged, existing["rowid"])
        }
        let values: StatementArguments =
            [document.id.rawValue, document.source, document.record, document.format.rawValue, document.title]
            + metadataArguments(metadata)
            + [document.contentHash, indexedAt, groupKey(metadata), titleKey(document.title)]
        let rowID: Int64
        let outcome: WriteOutcome
        if let existing {
            rowID = existing["rowid"]
            try deleteFullText(rowID: rowID, build: fullText.build, in: db)
            try db.cachedStatement(
                sql: """
                    UPDATE documents SET document_id = ?, source = ?, record = ?, format = ?, title = ?,
                        type = ?, date = ?, publication_date = ?, president = ?, executive_order_number = ?,
                        document_number = ?, citation = ?, source_url = ?, additional_fields = ?, content_hash = ?,
                        indexed_at = ?, group_key = ?, title_key = ?
                    WHERE rowid = ?
                    """
            ).execute(arguments: values + [rowID])
            try db.cachedStatement(sql: "UPDATE document_text SET title = ?, body = ? WHERE rowid = ?")
                .execute(arguments: [document.title, storedBody, rowID])
            try db.cachedStatement(sql: "DELETE FROM citations WHERE document_rowid = ?").execute(arguments: [rowID])
            try db.cachedStatement(sql: "DELETE FROM sections WHERE document_rowid = ?").execute(arguments: [rowID])
            outcome = .updated
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO documents(document_id, source, record, format, title, type, date,
                        publication_date, president, executive_order_number, document_number, citation, source_url,
                        additional_fields, content_hash, indexed_at, group_key, title_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: values)
            rowID = db.lastInsertedRowID
            try db.cachedStatement(sql: "INSERT INTO document_text(rowid, title, body) VALUES (?, ?, ?)")
                .execute(arguments: [rowID, document.title, storedBody])
            outcome = .added
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO documents_fts(rowid, title, body) VALUES(?, ?, ?)")
        let insertArguments: StatementArguments = [rowID, document.title, document.body]
        switch fullText {
        case .inserting: try insert.execute(arguments: insertArguments)
        case .replaying(let replay, let texts):
            try replay.indexing(texts) { try insert.execute(arguments: insertArguments) }
        case .deferred: break
        }
        var citation = try InsertStatement("INSERT INTO citations(document_rowid, kind, text) VALUES (?, ?, ?)", in: db)
        for cited in document.citations {
            citation.bind(rowID, at: 1)
            citation.bind(cited.kind.rawValue, at: 2)
            citation.bind(cited.text, at: 3)
            try citation.insert()
        }
        var section = try InsertStatement(
            "INSERT INTO sections(document_rowid, ordinal, number, heading, start_offset) VALUES (?, ?, ?, ?, ?)",
            in: db
        )
        for (ordinal, part) in document.sections.enumerated() {
            section.bind(rowID, at: 1)
            section.bind(ordinal, at: 2)
            section.bind(part.number, at: 3)
            section.bind(part.heading, at: 4)
            section.bind(part.startOffset, at: 5)
            try section.insert()
        }
        return (outcome, rowID)
    }

    /// Removes a document's terms from the full-text index, which needs the text it indexed; while a bulk build is
    /// open, the full-text table does not hold them, and the build, which may, becomes stale.
    private static func deleteFullText(rowID: Int64, build: FullTextBulkBuild?, in db: Database) throws {
        if let build {
            build.markStale()
            return
        }
        guard let text = try text(ofRow: rowID, in: db) else { return }
        try db.cachedStatement(
            sql: "INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES('delete', ?, ?, ?)"
        ).execute(arguments: [rowID, text.title, text.body])
    }

    private static func removeStale(
        fromSource source: String,
        keeping ids: [DocumentID],
        build: FullTextBulkBuild?,
        in db: Database
    ) throws {
        let kept = Set(ids.map(\.rawValue))
        let stored = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT rowid, document_id FROM documents WHERE source = ?"),
            arguments: [source]
        )
        for row in stored where !kept.contains(row["document_id"] as String) {
            try delete(row: row, build: build, in: db)
        }
    }

    /// Removes a stored document; `build` is the open bulk build, if any (``bulkBuild``).
    static func delete(row: Row, build: FullTextBulkBuild?, in db: Database) throws {
        let rowID: Int64 = row["rowid"]
        try deleteFullText(rowID: rowID, build: build, in: db)
        try db.cachedStatement(sql: "DELETE FROM documents WHERE rowid = ?").execute(arguments: [rowID])
    }

    // MARK: Sidecars

    private static func sidecarKeys(_ metadata: DocumentMetadata) -> [String] {
        [metadata.executiveOrderNumber.map { "EO-" + $0 }, metadata.documentNumber.map { "FR-" + $0 }]
            .compactMap { $0 }
    }

    private static func sidecarMetadata(for metadata: DocumentMetadata, in db: Database) throws -> DocumentMetadata? {
        for key in sidecarKeys(metadata) {
            if let json = try String.fetchOne(
                db.cachedStatement(sql: "SELECT metadata FROM sidecars WHERE key = ?"),
                arguments: [key]
            ),
                // Written by store(_:in:); a record that does not decode is ignored.
                let sidecar = try? JSONDecoder().decode(MetadataSidecar.self, from: Data(json.utf8))
            {
                return sidecar.metadata
            }
        }
        return nil
    }

    /// Stores a sidecar under its order and document numbers, and fills the gaps of the documents it describes.
    private static func store(_ sidecar: MetadataSidecar, in db: Database) throws {
        let json = String(decoding: try encoder.encode(sidecar), as: UTF8.self)
        for key in sidecarKeys(sidecar.metadata) {
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO sidecars(key, source, content_hash, metadata) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [key, sidecar.source, sidecar.contentHash, json])
        }
        let matches = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM documents
                    WHERE (executive_order_number IS NOT NULL AND executive_order_number = ?)
                       OR (document_number IS NOT NULL AND document_number = ?)
                    """
            ),
            arguments: [sidecar.metadata.executiveOrderNumber, sidecar.metadata.documentNumber]
        )
        // The type and date change without the full-text index, whose state alone the kept filters check.
        if !matches.isEmpty { try KeptFilters.drop(in: db) }
        for row in matches {
            let merged = metadata(from: row).filling(from: sidecar.metadata)
            try db.cachedStatement(
                sql: """
                    UPDATE documents SET type = ?, date = ?, publication_date = ?, president = ?,
                        executive_order_number = ?, document_number = ?, citation = ?, source_url = ?,
                        additional_fields = ?, group_key = ?
                    WHERE rowid = ?
                    """
            ).execute(arguments: metadataArguments(merged) + [groupKey(merged), row["rowid"] as Int64])
        }
    }

    // MARK: Renditions

    /// Gives executive orders posted without a number (White House postings) the number of the Federal Register
    /// rendition with the same title signed within a week, so that the two group as one order.
    ///
    /// - Returns: How many documents were linked.
    /// - Throws: ``StorageError`` when the index cannot be written.
    @discardableResult
    func linkUnnumberedOrders() throws(StorageError) -> Int {
        try writing { db in
            let unnumbered = """
                SELECT count(*) FROM documents WHERE executive_order_number IS NULL AND type = 'executive_order'
                """
            let before = try Int.fetchOne(db, sql: unnumbered) ?? 0
            try db.execute(
                sql: """
                    UPDATE documents SET executive_order_number = (
                        SELECT numbered.executive_order_number FROM documents AS numbered
                        WHERE numbered.title_key = documents.title_key
                          AND numbered.executive_order_number IS NOT NULL
                          AND abs(julianday(numbered.date) - julianday(documents.date)) <= 7
                        LIMIT 1)
                    WHERE executive_order_number IS NULL AND type = 'executive_order' AND title_key IS NOT NULL
                      AND date IS NOT NULL
                    """
            )
            try Self.linkByNearTitles(in: db)
            let linked = before - (try Int.fetchOne(db, sql: unnumbered) ?? 0)
            try db.execute(
                sql: """
                    UPDATE documents SET group_key = 'EO-' || executive_order_number
                    WHERE executive_order_number IS NOT NULL AND group_key IS NULL
                    """
            )
            try Self.refreshSharedGroups(in: db)
            return linked
        }
    }

    /// Links the orders left unnumbered whose title differs from a rendition's by a typo or two ("ARTIFICAL"):
    /// title keys at least 90 % alike, signed within a week.
    private static func linkByNearTitles(in db: Database) throws {
        let unnumbered = try Row.fetchAll(
            db,
            sql: """
                SELECT rowid, title_key, date FROM documents
                WHERE executive_order_number IS NULL AND type = 'executive_order' AND title_key IS NOT NULL
                  AND date IS NOT NULL
                """
        )
        let candidates = try db.cachedStatement(
            sql: """
                SELECT title_key, executive_order_number FROM documents
                WHERE executive_order_number IS NOT NULL AND title_key IS NOT NULL
                  AND abs(julianday(date) - julianday(?)) <= 7
                """
        )
        let update = try db.cachedStatement(
            sql: "UPDATE documents SET executive_order_number = ?, group_key = 'EO-' || ? WHERE rowid = ?"
        )
        for row in unnumbered {
            let key: String = row["title_key"]
            var best: (similarity: Double, number: String)?
            for candidate in try Row.fetchAll(candidates, arguments: [row["date"] as String]) {
                let similarity = TitleSimilarity.ratio(key, candidate["title_key"])
                if similarity >= 0.9, similarity > (best?.similarity ?? 0) {
                    best = (similarity, candidate["executive_order_number"])
                }
            }
            if let best { try update.execute(arguments: [best.number, best.number, row["rowid"] as Int64]) }
        }
    }

    /// Removes documents by id.
    ///
    /// - Parameter ids: The documents to remove; unknown ids are ignored.
    /// - Returns: How many were removed.
    /// - Throws: ``StorageError`` when the index cannot be written.
    @discardableResult
    func remove(_ ids: [DocumentID]) throws(StorageError) -> Int {
        try writing { db in
            var removed = 0
            for id in ids {
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT rowid FROM documents WHERE document_id = ?"),
                        arguments: [id.rawValue]
                    )
                else { continue }
                try Self.delete(row: row, build: bulkBuild.withLock { $0 }, in: db)
                removed += 1
            }
            if removed > 0 { try Self.refreshSharedGroups(in: db) }
            return removed
        }
    }

    /// Sets `shared_group` to the group key of documents that share it with another, and clears it elsewhere.
    ///
    /// Runs at the end of every indexing run and removal; until then a rendition added in the run may be counted
    /// once more in totals (its hits are folded all along, by `group_key`).
    static func refreshSharedGroups(in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE documents SET shared_group = NULL
                WHERE shared_group IS NOT NULL AND (group_key IS NULL OR group_key <> shared_group
                    OR (SELECT count(*) FROM documents AS other WHERE other.group_key = documents.group_key) < 2);
                UPDATE documents SET shared_group = group_key
                WHERE group_key IS NOT NULL AND shared_group IS NULL
                    AND (SELECT count(*) FROM documents AS other WHERE other.group_key = documents.group_key) > 1;
                """
        )
    }
}
