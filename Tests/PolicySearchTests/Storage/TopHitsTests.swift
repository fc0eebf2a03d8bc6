import CorpusGenerator
import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// Searches served from the top hits an index keeps must return what ranking every match returns: the same hits,
/// scores, snippets, totals and facets; and an index that changed since must not serve them.
struct TopHitsTests {
    /// A file index and an in-memory one with the same documents: the in-memory one never keeps top hits.
    private static func indexes(in folder: TemporaryFolder) throws -> (kept: SearchIndex, ranked: SearchIndex) {
        let corpus = folder.path + "/corpus"
        try CorpusGenerator(seed: 23, averageSize: 3_000).write(0..<300, to: URL(fileURLWithPath: corpus))
        // Renditions of five orders, in both halves of the row ids, for the totals with folded renditions.
        func renditions(_ copy: Int) -> [Document] {
            (0..<5).map { order in
                Document(
                    source: "https://example.gov/\(copy)/agency-\(order)",
                    title: "Agency Lighthouses \(order)",
                    body: "The agency shall keep lighthouse \(order) lit under the executive order, copy \(copy).",
                    metadata: DocumentMetadata(type: .executiveOrder, executiveOrderNumber: "9990\(order)")
                )
            }
        }
        let kept = try SearchIndex(path: folder.path + "/index.sqlite")
        let ranked = try SearchIndex()
        for index in [kept, ranked] {
            try index.add(renditions(1))
            try index.add(contentsOf: [corpus])
            try index.add(renditions(2))
        }
        return (kept, ranked)
    }

    private static let queries = [
        "agency", "agencies", "federal", "cyber", "cybersecurity", "\"executive order\"", "executive order", "eo",
        "agency type:memorandum", "federal signed:2001-01-01..2016-12-31", "lighthouse", "climate resilience",
        // Several words: ranked, with the hits of the kept words counted before.
        "agency federal", "federal agency type:memorandum", "agency federal -lighthouse", "lighthouse agency",
        "lighthouse agency type:executive_order",
        // Words each kept alone: ranked from their lists, or as before when the lists do not settle the page.
        "federal secretary", "agency federal secretary", "secretary federal signed:2001-01-01..2016-12-31",
        // Renditions first: the page folds them, and settles more rows.
        "agency order",
        // Date ranges from kept years and the rows of their bounds' own years.
        "federal signed:2003-03..2011-06", "agency signed:>2005-06", "federal signed:2009",
        "agency type:memorandum signed:1990-01..2012-12", "agency signed:<1985-06",
    ]

    private static let options = [
        SearchOptions(limit: 10), SearchOptions(limit: 7, offset: 5, passages: 2), SearchOptions(limit: 3),
        SearchOptions(limit: 2, offset: 1),
        SearchOptions(limit: 20, renditions: .separate, includesFacets: true, explainsScores: true),
        SearchOptions(limit: 10, offset: 95),
    ]

    /// The queries the index serves from kept hits, those it ranks with some of their words' hits counted before,
    /// and the hits of both indexes' pages compared.
    private static func compare(
        _ kept: SearchIndex,
        _ ranked: SearchIndex
    ) throws -> (served: [String], counted: [String], conjoined: [String], filtered: [String], hits: Int) {
        var filtered: [String] = []
        var served: [String] = []
        var counted: [String] = []
        var conjoined: [String] = []
        var hits = 0
        for query in queries {
            let plan = kept.plan(of: try SearchQuery(parsing: query), options: SearchOptions())
            if try kept.store.reading({ db in
                try KeptFilters.allowedRows(plan.filters, in: Int64.min...Int64.max, db)
            }) != nil {
                filtered.append(query)
            }
            if let pool = kept.store.concurrentReader,
                try kept.store.searchTopHitsOfConjuncts(plan, fetch: 56, in: pool) != nil
            {
                conjoined.append(query)
            }
            if try kept.store.reading({ db in
                try TopHits.read(expression: plan.expression ?? "", ranking: plan.ranking, in: db)
            }) != nil {
                served.append(query)
            }
            if try kept.store.reading({ db in try TopHits.phraseHits(of: plan.expression ?? "", in: db) }) != nil {
                counted.append(query)
            }
            for options in options {
                let expected = try ranked.search(SearchQuery(parsing: query), options: options)
                let found = try kept.search(SearchQuery(parsing: query), options: options)
                #expect(found.results.map(\.id) == expected.results.map(\.id), "\(query) \(options)")
                #expect(found.results.map(\.score) == expected.results.map(\.score), "\(query) \(options)")
                #expect(found.results.map(\.snippet) == expected.results.map(\.snippet), "\(query)")
                #expect(found.results.map(\.passages) == expected.results.map(\.passages), "\(query)")
                #expect(found.results.map(\.explanation) == expected.results.map(\.explanation), "\(query)")
                #expect(found.totalCount == expected.totalCount, "\(query) \(options)")
                #expect(found.facets == expected.facets, "\(query)")
                hits += found.results.count
            }
        }
        return (served, counted, conjoined, filtered, hits)
    }

