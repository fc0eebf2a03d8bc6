// A probe for issue #6: what does it cost PolicySearch to write FTS5's full-text index itself, as one segment
// (CFullTextRank's PolicySegmentBuilder, which `rebuild` uses), instead of having FTS5 buffer, flush and merge it?
//
// It indexes a folder of documents (generate-corpus's) into a table declared as PolicySearch declares its own
// (title and body, external content, `porter unicode61 remove_diacritics 2`, the same FTS5 settings), in one of
// two ways, and prints the CPU time of each step:
//
//   segment_writer fts5     FOLDER DB [COUNT]           FTS5 itself: 256 documents to a transaction, then 'optimize'
//   segment_writer write    FOLDER DB [COUNT [RUN_KB]]  tokenized into token streams, inverted by the builder into
//                                                       runs of RUN_KB (default 8192) sorted by term, then merged and
//                                                       written as one segment straight into %_data, %_idx and
//                                                       %_docsize; then FTS5's integrity-check, which tokenizes every
//                                                       row again
//   segment_writer tokenize FOLDER DB [COUNT]           the token streams alone
//
// A document's title is its first 60 bytes and its body the rest; documents are taken in the order of their text.
// compare_segments.py then compares the two files' segments page by page. Build and run from the repository:
//
//   cd Sources/CFullTextRank && gcc -O2 -I include -I . -o /tmp/segment_writer
//       ../../benchmarks/probes/segment_writer.c PolicySegmentBuilder.c PolicyTokenReplay.c PolicyMarker.c
//       -lsqlite3 -lpthread   (one line)
//   /tmp/segment_writer fts5 /tmp/gen-10000 /tmp/fts5.db 1500
//   /tmp/segment_writer write /tmp/gen-10000 /tmp/ours.db 1500
//   python3 benchmarks/probes/compare_segments.py /tmp/fts5.db /tmp/ours.db
//
// Below the 1,000 pages FTS5's 'optimize' merges per step, the two segments are the same page for page.
#include "PolicySegmentBuilder.h"
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

static const char *const porter[] = {"porter", "unicode61", "remove_diacritics", "2"};

/// Each document's title and body as token streams (rows go to the builder in row id order).
static void streamsOf(const Document *document, PolicyTokenStream **streams) {
    int title = titleOf(document);
    if (policy_token_stream_make(porter, 4, document->text, title, &streams[0]) != SQLITE_OK
        || policy_token_stream_make(porter, 4, document->text + title, document->length - title, &streams[1])
               != SQLITE_OK) {
        fprintf(stderr, "cannot tokenize\n");
        exit(2);
    }
}

static void writeSegment(const char *path, int runKilobytes) {
    PolicySegmentBuilder *builder;
    if (policy_segment_builder_make(2, (int64_t)runKilobytes << 10, "/tmp", &builder) != SQLITE_OK) {
        fprintf(stderr, "cannot make a builder\n");
        exit(2);
    }
    double tokenizing = 0, inverting = 0;
    for (int i = 0; i < documentCount; i++) {
        double begin = cpuSeconds();
        PolicyTokenStream *streams[2];
        streamsOf(&documents[i], streams);
        double tokenized = cpuSeconds();
        if (policy_segment_builder_add(builder, i + 1, streams) != SQLITE_OK) {
            fprintf(stderr, "cannot add row %d\n", i + 1);
            exit(2);
        }
        inverting += cpuSeconds() - tokenized;
        tokenizing += tokenized - begin;
        policy_token_stream_free(streams[0]);
        policy_token_stream_free(streams[1]);
    }
    double start = cpuSeconds();
    char *error = NULL;
    int rc = policy_segment_builder_write(builder, path, "t", 10000, &error);
    double written = cpuSeconds();
    if (rc != SQLITE_OK) {
        fprintf(stderr, "write: %s\n", error ? error : "failed");
        exit(2);
    }
    policy_segment_builder_free(builder);
    printf("write: %d documents in runs of %d KB: tokenize %.3f s, invert and sort runs %.3f s, merge runs and write "
           "the segment %.3f s; in all %.3f s of CPU\n",
           documentCount, runKilobytes, tokenizing, inverting, written - start, tokenizing + inverting + written - start);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s fts5|write|tokenize FOLDER DB [COUNT [RUN_KB]]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    loadFolder(argv[2]);
    qsort(documents, (size_t)documentCount, sizeof(Document), compareDocuments);
    if (argc > 4 && atoi(argv[4]) < documentCount) documentCount = atoi(argv[4]);
    int runKilobytes = argc > 5 ? atoi(argv[5]) : 8192;
    sqlite3 *db = freshDatabase(argv[3]);
    if (strcmp(mode, "fts5") == 0) {
        indexWithFTS5(db);
        sqlite3_close(db);
        return 0;
    }
    sqlite3_close(db);
    if (strcmp(mode, "tokenize") == 0) {
        double start = cpuSeconds();
        long tokens = 0;
        for (int i = 0; i < documentCount; i++) {
            PolicyTokenStream *streams[2];
            streamsOf(&documents[i], streams);
            tokens += policy_token_stream_count(streams[0]) + policy_token_stream_count(streams[1]);
            policy_token_stream_free(streams[0]);
            policy_token_stream_free(streams[1]);
        }
        printf("tokenize: %d documents, %ld tokens, %.3f s of CPU\n", documentCount, tokens, cpuSeconds() - start);
        return 0;
    }
    writeSegment(argv[3], runKilobytes);
    sqlite3_open(argv[3], &db);
    char *error = NULL;
    int rc = sqlite3_exec(db, "INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, &error);
    printf("integrity-check: %s\n", rc == SQLITE_OK ? "ok" : error);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : 1;
}
