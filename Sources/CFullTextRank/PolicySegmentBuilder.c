// A full-text index built outside FTS5 and written as FTS5's one merged segment (see PolicySegmentBuilder.h).

#include "PolicySegmentBuilder.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// MARK: Buffers and SQLite's varints (big-endian groups of 7 bits, as FTS5 writes them)

typedef struct {
    uint8_t *bytes;
    int64_t count, capacity;
} Buffer;

/// Makes room for `more` bytes; 0 when memory runs out.
static int reserve(Buffer *buffer, int64_t more) {
    if (buffer->count + more <= buffer->capacity) return 1;
    int64_t capacity = buffer->capacity ? buffer->capacity : 64;
    while (capacity < buffer->count + more) capacity *= 2;
    uint8_t *grown = realloc(buffer->bytes, (size_t)capacity);
    if (!grown) return 0;
    buffer->bytes = grown;
    buffer->capacity = capacity;
    return 1;
}

static int append(Buffer *buffer, const void *bytes, int64_t count) {
    if (!reserve(buffer, count)) return 0;
    if (count > 0) memcpy(buffer->bytes + buffer->count, bytes, (size_t)count);
    buffer->count += count;
    return 1;
}

static int assign(Buffer *buffer, const void *bytes, int64_t count) {
    buffer->count = 0;
    return append(buffer, bytes, count);
}

static void release(Buffer *buffer) {
    free(buffer->bytes);
    *buffer = (Buffer){0};
}

static int putVarint(uint8_t *out, uint64_t value) {
    if (value < 0x80) {
        out[0] = (uint8_t)value;
        return 1;
    }
    if (value < 0x4000) {
        out[0] = (uint8_t)((value >> 7) | 0x80);
        out[1] = (uint8_t)(value & 0x7F);
        return 2;
    }
    if (value & ((uint64_t)0xFF000000 << 32)) {
        out[8] = (uint8_t)value;
        value >>= 8;
        for (int i = 7; i >= 0; i--) {
            out[i] = (uint8_t)((value & 0x7F) | 0x80);
            value >>= 7;
        }
        return 9;
    }
    uint8_t reversed[10];
    int count = 0;
    do {
        reversed[count++] = (uint8_t)((value & 0x7F) | 0x80);
        value >>= 7;
    } while (value != 0);
    reversed[0] &= 0x7F;
    for (int i = 0; i < count; i++) out[i] = reversed[count - 1 - i];
    return count;
}

static int getVarint(const uint8_t *in, uint64_t *value) {
    uint64_t result = 0;
    for (int i = 0; i < 8; i++) {
        result = (result << 7) | (in[i] & 0x7F);
        if (!(in[i] & 0x80)) {
            *value = result;
            return i + 1;
        }
    }
    *value = (result << 8) | in[8];
    return 9;
}

static int varintLength(const uint8_t *in) {
    for (int i = 0; i < 8; i++) {
        if (!(in[i] & 0x80)) return i + 1;
    }
    return 9;
}

static int appendVarint(Buffer *buffer, uint64_t value) {
    if (!reserve(buffer, 9)) return 0;
    buffer->count += putVarint(buffer->bytes + buffer->count, value);
    return 1;
}

// MARK: The builder

typedef struct {
    uint64_t hash;
    uint32_t offset, length, id;  // the term's bytes in `termBytes`: FTS5's index byte '0', then the token
} TermSlot;

/// A term's doclist as FTS5 stores it (rowid delta, position list size, position list), with its open entry.
typedef struct {
    Buffer doclist;
    int64_t lastRowid;
    int64_t sizeAt;  // where the open entry's position list size goes (one byte kept for it), or -1
    int column;
    uint32_t previousPosition;
} Postings;

typedef struct {
    int64_t offset, length;
} Run;

struct PolicySegmentBuilder {
    int columnCount;
    int64_t runBytes;
    int failed;  // an SQLite error code once memory ran out or a run could not be written
    // The terms of the run being inverted.
    TermSlot *slots;
    uint32_t slotCount, termCount;
    Buffer termBytes;
    Postings *postings;
    uint32_t postingsCapacity;
    int64_t pendingBytes;
    // The row being added.
    int64_t rowid;
    int column, columnSize;
    // Everything added.
    int64_t rows, lastRowid;
    int64_t columnTotals[16];
    Buffer docsizes;  // rowid, record length, record (a varint of tokens per column)
    // The runs written so far, in order of row ids.
    int file;
    int64_t fileSize;
    Run *runs;
    int runCount;
};

int policy_segment_builder_make(int columnCount, int64_t runBytes, const char *folder, PolicySegmentBuilder **result) {
    *result = NULL;
    if (columnCount < 1 || columnCount > 15 || runBytes < 1 || !folder) return SQLITE_MISUSE;
    PolicySegmentBuilder *builder = calloc(1, sizeof(PolicySegmentBuilder));
    if (!builder) return SQLITE_NOMEM;
    builder->columnCount = columnCount;
    builder->runBytes = runBytes;
    builder->file = -1;
    size_t size = strlen(folder) + 32;
    char *path = malloc(size);
    if (!path) {
        free(builder);
        return SQLITE_NOMEM;
    }
    snprintf(path, size, "%s/.policy-runs-XXXXXX", folder);
    builder->file = mkstemp(path);
    // Unlinked at once: the runs go with the descriptor, whatever ends the process.
    if (builder->file >= 0) unlink(path);
    free(path);
    if (builder->file < 0) {
        free(builder);
        return SQLITE_CANTOPEN;
    }
    *result = builder;
    return SQLITE_OK;
}

