import CorpusGenerator
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import PolicySearch

/// A large first run's full-text index, built beside the writer (``FullTextBulkBuild``), is the one `rebuild` writes
/// from the same stored documents, whatever happens to the run.
struct FullTextBulkBuildTests {
    private static func count(_ sql: String, in path: String) throws -> Int {
        Int(try SQLiteShell.output(of: sql, in: path).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The same files written in batches, and the full-text index rebuilt from what they stored.
    private static func rebuiltReference(
        _ batches: [[DocumentStore.FileDocuments]],
        at path: String
    ) throws -> DocumentStore {
        let store = try DocumentStore(path: path, readOnly: false)
        for batch in batches { _ = try store.write(batch) }
        try store.rebuildFullText()
        return store
    }

    /// Batches of files, some of whose texts are tokenized ahead, as a run's feeding thread tokenizes some.
    private static func batches(of files: [DocumentStore.FileDocuments]) -> [[DocumentStore.FileDocuments]] {
        stride(from: 0, to: files.count, by: 64).map { start in
            files[start..<min(start + 64, files.count)].enumerated().map { offset, file in
                var file = file
                if offset.isMultiple(of: 2) { while file.tokenizeNextDocument() {} }
                return file
            }
        }
    }

    @Test func aBulkBuildWritesTheIndexThatRebuildWrites() throws {
        let folder = try TemporaryFolder()
        let files = try FullTextBuilderTests.generatedFiles(300, in: folder.path)
        let batches = Self.batches(of: files)
        let path = folder.path + "/bulk.sqlite"
        let bulk = try DocumentStore(path: path, readOnly: false)
        try #require(try bulk.beginBulkFullTextBuild())
        for batch in batches { _ = try bulk.write(batch) }

        // Until its end, the full-text table holds nothing, and no other connection may write the index.
        #expect(try Self.count("SELECT count(*) FROM documents", in: path) == files.count)
        #expect(try Self.count("SELECT count(*) FROM documents_fts_docsize", in: path) == 0)
        #expect(FileManager.default.fileExists(atPath: path + "-build"))
        #expect { _ = try DocumentStore(path: path, readOnly: false) } throws: { error in
            String(describing: error)
                == "another run is building the full-text index of \(path); try again when it ends"
        }
        #expect(try DocumentStore(path: path, readOnly: true).statistics().documentCount == files.count)

        try bulk.finishBulkFullTextBuild()
        #expect(!FileManager.default.fileExists(atPath: path + "-build"))
        let reference = try Self.rebuiltReference(batches, at: folder.path + "/rebuilt.sqlite")
        let rows = try FullTextBuilderTests.fullTextRows(in: path)
        #expect(rows.count > files.count)
        #expect(rows == (try FullTextBuilderTests.fullTextRows(in: reference.path)))
        #expect(try bulk.integrityProblems() == [])
        // The build is over: FTS5 indexes the next document, and other connections may write.
        let extra = Document(source: "extra", title: "Zanzibar ferries", body: "Harbor rules for zanzibar.")
        _ = try bulk.write([DocumentStore.FileDocuments(source: extra.source, documents: [extra])])
        #expect(try bulk.integrityProblems() == [])
        _ = try DocumentStore(path: path, readOnly: false)
    }

    /// A document changed or removed while the build holds it makes the build stale: the index is then built from
    /// the stored texts, which hold the change.
    @Test func aDocumentChangedDuringTheBuildIsIndexedAsStored() throws {
        let folder = try TemporaryFolder()
        let files = try FullTextBuilderTests.generatedFiles(120, in: folder.path)
        var changed = files[5]
        var document = changed.documents[0]
        document.body += "\n\nAmended to cover quokka habitats."
        changed = DocumentStore.FileDocuments(source: changed.source, documents: [document])
        let removed = DocumentStore.FileDocuments(source: files[7].source, documents: [])
        let batches = Self.batches(of: files) + [[changed, removed]]

        let path = folder.path + "/bulk.sqlite"
        let bulk = try DocumentStore(path: path, readOnly: false)
        try #require(try bulk.beginBulkFullTextBuild())
        for batch in batches { _ = try bulk.write(batch) }
        try bulk.finishBulkFullTextBuild()

        let reference = try Self.rebuiltReference(batches, at: folder.path + "/rebuilt.sqlite")
        #expect(try Self.count("SELECT count(*) FROM documents", in: path) == files.count - 1)
        #expect(
            try FullTextBuilderTests.fullTextRows(in: path)
                == (try FullTextBuilderTests.fullTextRows(in: reference.path))
        )
        #expect(try bulk.integrityProblems() == [])
        let index = try SearchIndex(path: path, mode: .readOnly)
        #expect(try index.search("quokka").map(\.document.id) == [document.id])
    }

