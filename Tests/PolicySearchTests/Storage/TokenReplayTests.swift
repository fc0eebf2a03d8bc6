import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// Texts tokenized where files are read (``PretokenizedText``) are replayed by the writer's tokenizer
/// (``TokenReplay``), and the index is the one FTS5's own tokenizer makes.
struct TokenReplayTests {
    /// The bundled corpus's documents, file by file, as the reader extracts them.
    private static func bundledDocuments() throws -> [(source: String, documents: [Document])] {
        let reader = DocumentReader()
        let root = repositoryRoot + "/corpus/documents"
        var files: [(String, [Document])] = []
        for case .file(let path) in reader.entries(under: [root]) {
            guard case .documents(let documents) = try reader.extract(try reader.read(path)) else { continue }
            files.append((path, documents))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The full-text index's own tables, row by row, as the sqlite3 shell prints them.
    private static func fullTextRows(in path: String) throws -> [Substring] {
        let sql = """
            SELECT 'data', id, hex(block) FROM documents_fts_data;
            SELECT 'idx', segid, hex(term), pgno FROM documents_fts_idx;
            SELECT 'docsize', id, hex(sz) FROM documents_fts_docsize;
            """
        return try SQLiteShell.output(of: sql, in: path).split(separator: "\n")
    }

    @Test func replayedTokensMakeTheIndexThatTokenizingMakes() throws {
        let files = try Self.bundledDocuments()
        let documentCount = files.reduce(0) { $0 + $1.documents.count }
        try #require(documentCount >= 16)
        let folder = try TemporaryFolder()
        let replaying = try DocumentStore(path: folder.path + "/replaying.sqlite", readOnly: false)
        let tokenizing = try DocumentStore(path: folder.path + "/tokenizing.sqlite", readOnly: false)
        _ = try replaying.write(
            files.map {
                var file = DocumentStore.FileDocuments(source: $0, documents: $1)
                while file.tokenizeNextDocument() {}
                return file
            }
        )
        _ = try tokenizing.write(files.map { DocumentStore.FileDocuments(source: $0, documents: $1) })

        // Every title and body was replayed in one store, and tokenized by FTS5's porter in the other.
        #expect(try replaying.tokenReplayCounts() == (2 * documentCount, 0))
        #expect(try tokenizing.tokenReplayCounts() == (0, 2 * documentCount))
        let replayed = try Self.fullTextRows(in: replaying.path)
        #expect(replayed.count > documentCount)
        #expect(replayed == (try Self.fullTextRows(in: tokenizing.path)))
        // FTS5 tokenizes each stored row again, with its own tokenizer, and compares with the index.
        #expect(try replaying.integrityProblems() == [])
    }

    /// A run tokenizes a batch's texts while the writer has no room for it, so how many are replayed depends on
    /// timing; every text is indexed once, either way.
    @Test func indexingFilesIndexesEveryTitleAndBodyOnceReplayedOrTokenized() throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        let report = try index.add(contentsOf: [repositoryRoot + "/corpus/documents"])
        try #require(report.added >= 16)
        let counts = try index.store.tokenReplayCounts()
        #expect(counts.replayed + counts.tokenized == 2 * report.added)
        #expect(try index.store.integrityProblems() == [])
    }

    @Test func aTextOtherThanTheOneTokenizedIsTokenizedByFTS5() throws {
        let folder = try TemporaryFolder()
        let store = try DocumentStore(path: folder.path + "/index.sqlite", readOnly: false)
        let expected = try #require(PretokenizedText("Sanctions on vessels"))
        #expect(expected.tokenCount == 3)
        try store.writing { db in
            let replay = try #require(TokenReplay(in: db))
            var insert = try InsertStatement("INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)", in: db)
            func insertRow(_ rowID: Int, _ title: String, _ body: String) throws {
                insert.bind(rowID, at: 1)
                insert.bind(title, at: 2)
                insert.bind(body, at: 3)
                try insert.insert()
            }
            try replay.indexing([(expected, "Sanctions on vessels")]) {
                // A title of as many bytes is read by FTS5; the body is the expected text.
                try insertRow(1, "Tariffs on steel now", "Sanctions on vessels")
                // The expected text again: it was replayed once already, so FTS5 reads it.
                try insertRow(2, "Sanctions on vessels", "Sanctions on vessels.")
            }
            #expect(replay.counts == (1, 3))
            // Expected texts are cleared after the insert: the same text is now tokenized by FTS5.
            try insertRow(3, "Sanctions on vessels", "")
            #expect(replay.counts == (1, 5))
            // Tokens paired with a text of another length are refused, and nothing is inserted.
            #expect(throws: (any Error).self) {
                try replay.indexing([(expected, "Sanctions on vessels.")]) { try insertRow(4, "Sanctions", "") }
            }
            #expect(replay.counts == (1, 5))
        }
        let hits = try SQLiteShell.output(
            of: """
                SELECT group_concat(rowid) FROM documents_fts WHERE documents_fts MATCH 'title:steel AND body:vessel';
                SELECT group_concat(rowid) FROM documents_fts WHERE documents_fts MATCH 'title:vessel';
                """,
            in: store.path
        )
        #expect(hits == "1\n2,3\n")
    }

    @Test func aConnectionThatOnlyReadsHasNoReplayingTokenizer() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        _ = try DocumentStore(path: path, readOnly: false)
        let reader = try DocumentStore(path: path, readOnly: true)
        #expect(try reader.reading { db in TokenReplay(in: db) } == nil)
    }
}