void policy_segment_builder_free(PolicySegmentBuilder *builder) {
    if (!builder) return;
    for (uint32_t i = 0; i < builder->termCount; i++) release(&builder->postings[i].doclist);
    free(builder->postings);
    free(builder->slots);
    release(&builder->termBytes);
    release(&builder->docsizes);
    free(builder->runs);
    if (builder->file >= 0) close(builder->file);
    free(builder);
}

static uint64_t hashBytes(const char *bytes, int count) {
    uint64_t hash = 0x9E3779B97F4A7C15ULL * (uint64_t)(count + 1);
    int at = 0;
    for (; at + 8 <= count; at += 8) {
        uint64_t word;
        memcpy(&word, bytes + at, 8);
        hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
        hash ^= hash >> 32;
    }
    if (at < count) {
        // Byte by byte: a call to memcpy for the last few bytes took a quarter of the inverter's time.
        uint64_t word = 0;
        for (int shift = 0; at < count; at++, shift += 8) word |= (uint64_t)(uint8_t)bytes[at] << shift;
        hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
        hash ^= hash >> 32;
    }
    return hash ^ (hash >> 29);
}

/// The postings of a term in the run being inverted, made when the run has not seen it; NULL when memory runs out.
static Postings *postingsOf(PolicySegmentBuilder *builder, const char *token, int length, uint64_t hash) {
    if (builder->termCount * 2 >= builder->slotCount) {
        uint32_t grown = builder->slotCount ? builder->slotCount * 2 : 16384;
        TermSlot *table = calloc(grown, sizeof(TermSlot));
        if (!table) return NULL;
        for (uint32_t i = 0; i < builder->slotCount; i++) {
            if (!builder->slots[i].length) continue;
            uint32_t at = (uint32_t)builder->slots[i].hash & (grown - 1);
            while (table[at].length) at = (at + 1) & (grown - 1);
            table[at] = builder->slots[i];
        }
        free(builder->slots);
        builder->slots = table;
        builder->slotCount = grown;
    }
    uint32_t at = (uint32_t)hash & (builder->slotCount - 1);
    while (builder->slots[at].length) {
        const TermSlot *slot = &builder->slots[at];
        if (slot->hash == hash && slot->length == (uint32_t)length + 1
            && memcmp(builder->termBytes.bytes + slot->offset + 1, token, (size_t)length) == 0) {
            return &builder->postings[slot->id];
        }
        at = (at + 1) & (builder->slotCount - 1);
    }
    if (builder->termCount == builder->postingsCapacity) {
        uint32_t capacity = builder->postingsCapacity ? builder->postingsCapacity * 2 : 16384;
        Postings *grown = realloc(builder->postings, capacity * sizeof(Postings));
        if (!grown) return NULL;
        builder->postings = grown;
        builder->postingsCapacity = capacity;
    }
    uint32_t offset = (uint32_t)builder->termBytes.count;
    if (!append(&builder->termBytes, "0", 1) || !append(&builder->termBytes, token, length)) return NULL;
    builder->slots[at] = (TermSlot){hash, offset, (uint32_t)length + 1, builder->termCount};
    Postings *made = &builder->postings[builder->termCount++];
    *made = (Postings){.sizeAt = -1};
    return made;
}

/// Writes the open entry's position list size into the byte kept for it, moving the list when it needs more.
static int closeEntry(Postings *entry) {
    if (entry->sizeAt < 0) return 1;
    int64_t start = entry->sizeAt + 1, size = entry->doclist.count - start;
    uint8_t varint[9];
    int length = putVarint(varint, (uint64_t)size * 2);
    if (length > 1) {
        if (!reserve(&entry->doclist, length - 1)) return 0;
        memmove(entry->doclist.bytes + start + length - 1, entry->doclist.bytes + start, (size_t)size);
        entry->doclist.count += length - 1;
    }
    memcpy(entry->doclist.bytes + entry->sizeAt, varint, (size_t)length);
    entry->sizeAt = -1;
    return 1;
}

/// Takes a token as FTS5 does (its `fts5StorageInsertCallback`): a column's size counts every token but those
/// colocated with the one before, and each token's position is the size so far less one.
static int takeToken(PolicySegmentBuilder *builder, int colocated, const char *token, int length, uint64_t hash) {
    if (!colocated || builder->columnSize == 0) builder->columnSize++;
    Postings *entry = postingsOf(builder, token, length, hash);
    if (!entry || !reserve(&entry->doclist, 32)) return SQLITE_NOMEM;
    int64_t before = entry->doclist.count;
    uint32_t position = (uint32_t)(builder->columnSize - 1);
    uint8_t *bytes = entry->doclist.bytes;
    if (entry->sizeAt < 0 || entry->lastRowid != builder->rowid) {
        if (!closeEntry(entry)) return SQLITE_NOMEM;
        if (!reserve(&entry->doclist, 32)) return SQLITE_NOMEM;
        bytes = entry->doclist.bytes;
        entry->doclist.count += putVarint(bytes + entry->doclist.count, (uint64_t)(builder->rowid - entry->lastRowid));
        entry->sizeAt = entry->doclist.count++;
        entry->lastRowid = builder->rowid;
        entry->column = 0;
        entry->previousPosition = 0;
    }
    if (builder->column != entry->column) {
        bytes[entry->doclist.count++] = 0x01;
        entry->doclist.count += putVarint(bytes + entry->doclist.count, (uint64_t)builder->column);
        entry->column = builder->column;
        entry->previousPosition = 0;
    }
    entry->doclist.count += putVarint(bytes + entry->doclist.count, (uint64_t)(position - entry->previousPosition + 2));
    entry->previousPosition = position;
    builder->pendingBytes += entry->doclist.count - before;
    return SQLITE_OK;
}

