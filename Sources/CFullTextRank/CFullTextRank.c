// FTS5's bm25() with row lengths from memory. The scoring follows bm25 in SQLite's ext/fts5/fts5_aux.c (3.40)
// operation for operation, so that both return the same double for the same row (the tests compare them).

#include "CFullTextRank.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

/// What the ranking on one thread reads (the lengths) and reports (rows scored, the table's row count, whether the
/// IDF was left out).
typedef struct {
    const uint32_t *lengths;
    int64_t first;
    int64_t count;
    int64_t ranked;
    int64_t rowCount;
    int idfLeftOut;
} RankingState;

static _Thread_local RankingState current = {NULL, 0, 0, 0, 0, 0};

void policy_rank_set_lengths(const uint32_t *lengths, int64_t first, int64_t count) {
    current.lengths = lengths;
    current.first = first;
    current.count = lengths ? count : 0;
    current.ranked = 0;
    current.rowCount = 0;
    current.idfLeftOut = 0;
}

int64_t policy_rank_ranked_rows(void) {
    return current.ranked;
}

int64_t policy_rank_row_count(void) {
    return current.rowCount;
}

int policy_rank_idf_left_out(void) {
    return current.idfLeftOut;
}

/// What one statement's ranking needs once: the phrases' IDF and the average row length.
typedef struct {
    int phraseCount;
    double averageLength;
    double *idf;
    double *frequency;
} QueryStatistics;

static int countHit(const Fts5ExtensionApi *api, Fts5Context *fts, void *context) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)context)++;
    return SQLITE_OK;
}

static int queryStatistics(const Fts5ExtensionApi *api, Fts5Context *fts, QueryStatistics **statistics) {
    QueryStatistics *found = api->xGetAuxdata(fts, 0);
    if (found) {
        *statistics = found;
        return SQLITE_OK;
    }
    int phraseCount = api->xPhraseCount(fts);
    sqlite3_int64 size = sizeof(QueryStatistics) + (sqlite3_int64)sizeof(double) * phraseCount * 2;
    QueryStatistics *made = sqlite3_malloc64(size);
    if (!made) return SQLITE_NOMEM;
    memset(made, 0, size);
    made->phraseCount = phraseCount;
    made->idf = (double *)&made[1];
    made->frequency = &made->idf[phraseCount];
    sqlite3_int64 rowCount = 0;
    sqlite3_int64 tokenCount = 0;
    int rc = api->xRowCount(fts, &rowCount);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokenCount);
    if (rc == SQLITE_OK) made->averageLength = (double)tokenCount / (double)rowCount;
    current.rowCount = rowCount;
    // One phrase: its IDF multiplies every score alike, so the caller may apply it once it knows the phrase's hits
    // (the rows it ranked), instead of a pass over every instance of the phrase here.
    int leavesOut = phraseCount == 1 && api->xUserData(fts) != NULL;
    if (leavesOut) {
        made->idf[0] = 1.0;
        current.idfLeftOut = 1;
    }
    for (int i = 0; rc == SQLITE_OK && !leavesOut && i < phraseCount; i++) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, (void *)&hits, countHit);
        if (rc == SQLITE_OK) {
            double idf = log((rowCount - hits + 0.5) / (hits + 0.5));
            if (idf <= 0.0) idf = 1e-6;
            made->idf[i] = idf;
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_free(made);
        return rc;
    }
    rc = api->xSetAuxdata(fts, made, sqlite3_free);
    if (rc == SQLITE_OK) *statistics = made;
    return rc;
}

static int rowLength(const Fts5ExtensionApi *api, Fts5Context *fts, double *length) {
    sqlite3_int64 offset = api->xRowid(fts) - current.first;
    if (current.lengths && offset >= 0 && offset < current.count) {
        uint32_t known = current.lengths[offset];
        if (known != POLICY_RANK_UNKNOWN_LENGTH) {
            *length = (double)known;
            return SQLITE_OK;
        }
    }
    int tokens = 0;
    int rc = api->xColumnSize(fts, -1, &tokens);
    *length = (double)tokens;
    return rc;
}

static void policyBM25(
    const Fts5ExtensionApi *api,
    Fts5Context *fts,
    sqlite3_context *context,
    int argumentCount,
    sqlite3_value **arguments
) {
    const double k1 = 1.2;
    const double b = 0.75;
    QueryStatistics *statistics = NULL;
    int rc = queryStatistics(api, fts, &statistics);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    // bm25() adds a weight per instance in xInst's order, which merges every phrase's instances by position. Each
    // phrase's own instances come in the same order from xPhraseFirst/xPhraseNext, so the sums are the same, without
    // building and sorting the merged array (about a sixth of the time over 100k matches).
    for (int phrase = 0; rc == SQLITE_OK && phrase < statistics->phraseCount; phrase++) {
        double frequency = 0.0;
        Fts5PhraseIter instances;
        int column = 0, offset = 0;
        rc = api->xPhraseFirst(fts, phrase, &instances, &column, &offset);
        while (rc == SQLITE_OK && column >= 0) {
            frequency += (argumentCount > column) ? sqlite3_value_double(arguments[column]) : 1.0;
            api->xPhraseNext(fts, &instances, &column, &offset);
        }
        statistics->frequency[phrase] = frequency;
    }
    double length = 0.0;
    if (rc == SQLITE_OK) rc = rowLength(api, fts, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    double score = 0.0;
    for (int i = 0; i < statistics->phraseCount; i++) {
        double frequency = statistics->frequency[i];
        score += statistics->idf[i]
            * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / statistics->averageLength)));
    }
    current.ranked++;
    sqlite3_result_double(context, -1.0 * score);
}

uint64_t policy_rank_total_tokens(const unsigned char *record, int size) {
    uint64_t total = 0;
    int index = 0;
    while (index < size) {
        uint64_t value = 0;
        for (int length = 1; index < size; length++) {
            unsigned char byte = record[index++];
            if (length == 9) {
                value = value << 8 | byte;
                break;
            }
            value = value << 7 | (byte & 0x7F);
            if (!(byte & 0x80)) break;
        }
        total += value;
    }
    return total;
}

int policy_rank_read_lengths(void *connection, const char *sql, uint32_t *lengths, int64_t first, int64_t count) {
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(connection, sql, -1, &statement, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
        int64_t offset = sqlite3_column_int64(statement, 0) - first;
        if (offset < 0 || offset >= count) continue;
        const unsigned char *record = sqlite3_column_blob(statement, 1);
        uint64_t total = policy_rank_total_tokens(record, record ? sqlite3_column_bytes(statement, 1) : 0);
        lengths[offset] = total < POLICY_RANK_UNKNOWN_LENGTH ? (uint32_t)total : POLICY_RANK_UNKNOWN_LENGTH;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(statement);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// The `pUserData` of `policy_bm25_idf_left_out`: any pointer that is not NULL.
static int leavesIDFOut = 1;

int policy_rank_register(void *api) {
    fts5_api *fts5 = api;
    if (!fts5 || fts5->iVersion < 1) return SQLITE_ERROR;
    int rc = fts5->xCreateFunction(fts5, "policy_bm25", NULL, policyBM25, NULL);
    if (rc == SQLITE_OK) rc = fts5->xCreateFunction(fts5, "policy_bm25_idf_left_out", &leavesIDFOut, policyBM25, NULL);
    return rc;
}
