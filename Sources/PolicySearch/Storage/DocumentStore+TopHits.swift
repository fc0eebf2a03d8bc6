import CFullTextRank
import Foundation
internal import GRDB

extension DocumentStore {
    /// A page of a search from its kept hits (``TopHits``), or `nil` when the index keeps none for it in its present
    /// state, or when a page lies beyond them: the page, total and facets are then those the search ranks.
    ///
    /// - Parameters:
    ///   - plan: A plan in relevance order with no filter that ranks some hits first.
    ///   - fetch: How many ranked rows the page needs before renditions fold.
    ///   - pool: The connections that make the hits.
    /// - Returns: The page, or `nil`.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func searchTopHits(_ plan: SearchPlan, fetch: Int, in pool: DatabasePool) throws(StorageError) -> SearchPage? {
        guard let expression = plan.expression else { return nil }
        let found = try reading { db -> (ranked: [RankedRow], total: Int, facets: Facets?)? in
            guard let top = try TopHits.read(expression: expression, ranking: plan.ranking, in: db) else { return nil }
            let filters = SQLCondition.and(plan.filters.map(\.condition))
            let allowed = plan.filters.isEmpty ? nil : try Self.allowedRows(plan, in: Int64.min...Int64.max, db)
            var best: [(rowID: Int64, rank: Double)] = []
            for row in top.rows where allowed.map({ Self.contains($0, row.rowID) }) ?? true {
                best.append(row)
                if best.count == fetch { break }
            }
            // Rows past the list may belong on the page.
            guard best.count == fetch || top.isComplete else { return nil }
            var matches = top.matchCount
            if let allowed { matches = allowed.lazy.filter(top.matches).count }
            var folded = 0
            if plan.options.renditions == .folded {
                // As `foldedRenditions(_:in:)` counts them: the renditions beyond the first of their order among the
                // matches that pass the filters.
                let shared = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.rowid AS rowid, d.shared_group AS shared_group
                        FROM documents AS d INDEXED BY documents_shared_group
                        WHERE d.shared_group IS NOT NULL AND (\(filters.sql))
                        """,
                    arguments: filters.arguments
                ).filter { top.matches($0["rowid"]) }
                folded = shared.count - Set(shared.map { $0["shared_group"] as String }).count
            }
            return (
                try Self.withGroups(best, plan: plan, in: db), matches - folded,
                plan.options.includesFacets ? try Self.facets(plan, in: db) : nil
            )
        }
        guard let found else { return nil }
        let results = try hits(of: Self.page(of: found.ranked, plan: plan), plan: plan, in: pool)
        return SearchPage(results: results, totalCount: found.total, facets: found.facets)
    }

    /// Whether a sorted array holds a value.
    private static func contains(_ sorted: [Int64], _ value: Int64) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }

    /// Words that about `minimumDocuments` documents or more hold, as a sample of the documents estimates them, each
    /// as the sample first wrote it (lower-cased), or `nil` when the index holds fewer documents than that.
    ///
    /// The sample is `sampleSize` documents spread evenly over the row ids; a word counts when it is in at least
    /// 80 % of the share of them that `minimumDocuments` is of the whole.
    func frequentWords(minimumDocuments: Int, sampleSize: Int = 1_000) throws(StorageError) -> [String]? {
        try reading { db in
            let rowIDs = try Int64.fetchAll(db, sql: "SELECT rowid FROM documents ORDER BY rowid")
            guard rowIDs.count >= minimumDocuments, !rowIDs.isEmpty else { return nil }
            let step = max(1, rowIDs.count / max(1, sampleSize))
            var counts: [String: (documents: Int, surface: String)] = [:]
            var sampled = 0
            for index in stride(from: 0, to: rowIDs.count, by: step) {
                guard let text = try Self.text(ofRow: rowIDs[index], in: db) else { continue }
                sampled += 1
                var seen = Set<String>()
                for part in [text.title, text.body] {
                    try TopHits.forEachToken(of: part, asQuery: false, in: db) { token, surface in
                        let key = String(decoding: token, as: UTF8.self)
                        guard seen.insert(key).inserted else { return }
                        counts[key, default: (0, String(decoding: surface, as: UTF8.self).lowercased())].documents += 1
                    }
                }
            }
            let least = 0.8 * Double(minimumDocuments) / Double(rowIDs.count) * Double(sampled)
            return counts.values.filter { Double($0.documents) >= least }.map(\.surface).sorted()
        }
    }

    /// Whether the index keeps top hits ranked in a state of the full-text index other than its present one, which
    /// searches no longer use.
    ///
    /// - Throws: ``StorageError`` when the index cannot be read.
    func hasStaleTopHits() throws(StorageError) -> Bool {
        try reading { db in
            guard try db.tableExists(Schema.topHits) else { return false }
            return try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM \(Schema.topHits) WHERE index_key <> ?)",
                arguments: [try DocumentLengths.key(in: db)]
            ) ?? false
        }
    }

    /// Ranks each plan's search over the whole index and keeps its best hits and its matches (``TopHits``), in
    /// place of every search kept before.
    ///
    /// Only a word, alternatives of words, or alternatives of phrases are kept, with no filter: the searches whose
    /// ranking scores every match. The ranking runs on two connections at once, each with its share of the plans,
    /// a few plans at a time. Each row carries the state of the full-text index it was ranked in, so that rows
    /// ranked while another process wrote are never used.
    ///
    /// - Parameters:
    ///   - plans: The searches, each made with no filter and its options' defaults.
    ///   - keeping: How many of each search's best hits to keep.
    /// - Returns: How many searches were kept.
    /// - Throws: ``StorageError`` when the index cannot be read or written.
    @discardableResult
    func storeTopHits(_ plans: [SearchPlan], keeping: Int = TopHits.kept) throws(StorageError) -> Int {
        try writing { db in try db.execute(sql: "DELETE FROM \(Schema.topHits)") }
        var seen = Set<String>()
        let kept = plans.filter { plan in
            guard let expression = plan.expression, plan.filters.isEmpty, !expression.contains(" *"),
                plan.isWordAlternatives || plan.isAlternativesOfPhrases
            else { return false }
            return seen.insert(expression).inserted
        }
        guard let pool = concurrentReader, !kept.isEmpty else { return 0 }
        var stored = 0
        for start in stride(from: 0, to: kept.count, by: 32) {
            let chunk = Array(kept[start..<min(kept.count, start + 32)])
            let ranked = try Self.concurrently(
                in: pool,
                [0, 1].map { part -> @Sendable (Database) throws -> [(SearchPlan, TopHits, Data)] in
                    { db in
                        try chunk.enumerated().filter { $0.offset % 2 == part }.compactMap { item in
                            try self.topHits(of: item.element, keeping: keeping, in: db).map {
                                (item.element, $0.0, $0.1)
                            }
                        }
                    }
                }
            )
            try writing { db in
                for (plan, top, indexKey) in ranked.joined() {
                    guard let expression = plan.expression else { continue }
                    try top.store(expression: expression, ranking: plan.ranking, indexKey: indexKey, in: db)
                    stored += 1
                }
            }
        }
        return stored
    }

    /// A plan's best hits and matches over the whole index, with the index's state they were ranked in; `nil` when
    /// nothing matches or the row ids span more than a bitmap holds.
    private func topHits(of plan: SearchPlan, keeping: Int, in db: Database) throws -> (TopHits, Data)? {
        let indexKey = try DocumentLengths.key(in: db)
        guard
            let bounds = try Row.fetchOne(
                db,
                sql: "SELECT (SELECT min(rowid) FROM documents) AS low, (SELECT max(rowid) FROM documents) AS high"
            ),
            let low = bounds["low"] as Int64?, let high = bounds["high"] as Int64?,
            high - low < DocumentLengths.maximumSpan
        else { return nil }
        let function: FullTextRanking.Function = plan.isWordAlternatives ? .scanning : .collecting
        let (_, tally) = try Self.ranked(
            plan,
            fetch: 1,
            rows: nil,
            function: function,
            lengths: try documentLengths(in: db),
            in: db
        )
        guard let collected = tally.collected else { return nil }
        let idf = collected.phraseHits.map {
            FullTextRanking.inverseDocumentFrequency(rowCount: collected.rowCount, hits: $0)
        }
        var matches = Data(count: Int((high - low) / 8 + 1))
        guard collected.mark(in: &matches, first: low) == 0 else { return nil }
        let count = matches.reduce(0) { $0 + $1.nonzeroBitCount }
        let top = TopHits(
            matchCount: count,
            rows: collected.best(keeping, idf: idf),
            firstRow: low,
            matches: [UInt8](matches)
        )
        return (top, indexKey)
    }
}