    @Test func keptHitsServeTheSamePagesAsRanking() throws {
        let folder = try TemporaryFolder()
        let (kept, ranked) = try Self.indexes(in: folder)
        // 100 kept of each: a page past them, or a filter that leaves too few of them, is ranked instead.
        let count = try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        #expect(count > 20)
        let words = try kept.store.frequentWords(minimumDocuments: 100) ?? []
        #expect(words.contains("agency"))
        #expect(!words.contains("lighthouse"))
        let (served, counted, conjoined, filtered, hits) = try Self.compare(kept, ranked)
        // Every query of one word or term but the rare word: `agencies` shares `agency`'s tokens.
        #expect(
            served == [
                "agency", "agencies", "federal", "cyber", "cybersecurity", "\"executive order\"", "executive order",
                "eo",
                "agency type:memorandum", "federal signed:2001-01-01..2016-12-31", "federal signed:2003-03..2011-06",
                "agency signed:>2005-06", "federal signed:2009", "agency type:memorandum signed:1990-01..2012-12",
                "agency signed:<1985-06",
            ]
        )
        // Queries with a word kept alone, with or without filters: not `cyber`, kept with `cybersecurity` as one
        // search, nor a phrase, nor `lighthouse` alone. With `lighthouse`, only the other words' hits are known.
        #expect(
            counted == [
                "agency", "agencies", "federal", "agency type:memorandum", "federal signed:2001-01-01..2016-12-31",
                "climate resilience", "agency federal", "federal agency type:memorandum", "agency federal -lighthouse",
                "lighthouse agency", "lighthouse agency type:executive_order", "federal secretary",
                "agency federal secretary", "secretary federal signed:2001-01-01..2016-12-31", "agency order",
                "federal signed:2003-03..2011-06", "agency signed:>2005-06", "federal signed:2009",
                "agency type:memorandum signed:1990-01..2012-12", "agency signed:<1985-06",
            ]
        )
        // Several words each kept alone, with or without filters, ranked from their lists for a first page of 10:
        // not with `lighthouse`, nor with `-lighthouse`. (Deeper pages are ranked as before: `offset: 95`.)
        #expect(
            conjoined == [
                "climate resilience", "agency federal", "federal agency type:memorandum", "federal secretary",
                "agency federal secretary", "secretary federal signed:2001-01-01..2016-12-31", "agency order",
            ]
        )
        // Every filter of a type or a signing date range.
        #expect(
            filtered == [
                "agency type:memorandum", "federal signed:2001-01-01..2016-12-31", "federal agency type:memorandum",
                "lighthouse agency type:executive_order", "secretary federal signed:2001-01-01..2016-12-31",
                "federal signed:2003-03..2011-06", "agency signed:>2005-06", "federal signed:2009",
                "agency type:memorandum signed:1990-01..2012-12", "agency signed:<1985-06",
            ]
        )
        #expect(hits > 300)
    }

    @Test func metadataFromASidecarDropsTheKeptFilters() throws {
        let folder = try TemporaryFolder()
        let (kept, ranked) = try Self.indexes(in: folder)
        try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        let query = try SearchQuery(parsing: "agency signed:2004-01..2006-12")
        let plan = kept.plan(of: query, options: SearchOptions())
        func keptRows() throws -> [Int64]? {
            try kept.store.reading { db in try KeptFilters.allowedRows(plan.filters, in: Int64.min...Int64.max, db) }
        }
        #expect(try keptRows() != nil)
        // A record that dates an order of the renditions (undated until now) in 2005: only the metadata changes.
        let sidecar = MetadataSidecar(
            source: "https://example.gov/record.json",
            title: nil,
            metadata: DocumentMetadata(date: CalendarDate(year: 2005, month: 5, day: 5), executiveOrderNumber: "99900"),
            contentHash: "record"
        )
        for index in [kept, ranked] { _ = try index.store.write([], sidecars: [sidecar]) }
        #expect(try keptRows() == nil)
        let expected = try ranked.search(query, options: SearchOptions(limit: 50))
        let found = try kept.search(query, options: SearchOptions(limit: 50))
        #expect(found.results.map(\.id) == expected.results.map(\.id))
        #expect(found.totalCount == expected.totalCount)
        #expect(expected.results.contains { $0.document.title.hasPrefix("Agency Lighthouses 0") })
    }

    @Test func anIndexChangedSinceRanksAgain() throws {
        let folder = try TemporaryFolder()
        let (kept, ranked) = try Self.indexes(in: folder)
        try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        let extra = Document(
            source: "https://example.gov/extra",
            title: "Agency Agency Agency",
            body: "The agency of agencies, a federal agency under the executive order.",
            metadata: DocumentMetadata(type: .memorandum)
        )
        for index in [kept, ranked] { try index.add([extra]) }
        let (served, counted, conjoined, filtered, _) = try Self.compare(kept, ranked)
        #expect(served.isEmpty)
        #expect(counted.isEmpty)
        #expect(conjoined.isEmpty)
        #expect(filtered.isEmpty)
        // A rebuild drops them (its index is too small to keep any by default); kept again, they serve.
        try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        try kept.rebuild()
        #expect(try Self.compare(kept, ranked).served.isEmpty)
        try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        #expect(try !Self.compare(kept, ranked).served.isEmpty)
    }

    @Test func aRunThatLeavesThemStaleSaysSo() throws {
        let folder = try TemporaryFolder()
        let (kept, _) = try Self.indexes(in: folder)
        try kept.keepTopHits(minimumDocuments: 100, keeping: 100)
        let more = folder.path + "/more"
        try CorpusGenerator(seed: 24, averageSize: 3_000).write(0..<2, to: URL(fileURLWithPath: more))
        let stale = try kept.add(contentsOf: [more])
        #expect(stale.notices.contains { $0.contains("`policy-search optimize` ranks them anew") }, "\(stale.notices)")
        // Optimized (too small to keep any by default), the index keeps none, and a later run says nothing of them.
        try kept.optimize()
        try CorpusGenerator(seed: 25, averageSize: 3_000).write(0..<2, to: URL(fileURLWithPath: more + "/again"))
        let after = try kept.add(contentsOf: [more + "/again"])
        #expect(after.added == 2)
        #expect(after.notices.isEmpty, "\(after.notices)")
    }

    @Test func aSmallIndexKeepsNone() throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try index.add([Document(source: "a", title: "Agency", body: "The agency acts.")])
        #expect(try index.keepTopHits() == 0)
        #expect(try index.store.frequentWords(minimumDocuments: SearchIndex.topHitsMinimumDocuments) == nil)
    }

    @Test func expressionKeysAreTheirPhrasesTokens() throws {
        let index = try SearchIndex()
        let key = try index.store.reading { db in
            try TopHits.expressionKey(
                #"("Agencies" OR "Executive  Orders" OR "say ""hi""") AND {title} : ("x")"#,
                in: db
            )
        }
        #expect(key == #"("agenc" OR "execut order" OR "sai hi") AND {title} : ("x")"#)
    }
}