    /// A build opens only on an index file that holds no documents.
    @Test func aBuildOpensOnlyOnAnEmptyIndexFile() throws {
        let folder = try TemporaryFolder()
        let files = try FullTextBuilderTests.generatedFiles(3, in: folder.path)
        let store = try DocumentStore(path: folder.path + "/index.sqlite", readOnly: false)
        _ = try store.write(files)
        #expect(try store.beginBulkFullTextBuild() == false)
        #expect(!FileManager.default.fileExists(atPath: store.path + "-build"))
        #expect(try DocumentStore(path: nil, readOnly: false).beginBulkFullTextBuild() == false)
    }

    /// A run killed before the build is written leaves documents without full-text rows and an unlocked lock file.
    ///
    /// Searches then miss those documents; the next opening for writing builds their full-text index.
    @Test func anInterruptedBuildIsFinishedByTheNextWritableOpening() throws {
        let folder = try TemporaryFolder()
        let files = try FullTextBuilderTests.generatedFiles(150, in: folder.path)
        let batches = Self.batches(of: files)
        let path = folder.path + "/bulk.sqlite"
        do {
            let bulk = try DocumentStore(path: path, readOnly: false)
            try #require(try bulk.beginBulkFullTextBuild())
            for batch in batches.dropLast() { _ = try bulk.write(batch) }
        }
        // What a killed run leaves: the lock file stays, no longer locked.
        try #require(FileManager.default.createFile(atPath: path + "-build", contents: nil))
        let stored = try Self.count("SELECT count(*) FROM documents", in: path)
        #expect(stored == batches.dropLast().joined().count)
        let searcher = try SearchIndex(path: path, mode: .readOnly)
        let word = "agency"
        #expect(try searcher.search(word).isEmpty)

        let reopened = try DocumentStore(path: path, readOnly: false)
        #expect(!FileManager.default.fileExists(atPath: path + "-build"))
        #expect(try Self.count("SELECT count(*) FROM documents_fts_docsize", in: path) == stored)
        #expect(try reopened.integrityProblems() == [])
        #expect(try searcher.search(word).isEmpty == false)
        let reference = try Self.rebuiltReference(Array(batches.dropLast()), at: folder.path + "/rebuilt.sqlite")
        #expect(
            try FullTextBuilderTests.fullTextRows(in: path)
                == (try FullTextBuilderTests.fullTextRows(in: reference.path))
        )
    }

    /// Through `add(contentsOf:)`: a large first run, cancelled or not, ends with hits and scores equal to those of
    /// a run that FTS5 indexed, its full-text index in one segment.
    @Test func aLargeFirstRunFindsWhatAnFTS5RunFinds() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.path + "/corpus"
        try CorpusGenerator(seed: 41, averageSize: 2_000).write(0..<240, to: URL(fileURLWithPath: corpus))
        let bulk = try SearchIndex(path: folder.path + "/bulk.sqlite")
        let steps = Mutex<[IndexingProgress.Finishing]>([])
        let report = try bulk.add(
            contentsOf: [corpus],
            progress: { progress in if let step = progress.finishing { steps.withLock { $0.append(step) } } },
            deferringIndexesFrom: 100
        )
        #expect(report.added == 240)
        #expect(steps.withLock { $0 }.contains(.mergingFullText))
        let usual = try SearchIndex(path: folder.path + "/usual.sqlite")
        try usual.add(contentsOf: [corpus], progress: nil, deferringIndexesFrom: .max)
        for query in ["agency", "\"national security\"", "energy OR climate", "type:memorandum secur*", "title:order"] {
            let hits = try bulk.search(query, limit: 30).map { "\($0.document.id.rawValue) \($0.score)" }
            #expect(hits == (try usual.search(query, limit: 30).map { "\($0.document.id.rawValue) \($0.score)" }))
            #expect(!hits.isEmpty, "\(query)")
        }
        #expect(try Self.count("SELECT count(*) FROM documents_fts_data WHERE id = 10", in: bulk.path) == 1)
        #expect(
            try SQLiteShell.output(
                of: "SELECT hex(substr(block, 5, 2)) FROM documents_fts_data WHERE id = 10",
                in: bulk.path
            ) == "0101\n"
        )
        #expect(try bulk.check().isEmpty)

        // Cancelled after its first batch, a run still writes the full-text index of what it stored.
        let cancelled = try SearchIndex(path: folder.path + "/cancelled.sqlite")
        let batches = Mutex(0)
        let partial = try cancelled.add(
            contentsOf: [corpus],
            progress: { progress in if progress.finishing == nil { batches.withLock { $0 += 1 } } },
            deferringIndexesFrom: 100,
            isCancelled: { batches.withLock { $0 } >= 2 }
        )
        #expect(partial.wasCancelled)
        #expect(partial.added > 0 && partial.added < 240)
        #expect(try cancelled.check().isEmpty)
        #expect(try cancelled.search("agency").isEmpty == false)
    }
}
