#ifndef POLICY_SEARCH_SEGMENT_BUILDER_H
#define POLICY_SEARCH_SEGMENT_BUILDER_H

#include <stdint.h>

#include "PolicyTokenReplay.h"

/// A full-text index built outside FTS5 and written as FTS5's own: one segment, as FTS5's `'optimize'` leaves it.
///
/// FTS5 indexes a row by adding each token to an in-memory hash, writes the hash as a segment at each commit, and
/// merges the segments on the connection that writes. A builder instead inverts the rows it is given (their tokens,
/// read ahead by ``policy_token_stream_make``) into runs sorted by term, keeps them in an unlinked temporary file,
/// and at the end merges them term by term into one segment, which it writes straight into the table's `%_data`,
/// `%_idx` and `%_docsize` tables with the averages and structure records, through a connection of its own.
///
/// The segment follows FTS5's format (the description atop SQLite's `ext/fts5/fts5_index.c`) and the choices of
/// FTS5's own segment writer: where a leaf ends, which term a `%_idx` row holds, when a doclist gets a doclist index.
/// Over 1,500 generated documents every page and `%_idx` row is the one FTS5's `'optimize'` writes
/// (`benchmarks/probes/segment_writer.c`); FTS5 works 1,000 pages per merge step and ends a leaf early at each
/// step's end, so larger segments differ there, and FTS5's `integrity-check` accepts both.
///
/// The table must be an FTS5 table with `detail=full`, no prefix indexes, its row sizes kept (`columnsize=1`), and
/// the columns the streams are given for, in order.
typedef struct PolicySegmentBuilder PolicySegmentBuilder;

/// Makes a builder for rows of `columnCount` columns (1 to 15), which keeps runs of about `runBytes` bytes in
/// memory before writing them to a temporary file in `folder`.
///
/// - Returns: SQLITE_OK, SQLITE_MISUSE for a bad argument, SQLITE_NOMEM, or SQLITE_CANTOPEN when no temporary file
///   can be made in `folder`.
int policy_segment_builder_make(
    int columnCount, int64_t runBytes, const char *folder, PolicySegmentBuilder **builder);

/// Adds a row: its id, greater than that of every row added before, and the tokens of each of its columns.
///
/// - Returns: SQLITE_OK, SQLITE_MISUSE for a row id out of order, SQLITE_NOMEM, or SQLITE_IOERR when a run cannot be
///   written.
int policy_segment_builder_add(PolicySegmentBuilder *builder, int64_t rowid, PolicyTokenStream *const *columns);

/// Replaces the full-text index of the FTS5 table `table` in the database file at `path` with the rows added, in one
/// transaction of a connection of its own (so that no connection's FTS5 keeps a stale copy of the index's
/// structure: each sees the change as another connection's). The file must be in WAL mode, and no other
/// connection of this process may hold a write transaction on it meanwhile.
///
/// - Parameters:
///   - error: Set to a message for a failure (free it with `sqlite3_free`), or to NULL.
/// - Returns: SQLITE_OK or an SQLite error code; nothing is changed on failure.
int policy_segment_builder_write(
    PolicySegmentBuilder *builder, const char *path, const char *table, int busyMilliseconds, char **error);

/// Frees a builder and its temporary file (NULL is allowed).
void policy_segment_builder_free(PolicySegmentBuilder *builder);

#endif
