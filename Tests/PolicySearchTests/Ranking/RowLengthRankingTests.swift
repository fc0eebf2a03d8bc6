import CorpusGenerator
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import PolicySearch

/// Ranking with row lengths from memory returns FTS5's own BM25 scores.
///
/// Searches rank with `policy_bm25`, which reads row lengths from memory (``DocumentLengths``); explanations compute
/// the total with FTS5's own `bm25()`. The two must be the same double for every hit, also after the index changes.
struct RowLengthRankingTests {
    /// Every kind of expression the query language compiles to, so that every phrase count and column weight path of
    /// the functions runs: words, phrases, OR, exclusions, prefixes, NEAR, fields, filters, a phrase boost, and words
    /// the thesaurus widens (`cybersecurity OR cyber`).
    static let queries = [
        "agency", "climate resilience", "federal broadband rural", "\"executive order\"", "\"of the\"",
        "\"heads of executive departments\"", "wetlands OR drought", "policy -agency", "cyber*",
        "agency NEAR/20 policy", "title:department", "energy type:memorandum", "wetlands signed:2001-01-01..2016-12-31",
        "cybersecurity", "wetlands OR drought OR regulat*", "title:wetl*",
    ]

    /// Weights, with the phrase boost on and off.
    static let rankings = [
        RankingOptions(), RankingOptions(boostsPhrases: true), RankingOptions(titleWeight: 2.5, bodyWeight: 0.5),
    ]

    @Test(arguments: rankings)
    func scoresAreFTS5BM25InAFileIndex(ranking: RankingOptions) throws {
        let (folder, index) = try Self.generatedIndex(seed: 23, count: 200, averageSize: 3_000, ranking: ranking)
        defer { withExtendedLifetime(folder) {} }
        let compared = try Self.compareScores(in: index)
        #expect(compared > 350, "\(compared) hits")
        #expect(index.store.lengthCache.withLock { $0 } != nil, "the file index's searches read the lengths")
    }

    /// Shards of one search may read successive committed states, so a phrase's hits, counted in a later state, can
    /// exceed the row count of an earlier one: the IDF is then bm25()'s floor, never NaN (which no JSON can hold).
    @Test func inverseDocumentFrequencyIsAlwaysANumber() {
        #expect(FullTextRanking.inverseDocumentFrequency(rowCount: 10, hits: 40) == 1e-6)
        #expect(FullTextRanking.inverseDocumentFrequency(rowCount: 100, hits: 90) == 1e-6)
        #expect(FullTextRanking.inverseDocumentFrequency(rowCount: 100, hits: 9) == log(91.5 / 9.5))
    }

    @Test func scoresAreFTS5BM25InMemory() throws {
        let folder = try TemporaryFolder()
        try CorpusGenerator(seed: 29, averageSize: 2_000).write(0..<120, to: URL(fileURLWithPath: folder.path + "/c"))
        let index = try SearchIndex()
        try index.add(contentsOf: [folder.path + "/c"])
        let compared = try Self.compareScores(in: index)
        #expect(compared > 250, "\(compared) hits")
    }

    /// A document rewritten in place keeps its row id but not its length: a search after it must not rank it with
    /// the length the previous search read.
    @Test func lengthsFollowEveryChange() throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        func keeper(_ number: Int, words: Int) -> Document {
            Document(
                source: "https://example.gov/lighthouse-\(number)",
                title: "Lighthouse \(number)",
                body: "The lighthouse shall be kept lit. "
                    + String(repeating: "Coastal waters and harbors. ", count: words)
            )
        }
        try index.add((1...8).map { keeper($0, words: $0 * 3) })
        let before = try index.search(
            SearchQuery(parsing: "lighthouse"),
            options: SearchOptions(limit: 10, explainsScores: true)
        )
        #expect(before.results.count == 8)
        try Self.expectScoresExplained(before)
        let firstKey = try #require(index.store.lengthCache.withLock { $0 }?.key)

        // The shortest document, rewritten a hundred times longer under the same id and row.
        #expect(try index.add(keeper(1, words: 300)).updated == 1)
        let after = try index.search(
            SearchQuery(parsing: "lighthouse"),
            options: SearchOptions(limit: 10, explainsScores: true)
        )
        try Self.expectScoresExplained(after)
        let score = { (page: SearchPage) in page.results.first { $0.document.source.hasSuffix("-1") }?.score }
        #expect(try #require(score(after)) < #require(score(before)), "a longer body scores lower")
        #expect(index.store.lengthCache.withLock { $0 }?.key != firstKey)