/// A token read ahead from a stream, with its hash.
typedef struct {
    const char *bytes;
    int length, colocated;
    uint64_t hash;
} ReadToken;

enum { readAhead = 8 };

/// Takes a column's tokens from its stream, reading `readAhead` tokens ahead: each token's slot in the dictionary is
/// fetched into the cache while the tokens before it are taken, and its postings two tokens before its turn, which
/// hides most of the two cache misses a token costs (the dictionary and the postings are larger than the cache).
static int takeColumn(PolicySegmentBuilder *builder, const PolicyTokenStream *stream) {
    int64_t size;
    const unsigned char *bytes = policy_token_stream_bytes(stream, &size);
    int64_t at = 0;
    ReadToken ring[readAhead];
    int first = 0, count = 0;
    for (;;) {
        while (count < readAhead && at < size) {
            uint64_t header = 0;
            int shift = 0;
            unsigned char byte;
            do {
                byte = bytes[at++];
                header |= (uint64_t)(byte & 0x7F) << shift;
                shift += 7;
            } while (byte & 0x80);
            ReadToken *token = &ring[(first + count++) % readAhead];
            int length = (int)(header >> 1);
            token->bytes = (const char *)bytes + at;
            token->length = length > 32768 ? 32768 : length;  // FTS5_MAX_TOKEN_SIZE
            token->colocated = (int)(header & 1);
            token->hash = hashBytes(token->bytes, token->length);
            at += length;
            if (builder->slotCount) __builtin_prefetch(&builder->slots[(uint32_t)token->hash & (builder->slotCount - 1)]);
        }
        if (count == 0) return SQLITE_OK;
        if (count > 2 && builder->slotCount) {
            // The slot of the token two ahead is in the cache by now: find its postings, if any, and fetch them.
            const ReadToken *soon = &ring[(first + 2) % readAhead];
            uint32_t slot = (uint32_t)soon->hash & (builder->slotCount - 1);
            while (builder->slots[slot].length) {
                if (builder->slots[slot].hash == soon->hash) {
                    const Postings *postings = &builder->postings[builder->slots[slot].id];
                    __builtin_prefetch(postings);
                    break;
                }
                slot = (slot + 1) & (builder->slotCount - 1);
            }
        }
        const ReadToken *token = &ring[first];
        int rc = takeToken(builder, token->colocated, token->bytes, token->length, token->hash);
        if (rc != SQLITE_OK) return rc;
        first = (first + 1) % readAhead;
        count--;
    }
}

typedef struct {
    const uint8_t *bytes;
    uint32_t length, id;
} SortedTerm;

static int compareSortedTerms(const void *a, const void *b) {
    const SortedTerm *x = a, *y = b;
    uint32_t common = x->length < y->length ? x->length : y->length;
    int order = memcmp(x->bytes, y->bytes, common);
    return order ? order : (x->length < y->length ? -1 : x->length > y->length);
}

static int writeAll(int file, const uint8_t *bytes, int64_t count, int64_t offset) {
    while (count > 0) {
        ssize_t written = pwrite(file, bytes, (size_t)count, (off_t)offset);
        if (written <= 0) return 0;
        bytes += written;
        count -= written;
        offset += written;
    }
    return 1;
}

/// Writes the run being inverted to the file, its terms in order (term length, term, doclist length, doclist), and
/// starts another.
static int writeRun(PolicySegmentBuilder *builder) {
    if (builder->termCount == 0) return SQLITE_OK;
    SortedTerm *order = malloc(builder->termCount * sizeof(SortedTerm));
    Run *runs = realloc(builder->runs, (size_t)(builder->runCount + 1) * sizeof(Run));
    if (!order || !runs) {
        free(order);
        if (runs) builder->runs = runs;
        return SQLITE_NOMEM;
    }
    builder->runs = runs;
    uint32_t count = 0;
    for (uint32_t i = 0; i < builder->slotCount; i++) {
        const TermSlot *slot = &builder->slots[i];
        if (slot->length) order[count++] = (SortedTerm){builder->termBytes.bytes + slot->offset, slot->length, slot->id};
    }
    qsort(order, count, sizeof(SortedTerm), compareSortedTerms);
    Buffer chunk = {0};
    int64_t start = builder->fileSize;
    int rc = SQLITE_OK;
    for (uint32_t i = 0; i < count && rc == SQLITE_OK; i++) {
        Postings *entry = &builder->postings[order[i].id];
        if (!closeEntry(entry) || !appendVarint(&chunk, order[i].length)
            || !append(&chunk, order[i].bytes, order[i].length) || !appendVarint(&chunk, (uint64_t)entry->doclist.count)
            || !append(&chunk, entry->doclist.bytes, entry->doclist.count)) {
            rc = SQLITE_NOMEM;
        } else if (chunk.count >= (1 << 20) || i + 1 == count) {
            if (!writeAll(builder->file, chunk.bytes, chunk.count, builder->fileSize)) rc = SQLITE_IOERR;
            builder->fileSize += chunk.count;
            chunk.count = 0;
        }
    }
    release(&chunk);
    free(order);
    if (rc != SQLITE_OK) return rc;
    builder->runs[builder->runCount++] = (Run){start, builder->fileSize - start};
    for (uint32_t i = 0; i < builder->termCount; i++) release(&builder->postings[i].doclist);
    memset(builder->slots, 0, builder->slotCount * sizeof(TermSlot));
    builder->termCount = 0;
    builder->termBytes.count = 0;
    builder->pendingBytes = 0;
    return SQLITE_OK;
}

