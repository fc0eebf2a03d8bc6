import CFullTextRank
import Foundation
internal import GRDB

/// The ranking functions of searches, FTS5 auxiliary functions written in C (CFullTextRank).
///
/// `policy_bm25` is FTS5's `bm25()` with row lengths from memory (``DocumentLengths``); `policy_bm25_idf_left_out`
/// is the same without the IDF of a one-phrase query, which the caller applies once it has counted the phrase's hits;
/// `policy_bm25_collect` keeps every row's part of the score for each phrase, and counts each phrase's rows, for
/// the caller to rank once it knows the IDFs. All of them count the rows they score.
enum FullTextRanking {
    /// Adds the ranking functions to a connection.
    static func register(in db: Database) throws {
        let registered = policy_rank_register(UnsafeMutableRawPointer(mutating: FTS5.api(db)))
        guard registered == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: registered), message: "cannot add policy_bm25")
        }
    }

    /// The ranking function a statement scores with.
    enum Function: String {
        /// `policy_bm25`: bm25()'s score.
        case full = "policy_bm25"
        /// `policy_bm25_idf_left_out`: bm25()'s score, without the IDF when the query has one phrase.
        case leavingLoneIDFOut = "policy_bm25_idf_left_out"
        /// `policy_bm25_collect`: every row's parts of the score, kept in ``CollectedRows``.
        case collecting = "policy_bm25_collect"
        /// `policy_bm25_collect_counting`: what `policy_bm25_collect` keeps, with the hits of each phrase counted over
        /// the whole table, on each thread for its share of the phrases (``counting(part:of:_:)``).
        case collectingCounts = "policy_bm25_collect_counting"
        /// `policy_bm25_scan`: what `policy_bm25_collect` keeps, for an OR of phrases (or one), by one call that
        /// steps through each phrase's rows itself.
        case scanning = "policy_bm25_scan"

        /// Whether the function keeps every row's parts in ``CollectedRows`` (each statement returns at most one row)
        /// instead of scoring the rows the statement returns.
        var collects: Bool { self == .collecting || self == .collectingCounts || self == .scanning }
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
        /// What `policy_bm25_collect` kept, when it ranked.
        var collected: CollectedRows?
    }

    /// The rows `policy_bm25_collect` scored, with each phrase's part of their scores, and each phrase's hits among
    /// them.
    final class CollectedRows: @unchecked Sendable {
        // Unchecked: the C collection is only read once made, and freed once, here.
        private let pointer: OpaquePointer

        fileprivate init(_ pointer: OpaquePointer) {
            self.pointer = pointer
        }

        deinit {
            policy_rank_free_collection(pointer)
        }

        /// The full-text table's row count when the rows were collected.
        var rowCount: Int64 { policy_rank_collection_row_count(pointer) }

        /// How many of the rows hold each phrase, in the expression's order.
        var phraseHits: [Int] {
            (0..<policy_rank_collection_phrase_count(pointer)).map { Int(policy_rank_collection_hits(pointer, $0)) }
        }

        /// Sets the bit of every collected row in a bitmap of the row ids from `first` on (bit `i % 8` of byte `i / 8`
        /// for row `first + i`), and returns how many rows lie past its end or before `first`.
        func mark(in bits: inout Data, first: Int64) -> Int {
            let count = Int64(bits.count) * 8
            return Int(
                bits.withUnsafeMutableBytes { bytes in
                    policy_rank_collection_mark(pointer, bytes.bindMemory(to: UInt8.self).baseAddress, first, count)
                }
            )
        }

        /// The best `limit` rows with bm25()'s ranks for these IDFs (one per phrase), best first.
        func best(_ limit: Int, idf: [Double]) -> [(rowID: Int64, rank: Double)] {
            var rowIDs = [Int64](repeating: 0, count: limit)
            var ranks = [Double](repeating: 0, count: limit)
            let kept = Int(policy_rank_collection_best(pointer, idf, Int64(limit), &rowIDs, &ranks))
            return zip(rowIDs.prefix(kept), ranks.prefix(kept)).map { (rowID: $0, rank: $1) }
                .sorted { ($0.rank, $0.rowID) < ($1.rank, $1.rowID) }
        }
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
                leftIDFOut: policy_rank_idf_left_out() != 0,
                collected: policy_rank_take_collection().map(CollectedRows.init)
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

    /// Runs `body`, whose statements collect with `policy_bm25_collect_counting`, counting the hits of the phrases
    /// whose number modulo `parts` is `part`.
    static func counting<T>(part: Int, of parts: Int, _ body: () throws -> T) rethrows -> T {
        policy_rank_set_counting(Int32(part), Int32(parts))
        defer { policy_rank_set_counting(0, 1) }
        return try body()
    }

    /// Runs `body`, whose statements collect with `policy_bm25_collect_counting`, counting the hits of the phrases
    /// whose entry is `true` (in the expression's order), or as ``counting(part:of:_:)`` sets when `nil`.
    static func counting<T>(only phrases: [Bool]?, _ body: () throws -> T) rethrows -> T {
        guard let phrases else { return try body() }
        let bytes = phrases.map { UInt8($0 ? 1 : 0) }
        return try bytes.withUnsafeBufferPointer { buffer in
            policy_rank_set_counted(buffer.baseAddress, Int32(buffer.count))
            defer { policy_rank_set_counted(nil, 0) }
            return try body()
        }
    }

    /// Runs `body`, whose statements scan with `policy_bm25_scan` or collect with `policy_bm25_collect` or
    /// `policy_bm25_collect_counting`, keeping only these rows (ascending), or all when `nil`.
    static func allowing<T>(_ rowIDs: [Int64]?, _ body: () throws -> T) rethrows -> T {
        guard let rowIDs else { return try body() }
        // An empty set still allows no row: a pointer to an element that is not counted, as NULL means all.
        return try (rowIDs.isEmpty ? [0] : rowIDs).withUnsafeBufferPointer { buffer in
            policy_rank_set_allowed(buffer.baseAddress, Int64(rowIDs.count))
            defer { policy_rank_set_allowed(nil, 0) }
            return try body()
        }
    }

    /// The IDF that FTS5's `bm25()` gives a phrase found in `hits` of `rowCount` rows, computed as it does: the
    /// factor that makes `policy_bm25_idf_left_out`'s score of a one-phrase query `bm25()`'s, to the bit.
    ///
    /// Shards read while another process commits may count hits in a later state than the row count's, so that
    /// `hits` exceeds `rowCount`: the logarithm of a negative number is NaN, which gets bm25()'s floor for an IDF
    /// that is not positive, as it would in one state.
    static func inverseDocumentFrequency(rowCount: Int64, hits: Int) -> Double {
        let idf = log((Double(rowCount - Int64(hits)) + 0.5) / (Double(hits) + 0.5))
        return idf > 0 ? idf : 1e-6
    }
}
