// A probe for issue #6: what would it cost PolicySearch to write FTS5's full-text index itself, as one segment,
// instead of having FTS5 buffer, flush and merge it on the one writer?
//
// It indexes a folder of documents (generate-corpus's) into a table declared as PolicySearch declares its own
// (title and body, external content, `porter unicode61 remove_diacritics 2`, the same FTS5 settings), in one of
// three ways, and prints the CPU time of each step:
//
//   segment_writer fts5     FOLDER DB [COUNT]          FTS5 itself: 256 documents to a transaction, then 'optimize'
//   segment_writer write    FOLDER DB [COUNT [PER]]    tokenized with FTS5's tokenizer, inverted PER documents at a
//                                                      time into runs sorted by term, the runs merged term by term,
//                                                      and written as one segment straight into %_data, %_idx and
//                                                      %_docsize (PER 0: all documents in one run); then FTS5's
//                                                      integrity-check, which tokenizes every row again
//   segment_writer tokenize FOLDER DB [COUNT]          FTS5's tokenizer alone, over the same texts
//
// A document's title is its first 60 bytes and its body the rest; documents are taken in the order of their text.
// compare_segments.py then compares the two files' segments page by page. Build and run:
//
//   gcc -O2 -o /tmp/segment_writer benchmarks/probes/segment_writer.c -lsqlite3
//   /tmp/segment_writer fts5 /tmp/gen-10000 /tmp/fts5.db 1500
//   /tmp/segment_writer write /tmp/gen-10000 /tmp/ours.db 1500
//   python3 benchmarks/probes/compare_segments.py /tmp/fts5.db /tmp/ours.db
//
// The leaf format follows the description at the top of SQLite's ext/fts5/fts5_index.c and the choices FTS5's own
// segment writer makes (where a page ends, which term goes into %_idx, when a doclist gets a doclist index), so that
// a segment this writes is the one FTS5's 'optimize' writes, page for page, up to the 1,000 pages FTS5 merges per
// step. The runs stay in memory here; a real builder would write them to a file.
#include <sqlite3.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double cpuSeconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

// MARK: Documents

typedef struct {
    char *text;
    int length;
} Document;

static Document *documents;
static int documentCount, documentCapacity;
static const int titleLength = 60;

static void loadFolder(const char *folder) {
    DIR *directory = opendir(folder);
    if (!directory) return;
    struct dirent *entry;
    char path[4096];
    while ((entry = readdir(directory))) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        struct stat info;
        if (stat(path, &info) != 0) continue;
        if (S_ISDIR(info.st_mode)) {
            loadFolder(path);
            continue;
        }
        FILE *file = fopen(path, "rb");
        if (!file) continue;
        char *text = malloc((size_t)info.st_size + 1);
        size_t read = fread(text, 1, (size_t)info.st_size, file);
        fclose(file);
        if (documentCount == documentCapacity) {
            documentCapacity = documentCapacity ? documentCapacity * 2 : 1024;
            documents = realloc(documents, (size_t)documentCapacity * sizeof(Document));
        }
        documents[documentCount++] = (Document){text, (int)read};
    }
    closedir(directory);
}

static int compareDocuments(const void *a, const void *b) {
    const Document *x = a, *y = b;
    int common = x->length < y->length ? x->length : y->length;
    int order = memcmp(x->text, y->text, (size_t)common);
    return order ? order : x->length - y->length;
}

static int titleOf(const Document *document) {
    return document->length < titleLength ? document->length : titleLength;
}

// MARK: Buffers and SQLite's varints (big-endian groups of 7 bits, as FTS5 writes them)

typedef struct {
    uint8_t *bytes;
    int count, capacity;
} Buffer;

static void reserve(Buffer *buffer, int more) {
    if (buffer->count + more <= buffer->capacity) return;
    int capacity = buffer->capacity ? buffer->capacity : 64;
    while (capacity < buffer->count + more) capacity *= 2;
    buffer->bytes = realloc(buffer->bytes, (size_t)capacity);
    buffer->capacity = capacity;
}

