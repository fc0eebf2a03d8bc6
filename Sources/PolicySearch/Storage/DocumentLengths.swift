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
/// The lengths are read once and serve as long as the full-text index is unchanged: ``key`` is the index's structure
/// and averages records, which FTS5 rewrites in every transaction that changes it.
///
/// They are read from the `document_lengths` table when it holds them for the index as it is (an indexing run stores
/// them at its end, ``store(in:)``), else from `documents_fts_docsize`. The table is one read of 4 bytes a row (at
/// 100k documents, a blob of 400 KB) instead of a statement stepping through 100k records (about 17 ms): most of what a
/// search from the command line, a fresh process, spends before ranking.
final class DocumentLengths: Sendable {
    /// What the full-text index was when the lengths were read.
    let key: Data
    /// Where the lengths were read from.
    let origin: Origin
    /// The row id of `lengths[0]`.
    private let first: Int64
    /// The length of each row from `first` on, or `POLICY_RANK_UNKNOWN_LENGTH` for a row id with no document.
    private let lengths: [UInt32]

    /// Where a ``DocumentLengths`` was read from.
    enum Origin: Equatable {
        /// The `document_lengths` table, stored for the same ``key``.
        case stored
        /// The full-text index's own `documents_fts_docsize` table.
        case fullTextIndex
    }

    /// The most row ids the lengths may span (4 bytes each): past it, rows are looked up as `bm25()` does.
    static let maximumSpan: Int64 = 4_000_000

    private init(key: Data, origin: Origin, first: Int64, lengths: [UInt32]) {
        self.key = key
        self.origin = origin
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
        else { return DocumentLengths(key: key, origin: .fullTextIndex, first: 0, lengths: []) }
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
        return DocumentLengths(key: key, origin: .fullTextIndex, first: low, lengths: lengths)
    }

    /// The lengths the `document_lengths` table holds, when it holds them for the index as `key` says it is (and
    /// the table exists: read-only opens accept indexes of schema 8, which lack it).
    static func stored(in db: Database, key: Data) throws -> DocumentLengths? {
        guard try db.tableExists(Schema.documentLengths) else { return nil }
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT index_key, first_row, lengths FROM \(Schema.documentLengths) WHERE id = 1"
        )
        guard let row = try rows.next(),
            row["index_key"] as Data? == key,
            let first = row["first_row"] as Int64?
        else { return nil }
        // The cursor's row reads the blob in place: it is copied once, into the array. Through a copied row and an
        // element-wise map, the copies took about 2 ms of a fresh process.
        let lengths = try row.withUnsafeData(named: "lengths") { blob -> [UInt32]? in
            guard let blob, blob.count % 4 == 0 else { return nil }
            return [UInt32](unsafeUninitializedCapacity: blob.count / 4) { buffer, count in
                blob.withUnsafeBytes { bytes in
                    // Little-endian, 4 bytes a row (see `store(in:)`).
                    for index in 0..<bytes.count / 4 {
                        buffer[index] = UInt32(
                            littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
                        )
                    }
                }
                count = blob.count / 4
            }
        }
        guard let lengths else { return nil }
        return DocumentLengths(key: key, origin: .stored, first: first, lengths: lengths)
    }

    /// Stores the lengths in the `document_lengths` table, for the index as ``key`` says it was.
    ///
    /// Read them after the transaction that changed the index has committed: FTS5 rewrites its structure and averages
    /// records as such a transaction commits, so lengths stored within it would carry a key that never matches.
    func store(in db: Database) throws {
        var blob = Data(count: lengths.count * 4)
        blob.withUnsafeMutableBytes { bytes in
            for (offset, length) in lengths.enumerated() {
                bytes.storeBytes(of: length.littleEndian, toByteOffset: offset * 4, as: UInt32.self)
            }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO \(Schema.documentLengths) (id, index_key, first_row, lengths)
                VALUES (1, ?, ?, ?)
                """,
            arguments: [key, first, blob]
        )
    }

    /// The sum of the column sizes in a `docsize` record (one SQLite varint per column), as the reading decodes it.
    static func totalTokens(_ record: Data) -> UInt64 {
        record.withUnsafeBytes { bytes in
            policy_rank_total_tokens(bytes.bindMemory(to: UInt8.self).baseAddress, Int32(bytes.count))
        }
    }

    /// Whether both hold the same length for every row.
    func hasSameLengths(as other: DocumentLengths) -> Bool {
        first == other.first && lengths == other.lengths
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
        guard
            let read = try DocumentLengths.stored(in: db, key: key) ?? DocumentLengths.read(in: db, key: key)
        else { return nil }
        lengthCache.withLock { $0 = read }
        return read
    }

    /// Stores the row lengths of the index as it is now in the `document_lengths` table, unless it holds them
    /// already, so that searches in another process read them at once (``DocumentLengths``).
    ///
    /// Called at the end of an indexing run and after ``optimize()`` and ``rebuildFullText()``, not after each
    /// write: at 100k documents it reads about 17 ms of records and writes 400 KB. Searches after later writes read
    /// the full-text index's records instead, as the stored key no longer matches.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func storeDocumentLengths() throws(StorageError) {
        try writing { db in
            let key = try DocumentLengths.key(in: db)
            let storedKey = try Data.fetchOne(
                db,
                sql: "SELECT index_key FROM \(Schema.documentLengths) WHERE id = 1"
            )
            guard storedKey != key else { return }
            guard let lengths = try DocumentLengths.read(in: db, key: key) else {
                // Row ids too far apart to hold: searches look rows up as bm25() does.
                try db.execute(sql: "DELETE FROM \(Schema.documentLengths)")
                return
            }
            try lengths.store(in: db)
        }
    }
}
