import Foundation
internal import GRDB

/// The index file's layout: every table and statement name, and the migrations that create them.
///
/// - `documents`: one row per document (metadata, title, content hash, the key grouping renditions of one order,
///   and a normalized title for recognizing them), small enough that filters and counts read little.
/// - `document_text`: each document's title and its body compressed (``TextCompression``), by the same rowid;
///   `document_content` is the view that decompresses it: the full-text index's content.
/// - `shared_group` (documents): the group key of documents whose order has more than one rendition, else NULL, so
///   that totals with folded renditions count duplicates among a few rows instead of over every match.
/// - `citations`, `sections`: what each document cites, and its numbered sections.
/// - `temp.documents_vocab`: an `fts5vocab` view of the full-text index's terms and document counts, for spelling
///   suggestions and `stats`; made by each connection, so read-only indexes have it too: as it opens, or, opened for
///   reading, when it first reads it (see ``prepareConnection(_:)``).
/// - `roots`: the folders indexed, for `update` and for removing documents whose files vanished, with the time of
///   the last run that completed over each.
/// - `source_size`, `source_modified` (documents and sidecars): the size and modification time of the file a row was
///   read from, so that an unchanged file is recognized without reading it.
/// - `sidecars`: metadata records (federalregister.gov API JSON) merged into the documents they describe.
/// - `document_lengths`: one row, every document's length in tokens as of one state of the full-text index, stored at
///   the end of an indexing run so that a search in a fresh process need not read them record by record
///   (``DocumentLengths``).
/// - `top_hits`: the best hits of searches that many documents match, with the set of all their matches, as of one
///   state of the full-text index, ranked at the end of a large indexing run (``TopHits``); and, under keys of their
///   own, the rows of each document type and each year of signing (``KeptFilters``).
/// - `documents_fts`: an FTS5 external-content table over `document_content(title, body)`, tokenized with
///   `porter unicode61 remove_diacritics 2`, without prefix indexes. Storage writes its rows in the same
///   transaction as the document rows (no triggers; see FTS5-NOTES.md).
enum Schema {
    /// The schema version this build writes and reads.
    static let version = 12
    /// The oldest schema version an index opened read-only may have: version 9 only adds `document_lengths`, version
    /// 10 the indexes of dates, version 11 the index of types and dates, and version 12 `top_hits`; searches do
    /// without them.
    static let oldestReadableVersion = 8
    /// `PRAGMA application_id` of PolicySearch index files ("PoSe").
    static let applicationID: Int32 = 0x506F_5365

    static let documents = "documents"
    static let fullText = "documents_fts"
    static let documentLengths = "document_lengths"
    static let topHits = "top_hits"