int policy_segment_builder_add(PolicySegmentBuilder *builder, int64_t rowid, PolicyTokenStream *const *columns) {
    if (builder->failed) return builder->failed;
    if (rowid <= builder->lastRowid && builder->rows > 0) return SQLITE_MISUSE;
    builder->rowid = rowid;
    uint8_t record[16 * 9];
    int recordLength = 0;
    for (builder->column = 0; builder->column < builder->columnCount; builder->column++) {
        builder->columnSize = 0;
        int rc = takeColumn(builder, columns[builder->column]);
        if (rc != SQLITE_OK) return builder->failed = rc;
        builder->columnTotals[builder->column] += builder->columnSize;
        recordLength += putVarint(record + recordLength, (uint64_t)builder->columnSize);
    }
    if (!appendVarint(&builder->docsizes, (uint64_t)rowid) || !appendVarint(&builder->docsizes, (uint64_t)recordLength)
        || !append(&builder->docsizes, record, recordLength)) {
        return builder->failed = SQLITE_NOMEM;
    }
    builder->rows++;
    builder->lastRowid = rowid;
    if (builder->pendingBytes >= builder->runBytes) {
        int rc = writeRun(builder);
        if (rc != SQLITE_OK) return builder->failed = rc;
    }
    return SQLITE_OK;
}

// MARK: Reading the runs back

typedef struct {
    int64_t next, end;  // the part of the run's bytes not read from the file yet
    Buffer buffer;
    int64_t at;  // the next record in `buffer`
    const uint8_t *term, *doclist;
    int64_t termLength, doclistLength;
} RunCursor;

/// Makes `need` bytes of the run readable at `at`; 0 when the run ends first or reading fails.
static int ensure(int file, RunCursor *cursor, int64_t need) {
    if (cursor->at + need <= cursor->buffer.count) return 1;
    int64_t kept = cursor->buffer.count - cursor->at;
    if (kept > 0) memmove(cursor->buffer.bytes, cursor->buffer.bytes + cursor->at, (size_t)kept);
    cursor->buffer.count = kept;
    cursor->at = 0;
    int64_t wanted = need > (1 << 16) ? need : (1 << 16);
    if (!reserve(&cursor->buffer, wanted - kept)) return 0;
    while (cursor->buffer.count < need && cursor->next < cursor->end) {
        int64_t room = cursor->buffer.capacity - cursor->buffer.count, left = cursor->end - cursor->next;
        ssize_t read = pread(
            file, cursor->buffer.bytes + cursor->buffer.count, (size_t)(room < left ? room : left),
            (off_t)cursor->next);
        if (read <= 0) return 0;
        cursor->buffer.count += read;
        cursor->next += read;
    }
    return cursor->buffer.count >= need;
}

static int64_t available(const RunCursor *cursor) {
    return cursor->buffer.count - cursor->at + (cursor->end - cursor->next);
}

/// Moves a cursor to its run's next record; its term is NULL at the run's end. 0 when reading fails.
static int advance(int file, RunCursor *cursor) {
    cursor->at += cursor->doclist ? cursor->doclist - (cursor->buffer.bytes + cursor->at) + cursor->doclistLength : 0;
    cursor->term = cursor->doclist = NULL;
    if (available(cursor) == 0) return 1;
    uint64_t value;
    int64_t most = available(cursor) < 9 ? available(cursor) : 9;
    if (!ensure(file, cursor, most)) return 0;
    int header = getVarint(cursor->buffer.bytes + cursor->at, &value);
    cursor->termLength = (int64_t)value;
    most = available(cursor) < header + cursor->termLength + 9 ? available(cursor) : header + cursor->termLength + 9;
    if (!ensure(file, cursor, most)) return 0;
    int64_t offset = header + cursor->termLength;
    offset += getVarint(cursor->buffer.bytes + cursor->at + offset, &value);
    cursor->doclistLength = (int64_t)value;
    if (!ensure(file, cursor, offset + cursor->doclistLength)) return 0;
    cursor->term = cursor->buffer.bytes + cursor->at + header;
    cursor->doclist = cursor->buffer.bytes + cursor->at + offset;
    return 1;
}

