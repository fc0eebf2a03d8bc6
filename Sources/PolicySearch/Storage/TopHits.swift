import CFullTextRank
import Foundation
internal import GRDB

/// The best hits of a search that many documents match, ranked when an indexing run ends and kept in the index
/// (the `top_hits` table), with the set of all its matches.
///
/// A common word's search scores every document that holds it: at 100k generated documents, 'agency' is in 99,821 of
/// them, and ranking them takes most of its 19 ms. The best ``kept`` of them, with their ranks, and a bitmap of every
/// match serve the same search at once: the page is the first rows of the list that pass the filters, and the total
/// is the matches among the rows that pass them.
///
/// The ranks are those the search computes, to the bit, as long as the full-text index is as it was when they were
/// kept: each row carries the index's ``DocumentLengths/key(in:)``, which FTS5 changes with every transaction that
/// changes the index, and the column weights. Otherwise the search ranks as before. Searches are looked up by
/// ``expressionKey(_:in:)``: their FTS5 expression with each phrase replaced by its tokens, so that `agency` and
/// `agencies` share one row.
struct TopHits {
    /// How many of the best hits are kept: a page of hits with renditions folded reads 56 at most, and a filter
    /// that passes one document in 20 still finds a page among them.
    static let kept = 1_000

    /// The number of matches.
    let matchCount: Int
    /// The best matches, best first, with their ranks (bm25()'s: lower is better).
    let rows: [(rowID: Int64, rank: Double)]
    /// The row id of the bitmap's first bit.
    let firstRow: Int64
    /// A bit for every row id from ``firstRow`` on: set when the row matches.
    let matches: [UInt8]

    /// Whether a row matches.
    func matches(_ rowID: Int64) -> Bool {
        let bit = rowID - firstRow
        guard bit >= 0, bit / 8 < matches.count else { return false }
        return matches[Int(bit / 8)] & (1 << UInt8(bit % 8)) != 0
    }

    /// Whether the list holds every match, so that no page lies beyond it.
    var isComplete: Bool { rows.count == matchCount }