static void append(Buffer *buffer, const void *bytes, int count) {
    reserve(buffer, count);
    memcpy(buffer->bytes + buffer->count, bytes, (size_t)count);
    buffer->count += count;
}

static void assign(Buffer *buffer, const void *bytes, int count) {
    buffer->count = 0;
    append(buffer, bytes, count);
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

static void appendVarint(Buffer *buffer, uint64_t value) {
    reserve(buffer, 9);
    buffer->count += putVarint(buffer->bytes + buffer->count, value);
}

// MARK: Inversion: each term's doclist (rowid delta, position list size, position list) as FTS5 stores it

typedef struct {
    uint64_t hash;
    uint32_t offset, length, id;  // the term's bytes in `termBytes`: FTS5's index byte '0', then the token
} TermSlot;

typedef struct {
    Buffer doclist;
    int64_t lastRowid;
    int sizeAt;  // where the open entry's position list size goes (one byte kept), or -1
    int column;
    uint32_t previousPosition;
} Postings;

static TermSlot *slots;
static uint32_t slotCount, termCount;
static Buffer termBytes;
static Postings *postings;
static uint32_t postingsCapacity;

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
        uint64_t word = 0;
        memcpy(&word, bytes + at, (size_t)(count - at));
        hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
        hash ^= hash >> 32;
    }
    return hash ^ (hash >> 29);
}

static uint32_t termID(const char *token, int length) {
    if (termCount * 2 >= slotCount) {
        uint32_t grown = slotCount ? slotCount * 2 : 65536;
        TermSlot *table = calloc(grown, sizeof(TermSlot));
        for (uint32_t i = 0; i < slotCount; i++) {
            if (!slots[i].length) continue;
            uint32_t at = (uint32_t)slots[i].hash & (grown - 1);
            while (table[at].length) at = (at + 1) & (grown - 1);
            table[at] = slots[i];
        }
        free(slots);
        slots = table;
        slotCount = grown;
    }
    uint64_t hash = hashBytes(token, length);
    uint32_t at = (uint32_t)hash & (slotCount - 1);
    while (slots[at].length) {
        if (slots[at].hash == hash && slots[at].length == (uint32_t)length + 1
            && memcmp(termBytes.bytes + slots[at].offset + 1, token, (size_t)length) == 0) {
            return slots[at].id;
        }
        at = (at + 1) & (slotCount - 1);
    }
    slots[at] = (TermSlot){hash, (uint32_t)termBytes.count, (uint32_t)length + 1, termCount};
    append(&termBytes, "0", 1);
    append(&termBytes, token, length);
    if (termCount == postingsCapacity) {
        postingsCapacity = postingsCapacity ? postingsCapacity * 2 : 65536;
        postings = realloc(postings, postingsCapacity * sizeof(Postings));
    }
    memset(&postings[termCount], 0, sizeof(Postings));
    postings[termCount].sizeAt = -1;
    return termCount++;
}

static void clearTerms(void) {
    for (uint32_t i = 0; i < termCount; i++) free(postings[i].doclist.bytes);
    memset(slots, 0, slotCount * sizeof(TermSlot));
    termCount = 0;
    termBytes.count = 0;
}

// Each token goes straight into its term's doclist, as FTS5's hash does: a rowid delta and one byte kept for the
// position list's size when the term is first seen in a row, a column marker when the column changes, then the
// position's delta.
static int64_t currentRowid;
static int column, columnSize;
static Buffer docsizes;
static int64_t rowCount, columnTotals[2];

/// Writes the open entry's position list size into the byte kept for it, moving the list when it needs more.
static void closeEntry(Postings *entry) {
    if (entry->sizeAt < 0) return;
    int start = entry->sizeAt + 1, size = entry->doclist.count - start;
    uint8_t varint[9];
    int length = putVarint(varint, (uint64_t)size * 2);
    if (length > 1) {
        reserve(&entry->doclist, length - 1);
        memmove(entry->doclist.bytes + start + length - 1, entry->doclist.bytes + start, (size_t)size);
        entry->doclist.count += length - 1;
    }
    memcpy(entry->doclist.bytes + entry->sizeAt, varint, (size_t)length);
    entry->sizeAt = -1;
}