// MARK: The segment writer: FTS5's leaves, %_idx rows and doclist indexes

#define SEGMENT_ROWID(segment, isDoclistIndex, height, page)                                                      \
    (((int64_t)(segment) << 37) + ((int64_t)(isDoclistIndex) << 36) + ((int64_t)(height) << 31) + (int64_t)(page))

/// A doclist of this many leaves without a term gets a doclist index (FTS5_MIN_DLIDX_SIZE).
static const int minimumEmptyPagesForDoclistIndex = 4;

typedef struct {
    Buffer bytes;
    int page;
    int hasPrevious;
    int64_t previous;
} DoclistIndexLevel;

typedef struct {
    int segment, pageSize, rc;
    Buffer page, pageIndex, term, indexTerm;
    int pageNumber, previousTermOffset;
    int firstTermInPage, firstRowidInPage, firstRowidInDoclist;
    int64_t previousRowid;
    int indexPage, emptyPages, leaves;
    DoclistIndexLevel *levels;
    int levelCount;
    sqlite3_stmt *insertData, *insertIndex;
} SegmentWriter;

static void writeData(SegmentWriter *writer, int64_t rowid, const uint8_t *bytes, int64_t count) {
    if (writer->rc != SQLITE_OK) return;
    sqlite3_bind_int64(writer->insertData, 1, rowid);
    sqlite3_bind_blob(writer->insertData, 2, bytes, (int)count, SQLITE_STATIC);
    if (sqlite3_step(writer->insertData) != SQLITE_DONE) writer->rc = sqlite3_reset(writer->insertData);
    else sqlite3_reset(writer->insertData);
}

static void growLevels(SegmentWriter *writer, int count) {
    if (count <= writer->levelCount) return;
    DoclistIndexLevel *levels = realloc(writer->levels, (size_t)count * sizeof(DoclistIndexLevel));
    if (!levels) {
        writer->rc = SQLITE_NOMEM;
        return;
    }
    memset(levels + writer->levelCount, 0, (size_t)(count - writer->levelCount) * sizeof(DoclistIndexLevel));
    writer->levels = levels;
    writer->levelCount = count;
}

static void clearDoclistIndex(SegmentWriter *writer, int write) {
    for (int i = 0; i < writer->levelCount; i++) {
        DoclistIndexLevel *level = &writer->levels[i];
        if (level->bytes.count == 0) break;
        if (write) {
            writeData(writer, SEGMENT_ROWID(writer->segment, 1, i, level->page), level->bytes.bytes, level->bytes.count);
        }
        level->bytes.count = 0;
        level->hasPrevious = 0;
    }
}

/// Writes the %_idx row of the page whose first term is `indexTerm`, once the doclist of its last term is complete.
static void flushIndexEntry(SegmentWriter *writer) {
    if (writer->indexPage == 0 || writer->rc != SQLITE_OK) return;
    int withDoclistIndex =
        writer->levels[0].bytes.count > 0 && writer->emptyPages >= minimumEmptyPagesForDoclistIndex;
    clearDoclistIndex(writer, withDoclistIndex);
    writer->emptyPages = 0;
    sqlite3_bind_int(writer->insertIndex, 1, writer->segment);
    sqlite3_bind_blob(
        writer->insertIndex, 2, writer->indexTerm.count ? (const void *)writer->indexTerm.bytes : "",
        (int)writer->indexTerm.count, SQLITE_STATIC);
    sqlite3_bind_int64(writer->insertIndex, 3, withDoclistIndex + ((int64_t)writer->indexPage << 1));
    if (sqlite3_step(writer->insertIndex) != SQLITE_DONE) writer->rc = sqlite3_reset(writer->insertIndex);
    else sqlite3_reset(writer->insertIndex);
    writer->indexPage = 0;
}

/// Notes the first rowid of a page in the doclist index, writing full doclist-index pages as a b-tree.
static void appendToDoclistIndex(SegmentWriter *writer, int64_t rowid) {
    int done = 0;
    for (int i = 0; !done && writer->rc == SQLITE_OK; i++) {
        growLevels(writer, i + 1);
        if (writer->rc != SQLITE_OK) return;
        DoclistIndexLevel *level = &writer->levels[i];
        if (level->bytes.count >= writer->pageSize) {
            level->bytes.bytes[0] = 0x01;  // not the root
            writeData(writer, SEGMENT_ROWID(writer->segment, 1, i, level->page), level->bytes.bytes, level->bytes.count);
            growLevels(writer, i + 2);
            if (writer->rc != SQLITE_OK) return;
            level = &writer->levels[i];
            if (level[1].bytes.count == 0) {
                uint64_t first;
                int at = 1 + getVarint(level->bytes.bytes + 1, &first);
                getVarint(level->bytes.bytes + at, &first);
                level[1].page = level->page;
                if (!appendVarint(&level[1].bytes, 0) || !appendVarint(&level[1].bytes, (uint64_t)level->page)
                    || !appendVarint(&level[1].bytes, first)) {
                    writer->rc = SQLITE_NOMEM;
                    return;
                }
                level[1].hasPrevious = 1;
                level[1].previous = (int64_t)first;
            }
            level->bytes.count = 0;
            level->hasPrevious = 0;
            level->page++;
        } else {
            done = 1;
        }
        int64_t value;
        int ok = 1;
        if (level->hasPrevious) {
            value = (int64_t)((uint64_t)rowid - (uint64_t)level->previous);
        } else {
            ok = appendVarint(&level->bytes, (uint64_t)!done)
                && appendVarint(&level->bytes, (uint64_t)(i == 0 ? writer->pageNumber : level[-1].page));
            value = rowid;
        }
        if (!ok || !appendVarint(&level->bytes, (uint64_t)value)) {
            writer->rc = SQLITE_NOMEM;
            return;
        }
        level->hasPrevious = 1;
        level->previous = rowid;
    }
}

