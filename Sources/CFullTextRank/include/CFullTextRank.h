#ifndef POLICY_SEARCH_FULL_TEXT_RANK_H
#define POLICY_SEARCH_FULL_TEXT_RANK_H

#include <stdint.h>

/// A row whose token count the lengths do not hold: `policy_bm25` asks FTS5 for it.
#define POLICY_RANK_UNKNOWN_LENGTH UINT32_MAX

/// Registers the FTS5 auxiliary function `policy_bm25(table, weight, …)` on the connection whose `fts5_api` this is.
///
/// `policy_bm25` computes what FTS5's `bm25()` computes, with the same arguments, and returns the same value. The one
/// difference is where a row's length in tokens comes from: the lengths set on the calling thread with
/// `policy_rank_set_lengths`, instead of a lookup in the `%_docsize` table for every row ranked, which is most of
/// `bm25()`'s cost over many matches. Rows the lengths do not hold are looked up as `bm25()` does.
///
/// Returns SQLITE_OK, or the error code of registering the function.
int policy_rank_register(void *fts5_api);

/// Sets the row lengths that `policy_bm25` reads on the calling thread: `lengths[i]` is the token count of row
/// `first + i` over all columns, or POLICY_RANK_UNKNOWN_LENGTH. `lengths` must stay valid until it is unset, with
/// NULL, after the statements that rank have run. Setting them, NULL included, also sets the count of rows ranked on
/// this thread back to 0.
void policy_rank_set_lengths(const uint32_t *lengths, int64_t first, int64_t count);

/// How many rows `policy_bm25` has scored on the calling thread since the lengths were last set.
///
/// A statement that orders by the score computes it once for every row that passes its WHERE clause, so that after
/// the statement this is its number of matches.
int64_t policy_rank_ranked_rows(void);

#endif