static int appendToken(void *context, int flags, const char *token, int length, int start, int end) {
    (void)context, (void)start, (void)end;
    if (length > 32768) length = 32768;  // FTS5_MAX_TOKEN_SIZE
    if ((flags & FTS5_TOKEN_COLOCATED) == 0 || columnSize == 0) columnSize++;
    uint32_t term = termID(token, length);
    Postings *entry = &postings[term];
    uint32_t position = (uint32_t)(columnSize - 1);
    reserve(&entry->doclist, 32);
    if (entry->sizeAt < 0 || entry->lastRowid != currentRowid) {
        closeEntry(entry);
        entry->doclist.count +=
            putVarint(entry->doclist.bytes + entry->doclist.count, (uint64_t)(currentRowid - entry->lastRowid));
        entry->sizeAt = entry->doclist.count++;
        entry->lastRowid = currentRowid;
        entry->column = 0;
        entry->previousPosition = 0;
    }
    if (column != entry->column) {
        entry->doclist.bytes[entry->doclist.count++] = 0x01;
        entry->doclist.count += putVarint(entry->doclist.bytes + entry->doclist.count, (uint64_t)column);
        entry->column = column;
        entry->previousPosition = 0;
    }
    entry->doclist.count +=
        putVarint(entry->doclist.bytes + entry->doclist.count, (uint64_t)(position - entry->previousPosition + 2));
    entry->previousPosition = position;
    return SQLITE_OK;
}

static fts5_tokenizer tokenizer;
static Fts5Tokenizer *tokenizerInstance;

static void invertDocument(int64_t rowid, const Document *document) {
    int title = titleOf(document), sizes[2];
    const char *texts[2] = {document->text, document->text + title};
    int lengths[2] = {title, document->length - title};
    currentRowid = rowid;
    for (column = 0; column < 2; column++) {
        columnSize = 0;
        tokenizer.xTokenize(tokenizerInstance, NULL, FTS5_TOKENIZE_DOCUMENT, texts[column], lengths[column], appendToken);
        sizes[column] = columnSize;
        columnTotals[column] += columnSize;
    }
    rowCount++;
    uint8_t record[20];
    int recordLength = putVarint(record, (uint64_t)sizes[0]);
    recordLength += putVarint(record + recordLength, (uint64_t)sizes[1]);
    appendVarint(&docsizes, (uint64_t)rowid);
    appendVarint(&docsizes, (uint64_t)recordLength);
    append(&docsizes, record, recordLength);
}

static int compareTerms(const void *a, const void *b) {
    const TermSlot *x = *(TermSlot *const *)a, *y = *(TermSlot *const *)b;
    uint32_t common = x->length < y->length ? x->length : y->length;
    int order = memcmp(termBytes.bytes + x->offset, termBytes.bytes + y->offset, common);
    return order ? order : (int)x->length - (int)y->length;
}

/// Appends the terms inverted so far, in order, to a run: term, last rowid, doclist; and forgets them.
static void appendRun(Buffer *run) {
    TermSlot **order = malloc(termCount * sizeof(TermSlot *));
    uint32_t count = 0;
    for (uint32_t i = 0; i < slotCount; i++) {
        if (slots[i].length) order[count++] = &slots[i];
    }
    qsort(order, count, sizeof(TermSlot *), compareTerms);
    for (uint32_t i = 0; i < count; i++) {
        Postings *entry = &postings[order[i]->id];
        closeEntry(entry);
        appendVarint(run, order[i]->length);
        append(run, termBytes.bytes + order[i]->offset, (int)order[i]->length);
        appendVarint(run, (uint64_t)entry->lastRowid);
        appendVarint(run, (uint64_t)entry->doclist.count);
        append(run, entry->doclist.bytes, entry->doclist.count);
        entry->doclist.count = 0;
        entry->lastRowid = 0;
    }
    free(order);
    clearTerms();
}

// MARK: The segment writer: FTS5's leaves, %_idx rows and doclist indexes

