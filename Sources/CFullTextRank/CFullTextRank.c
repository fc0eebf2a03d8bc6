// FTS5's bm25() with row lengths from memory. The scoring follows bm25 in SQLite's ext/fts5/fts5_aux.c (3.40)
// operation for operation, so that both return the same double for the same row (the tests compare them).

#include "CFullTextRank.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/// How a registered function scores: as bm25(), without the IDF of a lone phrase, collecting each phrase's part,
/// collecting it with each phrase's hits counted over the whole table, collecting the parts of every row of
/// alternative phrases in one call, or returning a lone phrase's part.
typedef enum { SCORES_FULLY, LEAVES_LONE_IDF_OUT, COLLECTS_PARTS, COLLECTS_COUNTING, SCANS_PHRASES, RETURNS_PART } Mode;

static Mode scoresFully = SCORES_FULLY;
static Mode leavesLoneIDFOut = LEAVES_LONE_IDF_OUT;
static Mode collectsParts = COLLECTS_PARTS;
static Mode collectsCounting = COLLECTS_COUNTING;
static Mode scansPhrases = SCANS_PHRASES;
static Mode returnsPart = RETURNS_PART;

/// What `policy_bm25_collect` keeps of each row it scores: its row id, and for each phrase the factor that bm25()
/// multiplies by the phrase's IDF; and for each phrase, the rows that hold it.
struct PolicyRankCollection {
    int phraseCount;
    int64_t rowCount;
    int64_t rows;
    int64_t capacity;
    int64_t *rowids;
    double *parts;
    int64_t *hits;
};

void policy_rank_free_collection(PolicyRankCollection *collection) {
    if (!collection) return;
    free(collection->rowids);
    free(collection->parts);
    free(collection->hits);
    free(collection);
}

/// What the ranking on one thread reads (the lengths) and reports (rows scored, the table's row count, whether the
/// IDF was left out).
typedef struct {
    const uint32_t *lengths;
    int64_t first;
    int64_t count;
    int64_t ranked;
    int64_t rowCount;
    int idfLeftOut;
    PolicyRankCollection *collection;
    /// The rows a scan may keep, in ascending order, when `allowed` is set: those that pass the search's filters.
    const int64_t *allowed;
    int64_t allowedCount;
    /// The phrases `policy_bm25_collect_counting` counts on this thread: those whose number modulo `countingParts`
    /// is `countingPart`.
    int countingPart;
    int countingParts;
    /// When set, the phrases it counts instead: those whose byte is not 0 (`countedCount` bytes).
    const unsigned char *counted;
    int countedCount;
} RankingState;

static _Thread_local RankingState current = {NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, 0, 1, NULL, 0};

void policy_rank_set_counting(int part, int parts) {
    current.countingPart = parts > 0 ? part : 0;
    current.countingParts = parts > 0 ? parts : 1;
}

void policy_rank_set_counted(const unsigned char *phrases, int count) {
    current.counted = phrases;
    current.countedCount = phrases ? count : 0;
}

void policy_rank_set_allowed(const int64_t *rowids, int64_t count) {
    current.allowed = rowids;
    current.allowedCount = rowids ? count : 0;
}

/// Whether the filters (`policy_rank_set_allowed`) keep a row: all rows without them. `next` is the first allowed row
/// not yet passed, moved on as rows come in ascending order.
static int isAllowed(int64_t rowid, int64_t *next) {
    if (!current.allowed) return 1;
    while (*next < current.allowedCount && current.allowed[*next] < rowid) (*next)++;
    return *next < current.allowedCount && current.allowed[*next] == rowid;
}

void policy_rank_set_lengths(const uint32_t *lengths, int64_t first, int64_t count) {
    current.lengths = lengths;
    current.first = first;
    current.count = lengths ? count : 0;
    current.ranked = 0;
    current.rowCount = 0;
    current.idfLeftOut = 0;
    policy_rank_free_collection(current.collection);
    current.collection = NULL;
}

PolicyRankCollection *policy_rank_take_collection(void) {
    PolicyRankCollection *taken = current.collection;
    current.collection = NULL;
    return taken;
}

int policy_rank_collection_phrase_count(const PolicyRankCollection *collection) {
    return collection->phraseCount;
}

