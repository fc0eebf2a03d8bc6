import CFullTextRank
import Foundation
internal import GRDB
import Synchronization

/// Every document's length in tokens (title and body, as the full-text index counts them), held in memory for
/// `policy_bm25`, the ranking function of ``DocumentStore``'s searches (``FullTextRanking``).
///
/// FTS5's `bm25()` reads a row's length from the `documents_fts_docsize` table, one lookup per match: at 100k
/// documents, most of the time a common word takes to rank. `policy_bm25` returns the same score with the lengths read
/// from here, and looks up those it does not find as `bm25()` does.
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
        // In C: through GRDB's rows, reading 100k records took about 25 ms, most of a rare word's search.
        let rc = lengths.withUnsafeMutableBufferPointer { buffer in
            policy_rank_read_lengths(
                UnsafeMutableRawPointer(db.sqliteConnection),
                "SELECT id, sz FROM documents_fts_docsize",
                buffer.baseAddress,
                low,
                Int64(buffer.count)
            )
        }
        guard rc == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "cannot read the row lengths")
        }
        return DocumentLengths(key: key, first: low, lengths: lengths)
    }

    /// The sum of the column sizes in a `docsize` record (one SQLite varint per column), as the reading decodes it.
    static func totalTokens(_ record: Data) -> UInt64 {
        record.withUnsafeBytes { bytes in
            policy_rank_total_tokens(bytes.bindMemory(to: UInt8.self).baseAddress, Int32(bytes.count))
        }
    }

    /// Runs `body` with the lengths and the row id of the first.
    func withUnsafeLengths<T>(_ body: (UnsafeBufferPointer<UInt32>, Int64) throws -> T) rethrows -> T {
        try lengths.withUnsafeBufferPointer { try body($0, first) }
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