static void putU16(uint8_t *out, int64_t value) {
    out[0] = (uint8_t)(value >> 8);
    out[1] = (uint8_t)value;
}

static void flushLeaf(SegmentWriter *writer) {
    if (writer->rc != SQLITE_OK) return;
    putU16(writer->page.bytes + 2, writer->page.count);
    int ok = 1;
    if (writer->firstTermInPage) {
        if (writer->firstRowidInPage && writer->levels[0].bytes.count > 0) ok = appendVarint(&writer->levels[0].bytes, 0);
        writer->emptyPages++;
    } else {
        ok = append(&writer->page, writer->pageIndex.bytes, writer->pageIndex.count);
    }
    if (!ok) {
        writer->rc = SQLITE_NOMEM;
        return;
    }
    writeData(writer, SEGMENT_ROWID(writer->segment, 0, 0, writer->pageNumber), writer->page.bytes, writer->page.count);
    writer->page.count = 0;
    writer->pageIndex.count = 0;
    append(&writer->page, "\0\0\0\0", 4);  // room was made when the writer was set up
    writer->previousTermOffset = 0;
    writer->pageNumber++;
    writer->leaves++;
    writer->firstTermInPage = 1;
    writer->firstRowidInPage = 1;
}

static int64_t commonPrefix(const Buffer *previous, const uint8_t *term, int64_t length) {
    int64_t most = previous->count < length ? previous->count : length, i = 0;
    while (i < most && previous->bytes[i] == term[i]) i++;
    return i;
}

static void appendTerm(SegmentWriter *writer, const uint8_t *term, int64_t length) {
    if (writer->page.count + writer->pageIndex.count + length + 2 >= writer->pageSize && writer->page.count > 4) {
        flushLeaf(writer);
    }
    if (writer->rc != SQLITE_OK) return;
    int ok = appendVarint(&writer->pageIndex, (uint64_t)(writer->page.count - writer->previousTermOffset));
    writer->previousTermOffset = (int)writer->page.count;
    int64_t prefix = 0;
    if (writer->firstTermInPage) {
        if (writer->pageNumber != 1) {
            // The shortest prefix of this term that sorts after the previous page's last term.
            int64_t keyLength = writer->term.count ? 1 + commonPrefix(&writer->term, term, length) : length;
            flushIndexEntry(writer);
            ok = ok && assign(&writer->indexTerm, term, keyLength);
            writer->indexPage = writer->pageNumber;
        }
    } else {
        prefix = commonPrefix(&writer->term, term, length);
        ok = ok && appendVarint(&writer->page, (uint64_t)prefix);
    }
    ok = ok && appendVarint(&writer->page, (uint64_t)(length - prefix))
        && append(&writer->page, term + prefix, length - prefix) && assign(&writer->term, term, length);
    if (!ok && writer->rc == SQLITE_OK) writer->rc = SQLITE_NOMEM;
    writer->firstTermInPage = 0;
    writer->firstRowidInPage = 0;
    writer->firstRowidInDoclist = 1;
    writer->levels[0].page = writer->pageNumber;
}

static void appendRowid(SegmentWriter *writer, int64_t rowid) {
    if (writer->page.count + writer->pageIndex.count >= writer->pageSize) flushLeaf(writer);
    if (writer->rc != SQLITE_OK) return;
    if (writer->firstRowidInPage) {
        putU16(writer->page.bytes, writer->page.count);
        appendToDoclistIndex(writer, rowid);
    }
    uint64_t value = writer->firstRowidInDoclist || writer->firstRowidInPage ? (uint64_t)rowid
                                                                              : (uint64_t)(rowid - writer->previousRowid);
    if (!appendVarint(&writer->page, value) && writer->rc == SQLITE_OK) writer->rc = SQLITE_NOMEM;
    writer->previousRowid = rowid;
    writer->firstRowidInDoclist = 0;
    writer->firstRowidInPage = 0;
}

static void appendPositions(SegmentWriter *writer, const uint8_t *bytes, int64_t count) {
    while (writer->rc == SQLITE_OK && writer->page.count + writer->pageIndex.count + count >= writer->pageSize) {
        int64_t room = writer->pageSize - writer->page.count - writer->pageIndex.count, copied = 0;
        while (copied < room) copied += varintLength(bytes + copied);
        if (!append(&writer->page, bytes, copied)) writer->rc = SQLITE_NOMEM;
        bytes += copied;
        count -= copied;
        flushLeaf(writer);
    }
    if (count > 0 && writer->rc == SQLITE_OK && !append(&writer->page, bytes, count)) writer->rc = SQLITE_NOMEM;
}

