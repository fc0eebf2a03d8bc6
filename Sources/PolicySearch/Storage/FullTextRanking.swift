import CFullTextRank
import Foundation
internal import GRDB

/// The ranking functions of searches, FTS5 auxiliary functions written in C (CFullTextRank).
///
/// `policy_bm25` is FTS5's `bm25()` with row lengths from memory (``DocumentLengths``); `policy_bm25_idf_left_out`
/// is the same without the IDF of a one-phrase query, which the caller applies once it has counted the phrase's hits.
/// Both count the rows they score.
enum FullTextRanking {
    /// Adds the ranking functions to a connection.
    static func register(in db: Database) throws {
        let registered = policy_rank_register(UnsafeMutableRawPointer(mutating: FTS5.api(db)))
        guard registered == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: registered), message: "cannot add policy_bm25")
        }
    }

    /// What the ranking statements of one ``ranking(with:_:)`` reported besides their rows.
    struct Tally {
        /// The rows scored: the matches of a statement that orders by the score, which scores every row that passes
        /// its WHERE clause once.
        var scored: Int
        /// The full-text table's row count that the scores' IDF uses (0 when no row was scored).
        var rowCount: Int64
        /// Whether `policy_bm25_idf_left_out` left the one phrase's IDF out of the scores
        /// (``inverseDocumentFrequency(rowCount:hits:)`` puts it back).
        var leftIDFOut: Bool
    }

    /// Runs `body`, whose statements rank with `policy_bm25`, with these lengths (or none: every row looked up) set
    /// on the calling thread, which is where SQLite calls the function while stepping a statement.
    ///
    /// - Returns: What `body` returns, and what its ranking reported.
    static func ranking<T>(with lengths: DocumentLengths?, _ body: () throws -> T) rethrows -> (T, Tally) {
        func tally() -> Tally {
            Tally(
                scored: Int(policy_rank_ranked_rows()),
                rowCount: policy_rank_row_count(),
                leftIDFOut: policy_rank_idf_left_out() != 0
            )
        }
        guard let lengths else {
            policy_rank_set_lengths(nil, 0, 0)
            return (try body(), tally())
        }
        return try lengths.withUnsafeLengths { buffer, first in
            policy_rank_set_lengths(buffer.baseAddress, first, Int64(buffer.count))
            defer { policy_rank_set_lengths(nil, 0, 0) }
            return (try body(), tally())
        }
    }

    /// The IDF that FTS5's `bm25()` gives a phrase found in `hits` of `rowCount` rows, computed as it does: the
    /// factor that makes `policy_bm25_idf_left_out`'s score of a one-phrase query `bm25()`'s, to the bit.
    static func inverseDocumentFrequency(rowCount: Int64, hits: Int) -> Double {
        let idf = log((Double(rowCount - Int64(hits)) + 0.5) / (Double(hits) + 0.5))
        return idf <= 0 ? 1e-6 : idf
    }
}
