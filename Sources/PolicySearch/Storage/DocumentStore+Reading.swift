import CFullTextRank
import Foundation
internal import GRDB
import Synchronization

extension DocumentStore {
    /// What to search for and how: the text as an FTS5 expression (or none), metadata filters, and the page.
    struct SearchPlan: Sendable {
        let expression: String?
        /// Whether the expression is alternatives of phrases (``SearchQuery/isAlternativesOfPhrases``).
        var isAlternativesOfPhrases = false
        /// Whether the expression is one word or alternatives of words (``SearchQuery/isWordAlternatives``).
        var isWordAlternatives = false
        /// Whether the expression is one phrase (``SearchQuery/isOnePhrase``).
        var isOnePhrase = false
        /// The expression's phrases when every hit holds them all (``SearchQuery/conjunctExpressions``).
        var conjuncts: [String]? = nil
        /// The words and phrases that hits' snippets and passages mark, or `nil` when FTS5 marks them
        /// (``SearchQuery/markedPhrases``).
        var markedPhrases: [MarkedPhrase]? = nil
        let filters: [SearchFilter]
        let ranking: RankingOptions
        let snippets: SnippetOptions
        let options: SearchOptions
    }

    /// Runs a search and returns one page of hits, one per order unless asked for every rendition, with the total
    /// count and, when asked, facets.
    ///
    /// The ranking query selects row ids and weighted BM25 scores only, and keeps the best (see
    /// ``rankingStatement(_:fetch:rows:function:)``). Snippets, sections and renditions are computed for the returned
    /// hits only.
    ///
    /// - Parameter plan: The expression, filters, weights and page.
    /// - Returns: The page of hits.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func search(_ plan: SearchPlan) throws(StorageError) -> SearchPage {
        let options = plan.options
        let wanted = options.offset + options.limit
        // Renditions fold into one hit, so fetch more ranked rows than hits wanted (an order has a handful of
        // renditions at most).
        let fetch = options.renditions == .folded ? wanted * 4 + 16 : wanted
        if let pool = concurrentReader, Self.isShardable(plan) {
            if let page = try searchTopHits(plan, fetch: fetch, in: pool) { return page }
            if let page = try searchTopHitsOfConjuncts(plan, fetch: fetch, in: pool) { return page }
        }
        guard let pool = concurrentReader, Self.isShardable(plan) else {
            return try reading { db in
                let (ranked, _) = try Self.ranked(
                    plan,
                    fetch: fetch,
                    rows: nil,
                    lengths: plan.expression == nil ? nil : try documentLengths(in: db),
                    in: db
                )
                let results = try Self.page(of: ranked, plan: plan).compactMap { try Self.hit($0, plan: plan, in: db) }
                let (total, facets) = try Self.totals(plan, in: db)
                return SearchPage(results: results, totalCount: total, facets: facets)
            }
        }
        // Two shards by row id, ranked on two connections at once: BM25's statistics are the whole index's, so the
        // scores are those of one ranking over everything, and the best `fetch` of the union are among the best
        // `fetch` of each shard. The hits' snippets are then made on two connections too. Each connection reads
        // its own committed state: while another process commits, the halves may come from successive states.
        let bounds = try reading { db in
            // The row lengths are read here once, not by both shards at once; each shard finds them kept, unless the
            // index changed in between.
            _ = try documentLengths(in: db)
            // Two subqueries: SQLite reads one end of the table for a lone min() or max(), but scans it for both.
            return try Row.fetchOne(
                db,
                sql: "SELECT (SELECT min(rowid) FROM documents) AS low, (SELECT max(rowid) FROM documents) AS high"
            )
            .map { ($0["low"] as Int64? ?? 0, $0["high"] as Int64? ?? 0) } ?? (0, 0)
        }
        let middle = bounds.0 + (bounds.1 - bounds.0) / 2
        let shards: [ClosedRange<Int64>] = [Int64.min...middle, (middle + 1)...Int64.max]
        // Each shard's ranking scores every match among its rows once, so it counts them too (see
        // `policy_rank_ranked_rows`): the total costs no second pass over the matches. The second shard also counts
        // the renditions to fold, and the facets when asked.
        //
        // Without filters, those counts together are the hits of a one-phrase query: its IDF is then applied here,
        // once both are known, instead of each shard reading every instance of the phrase first to compute it. The
        // same holds for each phrase of alternatives (`"executive order" OR eo`), counted among the hits that hold
        // it: the shards keep every hit's part of the score for each phrase, and the best are taken here. A word, or
        // alternatives of words (`cybersecurity OR cyber`), is scanned by one call per shard that steps through each
        // word's rows (`policy_bm25_scan`), with or without filters: it counts every row of each word for its IDF,
        // and keeps those that pass the filters. Not a quoted phrase, whose second shard would pay for matching the
        // phrase in every row before its range. Other queries of several phrases (`climate resilience`) collect
        // their hits' parts too, and each shard counts the hits of half the phrases over the whole index for their
        // IDFs, instead of both counting every phrase's.
        func rank(_ function: FullTextRanking.Function, known: [Int?]? = nil) throws(StorageError) -> [Shard] {
            let rowsKept = function.collects ? 1 : fetch
            // Each shard counts the phrases of its parity (a collection with counts); with some phrases' hits known,
            // each counts every other one of the rest.
            let counted: [[Bool]]? = known.map { known in
                var masks = Array(repeating: Array(repeating: false, count: known.count), count: shards.count)
                for (order, phrase) in known.indices.filter({ known[$0] == nil }).enumerated() {
                    masks[order % shards.count][phrase] = true
                }
                return masks
            }
            @Sendable func rankShard(_ part: Int, in db: Database) throws -> ([RankedRow], FullTextRanking.Tally) {
                try FullTextRanking.counting(part: part, of: shards.count) {
                    try FullTextRanking.counting(only: counted?[part]) {
                        try Self.ranked(
                            plan,
                            fetch: rowsKept,
                            rows: shards[part],
                            function: function,
                            lengths: try self.documentLengths(in: db),
                            in: db
                        )
                    }
                }
            }
            let ranking: [@Sendable (Database) throws -> Shard] = [
                { db in
                    let (rows, tally) = try rankShard(0, in: db)
                    return Shard(rows: rows, tally: tally)
                },
                { db in
                    let (rows, tally) = try rankShard(1, in: db)
                    return Shard(
                        rows: rows,
                        tally: tally,
                        folded: plan.options.renditions == .folded ? try Self.foldedRenditions(plan, in: db) : 0,
                        facets: plan.options.includesFacets ? try Self.facets(plan, in: db) : nil
                    )
                },
            ]
            return try Self.concurrently(in: pool, ranking)
        }
        var function = Self.shardedRanking(of: plan)
        // Words that the index keeps the top hits of (``TopHits``): their hits are known, so the shards count only the
        // others' (100k documents: `climate resilience` 27 against 23 ms, none left to count; `nuclear muinko` 8.9
        // against 6.1 ms, one left).
        var knownHits: [Int?]?
        if function == .collectingCounts, let expression = plan.expression {
            knownHits = try reading { db in try TopHits.phraseHits(of: expression, in: db) }
            if let knownHits, !knownHits.contains(nil) { function = .collecting }
        }
        var halves = try rank(function, known: knownHits)
        var collected = halves.compactMap(\.tally.collected)
        if let known = knownHits, let phrases = collected.first?.phraseHits.count, phrases != known.count {
            // The expression's phrases, as FTS5 read them, are not the ones counted: count them all.
            knownHits = nil
            function = .collectingCounts
            halves = try rank(function)
            collected = halves.compactMap(\.tally.collected)
        }
        if function == .collectingCounts, collected.count == 1 {
            // A shard with no match never ran the function, so its phrases were not counted: rank as bm25() does,
            // every shard counting every phrase (a rare combination, whose matches are few).
            function = plan.filters.isEmpty ? .leavingLoneIDFOut : .full
            halves = try rank(function)
        }
        let matches = halves.map(\.tally.scored).reduce(0, +)
        let ranked: [RankedRow]
        if function.collects {
            ranked = try best(
                of: halves.compactMap(\.tally.collected),
                plan: plan,
                fetch: fetch,
                hits: knownHits
            )
        } else {
            ranked = halves.flatMap { half in
                guard half.tally.leftIDFOut else { return half.rows }
                let idf = FullTextRanking.inverseDocumentFrequency(rowCount: half.tally.rowCount, hits: matches)
                return half.rows.map { RankedRow(rowID: $0.rowID, rank: idf * $0.rank, group: $0.group) }
            }
            .sorted { ($0.rank, $0.rowID) < ($1.rank, $1.rowID) }
        }
        let total = matches - halves[1].folded
        let results = try hits(of: Self.page(of: ranked, plan: plan), plan: plan, in: pool)
        return SearchPage(results: results, totalCount: total, facets: halves[1].facets)
    }

    /// The hits of a page's ranked rows, made on two connections at once.
    func hits(of page: [RankedRow], plan: SearchPlan, in pool: DatabasePool) throws(StorageError) -> [SearchResult] {
        let parts = try Self.concurrently(
            in: pool,
            [0, 1].map { part -> @Sendable (Database) throws -> [(Int, SearchResult)] in
                { db in
                    try page.enumerated().filter { $0.offset % 2 == part }.compactMap { item in
                        try Self.hit(item.element, plan: plan, in: db).map { (item.offset, $0) }
                    }
                }
            }
        )
        return parts.joined().sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The best `fetch` rows of the shards' collected rows, ranked with each phrase's IDF from its hits in all of
    /// them (or from `known`, its hits counted before, when known), with their rendition groups when renditions fold:
    /// as many of the best as hold the page's hits, each rendition counted once.
    private func best(
        of collections: [FullTextRanking.CollectedRows],
        plan: SearchPlan,
        fetch: Int,
        hits known: [Int?]? = nil
    ) throws(StorageError) -> [RankedRow] {
        guard let phraseCount = collections.first?.phraseHits.count else { return [] }
        var hits = [Int](repeating: 0, count: phraseCount)
        for collection in collections {
            for (phrase, count) in collection.phraseHits.enumerated() where phrase < phraseCount {
                hits[phrase] += count
            }
        }
        if let known, known.count == phraseCount {
            hits = zip(known, hits).map { $0 ?? $1 }
        }
        let best = collections.flatMap { collection in
            collection.best(
                fetch,
                idf: hits.map { FullTextRanking.inverseDocumentFrequency(rowCount: collection.rowCount, hits: $0) }
            )
        }
        .sorted { ($0.rank, $0.rowID) < ($1.rank, $1.rowID) }
        .prefix(fetch)
        guard !best.isEmpty, plan.options.renditions == .folded else {
            return best.map { RankedRow(rowID: $0.rowID, rank: $0.rank, group: nil) }
        }
        return try reading { db in try Self.withGroups(Array(best), plan: plan, in: db) }
    }

    /// Ranked rows, best first, with their rendition groups when renditions fold: as many of the best as hold the
    /// page's hits, each rendition counted once.
    static func withGroups(
        _ best: [(rowID: Int64, rank: Double)],
        plan: SearchPlan,
        in db: Database
    ) throws -> [RankedRow] {
        guard !best.isEmpty else { return [] }
        guard plan.options.renditions == .folded else {
            return best.map { RankedRow(rowID: $0.rowID, rank: $0.rank, group: nil) }
        }
        // Each group is a lookup of the row, and in a fresh process a read of its page (about 40 µs): read them a
        // few more than the hits still wanted at a time, not all `fetch`, which allow for many renditions.
        let wanted = plan.options.offset + plan.options.limit
        var ranked: [RankedRow] = []
        var groups = Set<String>()
        var distinct = 0
        var start = best.startIndex
        while start < best.endIndex, distinct < wanted {
            let batch = best[start..<min(best.endIndex, start + wanted - distinct + 4)]
            let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            let found = try Dictionary(
                Row.fetchAll(
                    db,
                    sql: "SELECT rowid, group_key FROM documents WHERE rowid IN (\(placeholders))",
                    arguments: StatementArguments(batch.map(\.rowID))
                ).map { ($0["rowid"] as Int64, $0["group_key"] as String?) },
                uniquingKeysWith: { first, _ in first }
            )
            for row in batch {
                let group = found[row.rowID] ?? nil
                ranked.append(RankedRow(rowID: row.rowID, rank: row.rank, group: group))
                if group.map({ groups.insert($0).inserted }) ?? true { distinct += 1 }
            }
            start = batch.endIndex
        }
        return ranked
    }

    /// The function a sharded search ranks a plan with (see ``search(_:)``).
    private static func shardedRanking(of plan: SearchPlan) -> FullTextRanking.Function {
        if plan.isWordAlternatives { return .scanning }
        if plan.filters.isEmpty, plan.isAlternativesOfPhrases { return .collecting }
        if plan.filters.isEmpty, plan.isOnePhrase { return .leavingLoneIDFOut }
        return .collectingCounts
    }

    /// A ranked match: its row, score and rendition group.
    struct RankedRow: Sendable {
        let rowID: Int64
        let rank: Double
        let group: String?
    }

    /// What one connection of a sharded search ranks and counts.
    private struct Shard: Sendable {
        var rows: [RankedRow]
        /// What the ranking reported: the matches among the shard's rows, whether their scores lack the IDF, and
        /// what it collected.
        var tally: FullTextRanking.Tally
        /// The second shard's: the renditions beyond the first of their order among all the matches.
        var folded = 0
        var facets: Facets? = nil
    }

    /// Whether a plan's ranking can be split by row id and merged by score: relevance order by text, with no
    /// filter that ranks some hits first.
    static func isShardable(_ plan: SearchPlan) -> Bool {
        plan.expression != nil && plan.options.sort == .relevance && plan.filters.allSatisfy { $0.priority == nil }
    }

    /// Runs each step in its own read on its own thread, and returns their results in order.
    static func concurrently<Value: Sendable>(
        in pool: DatabasePool,
        _ steps: [@Sendable (Database) throws -> Value]
    ) throws(StorageError) -> [Value] {
        let outcomes = Mutex([Result<Value, any Error>](repeating: .failure(CancellationError()), count: steps.count))
        DispatchQueue.concurrentPerform(iterations: steps.count) { index in
            let outcome = Result { try pool.read(steps[index]) }
            outcomes.withLock { $0[index] = outcome }
        }
        do {
            return try outcomes.withLock { $0 }.map { try $0.get() }
        } catch {
            throw StorageError.wrapping(error, path: pool.path)
        }
    }

    /// The best matches, up to `fetch`, of the rows in a range of row ids (all rows when `nil`), and what the
    /// ranking reported: for a plan in relevance order with no filter that ranks first (``isShardable(_:)``), the
    /// rows it scored are its matches among those rows.
    ///
    /// With `function` other than `.full`, the scores of a one-phrase query lack the phrase's IDF (the tally says so),
    /// or every row's parts of the score are collected in the tally (and `fetch` should be 1).
    static func ranked(
        _ plan: SearchPlan,
        fetch: Int,
        rows: ClosedRange<Int64>?,
        function: FullTextRanking.Function = .full,
        lengths: DocumentLengths?,
        in db: Database
    ) throws -> (rows: [RankedRow], tally: FullTextRanking.Tally) {
        try FullTextRanking.ranking(with: lengths) {
            let range = rows ?? Int64.min...Int64.max
            // With filters, a scan or a collection keeps only the rows in the range that pass them, listed first (by an
            // index when the filter has one). They are sorted here: with ORDER BY, SQLite reads the rows of the range
            // in order rather than a date range from its index (100k documents: 16 against 3 ms a shard).
            let allowed = function.collects && !plan.filters.isEmpty ? try allowedRows(plan, in: range, db) : nil
            return try FullTextRanking.allowing(allowed) {
                guard function == .scanning, let expression = plan.expression else {
                    return try Row.fetchAll(
                        db,
                        rankingStatement(plan, fetch: fetch, rows: rows, function: function)
                    ).map { RankedRow(rowID: $0["rowid"], rank: $0["score"], group: $0["group_key"]) }
                }
                // One row, or none when no row in the range matches; the rows scanned are in the tally.
                _ = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT policy_bm25_scan(documents_fts, ?, ?, ?, ?) FROM documents_fts
                            WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1
                            """
                    ),
                    arguments: [
                        plan.ranking.fts5TitleWeight, plan.ranking.fts5BodyWeight, range.lowerBound,
                        range.upperBound,
                        expression, range.lowerBound, range.upperBound,
                    ]
                )
                return []
            }
        }
    }

    /// The rows in a range of row ids that pass a plan's filters, in ascending order.
    static func allowedRows(_ plan: SearchPlan, in range: ClosedRange<Int64>, _ db: Database) throws -> [Int64] {
        if let kept = try KeptFilters.allowedRows(plan.filters, in: range, db) { return kept }
        let filters = SQLCondition.and(plan.filters.map(\.condition))
        let statement = try db.cachedStatement(
            sql: "SELECT d.rowid FROM documents AS d WHERE (\(filters.sql)) AND d.rowid BETWEEN ? AND ?"
        )
        try statement.setArguments(filters.arguments + [range.lowerBound, range.upperBound])
        return try rowIDs(of: statement).sorted()
    }

    /// The integers of the first column of a statement's rows (its arguments set), stepped in C: GRDB's rows took
    /// 16 ms for a type's 33k documents at 100k.
    static func rowIDs(of statement: Statement) throws -> [Int64] {
        var rowIDs: UnsafeMutablePointer<Int64>?
        var count: Int64 = 0
        let code = policy_rank_read_rowids(UnsafeMutableRawPointer(statement.sqliteStatement), &rowIDs, &count)
        defer { free(rowIDs) }
        guard code == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: "cannot list the rows the filters pass"
            )
        }
        return Array(UnsafeBufferPointer(start: rowIDs, count: Int(count)))
    }

    /// The ranked rows of the page asked for, renditions of one order folded into the first when asked.
    static func page(of ranked: [RankedRow], plan: SearchPlan) -> [RankedRow] {
        var seenGroups = Set<String>()
        var chosen: [RankedRow] = []
        for row in ranked {
            if plan.options.renditions == .folded, let group = row.group {
                guard seenGroups.insert(group).inserted else { continue }
            }
            chosen.append(row)
        }
        return Array(chosen.dropFirst(plan.options.offset).prefix(plan.options.limit))
    }

    /// One hit with its snippet, passages and explanation as asked; `nil` when its document was removed since it
    /// was ranked (by another process, between the reads of a sharded search).
    static func hit(_ row: RankedRow, plan: SearchPlan, in db: Database) throws -> SearchResult? {
        let options = plan.options
        let wantsPassages = options.passages > 0 && plan.expression != nil
        guard
            let (found, sections, highlighted) = try Self.result(
                rowID: row.rowID,
                rank: row.rank,
                expression: plan.expression,
                markedPhrases: plan.markedPhrases,
                snippets: plan.snippets,
                highlightingBody: wantsPassages,
                in: db
            )
        else { return nil }
        var result = found
        if let highlighted {
            result.passages = PassagePicker.passages(
                marked: highlighted,
                sections: sections,
                count: options.passages,
                maximumWords: plan.snippets.maximumWords
            )
        }
        if options.explainsScores {
            result.explanation = try Self.explanation(of: result, rowID: row.rowID, plan: plan, in: db)
        }
        return result
    }

    /// The total count of a plan's hits and, when asked, its facets, counted apart from the ranking (the search of
    /// one connection; a sharded search counts while it ranks).
    private static func totals(_ plan: SearchPlan, in db: Database) throws -> (Int, Facets?) {
        (try total(plan, in: db), plan.options.includesFacets ? try facets(plan, in: db) : nil)
    }

    /// The counts of a plan's hits by type, president and year.
    static func facets(_ plan: SearchPlan, in db: Database) throws -> Facets {
        let condition = Self.resultSet(plan)
        let key =
            plan.options.renditions == .folded ? "count(DISTINCT coalesce(d.group_key, 'row' || d.rowid))" : "count(*)"
        func counts(_ column: String, order: String) throws -> [Facets.Count] {
            try Row.fetchAll(
                db,
                SQLRequest(
                    sql: """
                        SELECT \(column) AS value, \(key) AS n FROM documents AS d
                        WHERE (\(condition.sql)) AND \(column) IS NOT NULL GROUP BY value ORDER BY \(order)
                        """,
                    arguments: condition.arguments
                )
            ).map { Facets.Count(value: $0["value"], count: $0["n"]) }
        }
        return Facets(
            types: try counts("d.type", order: "n DESC, value"),
            presidents: try counts("d.president", order: "n DESC, value"),
            years: try counts("substr(d.date, 1, 4)", order: "value")
        )
    }

    /// How many hits a plan has in all, renditions folded when it folds them: every match, less the renditions
    /// beyond the first of each order.
    ///
    /// Without filters the matches are counted by the full-text index alone, which reads only its lists of row ids
    /// (9,980 matches of 'agency' at 10k documents: about 1 ms, against 10 ms or more joined with every match's
    /// row), and the renditions are looked for among the documents that share an order.
    private static func total(_ plan: SearchPlan, in db: Database) throws -> Int {
        let grouping = plan.options.renditions == .folded
        guard let expression = plan.expression, plan.filters.isEmpty else {
            let condition = Self.resultSet(plan)
            let key = grouping ? "count(*) - (count(d.shared_group) - count(DISTINCT d.shared_group))" : "count(*)"
            let request = SQLRequest<Int>(
                sql: "SELECT \(key) FROM documents AS d WHERE \(condition.sql)",
                arguments: condition.arguments
            )
            return try request.fetchOne(db) ?? 0
        }
        let matches =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"),
                arguments: [expression]
            ) ?? 0
        return grouping ? matches - (try foldedRenditions(plan, in: db)) : matches
    }

    /// How many of a plan's matches are renditions beyond the first of their order: a DISTINCT over the few
    /// documents that share their order with another, not over every match.
    private static func foldedRenditions(_ plan: SearchPlan, in db: Database) throws -> Int {
        let condition = Self.resultSet(plan)
        // The partial index drives, so the matches are listed once only if some document shares its order.
        return try SQLRequest<Int>(
            sql: """
                SELECT count(d.shared_group) - count(DISTINCT d.shared_group)
                FROM documents AS d INDEXED BY documents_shared_group
                WHERE d.shared_group IS NOT NULL AND (\(condition.sql))
                """,
            arguments: condition.arguments
        ).fetchOne(db) ?? 0
    }

    /// A hit's score split by field.
    ///
    /// It is computed with FTS5's own `bm25()`, so that its total also checks the ranking's `policy_bm25`
    /// (RowLengthRankingTests).
    private static func explanation(
        of result: SearchResult,
        rowID: Int64,
        plan: SearchPlan,
        in db: Database
    ) throws -> ScoreExplanation {
        let weights = plan.ranking
        var title = 0.0
        var body = 0.0
        var total = 0.0
        if let expression = plan.expression,
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT bm25(documents_fts, ?, ?) AS total, bm25(documents_fts, ?, 0) AS title,
                            bm25(documents_fts, 0, ?) AS body
                        FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?
                        """
                ),
                arguments: [
                    weights.fts5TitleWeight, weights.fts5BodyWeight, weights.fts5TitleWeight, weights.fts5BodyWeight,
                    expression,
                    rowID,
                ]
            )
        {
            total = -(row["total"] as Double? ?? 0)
            title = -(row["title"] as Double? ?? 0)
            body = -(row["body"] as Double? ?? 0)
        }
        var boosts: [String] = []
        for filter in plan.filters {
            guard case .reference(let citation) = filter else { continue }
            let metadata = result.document.metadata
            let isIt =
                citation.kind == .executiveOrder
                ? metadata.executiveOrderNumber.map { "EO " + $0 } == citation.text
                : metadata.citation == citation.text
            boosts.append(isIt ? "ranked first: it is \(citation.text)" : "cites \(citation.text)")
        }
        if plan.options.sort != .relevance { boosts.append("ordered by \(plan.options.sort.rawValue), not score") }
        if plan.expression == nil { boosts.append("filters only: no text to score") }
        return ScoreExplanation(total: total, title: title, body: body, weights: weights, boosts: boosts)
    }

    /// The WHERE condition, over `documents AS d`, of a plan's whole result set.
    ///
    /// The matches are listed once, as row ids, and looked up: joined to the full-text table instead, SQLite may
    /// choose to walk a filter's index and query the full-text index once per row ('climate type:memorandum' at
    /// 10k documents: 3,332 lookups, 500 ms, against 13 ms).
    private static func resultSet(_ plan: SearchPlan) -> SQLCondition {
        let filters = SQLCondition.and(plan.filters.map(\.condition))
        guard let expression = plan.expression else { return filters }
        let matches = SQLCondition(
            sql: "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
            arguments: [expression]
        )
        return SQLCondition.and([matches, filters])
    }

    /// The query that ranks a plan's hits: row id, rank and rendition group, best first.
    ///
    /// The score is the weighted BM25 of ``FullTextRanking`` in the select list (`function`), and the statement
    /// orders by it. FTS5's own `ORDER BY rank` runs a nested statement that sorts every match before the first row
    /// comes out; SQLite's sorter keeps only the best `LIMIT` (a common word at 100k documents: 376 against 208 ms
    /// with `bm25()`). A collecting function keeps every match itself: it is called in WHERE and the statement
    /// returns no row (at 100k documents, `"executive order" OR eo`: 75 against 83 ms sorted).
    private static func rankingStatement(
        _ plan: SearchPlan,
        fetch: Int,
        rows: ClosedRange<Int64>? = nil,
        function: FullTextRanking.Function
    ) -> SQLRequest<Row> {
        let options = plan.options
        let range = rows.map { [$0.lowerBound, $0.upperBound] as StatementArguments } ?? []
        let weights: StatementArguments = [plan.ranking.fts5TitleWeight, plan.ranking.fts5BodyWeight]
        if let expression = plan.expression, options.sort == .relevance, function.collects {
            // Every row is kept by the function, which returns 0: in WHERE, it is called for each match without a
            // row to sort or return, and the statement returns none. With filters, it keeps only the rows allowed
            // (``FullTextRanking/allowing(_:_:)``), listed first, instead of a lookup of each match's document in the
            // statement (100k documents, two words, a type and a date range: 40 against 36 ms).
            return SQLRequest(
                sql: """
                    SELECT rowid, 0.0 AS score, NULL AS group_key FROM documents_fts
                    WHERE documents_fts MATCH ?\(rows == nil ? "" : " AND rowid BETWEEN ? AND ?")
                        AND \(function.rawValue)(documents_fts, ?, ?) <> 0.0
                    """,
                arguments: [expression] + range + weights
            )
        }
        if let expression = plan.expression, plan.filters.isEmpty, options.sort == .relevance {
            return SQLRequest(
                sql: """
                    SELECT hit.rowid AS rowid, hit.score AS score, d.group_key AS group_key
                    FROM (
                        SELECT rowid, \(function.rawValue)(documents_fts, ?, ?) AS score FROM documents_fts
                        WHERE documents_fts MATCH ?\(rows == nil ? "" : " AND rowid BETWEEN ? AND ?")
                        ORDER BY score LIMIT ?
                    ) AS hit
                    JOIN documents AS d ON d.rowid = hit.rowid
                    ORDER BY hit.score
                    """,
                arguments: weights + [expression] + range + [fetch]
            )
        }
        let filters = SQLCondition.and(plan.filters.map(\.condition))
        var order: [String] = []
        var orderArguments = StatementArguments()
        if options.sort == .relevance {
            for priority in plan.filters.compactMap(\.priority) {
                order.append("(\(priority.sql)) DESC")
                orderArguments += priority.arguments
            }
        }
        switch options.sort {
        case .relevance: order.append(plan.expression == nil ? "d.date IS NULL, d.date DESC" : "score")
        case .newest: order.append("d.date IS NULL, d.date DESC")
        case .oldest: order.append("d.date IS NULL, d.date ASC")
        case .executiveOrderNumber:
            order.append(
                "d.executive_order_number IS NULL, CAST(d.executive_order_number AS INTEGER), d.executive_order_number"
            )
        }
        if plan.expression != nil, options.sort != .relevance { order.append("score") }
        order.append("d.rowid")
        if let expression = plan.expression {
            return SQLRequest(
                sql: """
                    SELECT f.rowid AS rowid, \(function.rawValue)(f.documents_fts, ?, ?) AS score, d.group_key AS group_key
                    FROM documents_fts AS f JOIN documents AS d ON d.rowid = f.rowid
                    WHERE f.documents_fts MATCH ? AND (\(filters.sql))\(
                        rows == nil ? "" : " AND f.rowid BETWEEN ? AND ?")
                    ORDER BY \(order.joined(separator: ", ")) LIMIT ?
                    """,
                arguments: weights + [expression] + filters.arguments + range + orderArguments + [fetch]
            )
        }
        return SQLRequest(
            sql: """
                SELECT d.rowid AS rowid, 0.0 AS score, d.group_key AS group_key FROM documents AS d
                WHERE \(filters.sql) ORDER BY \(order.joined(separator: ", ")) LIMIT ?
                """,
            arguments: filters.arguments + orderArguments + [fetch]
        )
    }

    /// One hit: its summary, snippet, section and renditions, and when asked its body with the matches marked.
    ///
    /// Passages are picked from the marked body. The snippet and the marked body come from one pass of the index's
    /// tokenizer over the body (``TextMarker``), or from one full-text lookup when the phrases are not given.
    private static func result(
        rowID: Int64,
        rank: Double,
        expression: String?,
        markedPhrases: [MarkedPhrase]?,
        snippets: SnippetOptions,
        highlightingBody: Bool,
        in db: Database
    ) throws -> (result: SearchResult, sections: [Section], highlighted: String?)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE rowid = ?"),
                arguments: [rowID]
            )
        else { return nil }
        let body = try text(ofRow: rowID, in: db)?.body ?? ""
        let snippet: Snippet
        var highlighted: String?
        if let expression {
            let marked = try marking(
                body,
                ofRow: rowID,
                expression: expression,
                markedPhrases: markedPhrases,
                snippetWords: snippets.maximumWords,
                wholeBody: highlightingBody,
                in: db
            )
            snippet = Snippet(marked: marked.snippet)
            highlighted = marked.body
        } else {
            snippet = Snippet(leadingWordsOf: body, count: snippets.maximumWords)
        }
        let sections = try self.sections(ofRow: rowID, in: db)
        var section: Section?
        if expression != nil, !sections.isEmpty, let offset = Self.offset(of: snippet, in: body) {
            section = sections.last { $0.startOffset <= offset }
        }
        var renditions: [DocumentSummary] = []
        if let group = row["group_key"] as String? {
            renditions = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM documents WHERE group_key = ? AND rowid <> ? ORDER BY format, source"
                ),
                arguments: [group, rowID]
            ).map(Self.summary(from:))
        }
        let result = SearchResult(
            document: summary(from: row),
            score: -rank,
            snippet: snippet,
            section: section,
            renditions: renditions
        )
        return (result, sections, highlighted)
    }

    /// A row's snippet, and when asked its whole body, with the matches of a search between ``Snippet/openMarker``
    /// and ``Snippet/closeMarker``.
    ///
    /// The phrases are found in `body` by one pass of the index's tokenizer (``TextMarker``). Without them (a query
    /// with a NEAR group, or with more words than a marker takes), FTS5's `snippet()` and `highlight()` mark the row:
    /// a full-text lookup that matches the expression again and reads the body again.
    ///
    /// The two find the same instances, with one difference: FTS5 leaves out a phrase of a group that did not match
    /// as a whole (`a` in a row that matches `(a b) OR c` through `c` alone), and the marker marks every phrase the
    /// query looks for in the body.
    private static func marking(
        _ body: String,
        ofRow rowID: Int64,
        expression: String,
        markedPhrases: [MarkedPhrase]?,
        snippetWords: Int,
        wholeBody: Bool,
        in db: Database
    ) throws -> (snippet: String, body: String?) {
        if let markedPhrases, let marker = try TextMarker(phrases: markedPhrases, in: db) {
            return try marker.mark(body, words: snippetWords, wholeBody: wholeBody)
        }
        // highlight() costs a second pass over the body, but not a second full-text lookup.
        let marked = try Row.fetchOne(
            db.cachedStatement(
                sql: wholeBody
                    ? """
                    SELECT snippet(documents_fts, 1, char(57344), char(57345), '…', ?) AS snippet,
                        highlight(documents_fts, 1, char(57344), char(57345)) AS body
                    FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?
                    """
                    : """
                    SELECT snippet(documents_fts, 1, char(57344), char(57345), '…', ?) AS snippet
                    FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?
                    """
            ),
            arguments: [snippetWords, expression, rowID]
        )
        return (marked?["snippet"] ?? "", wholeBody ? marked?["body"] ?? "" : nil)
    }

    /// A document's body with the matches of a search's text marked, as its passages are picked from: by
    /// ``TextMarker`` when the plan gives the phrases, by FTS5's `highlight()` when it does not.
    ///
    /// - Returns: The marked body, or `nil` when there is no such document or the plan has no text.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func markedBody(of id: DocumentID, plan: SearchPlan) throws(StorageError) -> String? {
        try reading { db in
            guard let expression = plan.expression,
                let rowID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT rowid FROM documents WHERE document_id = ?"),
                    arguments: [id.rawValue]
                ),
                let body = try Self.text(ofRow: rowID, in: db)?.body
            else { return nil }
            return try Self.marking(
                body,
                ofRow: rowID,
                expression: expression,
                markedPhrases: plan.markedPhrases,
                snippetWords: plan.snippets.maximumWords,
                wholeBody: true,
                in: db
            ).body
        }
    }

    /// Where a snippet's text starts in the body, in Unicode scalars.
    private static func offset(of snippet: Snippet, in body: String) -> Int? {
        var core = Substring(snippet.text)
        while core.hasPrefix("…") { core = core.dropFirst() }
        while core.hasSuffix("…") { core = core.dropLast() }
        let probe = Array(core.prefix(60).utf8)
        guard !probe.isEmpty else { return nil }
        // Both texts are NFC (normalizedForIndexing), so equal text is equal bytes: a byte search finds it without
        // Foundation's locale-aware one (2.5 % of query time).
        var body = body
        return body.withUTF8 { text in
            guard text.count >= probe.count else { return nil }
            let first = probe[0]
            var start = 0
            while start <= text.count - probe.count {
                guard let next = text[start...(text.count - probe.count)].firstIndex(of: first) else { return nil }
                if text[next..<next + probe.count].elementsEqual(probe) {
                    // The scalars before it: every byte but UTF-8's continuation bytes starts one. Counted over the
                    // bytes instead of through `unicodeScalars` (2.8 % of a rare word's search).
                    var scalars = 0
                    for byte in text[..<next] where byte & 0xC0 != 0x80 { scalars += 1 }
                    return scalars
                }
                start = next + 1
            }
            return nil
        }
    }

    /// A stored document with its body, citations and sections.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: The document, or `nil` when there is none with that id.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func document(_ id: DocumentID) throws(StorageError) -> Document? {
        try reading { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE document_id = ?"),
                arguments: [id.rawValue]
            ).map { try Self.document(from: $0, in: db) }
        }
    }

    /// The documents stored for a source path.
    ///
    /// - Parameter source: The path the documents were read from.
    /// - Returns: The documents, in the order they were stored.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func documents(fromSource source: String) throws(StorageError) -> [Document] {
        try reading { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM documents WHERE source = ? ORDER BY rowid"),
                arguments: [source]
            ).map { try Self.document(from: $0, in: db) }
        }
    }

    /// The other renditions of a document's order.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: Summaries of the documents grouped with it, without the document itself.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func renditions(of id: DocumentID) throws(StorageError) -> [DocumentSummary] {
        try reading { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT other.* FROM documents AS this JOIN documents AS other
                            ON other.group_key = this.group_key AND other.rowid <> this.rowid
                        WHERE this.document_id = ? ORDER BY other.format, other.source
                        """
                ),
                arguments: [id.rawValue]
            ).map(Self.summary(from:))
        }
    }

    /// Counts and sizes for `stats`.
    ///
    /// - Returns: Document counts by type and format, and the file size.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func statistics() throws(StorageError) -> IndexStatistics {
        try reading { db in
            try Schema.prepareVocabulary(db)
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0
            var byType: [DocumentType: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, count(*) AS n FROM documents GROUP BY type") {
                byType[DocumentType(rawValue: row["type"])] = row["n"]
            }
            var byFormat: [DocumentFormat: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT format, count(*) AS n FROM documents GROUP BY format") {
                byFormat[DocumentFormat(rawValue: row["format"])] = row["n"]
            }
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let roots = try Row.fetchAll(db, sql: "SELECT path, synced_at FROM roots ORDER BY rowid").map { row in
                let synced: String = row["synced_at"]
                return IndexedRoot(
                    path: row["path"],
                    lastSynced: ISO8601DateFormatter().date(from: synced) ?? Date(timeIntervalSince1970: 0)
                )
            }
            return IndexStatistics(
                documentCount: total,
                documentsByType: byType,
                documentsByFormat: byFormat,
                fileSize: Self.fileSize(path) ?? pages * pageSize,
                vocabularySize: try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.documents_vocab") ?? 0,
                roots: roots
            )
        }
    }

    private static func fileSize(_ path: String) -> Int? {
        guard path != ":memory:" else { return nil }
        let sizes = [path, path + "-wal"].compactMap { file in
            // A missing write-ahead log counts as size 0.
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
        }
        return sizes.isEmpty ? nil : sizes.reduce(0, +)
    }
}