/// Appends a doclist as a run holds it: rowid deltas from 0, position list sizes, position lists.
static void appendDoclist(SegmentWriter *writer, const uint8_t *doclist, int64_t count) {
    const uint8_t *end = doclist + count;
    int64_t rowid = 0;
    while (doclist < end && writer->rc == SQLITE_OK) {
        uint64_t delta, size;
        doclist += getVarint(doclist, &delta);
        rowid += (int64_t)delta;
        appendRowid(writer, rowid);
        doclist += getVarint(doclist, &size);
        if (!appendVarint(&writer->page, size) && writer->rc == SQLITE_OK) writer->rc = SQLITE_NOMEM;
        appendPositions(writer, doclist, (int64_t)(size / 2));
        doclist += size / 2;
    }
}

/// Writes the last leaf and %_idx row; returns the last leaf's number (0 for an empty segment).
static int finishSegment(SegmentWriter *writer) {
    if (writer->page.count > 4) flushLeaf(writer);
    int last = writer->pageNumber - 1;
    if (writer->pageNumber > 1) flushIndexEntry(writer);
    return last;
}

// MARK: Merging the runs term by term into the segment

static int before(const RunCursor *cursors, int a, int b) {
    const RunCursor *x = &cursors[a], *y = &cursors[b];
    int64_t common = x->termLength < y->termLength ? x->termLength : y->termLength;
    int order = memcmp(x->term, y->term, (size_t)common);
    if (order) return order < 0;
    if (x->termLength != y->termLength) return x->termLength < y->termLength;
    return a < b;  // the earlier run holds the smaller row ids
}

static void siftDown(const RunCursor *cursors, int *heap, int count, int at) {
    for (;;) {
        int left = 2 * at + 1, right = left + 1, least = at;
        if (left < count && before(cursors, heap[left], heap[least])) least = left;
        if (right < count && before(cursors, heap[right], heap[least])) least = right;
        if (least == at) return;
        int swap = heap[at];
        heap[at] = heap[least];
        heap[least] = swap;
        at = least;
    }
}

static void mergeRuns(PolicySegmentBuilder *builder, SegmentWriter *writer) {
    int count = 0;
    RunCursor *cursors = calloc((size_t)builder->runCount + 1, sizeof(RunCursor));
    int *heap = malloc(((size_t)builder->runCount + 1) * sizeof(int));
    Buffer term = {0};
    if (!cursors || !heap) writer->rc = SQLITE_NOMEM;
    for (int run = 0; run < builder->runCount && writer->rc == SQLITE_OK; run++) {
        cursors[run].next = builder->runs[run].offset;
        cursors[run].end = builder->runs[run].offset + builder->runs[run].length;
        if (!advance(builder->file, &cursors[run])) writer->rc = SQLITE_IOERR;
        if (cursors[run].term) heap[count++] = run;
    }
    for (int at = count / 2 - 1; at >= 0; at--) siftDown(cursors, heap, count, at);
    while (count > 0 && writer->rc == SQLITE_OK) {
        if (!assign(&term, cursors[heap[0]].term, cursors[heap[0]].termLength)) {
            writer->rc = SQLITE_NOMEM;
            break;
        }
        appendTerm(writer, term.bytes, term.count);
        while (count > 0 && writer->rc == SQLITE_OK && cursors[heap[0]].termLength == term.count
               && memcmp(cursors[heap[0]].term, term.bytes, (size_t)term.count) == 0) {
            int run = heap[0];
            appendDoclist(writer, cursors[run].doclist, cursors[run].doclistLength);
            if (!advance(builder->file, &cursors[run])) writer->rc = SQLITE_IOERR;
            if (!cursors[run].term) heap[0] = heap[--count];
            siftDown(cursors, heap, count, 0);
        }
    }
    if (cursors) {
        for (int run = 0; run < builder->runCount; run++) release(&cursors[run].buffer);
    }
    release(&term);
    free(heap);
    free(cursors);
}

// MARK: Writing

static int execute(sqlite3 *db, const char *format, const char *table) {
    char *sql = sqlite3_mprintf(format, table);
    if (!sql) return SQLITE_NOMEM;
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    return rc;
}

static int prepare(sqlite3 *db, const char *format, const char *table, sqlite3_stmt **statement) {
    char *sql = sqlite3_mprintf(format, table);
    if (!sql) return SQLITE_NOMEM;
    int rc = sqlite3_prepare_v2(db, sql, -1, statement, NULL);
    sqlite3_free(sql);
    return rc;
}