#define SEGMENT_ROWID(segment, isDoclistIndex, height, page)                                                      \
    (((int64_t)(segment) << 37) + ((int64_t)(isDoclistIndex) << 36) + ((int64_t)(height) << 31) + (int64_t)(page))
enum { pageSize = 16000, minimumEmptyPagesForDoclistIndex = 4 };

typedef struct {
    Buffer bytes;
    int page;
    int hasPrevious;
    int64_t previous;
} DoclistIndexLevel;

typedef struct {
    int segment;
    Buffer page, pageIndex, term, indexTerm;
    int pageNumber, previousTermOffset;
    int firstTermInPage, firstRowidInPage, firstRowidInDoclist;
    int64_t previousRowid;
    int indexPage, emptyPages, leaves;
    DoclistIndexLevel *levels;
    int levelCount;
    sqlite3_stmt *insertData, *insertIndex;
} SegmentWriter;

static void writeData(SegmentWriter *writer, int64_t rowid, const uint8_t *bytes, int count) {
    sqlite3_bind_int64(writer->insertData, 1, rowid);
    sqlite3_bind_blob(writer->insertData, 2, bytes, count, SQLITE_STATIC);
    sqlite3_step(writer->insertData);
    sqlite3_reset(writer->insertData);
}

static void growLevels(SegmentWriter *writer, int count) {
    if (count <= writer->levelCount) return;
    writer->levels = realloc(writer->levels, (size_t)count * sizeof(DoclistIndexLevel));
    memset(writer->levels + writer->levelCount, 0, (size_t)(count - writer->levelCount) * sizeof(DoclistIndexLevel));
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
    if (writer->indexPage == 0) return;
    int withDoclistIndex =
        writer->levels[0].bytes.count > 0 && writer->emptyPages >= minimumEmptyPagesForDoclistIndex;
    clearDoclistIndex(writer, withDoclistIndex);
    writer->emptyPages = 0;
    sqlite3_bind_int(writer->insertIndex, 1, writer->segment);
    sqlite3_bind_blob(
        writer->insertIndex, 2, writer->indexTerm.count ? (const void *)writer->indexTerm.bytes : "",
        writer->indexTerm.count, SQLITE_STATIC);
    sqlite3_bind_int64(writer->insertIndex, 3, withDoclistIndex + ((int64_t)writer->indexPage << 1));
    sqlite3_step(writer->insertIndex);
    sqlite3_reset(writer->insertIndex);
    writer->indexPage = 0;
}