int64_t policy_rank_collection_row_count(const PolicyRankCollection *collection) {
    return collection->rowCount;
}

int64_t policy_rank_collection_hits(const PolicyRankCollection *collection, int phrase) {
    return collection->hits[phrase];
}

/// Whether (rank, rowid) `a` ranks after `b`: a higher rank (a lower score), or the same rank and a higher row id.
static int ranksAfter(double aRank, int64_t aRow, double bRank, int64_t bRow) {
    return aRank > bRank || (aRank == bRank && aRow > bRow);
}

/// bm25()'s rank of a row from its phrases' parts and IDFs, summed in the phrases' order as bm25() sums them.
static inline double rankOfParts(const double *idf, const double *parts, int count) {
    double score = 0.0;
    for (int i = 0; i < count; i++) score += idf[i] * parts[i];
    return -1.0 * score;
}

double policy_rank_of_parts(const double *idf, const double *parts, int count) {
    return rankOfParts(idf, parts, count);
}

int policy_rank_row_part(void *statement, int64_t rowid, double *part) {
    sqlite3_stmt *stmt = statement;
    int rc = sqlite3_bind_int64(stmt, sqlite3_bind_parameter_count(stmt), rowid);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) *part = sqlite3_column_double(stmt, 0);
    int reset = sqlite3_reset(stmt);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return reset == SQLITE_OK ? rc : reset;
    return rc;
}

int64_t policy_rank_collection_best(
    const PolicyRankCollection *collection,
    const double *idf,
    int64_t limit,
    int64_t *rowids,
    double *ranks
) {
    // A max-heap of the best `limit` so far, the worst at the top.
    int64_t kept = 0;
    for (int64_t row = 0; row < collection->rows && limit > 0; row++) {
        double rank = rankOfParts(idf, &collection->parts[row * collection->phraseCount], collection->phraseCount);
        int64_t rowid = collection->rowids[row];
        int64_t at;
        if (kept < limit) {
            at = kept++;
            while (at > 0 && ranksAfter(rank, rowid, ranks[(at - 1) / 2], rowids[(at - 1) / 2])) {
                ranks[at] = ranks[(at - 1) / 2];
                rowids[at] = rowids[(at - 1) / 2];
                at = (at - 1) / 2;
            }
        } else {
            if (!ranksAfter(ranks[0], rowids[0], rank, rowid)) continue;
            at = 0;
            for (;;) {
                int64_t child = 2 * at + 1;
                if (child >= kept) break;
                if (child + 1 < kept && ranksAfter(ranks[child + 1], rowids[child + 1], ranks[child], rowids[child]))
                    child++;
                if (!ranksAfter(ranks[child], rowids[child], rank, rowid)) break;
                ranks[at] = ranks[child];
                rowids[at] = rowids[child];
                at = child;
            }
        }
        ranks[at] = rank;
        rowids[at] = rowid;
    }
    return kept;
}