/// Writes the segment, the row sizes, and the averages and structure records, in the open transaction.
static int writeIndex(PolicySegmentBuilder *builder, sqlite3 *db, const char *table) {
    // The leaf size FTS5 writes for this table ('pgsz'; FTS5's default is 4050), and the configuration cookie its
    // structure record starts with.
    int pageSize = 4050;
    uint8_t cookie[4] = {0, 0, 0, 0};
    sqlite3_stmt *statement = NULL;
    int rc = prepare(db, "SELECT v FROM \"%w_config\" WHERE k = 'pgsz'", table, &statement);
    if (rc == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) pageSize = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    if (rc == SQLITE_OK) rc = prepare(db, "SELECT block FROM \"%w_data\" WHERE id = 10", table, &statement);
    if (rc == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_bytes(statement, 0) >= 4) {
        memcpy(cookie, sqlite3_column_blob(statement, 0), 4);
    }
    sqlite3_finalize(statement);
    if (rc == SQLITE_OK && (pageSize < 32 || pageSize > 128 * 1024)) rc = SQLITE_CORRUPT;
    if (rc == SQLITE_OK) rc = execute(db, "DELETE FROM \"%w_data\"", table);
    if (rc == SQLITE_OK) rc = execute(db, "DELETE FROM \"%w_idx\"", table);
    if (rc == SQLITE_OK) rc = execute(db, "DELETE FROM \"%w_docsize\"", table);
    if (rc != SQLITE_OK) return rc;

    SegmentWriter writer = {
        .segment = 1, .pageSize = pageSize, .pageNumber = 1, .firstTermInPage = 1, .indexPage = 1};
    growLevels(&writer, 1);
    if (!reserve(&writer.page, pageSize + 64) || !append(&writer.page, "\0\0\0\0", 4)) writer.rc = SQLITE_NOMEM;
    if (writer.rc == SQLITE_OK) {
        writer.rc = prepare(db, "INSERT INTO \"%w_data\"(id, block) VALUES(?, ?)", table, &writer.insertData);
    }
    if (writer.rc == SQLITE_OK) {
        writer.rc = prepare(
            db, "INSERT INTO \"%w_idx\"(segid, term, pgno) VALUES(?, ?, ?)", table, &writer.insertIndex);
    }
    if (writer.rc == SQLITE_OK) mergeRuns(builder, &writer);
    int lastLeaf = writer.rc == SQLITE_OK ? finishSegment(&writer) : 0;
    rc = writer.rc;
    sqlite3_finalize(writer.insertData);
    sqlite3_finalize(writer.insertIndex);
    for (int i = 0; i < writer.levelCount; i++) release(&writer.levels[i].bytes);
    free(writer.levels);
    release(&writer.page);
    release(&writer.pageIndex);
    release(&writer.term);
    release(&writer.indexTerm);
    if (rc != SQLITE_OK) return rc;

    rc = prepare(db, "INSERT INTO \"%w_docsize\"(id, sz) VALUES(?, ?)", table, &statement);
    for (const uint8_t *at = builder->docsizes.bytes; rc == SQLITE_OK && at < builder->docsizes.bytes + builder->docsizes.count;) {
        uint64_t rowid, length;
        at += getVarint(at, &rowid);
        at += getVarint(at, &length);
        sqlite3_bind_int64(statement, 1, (int64_t)rowid);
        sqlite3_bind_blob(statement, 2, at, (int)length, SQLITE_STATIC);
        if (sqlite3_step(statement) != SQLITE_DONE) rc = sqlite3_reset(statement);
        else sqlite3_reset(statement);
        at += length;
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;

    // The averages record: rows, then tokens per column; empty for an empty index, as FTS5 leaves it. The structure
    // record: the cookie, then levels, segments and the write counter, then each level's merge count and segments
    // (id, first and last leaf).
    Buffer averages = {0}, structure = {0};
    int ok = 1;
    if (builder->rows > 0) {
        ok = appendVarint(&averages, (uint64_t)builder->rows);
        for (int i = 0; i < builder->columnCount; i++) ok = ok && appendVarint(&averages, (uint64_t)builder->columnTotals[i]);
    }
    ok = ok && append(&structure, cookie, 4);
    if (lastLeaf > 0) {
        uint64_t fields[] = {1, 1, (uint64_t)writer.leaves, 0, 1, 1, 1, (uint64_t)lastLeaf};
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) ok = ok && appendVarint(&structure, fields[i]);
    } else {
        for (int i = 0; i < 3; i++) ok = ok && appendVarint(&structure, 0);
    }
    rc = ok ? prepare(db, "INSERT INTO \"%w_data\"(id, block) VALUES(?, ?)", table, &statement) : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, 1);
        sqlite3_bind_blob(statement, 2, averages.count ? (const void *)averages.bytes : "", (int)averages.count, SQLITE_STATIC);
        if (sqlite3_step(statement) != SQLITE_DONE) rc = sqlite3_reset(statement);
        else sqlite3_reset(statement);
    }
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, 10);
        sqlite3_bind_blob(statement, 2, structure.bytes, (int)structure.count, SQLITE_STATIC);
        if (sqlite3_step(statement) != SQLITE_DONE) rc = sqlite3_reset(statement);
    }
    sqlite3_finalize(statement);
    release(&averages);
    release(&structure);
    return rc;
}

int policy_segment_builder_write(
    PolicySegmentBuilder *builder, const char *path, const char *table, int busyMilliseconds, char **error) {
    *error = NULL;
    if (builder->failed) return builder->failed;
    int rc = writeRun(builder);
    if (rc != SQLITE_OK) return builder->failed = rc;
    sqlite3 *db = NULL;
    rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(db, busyMilliseconds);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = writeIndex(builder, db, table);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            *error = sqlite3_mprintf("%s", db ? sqlite3_errmsg(db) : "out of memory");
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        }
    } else if (db) {
        *error = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    }
    sqlite3_close(db);
    return rc;
}
