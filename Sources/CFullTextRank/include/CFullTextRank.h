#ifndef POLICY_SEARCH_FULL_TEXT_RANK_H
#define POLICY_SEARCH_FULL_TEXT_RANK_H

#include <stdint.h>

#include "PolicyMarker.h"
#include "PolicySegmentBuilder.h"
#include "PolicyTokenReplay.h"

/// A row whose token count the lengths do not hold: `policy_bm25` asks FTS5 for it.
#define POLICY_RANK_UNKNOWN_LENGTH UINT32_MAX

/// Registers the FTS5 auxiliary functions `policy_bm25(table, weight, …)`, `policy_bm25_idf_left_out(table, weight,
/// …)`, `policy_bm25_collect(table, weight, …)`, `policy_bm25_collect_counting(table, weight, …)`,
/// `policy_bm25_scan(table, weight, …, first, last)` and `policy_bm25_part(table, weight, …)` on the connection
/// whose `fts5_api` this is.
///
/// `policy_bm25` computes what FTS5's `bm25()` computes, with the same arguments, and returns the same value. The one
/// difference is where a row's length in tokens comes from: the lengths set on the calling thread with
/// `policy_rank_set_lengths`, instead of a lookup in the `%_docsize` table for every row ranked, which is most of
/// `bm25()`'s cost over many matches. Rows the lengths do not hold are looked up as `bm25()` does.
///
/// `policy_bm25_idf_left_out` is `policy_bm25` except for a query of one phrase (or one word): its scores are then
/// those of an IDF of 1, and `policy_rank_idf_left_out` says so. The phrase's IDF, `log((N - hits + 0.5) / (hits +
/// 0.5))` or 1e-6 when that is not positive, times such a score is `policy_bm25`'s score, to the bit. Without the IDF,
/// the function spares a pass over every instance of the phrase in the whole table, which `bm25()` makes in every
/// statement; the caller counts the phrase's hits as it ranks them (`policy_rank_ranked_rows`).
///
/// `policy_bm25_collect` returns 0 for every row, and keeps, in a collection on the calling thread, each row's id and
/// for each phrase the factor that bm25() multiplies by the phrase's IDF; and counts, for each phrase, the rows that
/// hold it. It computes no IDF. When every row that holds one of a query's phrases matches the query (an OR of
/// phrases), those counts are the phrases' hits, and `policy_rank_collection_best` then gives bm25()'s best rows.
///
/// `policy_bm25_collect_counting` collects as `policy_bm25_collect` does, but counts each phrase's hits over the whole
/// table, as bm25() does for its IDF, and only the phrases set on the calling thread with `policy_rank_set_counting`
/// (all by default). Ranked on several threads, each counts its share and the caller sums them, so that each phrase's
/// rows are read once in all. Like every function here, it runs only when a row matches: a thread with no match
/// counts nothing.
///
/// `policy_bm25_scan`, for an OR of phrases (or one phrase), collects what `policy_bm25_collect` collects for the rows
/// whose ids lie from `first` to `last`, all in its first call: it steps through each phrase's rows with FTS5's
/// `xQueryPhrase`, which costs less per row than the statement's own calls (a word in 100k documents: about 22
/// against 38 ms), and stops past `last`. Call it in a statement that stops after one row (`LIMIT 1`); it returns
/// the rows scanned on the thread so far, and is not called at all when no row in the range matches.
///
/// `policy_bm25_part`, for a query of one phrase, returns the factor that bm25() multiplies by the phrase's IDF for the
/// row, as `policy_bm25_collect` keeps it, and computes no IDF: a lookup of one row's part of a score.
///
/// Returns SQLITE_OK, or the error code of registering the functions.
int policy_rank_register(void *fts5_api);

/// Sets the row lengths that `policy_bm25` reads on the calling thread: `lengths[i]` is the token count of row
/// `first + i` over all columns, or POLICY_RANK_UNKNOWN_LENGTH. `lengths` must stay valid until it is unset, with
/// NULL, after the statements that rank have run. Setting them, NULL included, also sets the count of rows ranked on
/// this thread back to 0.
void policy_rank_set_lengths(const uint32_t *lengths, int64_t first, int64_t count);

/// Sets the phrases `policy_bm25_collect_counting` counts on the calling thread: those whose number modulo `parts` is
/// `part` (`parts` 1: all).
void policy_rank_set_counting(int part, int parts);
/// Sets the phrases `policy_bm25_collect_counting` counts on the calling thread instead: those whose byte in `phrases`
/// is not 0 (`count` bytes; a phrase past them is not counted), or, with NULL, those `policy_rank_set_counting` sets.
/// `phrases` must stay valid until it is unset.
void policy_rank_set_counted(const unsigned char *phrases, int count);

