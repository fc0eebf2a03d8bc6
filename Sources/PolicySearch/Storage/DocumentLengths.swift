import CFullTextRank
import Foundation
internal import GRDB
import Synchronization

/// Every document's length in tokens (title and body, as the full-text index counts them), held in memory for
/// `policy_bm25`, the ranking function of ``DocumentStore``'s searches.
///
/// FTS5's `bm25()` reads a row's length from the `documents_fts_docsize` table, one lookup per match: at 100k
/// documents, most of the time a common word takes to rank. `policy_bm25` (CFullTextRank) returns the same score
/// with the lengths read from here, and looks up those it does not find as `bm25()` does.
///
/// The lengths are read from `documents_fts_docsize` once and serve as long as the full-text index is unchanged:
/// ``key`` is the index's structure and averages records, which FTS5 rewrites in every transaction that changes it.
final class DocumentLengths: Sendable {
    /// What the full-text index was when the lengths were read.
    let key: Data
    /// The row id of `lengths[0]`.
    private let first: Int64
    /// The length of each row from `first` on, or `POLICY_RANK_UNKNOWN_LENGTH` for a row id with no document.
    private let lengths: [UInt32]

    /// The most row ids the lengths may span (4 bytes each): past it, rows are looked up as `bm25()` does.
    static let maximumSpan: Int64 = 4_000_000

    private init(key: Data, first: Int64, lengths: [UInt32]) {
        self.key = key
        self.first = first
        self.lengths = lengths
    }

    /// What the full-text index is in the state `db` reads: its structure record (its segments, with a counter of
    /// every segment written) and its averages record (its row and token counts).
    static func key(in db: Database) throws -> Data {
        var key = Data()
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT block FROM documents_fts_data WHERE id IN (1, 10) ORDER BY id")
        ) {
            key.append(row["block"] as Data? ?? Data())
            key.append(0xFF)
        }
        return key
    }

    /// Reads every row's length in the state `db` reads; `nil` when the row ids span more than ``maximumSpan``.
    static func read(in db: Database, key: Data) throws -> DocumentLengths? {
        // Two subqueries: SQLite reads one end of the table for a lone min() or max(), but scans it for both.
        guard
            let bounds = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT min(id) FROM documents_fts_docsize) AS low,
                        (SELECT max(id) FROM documents_fts_docsize) AS high
                    """
            ),
            let low = bounds["low"] as Int64?, let high = bounds["high"] as Int64?
        else { return DocumentLengths(key: key, first: 0, lengths: []) }
        guard high - low < maximumSpan else { return nil }
        var lengths = [UInt32](repeating: POLICY_RANK_UNKNOWN_LENGTH, count: Int(high - low + 1))
        let rows = try Row.fetchCursor(db, sql: "SELECT id, sz FROM documents_fts_docsize")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard id >= low, id <= high else { continue }
            lengths[Int(id - low)] = try row.withUnsafeData(atIndex: 1) { data in
                data.map(Self.totalTokens) ?? POLICY_RANK_UNKNOWN_LENGTH
            }
        }
        return DocumentLengths(key: key, first: low, lengths: lengths)
    }

    /// The sum of the column sizes in a `docsize` record: one SQLite varint per column.
    static func totalTokens(_ record: Data) -> UInt32 {
        record.withUnsafeBytes { bytes in
            var total: UInt64 = 0
            var index = 0
            while index < bytes.count {
                // A SQLite varint: 7 bits a byte, most significant first, while the high bit is set; a ninth byte
                // gives all 8 of its bits.
                var value: UInt64 = 0
                var length = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    length += 1
                    if length == 9 {
                        value = value << 8 | UInt64(byte)
                        break
                    }
                    value = value << 7 | UInt64(byte & 0x7F)
                    if byte & 0x80 == 0 { break }
                }
                total &+= value
            }
            return total < UInt64(POLICY_RANK_UNKNOWN_LENGTH) ? UInt32(total) : POLICY_RANK_UNKNOWN_LENGTH
        }
    }

    /// Runs `body`, whose statements rank with `policy_bm25`, with these lengths (or none: every row looked up) set
    /// on the calling thread, which is where SQLite calls the function while stepping a statement.
    ///
    /// - Returns: What `body` returns, and how many rows `policy_bm25` scored meanwhile: the matches of a statement
    ///   that orders by the score, which scores every row that passes its WHERE clause once.
    static func ranking<T>(
        with lengths: DocumentLengths?,
        _ body: () throws -> T
    ) rethrows -> (T, scored: Int) {
        guard let lengths else {
            policy_rank_set_lengths(nil, 0, 0)
            return (try body(), Int(policy_rank_ranked_rows()))
        }
        return try lengths.lengths.withUnsafeBufferPointer { buffer in
            policy_rank_set_lengths(buffer.baseAddress, lengths.first, Int64(buffer.count))
            defer { policy_rank_set_lengths(nil, 0, 0) }
            return (try body(), Int(policy_rank_ranked_rows()))
        }
    }
}

extension DocumentStore {
    /// The row lengths of the state `db` reads: the ones kept from an earlier search when the full-text index has
    /// not changed since, else read now and kept.
    func documentLengths(in db: Database) throws -> DocumentLengths? {
        let key = try DocumentLengths.key(in: db)
        if let kept = lengthCache.withLock({ $0 }), kept.key == key { return kept }
        guard let read = try DocumentLengths.read(in: db, key: key) else { return nil }
        lengthCache.withLock { $0 = read }
        return read
    }
}