/// Notes the first rowid of a page in the doclist index, writing full doclist-index pages as a b-tree.
static void appendToDoclistIndex(SegmentWriter *writer, int64_t rowid) {
    int done = 0;
    for (int i = 0; !done; i++) {
        growLevels(writer, i + 1);
        DoclistIndexLevel *level = &writer->levels[i];
        if (level->bytes.count >= pageSize) {
            level->bytes.bytes[0] = 0x01;  // not the root
            writeData(writer, SEGMENT_ROWID(writer->segment, 1, i, level->page), level->bytes.bytes, level->bytes.count);
            growLevels(writer, i + 2);
            level = &writer->levels[i];
            if (level[1].bytes.count == 0) {
                uint64_t first;
                int at = 1 + getVarint(level->bytes.bytes + 1, &first);
                getVarint(level->bytes.bytes + at, &first);
                level[1].page = level->page;
                appendVarint(&level[1].bytes, 0);
                appendVarint(&level[1].bytes, (uint64_t)level->page);
                appendVarint(&level[1].bytes, first);
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
        if (level->hasPrevious) {
            value = (int64_t)((uint64_t)rowid - (uint64_t)level->previous);
        } else {
            appendVarint(&level->bytes, (uint64_t)!done);
            appendVarint(&level->bytes, (uint64_t)(i == 0 ? writer->pageNumber : level[-1].page));
            value = rowid;
        }
        appendVarint(&level->bytes, (uint64_t)value);
        level->hasPrevious = 1;
        level->previous = rowid;
    }
}

static void putU16(uint8_t *out, int value) {
    out[0] = (uint8_t)(value >> 8);
    out[1] = (uint8_t)value;
}

static void flushLeaf(SegmentWriter *writer) {
    putU16(writer->page.bytes + 2, writer->page.count);
    if (writer->firstTermInPage) {
        if (writer->firstRowidInPage && writer->levels[0].bytes.count > 0) appendVarint(&writer->levels[0].bytes, 0);
        writer->emptyPages++;
    } else {
        append(&writer->page, writer->pageIndex.bytes, writer->pageIndex.count);
    }
    writeData(writer, SEGMENT_ROWID(writer->segment, 0, 0, writer->pageNumber), writer->page.bytes, writer->page.count);
    writer->page.count = 0;
    writer->pageIndex.count = 0;
    append(&writer->page, "\0\0\0\0", 4);
    writer->previousTermOffset = 0;
    writer->pageNumber++;
    writer->leaves++;
    writer->firstTermInPage = 1;
    writer->firstRowidInPage = 1;
}

static int commonPrefix(const Buffer *previous, const uint8_t *term, int length) {
    int most = previous->count < length ? previous->count : length, i = 0;
    while (i < most && previous->bytes[i] == term[i]) i++;
    return i;
}

static void appendTerm(SegmentWriter *writer, const uint8_t *term, int length) {
    if (writer->page.count + writer->pageIndex.count + length + 2 >= pageSize && writer->page.count > 4) {
        flushLeaf(writer);
    }
    appendVarint(&writer->pageIndex, (uint64_t)(writer->page.count - writer->previousTermOffset));
    writer->previousTermOffset = writer->page.count;
    int prefix = 0;
    if (writer->firstTermInPage) {
        if (writer->pageNumber != 1) {
            // The shortest prefix of this term that sorts after the previous page's last term.
            int keyLength = writer->term.count ? 1 + commonPrefix(&writer->term, term, length) : length;
            flushIndexEntry(writer);
            assign(&writer->indexTerm, term, keyLength);
            writer->indexPage = writer->pageNumber;
        }
    } else {
        prefix = commonPrefix(&writer->term, term, length);
        appendVarint(&writer->page, (uint64_t)prefix);
    }
    appendVarint(&writer->page, (uint64_t)(length - prefix));
    append(&writer->page, term + prefix, length - prefix);
    assign(&writer->term, term, length);
    writer->firstTermInPage = 0;
    writer->firstRowidInPage = 0;
    writer->firstRowidInDoclist = 1;
    writer->levels[0].page = writer->pageNumber;
}

static void appendRowid(SegmentWriter *writer, int64_t rowid) {
    if (writer->page.count + writer->pageIndex.count >= pageSize) flushLeaf(writer);
    if (writer->firstRowidInPage) {
        putU16(writer->page.bytes, writer->page.count);
        appendToDoclistIndex(writer, rowid);
    }
    if (writer->firstRowidInDoclist || writer->firstRowidInPage) {
        appendVarint(&writer->page, (uint64_t)rowid);
    } else {
        appendVarint(&writer->page, (uint64_t)(rowid - writer->previousRowid));
    }
    writer->previousRowid = rowid;
    writer->firstRowidInDoclist = 0;
    writer->firstRowidInPage = 0;
}

static void appendPositions(SegmentWriter *writer, const uint8_t *bytes, int count) {
    while (writer->page.count + writer->pageIndex.count + count >= pageSize) {
        int room = pageSize - writer->page.count - writer->pageIndex.count, copied = 0;
        while (copied < room) copied += varintLength(bytes + copied);
        append(&writer->page, bytes, copied);
        bytes += copied;
        count -= copied;
        flushLeaf(writer);
    }
    if (count > 0) append(&writer->page, bytes, count);
}

/// Appends a doclist as a run stores it (rowid deltas from 0, position list sizes, position lists).
static void appendDoclist(SegmentWriter *writer, const uint8_t *doclist, int count) {
    const uint8_t *end = doclist + count;
    int64_t rowid = 0;
    while (doclist < end) {
        uint64_t delta, size;
        doclist += getVarint(doclist, &delta);
        rowid += (int64_t)delta;
        appendRowid(writer, rowid);
        doclist += getVarint(doclist, &size);
        appendVarint(&writer->page, size);
        appendPositions(writer, doclist, (int)(size / 2));
        doclist += size / 2;
    }
}

/// Writes the last leaf and %_idx row; returns the last leaf's number.
static int finishSegment(SegmentWriter *writer) {
    if (writer->page.count > 4) flushLeaf(writer);
    int last = writer->pageNumber - 1;
    if (writer->pageNumber > 1) flushIndexEntry(writer);
    return last;
}

// MARK: Merging runs term by term

typedef struct {
    const uint8_t *at, *end, *term, *doclist;
    int termLength, doclistLength;
} RunCursor;

static RunCursor *cursors;

static void advance(int run) {
    RunCursor *cursor = &cursors[run];
    if (cursor->at >= cursor->end) {
        cursor->term = NULL;
        return;
    }
    uint64_t value;
    cursor->at += getVarint(cursor->at, &value);
    cursor->termLength = (int)value;
    cursor->term = cursor->at;
    cursor->at += value;
    cursor->at += getVarint(cursor->at, &value);  // last rowid: a builder writing doclists whole would need it
    cursor->at += getVarint(cursor->at, &value);
    cursor->doclistLength = (int)value;
    cursor->doclist = cursor->at;
    cursor->at += value;
}

static int before(int a, int b) {
    const RunCursor *x = &cursors[a], *y = &cursors[b];
    int common = x->termLength < y->termLength ? x->termLength : y->termLength;
    int order = memcmp(x->term, y->term, (size_t)common);
    if (order) return order < 0;
    if (x->termLength != y->termLength) return x->termLength < y->termLength;
    return a < b;  // the earlier run holds the smaller rowids
}

static void siftDown(int *heap, int count, int at) {
    for (;;) {
        int left = 2 * at + 1, right = left + 1, least = at;
        if (left < count && before(heap[left], heap[least])) least = left;
        if (right < count && before(heap[right], heap[least])) least = right;
        if (least == at) return;
        int swap = heap[at];
        heap[at] = heap[least];
        heap[least] = swap;
        at = least;
    }
}

static uint32_t mergeRuns(SegmentWriter *writer, Buffer *runs, int runCount) {
    cursors = calloc((size_t)runCount, sizeof(RunCursor));
    int *heap = malloc((size_t)runCount * sizeof(int)), count = 0;
    for (int run = 0; run < runCount; run++) {
        cursors[run].at = runs[run].bytes;
        cursors[run].end = runs[run].bytes + runs[run].count;
        advance(run);
        if (cursors[run].term) heap[count++] = run;
    }
    for (int at = count / 2 - 1; at >= 0; at--) siftDown(heap, count, at);
    uint32_t terms = 0;
    Buffer term = {0};
    while (count > 0) {
        assign(&term, cursors[heap[0]].term, cursors[heap[0]].termLength);
        appendTerm(writer, term.bytes, term.count);
        terms++;
        while (count > 0 && cursors[heap[0]].termLength == term.count
               && memcmp(cursors[heap[0]].term, term.bytes, (size_t)term.count) == 0) {
            int run = heap[0];
            appendDoclist(writer, cursors[run].doclist, cursors[run].doclistLength);
            advance(run);
            if (!cursors[run].term) heap[0] = heap[--count];
            siftDown(heap, count, 0);
        }
    }
    free(heap);
    free(cursors);
    return terms;
}

// MARK: Main

static const char *schema =
    "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, title, body);"
    "CREATE VIRTUAL TABLE t USING fts5(title, body, content = 'docs', content_rowid = 'id',"
    "    tokenize = 'porter unicode61 remove_diacritics 2');"
    "INSERT INTO t(t, rank) VALUES('pgsz', 16000); INSERT INTO t(t, rank) VALUES('automerge', 0);"
    "INSERT INTO t(t, rank) VALUES('crisismerge', 2000); INSERT INTO t(t, rank) VALUES('hashsize', 16777216);";

static sqlite3 *freshDatabase(const char *path) {
    char other[4096];
    remove(path);
    snprintf(other, sizeof other, "%s-wal", path);
    remove(other);
    snprintf(other, sizeof other, "%s-shm", path);
    remove(other);
    sqlite3 *db;
    char *error = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", path, error ? error : sqlite3_errmsg(db));
        exit(2);
    }
    sqlite3_stmt *insert;
    sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, body) VALUES(?, ?, ?)", -1, &insert, NULL);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < documentCount; i++) {
        int title = titleOf(&documents[i]);
        sqlite3_bind_int64(insert, 1, i + 1);
        sqlite3_bind_text(insert, 2, documents[i].text, title, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, documents[i].text + title, documents[i].length - title, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(insert);
    return db;
}

static void indexWithFTS5(sqlite3 *db) {
    sqlite3_stmt *insert;
    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, body) VALUES(?, ?, ?)", -1, &insert, NULL);
    double start = cpuSeconds();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < documentCount; i++) {
        if (i > 0 && i % 256 == 0) sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
        int title = titleOf(&documents[i]);
        sqlite3_bind_int64(insert, 1, i + 1);
        sqlite3_bind_text(insert, 2, documents[i].text, title, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, documents[i].text + title, documents[i].length - title, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "row %d: %s\n", i + 1, sqlite3_errmsg(db));
            exit(2);
        }
        sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(insert);
    double loaded = cpuSeconds();
    sqlite3_exec(db, "INSERT INTO t(t) VALUES('optimize')", NULL, NULL, NULL);
    double merged = cpuSeconds();
    printf("fts5: %d documents: load %.3f s, optimize %.3f s, in all %.3f s of CPU\n", documentCount, loaded - start,
           merged - loaded, merged - start);
}