/// Sets the rows `policy_bm25_scan`, `policy_bm25_collect` and `policy_bm25_collect_counting` may keep on the calling
/// thread, in ascending order (`count` of them), or none with NULL: all. The scan still counts every row of a phrase
/// for its IDF, and the counting collection every hit; the collections neither keep nor count another row (its score
/// is 0). `rowids` must stay valid until unset.
void policy_rank_set_allowed(const int64_t *rowids, int64_t count);

/// How many rows `policy_bm25` has scored on the calling thread since the lengths were last set.
///
/// A statement that orders by the score computes it once for every row that passes its WHERE clause, so that after
/// the statement this is its number of matches.
int64_t policy_rank_ranked_rows(void);

/// The table's row count (the N of the IDF) that the ranking on the calling thread read, or 0 when it scored no row.
int64_t policy_rank_row_count(void);

/// Whether `policy_bm25_idf_left_out` left the IDF out of the scores on the calling thread (a query of one phrase).
int policy_rank_idf_left_out(void);

/// The sum of the SQLite varints of a `%_docsize` record (one per column): the row's length in tokens.
uint64_t policy_rank_total_tokens(const unsigned char *record, int size);

/// Reads rows of (row id, `%_docsize` record) from `sql`, run on `connection` (a `sqlite3 *`), into `lengths`: the
/// sum of each record's column sizes goes to `lengths[id - first]`, for the ids from `first` to `first + count - 1`.
///
/// Returns SQLITE_OK, or the error code of the statement.
int policy_rank_read_lengths(void *connection, const char *sql, uint32_t *lengths, int64_t first, int64_t count);

/// Steps a prepared statement (a `sqlite3_stmt *`, its arguments bound) to its end and puts the integer of each row's
/// first column in `*rowids` (`*count` of them, to be freed with `free`, also on error), then resets it: a few
/// milliseconds for 33k rows, where a row-by-row fetch in Swift took 16.
///
/// Returns SQLITE_OK, or the error code of the statement.
int policy_rank_read_rowids(void *statement, int64_t **rowids, int64_t *count);
/// bm25()'s rank of a row of a query of `count` phrases from each phrase's IDF and part (the factor that bm25()
/// multiplies by the IDF), as `policy_rank_collection_best` ranks its rows, to the bit.
double policy_rank_of_parts(const double *idf, const double *parts, int count);
/// Runs a prepared statement (a `sqlite3_stmt *`) that selects `policy_bm25_part` of a one-phrase query for the row
/// id bound to its last parameter, which this binds, and puts the row's part in `*part`; then resets it.
///
/// Returns SQLITE_ROW when the row matches, SQLITE_DONE when it does not, or an error code.
int policy_rank_row_part(void *statement, int64_t rowid, double *part);
/// What `policy_bm25_collect` kept on a thread.
typedef struct PolicyRankCollection PolicyRankCollection;

/// The collection `policy_bm25_collect` made on the calling thread since the lengths were last set, or NULL when it
/// scored no row; the caller owns it. Setting the lengths frees a collection that was not taken.
PolicyRankCollection *policy_rank_take_collection(void);

/// Frees a collection.
void policy_rank_free_collection(PolicyRankCollection *collection);

/// The number of phrases of the collected query.
int policy_rank_collection_phrase_count(const PolicyRankCollection *collection);

/// The table's row count (the N of the IDF) when the rows were collected.
int64_t policy_rank_collection_row_count(const PolicyRankCollection *collection);

/// How many of the collected rows hold the phrase numbered `phrase`.
int64_t policy_rank_collection_hits(const PolicyRankCollection *collection, int phrase);

/// Puts the best `limit` collected rows, in no order, in `rowids` and `ranks` (room for `limit` each), and returns
/// how many there are: each row's rank is bm25()'s with these IDFs (one per phrase), to the bit, and rows of equal
/// rank go by row id.
int64_t policy_rank_collection_best(
    const PolicyRankCollection *collection,
    const double *idf,
    int64_t limit,
    int64_t *rowids,
    double *ranks
);

/// Sets, in the bitmap `bits` of the row ids from `first` on (`count` bits; row `first + i` is bit `i % 8` of byte
/// `i / 8`), the bit of every collected row, and returns how many collected rows lie outside it.
int64_t policy_rank_collection_mark(
    const PolicyRankCollection *collection, uint8_t *bits, int64_t first, int64_t count);
#endif