        // Removed and added documents: the lengths are read again, and rows they do not hold are looked up.
        #expect(try index.remove([DocumentID(source: "https://example.gov/lighthouse-2", record: nil)]) == 1)
        try index.add((9...12).map { keeper($0, words: 40) })
        let last = try index.search(
            SearchQuery(parsing: "lighthouse"),
            options: SearchOptions(limit: 20, explainsScores: true)
        )
        #expect(last.results.count == 11)
        try Self.expectScoresExplained(last)
    }

    /// A new searcher reads the lengths an indexing run stored, until the index changes.
    ///
    /// A search in a fresh process (here a new `SearchIndex`) reads the lengths the run stored at its end, and scores
    /// as bm25() does. Writes after it leave them stale, and searches read the full-text index's own until `optimize`
    /// or `rebuild` stores them again.
    @Test func storedLengthsServeNewSearchersUntilTheIndexChanges() throws {
        let (folder, writer) = try Self.generatedIndex(seed: 29, count: 120, averageSize: 2_000)
        defer { withExtendedLifetime(folder) {} }
        let path = writer.path
        func expectRead(from origin: DocumentLengths.Origin, _ moment: String) throws {
            let searcher = try SearchIndex(path: path, mode: .readOnly)
            #expect(try Self.compareScores(in: searcher) > 250, "\(moment)")
            #expect(searcher.store.lengthCache.withLock { $0 }?.origin == origin, "\(moment)")
            // Stored or not, the lengths are the full-text index's own.
            try searcher.store.reading { db in
                let key = try DocumentLengths.key(in: db)
                let kept = try #require(searcher.store.lengthCache.withLock { $0 })
                let read = try #require(try DocumentLengths.read(in: db, key: key))
                #expect(kept.key == key)
                #expect(kept.hasSameLengths(as: read), "\(moment)")
            }
        }
        try expectRead(from: .stored, "after the run")

        try writer.add(Document(source: "https://example.gov/extra", title: "Extra", body: "Agency climate policy."))
        try expectRead(from: .fullTextIndex, "after a document made in code")
        try writer.optimize()
        try expectRead(from: .stored, "after optimize")
        #expect(try writer.remove([DocumentID(source: "https://example.gov/extra", record: nil)]) == 1)
        try expectRead(from: .fullTextIndex, "after a removal")
        try writer.rebuild()
        try expectRead(from: .stored, "after rebuild")
        #expect(try writer.check().isEmpty)
    }

    /// `check` reports stored lengths that claim to be the full-text index's and are not.
    @Test func checkFindsStoredLengthsThatDiffer() throws {
        let (folder, index) = try Self.generatedIndex(seed: 37, count: 30, averageSize: 1_000)
        defer { withExtendedLifetime(folder) {} }
        let path = index.path
        #expect(try index.check().isEmpty)
        // Every length made 0, the key left as it was.
        _ = try SQLiteShell.output(of: "UPDATE document_lengths SET lengths = zeroblob(length(lengths))", in: path)
        #expect(
            try SQLiteShell.output(of: "SELECT typeof(lengths), sum(length(lengths)) FROM document_lengths", in: path)
                == "blob|120\n"
        )
        #expect(
            try index.check() == [
                "the stored row lengths differ from the full-text index's; run `policy-search rebuild`"
            ]
        )
        try index.rebuild()
        #expect(try index.check().isEmpty)
    }

    @Test func docsizeRecordsAddUpTheirColumns() {
        // SQLite varints: one byte under 128, then 7 bits a byte, most significant first.
        #expect(DocumentLengths.totalTokens(Data([0x05, 0x7F])) == 132)
        #expect(DocumentLengths.totalTokens(Data([0x81, 0x00, 0x03])) == 131)
        #expect(DocumentLengths.totalTokens(Data([0x83, 0xFF, 0x7F, 0x00])) == 0xFFFF)
        #expect(DocumentLengths.totalTokens(Data()) == 0)
    }

    /// A file index in a new folder (returned, as removing it removes the index) of `count` generated documents.
    private static func generatedIndex(
        seed: UInt64,
        count: Int,
        averageSize: Int,
        ranking: RankingOptions = RankingOptions()
    ) throws -> (TemporaryFolder, SearchIndex) {
        let folder = try TemporaryFolder()
        let corpus = folder.path + "/c"
        try CorpusGenerator(seed: seed, averageSize: averageSize).write(0..<count, to: URL(fileURLWithPath: corpus))
        let index = try SearchIndex(path: folder.path + "/index.sqlite", ranking: ranking)
        try index.add(contentsOf: [corpus])
        return (folder, index)
    }

    /// Runs every query with explanations and compares each hit's score with its explained total; returns how many
    /// hits were compared.
    private static func compareScores(in index: SearchIndex) throws -> Int {
        var compared = 0
        for query in queries {
            let page = try index.search(
                SearchQuery(parsing: query),
                options: SearchOptions(limit: 40, renditions: .separate, explainsScores: true)
            )
            try expectScoresExplained(page, query)
            #expect(!page.results.isEmpty, "\(query)")
            compared += page.results.count
        }
        return compared
    }

    private static func expectScoresExplained(_ page: SearchPage, _ query: String = "lighthouse") throws {
        for result in page.results {
            let explanation = try #require(result.explanation)
            #expect(result.score == explanation.total, "\(query): \(result.document.title)")
        }
    }
}