static void writeSegment(sqlite3 *db, int perRun) {
    double start = cpuSeconds();
    Buffer *runs = NULL;
    int runCount = 0;
    double inverting = 0, sorting = 0;
    for (int first = 0; first < documentCount;) {
        int last = perRun > 0 && first + perRun < documentCount ? first + perRun : documentCount;
        double begin = cpuSeconds();
        for (int i = first; i < last; i++) invertDocument(i + 1, &documents[i]);
        double inverted = cpuSeconds();
        runs = realloc(runs, (size_t)(runCount + 1) * sizeof(Buffer));
        memset(&runs[runCount], 0, sizeof(Buffer));
        appendRun(&runs[runCount++]);
        sorting += cpuSeconds() - inverted;
        inverting += inverted - begin;
        first = last;
    }
    double written = cpuSeconds();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    SegmentWriter writer = {.segment = 1, .pageNumber = 1, .firstTermInPage = 1, .indexPage = 1};
    growLevels(&writer, 1);
    append(&writer.page, "\0\0\0\0", 4);
    sqlite3_prepare_v2(db, "INSERT INTO t_data(id, block) VALUES(?, ?)", -1, &writer.insertData, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO t_idx(segid, term, pgno) VALUES(?, ?, ?)", -1, &writer.insertIndex, NULL);
    uint32_t terms = mergeRuns(&writer, runs, runCount);
    int lastLeaf = finishSegment(&writer);
    double merged = cpuSeconds();

    sqlite3_stmt *insert;
    sqlite3_prepare_v2(db, "INSERT INTO t_docsize(id, sz) VALUES(?, ?)", -1, &insert, NULL);
    for (const uint8_t *at = docsizes.bytes; at < docsizes.bytes + docsizes.count;) {
        uint64_t rowid, length;
        at += getVarint(at, &rowid);
        at += getVarint(at, &length);
        sqlite3_bind_int64(insert, 1, (int64_t)rowid);
        sqlite3_bind_blob(insert, 2, at, (int)length, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        at += length;
    }
    sqlite3_finalize(insert);
    // The averages record (rows, then tokens per column) and the structure record (the config cookie, then one
    // level holding one segment), in the format every FTS5 reads.
    Buffer averages = {0}, structure = {0};
    appendVarint(&averages, (uint64_t)rowCount);
    appendVarint(&averages, (uint64_t)columnTotals[0]);
    appendVarint(&averages, (uint64_t)columnTotals[1]);
    sqlite3_stmt *select;
    uint8_t cookie[4] = {0, 0, 0, 0};
    sqlite3_prepare_v2(db, "SELECT block FROM t_data WHERE id = 10", -1, &select, NULL);
    if (sqlite3_step(select) == SQLITE_ROW && sqlite3_column_bytes(select, 0) >= 4) {
        memcpy(cookie, sqlite3_column_blob(select, 0), 4);
    }
    sqlite3_finalize(select);
    append(&structure, cookie, 4);
    uint64_t fields[] = {1, 1, (uint64_t)writer.leaves, 0, 1, 1, 1, (uint64_t)lastLeaf};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) appendVarint(&structure, fields[i]);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO t_data(id, block) VALUES(?, ?)", -1, &insert, NULL);
    sqlite3_bind_int64(insert, 1, 1);
    sqlite3_bind_blob(insert, 2, averages.bytes, averages.count, SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, 10);
    sqlite3_bind_blob(insert, 2, structure.bytes, structure.count, SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_finalize(insert);
    sqlite3_finalize(writer.insertData);
    sqlite3_finalize(writer.insertIndex);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double end = cpuSeconds();
    printf("write: %d documents in %d runs: tokenize and invert %.3f s, sort runs %.3f s, merge runs and write the "
           "segment %.3f s (%u terms, %d leaves), the rest and commit %.3f s; in all %.3f s of CPU\n",
           documentCount, runCount, inverting, sorting, merged - written, terms, lastLeaf, end - merged, end - start);
}

static long tokenCount;
static int countToken(void *context, int flags, const char *token, int length, int start, int end) {
    (void)context, (void)flags, (void)token, (void)length, (void)start, (void)end;
    tokenCount++;
    return SQLITE_OK;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s fts5|write|tokenize FOLDER DB [COUNT [PER]]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    loadFolder(argv[2]);
    qsort(documents, (size_t)documentCount, sizeof(Document), compareDocuments);
    if (argc > 4 && atoi(argv[4]) < documentCount) documentCount = atoi(argv[4]);
    int perRun = argc > 5 ? atoi(argv[5]) : 256;
    sqlite3 *db = freshDatabase(argv[3]);
    if (strcmp(mode, "fts5") == 0) {
        indexWithFTS5(db);
        sqlite3_close(db);
        return 0;
    }
    fts5_api *api = NULL;
    sqlite3_stmt *statement;
    sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    void *userData;
    const char *arguments[] = {"unicode61", "remove_diacritics", "2"};
    if (!api || api->xFindTokenizer(api, "porter", &userData, &tokenizer) != SQLITE_OK
        || tokenizer.xCreate(userData, arguments, 3, &tokenizerInstance) != SQLITE_OK) {
        fprintf(stderr, "no porter tokenizer\n");
        return 2;
    }
    if (strcmp(mode, "tokenize") == 0) {
        double start = cpuSeconds();
        for (int i = 0; i < documentCount; i++) {
            int title = titleOf(&documents[i]);
            tokenizer.xTokenize(tokenizerInstance, NULL, FTS5_TOKENIZE_DOCUMENT, documents[i].text, title, countToken);
            tokenizer.xTokenize(tokenizerInstance, NULL, FTS5_TOKENIZE_DOCUMENT, documents[i].text + title,
                                documents[i].length - title, countToken);
        }
        printf("tokenize: %d documents, %ld tokens, %.3f s of CPU\n", documentCount, tokenCount, cpuSeconds() - start);
        return 0;
    }
    writeSegment(db, perRun);
    tokenizer.xDelete(tokenizerInstance);
    sqlite3_close(db);
    sqlite3_open(argv[3], &db);
    char *error = NULL;
    int rc = sqlite3_exec(db, "INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, &error);
    printf("integrity-check: %s\n", rc == SQLITE_OK ? "ok" : error);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : 1;
}