    /// The kept hits of a search by its expression, when they were ranked with these weights in the state of the
    /// full-text index that `db` reads; `nil` otherwise, or when the table does not exist (schemas before 12).
    static func read(expression: String, ranking: RankingOptions, in db: Database) throws -> TopHits? {
        guard try db.tableExists(Schema.topHits) else { return nil }
        let key = try expressionKey(expression, in: db)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT index_key, title_weight, body_weight, match_count, first_row, matches, row_ids, ranks
                        FROM \(Schema.topHits) WHERE expression_key = ?
                        """
                ),
                arguments: [key]
            ),
            row["title_weight"] as Double == ranking.fts5TitleWeight,
            row["body_weight"] as Double == ranking.fts5BodyWeight,
            row["index_key"] as Data == (try DocumentLengths.key(in: db))
        else { return nil }
        let rowIDs: Data = row["row_ids"]
        let ranks: Data = row["ranks"]
        guard rowIDs.count % 8 == 0, ranks.count == rowIDs.count else { return nil }
        let rows = rowIDs.withUnsafeBytes { ids in
            ranks.withUnsafeBytes { values in
                (0..<ids.count / 8).map { index in
                    (
                        rowID: Int64(littleEndian: ids.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)),
                        rank: Double(
                            bitPattern: UInt64(
                                littleEndian: values.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                            )
                        )
                    )
                }
            }
        }
        return TopHits(
            matchCount: row["match_count"],
            rows: rows,
            firstRow: row["first_row"],
            matches: [UInt8](row["matches"] as Data)
        )
    }

    /// Keeps these hits for an expression, ranked with these weights in the index's state that `indexKey` names.
    func store(expression: String, ranking: RankingOptions, indexKey: Data, in db: Database) throws {
        var rowIDs = Data(count: rows.count * 8)
        var ranks = Data(count: rows.count * 8)
        rowIDs.withUnsafeMutableBytes { ids in
            ranks.withUnsafeMutableBytes { values in
                for (offset, row) in rows.enumerated() {
                    ids.storeBytes(of: row.rowID.littleEndian, toByteOffset: offset * 8, as: Int64.self)
                    values.storeBytes(of: row.rank.bitPattern.littleEndian, toByteOffset: offset * 8, as: UInt64.self)
                }
            }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO \(Schema.topHits)
                    (expression_key, index_key, title_weight, body_weight, match_count, first_row, matches, row_ids,
                    ranks)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                try Self.expressionKey(expression, in: db), indexKey, ranking.fts5TitleWeight,
                ranking.fts5BodyWeight, matchCount, firstRow, Data(matches), rowIDs, ranks,
            ]
        )
    }

    /// An FTS5 expression with the text of each quoted phrase replaced by its tokens as the index's tokenizer reads
    /// a query, space-separated: two expressions with the same key match the same rows with the same scores.
    ///
    /// Everything outside quotes (operators, parentheses, column filters, `*` of a prefix) is kept as it is. Prefix
    /// searches are never kept: their last token is not read as a query's phrase is.
    static func expressionKey(_ expression: String, in db: Database) throws -> String {
        try parts(of: expression).map { part in
            guard part.isPhrase else { return part.text }
            return "\"" + (try phraseTokens(part.text, in: db).joined(separator: " ")) + "\""
        }.joined()
    }

    /// The number of rows that hold each phrase of an expression, in the expression's order, as bm25() counts them for
    /// their IDFs, for each that the index keeps a one-word search for (its ``matchCount``) in its present state, and
    /// `nil` for the others; `nil` when it keeps none of them, and for an expression with a column filter, a prefix or
    /// a NEAR group, whose phrases FTS5 counts otherwise.
    static func phraseHits(of expression: String, in db: Database) throws -> [Int?]? {
        guard try db.tableExists(Schema.topHits) else { return nil }
        let parts = parts(of: expression)
        guard
            !parts.contains(where: {
                !$0.isPhrase && ($0.text.contains("{") || $0.text.contains("*") || $0.text.contains("NEAR"))
            })
        else { return nil }
        // A phrase of several tokens, or of none, is never kept alone: its key matches no row.
        var keys: [String] = []
        for part in parts where part.isPhrase {
            keys.append("\"" + (try phraseTokens(part.text, in: db).joined(separator: " ")) + "\"")
        }
        guard !keys.isEmpty else { return nil }
        let indexKey = try DocumentLengths.key(in: db)
        var counts: [String: Int] = [:]
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT expression_key, match_count FROM \(Schema.topHits)
                WHERE index_key = ? AND expression_key IN (\(placeholders))
                """,
            arguments: StatementArguments([indexKey] + keys)
        ) {
            counts[row["expression_key"]] = row["match_count"]
        }
        let hits = keys.map { counts[$0] }
        return hits.contains { $0 != nil } ? hits : nil
    }

    /// An FTS5 expression cut into its quoted phrases (their text, quotes undoubled) and the text between them.
    private static func parts(of expression: String) -> [(isPhrase: Bool, text: String)] {
        var parts: [(isPhrase: Bool, text: String)] = []
        var text = ""
        var inPhrase = false
        var scalars = expression.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            guard scalar == "\"" else {
                text.unicodeScalars.append(scalar)
                continue
            }
            // A doubled quote is a quote within the phrase.
            if inPhrase, pending == "\"" {
                text.unicodeScalars.append(scalar)
                pending = scalars.next()
                continue
            }
            if inPhrase || !text.isEmpty { parts.append((inPhrase, text)) }
            text = ""
            inPhrase.toggle()
        }
        if !text.isEmpty { parts.append((inPhrase, text)) }
        return parts
    }

    /// A phrase's tokens, as the index's tokenizer reads a query's phrase.
    private static func phraseTokens(_ phrase: String, in db: Database) throws -> [String] {
        var tokens: [String] = []
        try forEachToken(of: phrase, asQuery: true, in: db) { token, _ in
            tokens.append(String(decoding: token, as: UTF8.self))
        }
        return tokens
    }

    /// Calls `body` with each of a text's tokens as the index's tokenizer reads it (as a query's phrase, or as a
    /// document), and the bytes of the text it was read from.
    static func forEachToken(
        of text: String,
        asQuery: Bool,
        in db: Database,
        _ body: (_ token: UnsafeRawBufferPointer, _ surface: UnsafeRawBufferPointer) -> Void
    ) throws {
        var text = text
        try text.withUTF8 { bytes in
            var tokens = PolicyTokens()
            defer { policy_tokens_free(&tokens) }
            let code = Schema.tokenizer.withCStrings { tokenizer in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    policy_tokens_read(
                        UnsafeMutableRawPointer(mutating: FTS5.api(db)),
                        tokenizer,
                        Int32(Schema.tokenizer.count),
                        chars.baseAddress,
                        Int32(chars.count),
                        asQuery ? 1 : 0,
                        &tokens
                    )
                }
            }
            guard code == ResultCode.SQLITE_OK.rawValue else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot tokenize a text")
            }
            let raw = UnsafeRawBufferPointer(bytes)
            for index in 0..<Int(tokens.count) {
                body(
                    UnsafeRawBufferPointer(
                        start: tokens.bytes.map { UnsafeRawPointer($0 + Int(tokens.offsets[index])) },
                        count: Int(tokens.lengths[index])
                    ),
                    UnsafeRawBufferPointer(rebasing: raw[Int(tokens.starts[index])..<Int(tokens.ends[index])])
                )
            }
        }
    }
}