    static var migrator: DatabaseMigrator {
        // Orphan rows left by an outside edit must not make the index impossible to open and repair, so
        // migrations do not end with a foreign-key check; `check` reports such rows and `rebuild` removes them.
        var migrator = DatabaseMigrator().disablingDeferredForeignKeyChecks()
        migrator.registerMigration("v1: documents and full-text index") { db in
            try db.execute(
                sql: """
                    CREATE TABLE documents (
                        rowid INTEGER PRIMARY KEY,
                        document_id TEXT NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        record TEXT,
                        format TEXT NOT NULL,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        type TEXT NOT NULL,
                        date TEXT,
                        publication_date TEXT,
                        president TEXT,
                        executive_order_number TEXT,
                        document_number TEXT,
                        citation TEXT,
                        source_url TEXT,
                        additional_fields TEXT,
                        content_hash TEXT NOT NULL,
                        indexed_at TEXT NOT NULL
                    );
                    CREATE INDEX documents_source ON documents(source);
                    CREATE INDEX documents_type ON documents(type);
                    CREATE VIRTUAL TABLE documents_fts USING fts5(
                        title, body,
                        content = 'documents', content_rowid = 'rowid',
                        tokenize = 'porter unicode61 remove_diacritics 2',
                        prefix = '2 3'
                    );
                    PRAGMA application_id = \(applicationID);
                    PRAGMA user_version = 1;
                    """
            )
        }
        migrator.registerMigration("v2: citations, sections, sidecars, renditions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN group_key TEXT;
                    ALTER TABLE documents ADD COLUMN title_key TEXT;
                    CREATE INDEX documents_group ON documents(group_key);
                    CREATE INDEX documents_title_key ON documents(title_key);
                    CREATE INDEX documents_order_number ON documents(executive_order_number);
                    CREATE INDEX documents_document_number ON documents(document_number);
                    CREATE TABLE citations (
                        document_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE INDEX citations_text ON citations(text);
                    CREATE INDEX citations_document ON citations(document_rowid);
                    CREATE TABLE sections (
                        document_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        number TEXT NOT NULL,
                        heading TEXT,
                        start_offset INTEGER NOT NULL
                    );
                    CREATE INDEX sections_document ON sections(document_rowid);
                    CREATE TABLE sidecars (
                        key TEXT PRIMARY KEY,
                        source TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        metadata TEXT NOT NULL
                    );
                    CREATE INDEX sidecars_source ON sidecars(source);
                    PRAGMA user_version = 2;
                    """
            )
        }
        migrator.registerMigration("v3: indexed roots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE roots (path TEXT PRIMARY KEY, synced_at TEXT NOT NULL);
                    PRAGMA user_version = 3;
                    """
            )
        }
        migrator.registerMigration("v4: source file signatures") { db in
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN source_size INTEGER;
                    ALTER TABLE documents ADD COLUMN source_modified INTEGER;
                    ALTER TABLE sidecars ADD COLUMN source_size INTEGER;
                    ALTER TABLE sidecars ADD COLUMN source_modified INTEGER;
                    PRAGMA user_version = 4;
                    """
            )
        }
        migrator.registerMigration("v5: text apart from metadata") { db in
            // Metadata rows no longer carry the body: filters, counts and grouping read small rows instead of
            // walking a 15 KB body's overflow pages, and the full-text index reads its content from document_text.
            try db.execute(
                sql: """
                    CREATE TABLE document_text (
                        rowid INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    INSERT INTO document_text(rowid, title, body) SELECT rowid, title, body FROM documents;
                    DROP TABLE documents_fts;
                    CREATE VIRTUAL TABLE documents_fts USING fts5(
                        title, body,
                        content = 'document_text', content_rowid = 'rowid',
                        tokenize = 'porter unicode61 remove_diacritics 2',
                        prefix = '2 3'
                    );
                    INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                    ALTER TABLE documents DROP COLUMN body;
                    PRAGMA user_version = 5;
                    """
            )
        }
        migrator.registerMigration("v6: shared groups") { db in
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN shared_group TEXT;
                    CREATE INDEX documents_shared_group ON documents(shared_group) WHERE shared_group IS NOT NULL;
                    PRAGMA user_version = 6;
                    """
            )
            try DocumentStore.refreshSharedGroups(in: db)
        }
        migrator.registerMigration("v7: full-text build settings") { db in
            try db.execute(sql: fullTextSettings + "PRAGMA user_version = 7;")
        }
        migrator.registerMigration("v8: compressed bodies, no prefix indexes") { db in
            // Bodies were most of the file, and the prefix indexes for 2 and 3 characters half of the full-text
            // index (generated text at 10k documents: 181 and 109 of 418 MB); without them a prefix query reads the
            // terms it covers from the main index (issue #6's closing note has the timings).
            try db.execute(
                sql: """
                    DROP TABLE documents_fts;
                    UPDATE document_text SET body = deflate_text(body) WHERE typeof(body) = 'text';
                    CREATE VIEW document_content(id, title, body) AS
                        SELECT rowid, title, inflate_text(body) FROM document_text;
                    \(fullTextTable);
                    \(fullTextSettings)
                    INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                    PRAGMA user_version = 8;
                    """
            )
        }
        migrator.registerMigration("v9: stored row lengths") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(documentLengths) (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        index_key BLOB NOT NULL,
                        first_row INTEGER NOT NULL,
                        lengths BLOB NOT NULL
                    );
                    PRAGMA user_version = 9;
                    """
            )
        }
        migrator.registerMigration("v10: indexes of dates") { db in
            // A `signed:` or `published:` range lists its documents from an index instead of reading every
            // document's row (issue #6's closing note has the timings).
            try db.execute(
                sql: """
                    CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
                    CREATE INDEX IF NOT EXISTS documents_publication_date ON documents(publication_date);
                    PRAGMA user_version = 10;
                    """
            )
        }
        migrator.registerMigration("v11: an index of types and dates") { db in
            // A type and a date range together (`type:proclamation signed:2009..2016`) list their documents from
            // this index alone. With the index of types, SQLite read the row of every document of the type for its
            // date (100k documents: 25 against 1.4 ms). The index of types stays for a type alone: its keys end with
            // the row id, which a shard's range of rows narrows.
            try db.execute(
                sql: """
                    CREATE INDEX IF NOT EXISTS documents_type_date ON documents(type, date);
                    PRAGMA user_version = 11;
                    """
            )
        }
        migrator.registerMigration("v12: top hits of frequent searches") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(topHits) (
                        expression_key TEXT PRIMARY KEY,
                        index_key BLOB NOT NULL,
                        title_weight REAL NOT NULL,
                        body_weight REAL NOT NULL,
                        match_count INTEGER NOT NULL,
                        first_row INTEGER NOT NULL,
                        matches BLOB NOT NULL,
                        row_ids BLOB NOT NULL,
                        ranks BLOB NOT NULL
                    );
                    PRAGMA user_version = 12;
                    """
            )
        }
        return migrator
    }

    /// Secondary indexes whose keys arrive in no order, which a large run drops first and makes again at its end.
    ///
    /// Every batch would rewrite pages all over them (at 100k generated documents, most of the bytes written);
    /// made at the end, each is sorted once. Opening an index for writing makes any that a killed run left out.
    static let deferredIndexes = [
        "citations_text": "CREATE INDEX IF NOT EXISTS citations_text ON citations(text)",
        "documents_title_key": "CREATE INDEX IF NOT EXISTS documents_title_key ON documents(title_key)",
        "documents_group": "CREATE INDEX IF NOT EXISTS documents_group ON documents(group_key)",
        "documents_date": "CREATE INDEX IF NOT EXISTS documents_date ON documents(date)",
        "documents_type_date": "CREATE INDEX IF NOT EXISTS documents_type_date ON documents(type, date)",
        "documents_publication_date":
            "CREATE INDEX IF NOT EXISTS documents_publication_date ON documents(publication_date)",
    ]

    /// Makes any of ``deferredIndexes`` that is missing, each sorted once, and puts back FTS5's merging of segments
    /// as ``fullTextSettings`` sets it, when a large run had put it off (``deferredMergeSettings``).
    ///
    /// SQLite's sorter gets one helper thread for it (`PRAGMA threads`), as the extraction threads are done by then:
    /// `citations_text` over 100k generated documents (3.4 million rows) took 2.65 / 2.21 s without, 1.78 / 1.60 s
    /// with one and 1.83 / 1.66 s with two (alternated, sqlite3 shell).
    static func createDeferredIndexes(in db: Database) throws {
        try db.execute(sql: "PRAGMA threads = 1")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        for sql in deferredIndexes.values { try db.execute(sql: sql) }
        let automerge = try Int.fetchOne(db, sql: "SELECT v FROM documents_fts_config WHERE k = 'automerge'")
        if automerge == 0 { try db.execute(sql: usualMergeSettings) }
    }

    /// FTS5's merging while a large run writes: none as it goes (`automerge` 0), and a level's segments merged only
    /// when ``deferredCrisisMerge`` pile up (`crisismerge`), since the run ends by merging every segment into one.
    ///
    /// Merges during the run rewrote each term's rows once or twice before that last merge, on the writer, while
    /// extraction waited: 100k generated documents took 98–99 s to index without them, 105–107 s with them. The
    /// usual settings come back when the run ends, or when the index is next opened for writing after a killed run.
    static let deferredMergeSettings = """
        INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 0);
        INSERT INTO documents_fts(documents_fts, rank) VALUES('crisismerge', \(deferredCrisisMerge));
        """

    /// How many segments (one per batch of 64 to 256 files) a large run lets pile up before FTS5 merges them.
    ///
    /// With 256, a run over 100k generated files (391 batches) merged 256 segments in the middle, on the writer,
    /// and all of it again at the end: 92.5 s against 87.5 s with none in the middle, one run after the other (the
    /// last merge took 9 s instead of 16, but the middle one had held up the writer for 11). FTS5 keeps a page of
    /// each segment it merges in memory: 512 segments are about 10 MB (peak 127 MB at 100k, against 132).
    static let deferredCrisisMerge = 512

    /// The merging ``fullTextSettings`` sets, and FTS5's default `crisismerge`.
    static let usualMergeSettings = """
        INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', \(automergeSegments));
        INSERT INTO documents_fts(documents_fts, rank) VALUES('crisismerge', 16);
        """

    /// The page size of new index files: 16 KB pages hold FTS5's leaves (``fullTextSettings``) whole.
    static let pageSize = 16_384

    /// How many segments of a level FTS5 merges at a time (`automerge`) as it writes, in ``fullTextSettings`` and
    /// ``usualMergeSettings``.
    static let automergeSegments = 16

    /// FTS5 settings measured on bulk loads (FTS5-NOTES.md; issue #6's closing note): leaves of 16,000 bytes, merging
    /// 16 segments at a time instead of 4, and a 16 MB in-memory buffer of new terms before a segment is written.
    static let fullTextSettings = """
        INSERT INTO documents_fts(documents_fts, rank) VALUES('pgsz', 16000);
        INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', \(automergeSegments));
        INSERT INTO documents_fts(documents_fts, rank) VALUES('hashsize', 16777216);
        """

    /// The full-text index's tokenizer and its arguments: English stems of Unicode words, without diacritics.
    static let tokenizer = ["porter", "unicode61", "remove_diacritics", "2"]

    /// The full-text index over `document_content(title, body)`, the view of `document_text` with bodies
    /// decompressed.
    static let fullTextTable = """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, body,
            content = 'document_content', content_rowid = 'id',
            tokenize = '\(tokenizer.joined(separator: " "))'
        )
        """

    /// Sets up a connection: the functions that compress and decompress bodies (``TextCompression``), which the
    /// full-text index needs to read its content, the ranking functions (``FullTextRanking``), the vocabulary view in
    /// the connection's temporary schema, and on a connection that writes, the tokenizer that replays texts tokenized
    /// ahead of the writer (``TokenReplay``).
    static func prepareConnection(_ db: Database) throws {
        try FullTextRanking.register(in: db)
        db.add(
            function: DatabaseFunction("inflate_text", argumentCount: 1, pure: true) { values in
                guard let data = Data.fromDatabaseValue(values[0]) else { return String.fromDatabaseValue(values[0]) }
                guard let text = TextCompression.text(data) else {
                    throw DatabaseError(message: "a stored body is not compressed text")
                }
                return text
            }
        )
        db.add(
            function: DatabaseFunction("deflate_text", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map(TextCompression.compressed)
            }
        )
        // A connection opened for reading makes it when it first reads it (``prepareVocabulary(_:)``): a search does
        // not need it, and a fresh process opens three such connections. Others cannot make it within a read,
        // where GRDB forbids writes, so they make it now.
        if !db.configuration.readonly {
            // Before anything reads the full-text table, which makes its tokenizer once per connection.
            try TokenReplay.register(in: db)
            try prepareVocabulary(db)
        }
    }

    /// Makes the connection's `temp.documents_vocab` table unless it exists (see ``prepareConnection(_:)``).
    static func prepareVocabulary(_ db: Database) throws {
        guard
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'documents_vocab')"
            ) != true
        else { return }
        try db.execute(
            sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.documents_vocab USING fts5vocab(main, documents_fts, row)"
        )
    }
}
