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
        let found = try reading { db -> KeptPage? in
            guard let top = try TopHits.read(expression: expression, ranking: plan.ranking, in: db) else { return nil }
            let allowed = plan.filters.isEmpty ? nil : try Self.allowedRows(plan, in: Int64.min...Int64.max, db)
            var best: [(rowID: Int64, rank: Double)] = []
            for row in top.rows where allowed.map({ Self.contains($0, row.rowID) }) ?? true {
                best.append(row)
                if best.count == fetch { break }
            }
            // Rows past the list may belong on the page.
            guard best.count == fetch || top.isComplete else { return nil }
            return try Self.keptPage(
                try Self.withGroups(best, plan: plan, in: db),
                matchCount: allowed.map { $0.lazy.filter(top.matches).count } ?? top.matchCount,
                matching: top.matches,
                plan: plan,
                in: db
            )
        }
        guard let found else { return nil }
        let results = try hits(of: Self.page(of: found.ranked, plan: plan), plan: plan, in: pool)
        return SearchPage(results: results, totalCount: found.total, facets: found.facets)
    }

    /// A page of a search whose hits hold every one of its phrases (``SearchPlan/conjuncts``), each of which the index
    /// keeps the top hits of alone (``TopHits``) in its present state; or `nil` when one of them is not kept, or when
    /// their lists do not settle the page: the page, total and facets are then those the search ranks.
    ///
    /// A hit's rank is the sum of its ranks for each phrase alone (bm25() sums the phrases' parts; each phrase's IDF
    /// is that of its search alone, its hits its match count). The matches are the rows in every phrase's bitmap. A
    /// match beyond a phrase's list ranks no better for it than the list's last row, so the rows of the lists bound
    /// every other match, and a row of one list is ranked by looking up its part for the other phrases (FTS5's
    /// doclist, seeking that row). The rows are taken in the order of the best rank they could have, until the next
    /// could no longer reach the page (Fagin's threshold algorithm).
    ///
    /// - Parameters:
    ///   - plan: A plan in relevance order with no filter that ranks some hits first, and with conjuncts.
    ///   - fetch: How many ranked rows the page needs before renditions fold.
    ///   - pool: The connections that make the hits.
    /// - Returns: The page, or `nil`.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func searchTopHitsOfConjuncts(
        _ plan: SearchPlan,
        fetch: Int,
        in pool: DatabasePool
    ) throws(StorageError) -> SearchPage? {
        guard let conjuncts = plan.conjuncts, conjuncts.count >= 2 else { return nil }
        let found = try reading { db -> KeptPage? in
            var lists: [TopHits] = []
            for conjunct in conjuncts {
                guard let top = try TopHits.read(expression: conjunct, ranking: plan.ranking, in: db) else {
                    return nil
                }
                lists.append(top)
            }
            // Kept in one state of the index, the bitmaps cover the same rows.
            guard let first = lists.first,
                lists.allSatisfy({ $0.firstRow == first.firstRow && $0.matches.count == first.matches.count })
            else { return nil }
            let allowed = plan.filters.isEmpty ? nil : try Self.allowedRows(plan, in: Int64.min...Int64.max, db)
            func isMatch(_ rowID: Int64) -> Bool {
                lists.allSatisfy { $0.matches(rowID) } && (allowed.map { Self.contains($0, rowID) } ?? true)
            }
            // The rows the page needs, and more when renditions fold into fewer hits than it shows.
            let wanted = plan.options.offset + plan.options.limit
            var need = wanted
            while true {
                guard
                    let best = try FullTextRanking.ranking(
                        with: try documentLengths(in: db),
                        {
                            try Self.bestOfConjuncts(
                                conjuncts,
                                lists: lists,
                                need: need,
                                matching: isMatch,
                                ranking: plan.ranking,
                                in: db
                            )
                        }
                    ).0
                else { return nil }
                let ranked = try Self.withGroups(best, plan: plan, in: db)
                let hits = Set(ranked.enumerated().map { $0.element.group ?? "\u{0}\($0.offset)" }).count
                if hits >= wanted || best.count < need || need >= fetch {
                    return try Self.keptPage(
                        ranked,
                        matchCount: Self.countMatches(of: lists, allowed: allowed),
                        matching: { row in lists.allSatisfy { $0.matches(row) } },
                        plan: plan,
                        in: db
                    )
                }
                need = min(fetch, need + wanted - hits + 4)
            }
        }
        guard let found else { return nil }
        let results = try hits(of: Self.page(of: found.ranked, plan: plan), plan: plan, in: pool)
        return SearchPage(results: results, totalCount: found.total, facets: found.facets)
    }

    /// The most ranks a search of conjuncts looks up before it ranks as before instead.
    ///
    /// At 100k generated documents, each takes 10 to 15 µs; two common words settle a page of 10 with about 100
    /// (`climate resilience` 101, `wetlands restoration` 122), and three do not settle it in 1,000.
    static let conjunctLookups = 400

    /// The best `need` matches of a conjunction of kept searches, best first (all of them when fewer match), or `nil`
    /// when the lists cannot settle them (see ``searchTopHitsOfConjuncts(_:fetch:in:)``).
    private static func bestOfConjuncts(
        _ conjuncts: [String],
        lists: [TopHits],
        need: Int,
        matching isMatch: (Int64) -> Bool,
        ranking: RankingOptions,
        in db: Database
    ) throws -> [(rowID: Int64, rank: Double)]? {
        guard need > 0 else { return [] }
        // The candidates, each with the ranks its lists give it (`nan` where it is not in a list), one after the other;
        // the others are looked up.
        let width = lists.count
        var numbers: [Int64: Int] = [:]
        numbers.reserveCapacity(lists.reduce(0) { $0 + $1.rows.count })
        var rowIDs: [Int64] = []
        var known: [Double] = []
        for (index, list) in lists.enumerated() {
            for row in list.rows where isMatch(row.rowID) {
                let number =
                    numbers[row.rowID]
                    ?? {
                        numbers[row.rowID] = rowIDs.count
                        rowIDs.append(row.rowID)
                        known.append(contentsOf: repeatElement(Double.nan, count: width))
                        return rowIDs.count - 1
                    }()
                known[number * width + index] = row.rank
            }
        }
        // A match beyond a list ranks at best as its last row; a complete list has no match beyond it. Sums are
        // taken in the conjuncts' order, as bm25() sums its phrases, and rounding keeps their order: a sum of
        // bounds bounds the sum.
        let floors = lists.map { $0.isComplete ? Double.infinity : ($0.rows.last?.rank ?? Double.infinity) }
        func sum(_ ranks: [Double]) -> Double { ranks.dropFirst().reduce(ranks[0], +) }
        let outside = sum(floors)
        let candidates = rowIDs.indices.map { number in
            var bound = 0.0
            for index in 0..<width {
                let rank = known[number * width + index]
                let part = rank.isNaN ? floors[index] : rank
                bound = index == 0 ? part : bound + part
            }
            return (bound: bound, rowID: rowIDs[number], number: number)
        }
        .sorted { ($0.bound, $0.rowID) < ($1.bound, $1.rowID) }
        var lookups: [Statement?] = Array(repeating: nil, count: width)
        var idf: [Double?] = Array(repeating: nil, count: width)
        var looked = 0
        var ranked = 0
        var beforeOutside = 0
        // The best rows ranked so far, at most `need`; those that rank before every row not yet ranked are settled.
        var best: [(rowID: Int64, rank: Double)] = []
        func settled(before bound: Double) -> Bool { best.count == need && best[need - 1].rank < bound }
        var ranks = [Double](repeating: 0, count: width)
        for candidate in candidates {
            if settled(before: min(candidate.bound, outside)) { return best }
            for index in 0..<width {
                let rank = known[candidate.number * width + index]
                if !rank.isNaN {
                    ranks[index] = rank
                    continue
                }
                looked += 1
                guard looked <= conjunctLookups else { return nil }
                let statement =
                    try lookups[index]
                    ?? db.makeStatement(
                        sql: """
                            SELECT policy_bm25_part(documents_fts, ?, ?) FROM documents_fts
                            WHERE documents_fts MATCH ? AND rowid = ?
                            """
                    )
                if lookups[index] == nil {
                    try statement.setArguments([
                        ranking.fts5TitleWeight, ranking.fts5BodyWeight, conjuncts[index], 0,
                    ])
                    lookups[index] = statement
                }
                var part = 0.0
                let code = policy_rank_row_part(
                    UnsafeMutableRawPointer(statement.sqliteStatement),
                    candidate.rowID,
                    &part
                )
                guard code == ResultCode.SQLITE_ROW.rawValue else {
                    // A row of the bitmaps that does not match: the kept hits do not describe this index.
                    if code == ResultCode.SQLITE_DONE.rawValue { return nil }
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot rank a kept hit")
                }
                let phraseIDF =
                    idf[index]
                    ?? FullTextRanking.inverseDocumentFrequency(
                        rowCount: policy_rank_row_count(),
                        hits: lists[index].matchCount
                    )
                idf[index] = phraseIDF
                ranks[index] = policy_rank_of_parts([phraseIDF], [part], 1)
            }
            let rank = sum(ranks)
            // Only rows that rank before every match in no list can be settled. When the first ranked rows are none
            // of them, the lists are too short for this search: three common words at 100k had none in the first 20
            // (and none in 200), two had 3 to 6.
            ranked += 1
            if rank < outside { beforeOutside += 1 }
            if ranked == 20, beforeOutside == 0 { return nil }
            let at = best.firstIndex { (rank, candidate.rowID) < ($0.rank, $0.rowID) } ?? best.endIndex
            if at < need {
                best.insert((candidate.rowID, rank), at: at)
                if best.count > need { best.removeLast() }
            }
        }
        // Every candidate ranked: the matches in no list rank at best as the sum of the lists' last rows (none
        // when a list is complete).
        return settled(before: outside) || (best.count < need && !outside.isFinite) ? best : nil
    }

    /// How many rows every list matches, among the rows the filters pass when they are given; the lists' bitmaps
    /// cover the same rows.
    private static func countMatches(of lists: [TopHits], allowed: [Int64]?) -> Int {
        if let allowed { return allowed.lazy.filter { row in lists.allSatisfy { $0.matches(row) } }.count }
        guard let first = lists.first else { return 0 }
        var count = 0
        for index in first.matches.indices {
            var byte = first.matches[index]
            for list in lists.dropFirst() { byte &= list.matches[index] }
            count += byte.nonzeroBitCount
        }
        return count
    }

    /// What a search read from kept hits: its best rows with their rendition groups, its total and its facets.
    private typealias KeptPage = (ranked: [RankedRow], total: Int, facets: Facets?)

    /// The page of a search from its best rows and its matches (`matchCount` of them pass the filters, and
    /// `isMatch` tells them, filtered or not): its best rows with their groups, its total with renditions folded
    /// when they fold, and its facets when asked.
    private static func keptPage(
        _ ranked: [RankedRow],
        matchCount: Int,
        matching isMatch: (Int64) -> Bool,
        plan: SearchPlan,
        in db: Database
    ) throws -> KeptPage {
        var folded = 0
        if plan.options.renditions == .folded {
            // As `foldedRenditions(_:in:)` counts them: the renditions beyond the first of their order among the
            // matches that pass the filters.
            let filters = SQLCondition.and(plan.filters.map(\.condition))
            let shared = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.rowid AS rowid, d.shared_group AS shared_group
                    FROM documents AS d INDEXED BY documents_shared_group
                    WHERE d.shared_group IS NOT NULL AND (\(filters.sql))
                    """,
                arguments: filters.arguments
            ).filter { isMatch($0["rowid"]) }
            folded = shared.count - Set(shared.map { $0["shared_group"] as String }).count
        }
        return (
            ranked, matchCount - folded,
            plan.options.includesFacets ? try Self.facets(plan, in: db) : nil
        )
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
        _ = try writing { db in try KeptFilters.store(indexKey: try DocumentLengths.key(in: db), in: db) }
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

    /// The first and last row ids of the documents, when a bitmap of the rows between them is no longer than
    /// ``DocumentLengths/maximumSpan`` bits; `nil` when the index is empty or its row ids span more.
    static func bitmapSpan(in db: Database) throws -> (low: Int64, high: Int64)? {
        guard
            let bounds = try Row.fetchOne(
                db,
                sql: "SELECT (SELECT min(rowid) FROM documents) AS low, (SELECT max(rowid) FROM documents) AS high"
            ),
            let low = bounds["low"] as Int64?, let high = bounds["high"] as Int64?,
            high - low < DocumentLengths.maximumSpan
        else { return nil }
        return (low, high)
    }

    /// A plan's best hits and matches over the whole index, with the index's state they were ranked in; `nil` when
    /// nothing matches or the row ids span more than a bitmap holds.
    private func topHits(of plan: SearchPlan, keeping: Int, in db: Database) throws -> (TopHits, Data)? {
        let indexKey = try DocumentLengths.key(in: db)
        guard let (low, high) = try Self.bitmapSpan(in: db) else { return nil }
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
