import CorpusGenerator
import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// The full-text index built outside FTS5 (``FullTextBuilder``), which `rebuild` writes, is the one FTS5 makes.
struct FullTextBuilderTests {
    /// Generated documents, file by file, as the reader extracts them.
    static func generatedFiles(_ count: Int, in folder: String) throws -> [DocumentStore.FileDocuments] {
        let corpus = folder + "/corpus"
        try CorpusGenerator(seed: 31, averageSize: 12_000).write(0..<count, to: URL(fileURLWithPath: corpus))
        let reader = DocumentReader()
        var files: [DocumentStore.FileDocuments] = []
        for case .file(let path) in reader.entries(under: [corpus]) {
            guard case .documents(let documents) = try reader.extract(try reader.read(path)) else { continue }
            files.append(DocumentStore.FileDocuments(source: path, documents: documents))
        }
        return files.sorted { $0.source < $1.source }
    }

    /// The full-text index's rows as the sqlite3 shell prints them, with each page's segment id left out (FTS5 numbers
    /// the segment its merge writes after the ones it merges); the structure record, which holds that id, is left out.
    static func fullTextRows(in path: String) throws -> [Substring] {
        let sql = """
            SELECT 'page', id & 137438953471, hex(block) FROM documents_fts_data WHERE id > 10 ORDER BY 2;
            SELECT 'averages', hex(block) FROM documents_fts_data WHERE id = 1;
            SELECT 'idx', hex(term), pgno FROM documents_fts_idx ORDER BY term;
            SELECT 'docsize', id, hex(sz) FROM documents_fts_docsize ORDER BY id;
            """
        return try SQLiteShell.output(of: sql, in: path).split(separator: "\n")
    }

    private static func count(_ sql: String, in path: String) throws -> Int {
        Int(try SQLiteShell.output(of: sql, in: path).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Rebuilt, the full-text index is the one segment FTS5's `'optimize'` writes, byte for byte.
    ///
    /// Every leaf, doclist index, `%_idx` row and row size is the same, below the 1,000 pages FTS5 merges per step.
    /// The builder's runs are small here, so that it merges many of them from its temporary file.
    @Test func rebuildWritesTheSegmentThatFTS5sOptimizeWrites() throws {
        let folder = try TemporaryFolder()
        let files = try Self.generatedFiles(700, in: folder.path)
        let merged = try DocumentStore(path: folder.path + "/merged.sqlite", readOnly: false)
        let rebuilt = try DocumentStore(path: folder.path + "/rebuilt.sqlite", readOnly: false)
        // FTS5 writes a segment at each commit; 'optimize' merges them (one segment alone it would leave as it is).
        for start in stride(from: 0, to: files.count, by: 100) {
            _ = try merged.write(Array(files[start..<min(start + 100, files.count)]))
        }
        _ = try rebuilt.write(files)
        try merged.mergeFullText()
        try rebuilt.rebuildFullText(runBytes: 256 << 10)

        let pages = try Self.count("SELECT count(*) FROM documents_fts_data WHERE id > 10", in: merged.path)
        try #require(pages > 200 && pages < 1_000, "\(pages) pages")
        let doclistIndexes = try Self.count(
            "SELECT count(*) FROM documents_fts_data WHERE id > 10 AND (id >> 36) & 1",
            in: merged.path
        )
        #expect(doclistIndexes > 0)
        let expected = try Self.fullTextRows(in: merged.path)
        let built = try Self.fullTextRows(in: rebuilt.path)
        #expect(built.count == expected.count)
        #expect(built == expected)
        // One level holding one segment, numbered 1, whose last leaf is the last page.
        let structure = try SQLiteShell.output(
            of: "SELECT hex(substr(block, 5, 2)) FROM documents_fts_data WHERE id = 10",
            in: rebuilt.path
        )
        #expect(structure.trimmingCharacters(in: .whitespacesAndNewlines) == "0101")
        #expect(try rebuilt.integrityProblems() == [])
    }

    /// The same rows in one run or in many give the same index.
    @Test func runsMergeIntoTheIndexOneRunMakes() throws {
        let folder = try TemporaryFolder()
        let files = try Self.generatedFiles(120, in: folder.path)
        let oneRun = try DocumentStore(path: folder.path + "/one.sqlite", readOnly: false)
        let manyRuns = try DocumentStore(path: folder.path + "/many.sqlite", readOnly: false)
        _ = try oneRun.write(files)
        _ = try manyRuns.write(files)
        try oneRun.rebuildFullText(runBytes: 1 << 30)
        try manyRuns.rebuildFullText(runBytes: 4_096)
        let rows = try Self.fullTextRows(in: oneRun.path)
        #expect(rows.count > 120)
        #expect(rows == (try Self.fullTextRows(in: manyRuns.path)))
        #expect(try manyRuns.integrityProblems() == [])
    }

    /// After `rebuild`, searches find what they found before, ranked the same, and the index takes new documents:
    /// the builder writes through a connection of its own, so the index's connections do not keep FTS5's old copy
    /// of the index's structure (written through one of them, the next insert there failed on segment 1).
    @Test func searchesAndWritesGoOnAfterARebuild() throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        let report = try index.add(contentsOf: [repositoryRoot + "/corpus/documents"])
        try #require(report.added >= 16)
        let queries = ["executive order", "federal", "energy", "\"national security\"", "artificial OR intelligence"]
        func hits() throws -> [[String]] {
            try queries.map { query in
                try index.search(query, limit: 50).map { "\($0.id.rawValue) \($0.score)" }
            }
        }
        let before = try hits()
        try #require(before.allSatisfy { !$0.isEmpty })

        try index.rebuild()
        #expect(try hits() == before)
        #expect(try index.store.integrityProblems() == [])

        try index.add(Document(source: "added-after-rebuild", title: "Zanzibar ferries", body: "zanzibar harbor rules"))
        #expect(
            try index.search("zanzibar", limit: 5).map(\.id.rawValue) == [
                DocumentID(source: "added-after-rebuild").rawValue
            ]
        )
        // One more document changes every score (the count of documents is in each term's weight), not what matches.
        #expect(
            try hits().map { Set($0.map { $0.split(separator: " ")[0] }) }
                == before.map { Set($0.map { $0.split(separator: " ")[0] }) }
        )
        #expect(try index.store.integrityProblems() == [])
    }

    /// An index without documents rebuilds into an empty full-text index that FTS5 reads and writes.
    @Test func anEmptyIndexRebuildsEmpty() throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try index.rebuild()
        #expect(try index.search("anything", limit: 5).isEmpty)
        #expect(try index.store.integrityProblems() == [])
        try index.add(Document(source: "first", title: "First", body: "the first document"))
        #expect(try index.search("first", limit: 5).count == 1)
        #expect(try index.store.integrityProblems() == [])
    }
}