int64_t policy_rank_collection_mark(
    const PolicyRankCollection *collection, uint8_t *bits, int64_t first, int64_t count) {
    int64_t outside = 0;
    for (int64_t row = 0; row < collection->rows; row++) {
        int64_t bit = collection->rowids[row] - first;
        if (bit < 0 || bit >= count) {
            outside++;
            continue;
        }
        bits[bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    return outside;
}

/// The collection of the calling thread, made for `phraseCount` phrases on first use; NULL when out of memory.
static PolicyRankCollection *currentCollection(int phraseCount) {
    PolicyRankCollection *collection = current.collection;
    if (!collection) {
        collection = calloc(1, sizeof(PolicyRankCollection));
        if (!collection) return NULL;
        collection->phraseCount = phraseCount;
        collection->rowCount = current.rowCount;
        collection->hits = calloc(phraseCount > 0 ? phraseCount : 1, sizeof(int64_t));
        if (!collection->hits) {
            free(collection);
            return NULL;
        }
        current.collection = collection;
    }
    return collection;
}

/// Keeps a row's parts in the collection of the calling thread, made for `phraseCount` phrases on first use, and
/// counts a hit for each phrase it holds (unless `holds` is NULL).
static int collect(int64_t rowid, int phraseCount, const double *parts, const int *holds) {
    PolicyRankCollection *collection = currentCollection(phraseCount);
    if (!collection) return SQLITE_NOMEM;
    if (collection->phraseCount != phraseCount) return SQLITE_MISUSE;
    if (collection->rows == collection->capacity) {
        int64_t capacity = collection->capacity ? collection->capacity * 2 : 4096;
        int64_t *rowids = realloc(collection->rowids, sizeof(int64_t) * capacity);
        if (rowids) collection->rowids = rowids;
        double *grown = realloc(collection->parts, sizeof(double) * capacity * (phraseCount > 0 ? phraseCount : 1));
        if (grown) collection->parts = grown;
        if (!rowids || !grown) return SQLITE_NOMEM;
        collection->capacity = capacity;
    }
    collection->rowids[collection->rows] = rowid;
    memcpy(&collection->parts[collection->rows * phraseCount], parts, sizeof(double) * phraseCount);
    for (int i = 0; holds && i < phraseCount; i++) collection->hits[i] += holds[i] ? 1 : 0;
    collection->rows++;
    return SQLITE_OK;
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

/// What one statement's ranking needs once: how the function scores, the phrases' IDF and the average row length;
/// and room for each row's frequencies and parts.
typedef struct {
    Mode mode;
    int phraseCount;
    int scanned;
    /// Collecting: the first of the allowed rows (`policy_rank_set_allowed`) not yet passed; the statement's rows
    /// come in ascending order.
    int64_t nextAllowed;
    double averageLength;
    double *idf;
    double *frequency;
    double *parts;
    int *holds;
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
    sqlite3_int64 size = sizeof(QueryStatistics) + (sqlite3_int64)(sizeof(double) * 3 + sizeof(int)) * phraseCount;
    QueryStatistics *made = sqlite3_malloc64(size);
    if (!made) return SQLITE_NOMEM;
    memset(made, 0, size);
    made->mode = *(const Mode *)api->xUserData(fts);
    made->phraseCount = phraseCount;
    made->idf = (double *)&made[1];
    made->frequency = &made->idf[phraseCount];
    made->parts = &made->frequency[phraseCount];
    made->holds = (int *)&made->parts[phraseCount];
    sqlite3_int64 rowCount = 0;
    sqlite3_int64 tokenCount = 0;
    int rc = api->xRowCount(fts, &rowCount);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokenCount);
    if (rc == SQLITE_OK) made->averageLength = (double)tokenCount / (double)rowCount;
    current.rowCount = rowCount;
    // The IDFs the caller applies instead of a pass over every instance of each phrase here, as it counts the hits
    // among the rows it ranks: a lone phrase's (it multiplies every score alike, so its IDF is 1 until then), or,
    // when collecting, every phrase's (the parts are kept apart from the IDFs).
    int leavesLoneOut = made->mode == LEAVES_LONE_IDF_OUT && phraseCount == 1;
    if (leavesLoneOut) {
        made->idf[0] = 1.0;
        current.idfLeftOut = 1;
    }
    int countsHits = !leavesLoneOut && made->mode != COLLECTS_PARTS && made->mode != SCANS_PHRASES &&
                     made->mode != RETURNS_PART;
    // When collecting with counts, this thread counts its share of the phrases for the collection, and the caller
    // sums the threads' counts: each phrase's rows are read once in all, not once on every thread.
    PolicyRankCollection *counts = NULL;
    if (rc == SQLITE_OK && made->mode == COLLECTS_COUNTING) {
        counts = currentCollection(phraseCount);
        if (!counts) rc = SQLITE_NOMEM;
    }
    for (int i = 0; rc == SQLITE_OK && countsHits && i < phraseCount; i++) {
        if (counts && current.counted && (i >= current.countedCount || !current.counted[i])) continue;
        if (counts && !current.counted && i % current.countingParts != current.countingPart) continue;
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, (void *)&hits, countHit);
        if (rc == SQLITE_OK && counts) {
            counts->hits[i] = hits;
        } else if (rc == SQLITE_OK) {
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

static const double k1 = 1.2;
static const double b = 0.75;

/// The most columns whose weights are read once per call; a table with more reads the others at each instance.
#define WEIGHTED_COLUMNS 8

/// A call's column weights, as doubles: the arguments given, read once instead of at every instance.
typedef struct {
    int count;
    sqlite3_value **values;
    double read[WEIGHTED_COLUMNS];
} Weights;

static Weights readWeights(int count, sqlite3_value **values) {
    Weights weights = {count, values, {0}};
    for (int column = 0; column < count && column < WEIGHTED_COLUMNS; column++) {
        weights.read[column] = sqlite3_value_double(values[column]);
    }
    return weights;
}

/// The weight bm25() adds for an instance in a column: the column's argument, or 1 for a column with none.
static double columnWeight(const Weights *weights, int column) {
    return weights->count <= column      ? 1.0
           : column < WEIGHTED_COLUMNS ? weights->read[column]
                                       : sqlite3_value_double(weights->values[column]);
}

/// A phrase's instances in the row, summed as bm25() sums them: each adds its column's weight, or 1 for a column with
/// none; `holds` says whether there is any.
static int phraseFrequency(
    const Fts5ExtensionApi *api,
    Fts5Context *fts,
    int phrase,
    const Weights *weights,
    double *frequency,
    int *holds
) {
    Fts5PhraseIter instances;
    int column = 0, offset = 0;
    *frequency = 0.0;
    *holds = 0;
    int rc = api->xPhraseFirst(fts, phrase, &instances, &column, &offset);
    if (rc != SQLITE_OK || column < 0) return rc;
    *holds = 1;
    // The instances after the first are counted in the position list itself, which the iterator walks (`a` to `b`),
    // instead of a call of xPhraseNext for each (a search for a word with 8 instances a row in 100k rows took 23 %
    // more CPU so). The list is in FTS5's format for detail=full, the index's: varints, each a position plus 2, or 1
    // and then a column number for a change of column. A varint's last byte is the one without the high bit.
    const unsigned char *at = instances.a;
    const unsigned char *end = instances.b;
    double weight = columnWeight(weights, column);
    *frequency += weight;
    while (at && at < end) {
        if (*at == 0x01) {
            // A change of column: its number is the next varint, read as FTS5 reads it.
            at++;
            uint32_t number = 0;
            while (at < end && (*at & 0x80)) number = number << 7 | (*at++ & 0x7F);
            if (at < end) number = number << 7 | *at++;
            column = number > INT32_MAX ? INT32_MAX : (int)number;
            weight = columnWeight(weights, column);
            continue;
        }
        while (at < end && (*at & 0x80)) at++;
        if (at == end) break;
        at++;
        *frequency += weight;
    }
    return rc;
}

/// The factor bm25() multiplies by a phrase's IDF, for its frequency in a row of `length` tokens.
static double phrasePart(double frequency, double length, double averageLength) {
    return (frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / averageLength));
}

/// One phrase's rows in a scan, in row id order, with the factor bm25() multiplies by the phrase's IDF; and how many
/// rows in the range hold the phrase, kept or not.
typedef struct {
    int64_t seen;
    int64_t count;
    int64_t capacity;
    int64_t *rowids;
    double *parts;
} PhraseRows;

/// What `policy_bm25_scan` passes on to each row of a phrase: the statistics, the column weights, the range of row
/// ids to keep, and where to keep them.
typedef struct {
    QueryStatistics *statistics;
    const Weights *weights;
    sqlite3_int64 low;
    sqlite3_int64 high;
    PhraseRows *rows;
    int64_t nextAllowed;
} Scan;

/// Counts one row of a phrase's scan and, unless the filters leave it out, keeps it with its part, computed as
/// `policyBM25` computes it; stops past the range.
static int scanRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *context) {
    Scan *scan = context;
    sqlite3_int64 rowid = api->xRowid(fts);
    if (rowid < scan->low) return SQLITE_OK;
    if (rowid > scan->high) return SQLITE_DONE;
    scan->rows->seen++;
    if (!isAllowed(rowid, &scan->nextAllowed)) return SQLITE_OK;
    double frequency = 0.0;
    int holds = 0;
    // The phrase is the only one of the query that xQueryPhrase runs: number 0 of its context.
    int rc = phraseFrequency(api, fts, 0, scan->weights, &frequency, &holds);
    double length = 0.0;
    if (rc == SQLITE_OK) rc = rowLength(api, fts, &length);
    if (rc != SQLITE_OK) return rc;
    PhraseRows *rows = scan->rows;
    if (rows->count == rows->capacity) {
        int64_t capacity = rows->capacity ? rows->capacity * 2 : 4096;
        int64_t *rowids = realloc(rows->rowids, sizeof(int64_t) * capacity);
        if (rowids) rows->rowids = rowids;
        double *parts = realloc(rows->parts, sizeof(double) * capacity);
        if (parts) rows->parts = parts;
        if (!rowids || !parts) return SQLITE_NOMEM;
        rows->capacity = capacity;
    }
    rows->rowids[rows->count] = rowid;
    rows->parts[rows->count] = phrasePart(frequency, length, scan->statistics->averageLength);
    rows->count++;
    return SQLITE_OK;
}

/// Scans each phrase of an OR of phrases through FTS5's own iteration of it (xQueryPhrase), keeping its rows between
/// `low` and `high` that pass the filters (`policy_rank_set_allowed`), and collects their union as
/// `policy_bm25_collect` does: a row's part is 0 for a phrase it does not hold, as bm25() computes it for no
/// instance. Each phrase's hits, for its IDF, are all its rows in the range, filtered out or not.
static int scanPhrases(
    const Fts5ExtensionApi *api,
    Fts5Context *fts,
    QueryStatistics *statistics,
    int weightCount,
    sqlite3_value **weights,
    sqlite3_int64 low,
    sqlite3_int64 high
) {
    int phraseCount = statistics->phraseCount;
    // At least one of each, so that a query of no phrase does not read as no memory.
    PhraseRows *rows = calloc(phraseCount > 0 ? phraseCount : 1, sizeof(PhraseRows));
    int64_t *next = calloc(phraseCount > 0 ? phraseCount : 1, sizeof(int64_t));
    int rc = rows && next ? SQLITE_OK : SQLITE_NOMEM;
    Weights columnWeights = readWeights(weightCount, weights);
    for (int phrase = 0; rc == SQLITE_OK && phrase < phraseCount; phrase++) {
        Scan scan = {statistics, &columnWeights, low, high, &rows[phrase], 0};
        rc = api->xQueryPhrase(fts, phrase, &scan, scanRow);
    }
    // A merge of the phrases' rows by row id.
    while (rc == SQLITE_OK) {
        int64_t rowid = INT64_MAX;
        int any = 0;
        for (int phrase = 0; phrase < phraseCount; phrase++) {
            if (next[phrase] < rows[phrase].count && (!any || rows[phrase].rowids[next[phrase]] < rowid)) {
                rowid = rows[phrase].rowids[next[phrase]];
                any = 1;
            }
        }
        if (!any) break;
        for (int phrase = 0; phrase < phraseCount; phrase++) {
            int holds = next[phrase] < rows[phrase].count && rows[phrase].rowids[next[phrase]] == rowid;
            statistics->parts[phrase] = holds ? rows[phrase].parts[next[phrase]] : 0.0;
            if (holds) next[phrase]++;
        }
        rc = collect(rowid, phraseCount, statistics->parts, NULL);
        if (rc == SQLITE_OK) current.ranked++;
    }
    PolicyRankCollection *collection = rc == SQLITE_OK ? currentCollection(phraseCount) : NULL;
    if (rc == SQLITE_OK && !collection) rc = SQLITE_NOMEM;
    for (int phrase = 0; rc == SQLITE_OK && phrase < phraseCount; phrase++) {
        collection->hits[phrase] += rows[phrase].seen;
    }
    for (int phrase = 0; rows && phrase < phraseCount; phrase++) {
        free(rows[phrase].rowids);
        free(rows[phrase].parts);
    }
    free(rows);
    free(next);
    return rc;
}

static void policyBM25(
    const Fts5ExtensionApi *api,
    Fts5Context *fts,
    sqlite3_context *context,
    int argumentCount,
    sqlite3_value **arguments
) {
    QueryStatistics *statistics = NULL;
    int rc = queryStatistics(api, fts, &statistics);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    if (statistics->mode == SCANS_PHRASES) {
        // One call collects every row of the phrases between the last two arguments.
        if (argumentCount < 2) {
            sqlite3_result_error(context, "policy_bm25_scan: weights, then the first and last row ids", -1);
            return;
        }
        if (!statistics->scanned) {
            statistics->scanned = 1;
            rc = scanPhrases(
                api, fts, statistics, argumentCount - 2, arguments, sqlite3_value_int64(arguments[argumentCount - 2]),
                sqlite3_value_int64(arguments[argumentCount - 1])
            );
            if (rc != SQLITE_OK) {
                sqlite3_result_error_code(context, rc);
                return;
            }
        }
        sqlite3_result_int64(context, current.ranked);
        return;
    }
    if ((statistics->mode == COLLECTS_PARTS || statistics->mode == COLLECTS_COUNTING) &&
        !isAllowed(api->xRowid(fts), &statistics->nextAllowed)) {
        // A row the filters leave out is neither collected nor counted, and scores 0 like every collected row.
        sqlite3_result_double(context, 0.0);
        return;
    }
    // bm25() adds a weight per instance in xInst's order, which merges every phrase's instances by position. Each
    // phrase's own instances come in the same order from xPhraseFirst/xPhraseNext, so the sums are the same, without
    // building and sorting the merged array (about a sixth of the time over 100k matches).
    Weights weights = readWeights(argumentCount, arguments);
    for (int phrase = 0; rc == SQLITE_OK && phrase < statistics->phraseCount; phrase++) {
        rc = phraseFrequency(
            api, fts, phrase, &weights, &statistics->frequency[phrase], &statistics->holds[phrase]
        );
    }
    double length = 0.0;
    if (rc == SQLITE_OK) rc = rowLength(api, fts, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    double score = 0.0;
    for (int i = 0; i < statistics->phraseCount; i++) {
        // The part bm25() multiplies by the IDF, kept apart when collecting (the same double either way).
        statistics->parts[i] = phrasePart(statistics->frequency[i], length, statistics->averageLength);
        score += statistics->idf[i] * statistics->parts[i];
    }
    if (statistics->mode == RETURNS_PART) {
        if (statistics->phraseCount != 1) {
            sqlite3_result_error(context, "policy_bm25_part: a query of one phrase", -1);
            return;
        }
        current.ranked++;
        sqlite3_result_double(context, statistics->parts[0]);
        return;
    }
    if (statistics->mode == COLLECTS_PARTS || statistics->mode == COLLECTS_COUNTING) {
        // No IDF yet: the collection keeps the parts, and every row's score is 0. Collecting with counts, the hits
        // were counted over the whole table first.
        rc = collect(
            api->xRowid(fts), statistics->phraseCount, statistics->parts,
            statistics->mode == COLLECTS_PARTS ? statistics->holds : NULL
        );
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(context, rc);
            return;
        }
        score = 0.0;
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

int policy_rank_read_rowids(void *statement, int64_t **rowids, int64_t *count) {
    *rowids = NULL;
    *count = 0;
    int64_t capacity = 0;
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity ? capacity * 2 : 1024;
            int64_t *grown = realloc(*rowids, sizeof(int64_t) * (size_t)capacity);
            if (!grown) {
                rc = SQLITE_NOMEM;
                break;
            }
            *rowids = grown;
        }
        (*rowids)[(*count)++] = sqlite3_column_int64(statement, 0);
    }
    sqlite3_reset(statement);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int policy_rank_register(void *api) {
    fts5_api *fts5 = api;
    if (!fts5 || fts5->iVersion < 1) return SQLITE_ERROR;
    int rc = fts5->xCreateFunction(fts5, "policy_bm25", &scoresFully, policyBM25, NULL);
    if (rc == SQLITE_OK) {
        rc = fts5->xCreateFunction(fts5, "policy_bm25_idf_left_out", &leavesLoneIDFOut, policyBM25, NULL);
    }
    if (rc == SQLITE_OK) rc = fts5->xCreateFunction(fts5, "policy_bm25_collect", &collectsParts, policyBM25, NULL);
    if (rc == SQLITE_OK) {
        rc = fts5->xCreateFunction(fts5, "policy_bm25_collect_counting", &collectsCounting, policyBM25, NULL);
    }
    if (rc == SQLITE_OK) rc = fts5->xCreateFunction(fts5, "policy_bm25_scan", &scansPhrases, policyBM25, NULL);
    if (rc == SQLITE_OK) rc = fts5->xCreateFunction(fts5, "policy_bm25_part", &returnsPart, policyBM25, NULL);
    return rc;
}
