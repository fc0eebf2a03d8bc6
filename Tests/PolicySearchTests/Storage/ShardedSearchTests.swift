import CorpusGenerator
import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// A file index ranks in two shards on two connections, an in-memory one in one pass: both must agree.
struct ShardedSearchTests {
    @Test func shardedRankingEqualsOnePass() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.path + "/corpus"
        let generator = CorpusGenerator(seed: 11, averageSize: 3_000)
        try generator.write(0..<300, to: URL(fileURLWithPath: corpus))
        // Renditions of five orders, one of each pair stored before the corpus and one after, so that each order
        // has a rendition in both shards and the folded totals must take the second off across them.
        func renditions(_ copy: Int) -> [Document] {
            (0..<5).map { order in
                Document(
                    source: "https://example.gov/\(copy)/lighthouses-\(order)",
                    title: "Lighthouse Keeping \(order)",
                    body: "The agency shall keep lighthouse \(order) lit, copy \(copy).",
                    metadata: DocumentMetadata(type: .executiveOrder, executiveOrderNumber: "9990\(order)")
                )
            }
        }
        // Eight renditions of one order that rank first for `beacon`, then three other orders: a page of three
        // hits reads the rendition groups of more rows than the first few.
        let beacons = (0..<11).map { copy in
            Document(
                source: "https://example.gov/beacons-\(copy)",
                title: copy < 8 ? "Beacon Maintenance" : "Harbor Safety \(copy)",
                body: copy < 8
                    ? "Each beacon shall be kept lit; beacon inspections are yearly, copy \(copy)."
                    : "Harbor lights, among them one beacon, stay lit, copy \(copy), as the harbor master directs.",
                metadata: DocumentMetadata(
                    type: .executiveOrder,
                    executiveOrderNumber: copy < 8 ? "99990" : "9998\(copy)"
                )
            )
        }
        let sharded = try SearchIndex(path: folder.path + "/index.sqlite")
        let single = try SearchIndex()
        for index in [sharded, single] {
            try index.add(renditions(1))
            try index.add(Array(beacons.prefix(4)))
            try index.add(contentsOf: [corpus])
            try index.add(renditions(2))
            try index.add(Array(beacons.dropFirst(4)))
        }
        let queries = [
            "agency", "federal", "climate resilience", "\"national security\"", "energy type:memorandum",
            "wetlands signed:2001-01-01..2016-12-31", "policy -agency", "cyber*", "lighthouse", "lighthouse OR climate",
            // Words whose matches are all in one shard: the other counts none of their hits.
            "lighthouse \"copy 1\"", "\"copy 2\" lit", "federal broadband rural",
            // Several phrases with filters: each shard keeps the rows that pass them.
            "climate resilience type:memorandum", "\"national security\" signed:2001-01-01..2016-12-31",
            "(wetlands OR drought) restoration type:proclamation", "lighthouse \"copy 2\" type:executive_order",
            "beacon", "beacon lit",
        ]
        var compared = 0
        for query in queries {
            for options in [
                SearchOptions(limit: 10), SearchOptions(limit: 7, offset: 5, passages: 2), SearchOptions(limit: 3),
                SearchOptions(limit: 2, offset: 1),
                SearchOptions(limit: 20, renditions: .separate, includesFacets: true, explainsScores: true),
            ] {
                let expected = try single.search(SearchQuery(parsing: query), options: options)
                let found = try sharded.search(SearchQuery(parsing: query), options: options)
                #expect(found.results.map(\.id) == expected.results.map(\.id), "\(query)")
                #expect(found.results.map(\.score) == expected.results.map(\.score), "\(query)")
                #expect(found.results.map(\.snippet) == expected.results.map(\.snippet), "\(query)")
                #expect(found.results.map(\.passages) == expected.results.map(\.passages), "\(query)")
                #expect(found.totalCount == expected.totalCount, "\(query)")
                #expect(found.facets == expected.facets, "\(query)")
                compared += found.results.count
            }
        }
        #expect(compared > 200)
    }
}
