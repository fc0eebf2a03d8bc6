// Tokens read ahead of a full-text insert, and the tokenizer that replays them (see PolicyTokenReplay.h).

#include "PolicyTokenReplay.h"
#include "Tokenizers.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct PolicyTokenStream {
    /// The tokenizer's name and arguments, each ended by a NUL (``makeKey``).
    char *key;
    int keyLength;
    /// The length in bytes of the text the tokens were read from.
    int length;
    /// Each token as a varint of its length times 2, plus 1 when FTS5_TOKEN_COLOCATED, then its bytes.
    unsigned char *tokens;
    int64_t used;
    int64_t capacity;
    int count;
};

/// A tokenizer's name and arguments as one key, each ended by a NUL.
static char *makeKey(const char *name, const char *const *arguments, int argumentCount, int *length) {
    size_t total = strlen(name) + 1;
    for (int i = 0; i < argumentCount; i++) total += strlen(arguments[i]) + 1;
    char *key = malloc(total);
    if (!key) return NULL;
    size_t at = 0;
    size_t size = strlen(name) + 1;
    memcpy(key, name, size);
    at += size;
    for (int i = 0; i < argumentCount; i++) {
        size = strlen(arguments[i]) + 1;
        memcpy(key + at, arguments[i], size);
        at += size;
    }
    *length = (int)total;
    return key;
}

static int sameKey(const char *a, int aLength, const char *b, int bLength) {
    return aLength == bLength && memcmp(a, b, (size_t)aLength) == 0;
}

// MARK: Streams

/// The connection that lends its tokenizers to every thread that makes streams, opened once and never closed.
static pthread_once_t lenderOnce = PTHREAD_ONCE_INIT;
static fts5_api *lender = NULL;
static pthread_key_t threadTokenizerKey;

/// A thread's instance of the tokenizer it last made streams with.
typedef struct {
    char *key;
    int keyLength;
    fts5_tokenizer methods;
    Fts5Tokenizer *instance;
} ThreadTokenizer;

static void freeThreadTokenizer(void *value) {
    ThreadTokenizer *tokenizer = value;
    if (!tokenizer) return;
    if (tokenizer->instance) tokenizer->methods.xDelete(tokenizer->instance);
    free(tokenizer->key);
    free(tokenizer);
}

static void openLender(void) {
    if (pthread_key_create(&threadTokenizerKey, freeThreadTokenizer) != 0) return;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return;
    }
    sqlite3_stmt *statement = NULL;
    fts5_api *api = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    if (api && api->iVersion >= 2) lender = api;
    else sqlite3_close(db);
}

/// The calling thread's instance of the tokenizer `key` names, made (or remade, for another key) when needed.
static int threadTokenizer(
    const char *const *tokenizer, int tokenizerArgumentCount, const char *key, int keyLength,
    ThreadTokenizer **result) {
    pthread_once(&lenderOnce, openLender);
    if (!lender) return SQLITE_ERROR;
    ThreadTokenizer *current = pthread_getspecific(threadTokenizerKey);
    if (current && sameKey(current->key, current->keyLength, key, keyLength)) {
        *result = current;
        return SQLITE_OK;
    }
    freeThreadTokenizer(current);
    pthread_setspecific(threadTokenizerKey, NULL);
    ThreadTokenizer *made = calloc(1, sizeof(ThreadTokenizer));
    if (!made) return SQLITE_NOMEM;
    made->key = malloc((size_t)keyLength);
    if (!made->key) {
        free(made);
        return SQLITE_NOMEM;
    }
    memcpy(made->key, key, (size_t)keyLength);
    made->keyLength = keyLength;
    int rc = policy_create_tokenizer(lender, tokenizer, tokenizerArgumentCount, &made->methods, &made->instance);
    if (rc != SQLITE_OK) {
        made->instance = NULL;
        freeThreadTokenizer(made);
        return rc;
    }
    pthread_setspecific(threadTokenizerKey, made);
    *result = made;
    return SQLITE_OK;
}

static int appendToken(void *context, int flags, const char *token, int length, int start, int end) {
    (void)start;
    (void)end;
    PolicyTokenStream *stream = context;
    if (length < 0) return SQLITE_ERROR;
    int64_t needed = stream->used + 10 + length;
    if (needed > stream->capacity) {
        int64_t capacity = stream->capacity ? stream->capacity : 256;
        while (capacity < needed) capacity *= 2;
        unsigned char *grown = realloc(stream->tokens, (size_t)capacity);
        if (!grown) return SQLITE_NOMEM;
        stream->tokens = grown;
        stream->capacity = capacity;
    }
    uint64_t header = ((uint64_t)length << 1) | ((flags & FTS5_TOKEN_COLOCATED) ? 1 : 0);
    while (header >= 0x80) {
        stream->tokens[stream->used++] = (unsigned char)(header | 0x80);
        header >>= 7;
    }
    stream->tokens[stream->used++] = (unsigned char)header;
    if (length > 0) memcpy(stream->tokens + stream->used, token, (size_t)length);
    stream->used += length;
    stream->count++;
    return SQLITE_OK;
}

void policy_token_stream_free(PolicyTokenStream *stream) {
    if (!stream) return;
    free(stream->key);
    free(stream->tokens);
    free(stream);
}

int policy_token_stream_make(
    const char *const *tokenizer, int tokenizerArgumentCount, const char *text, int length,
    PolicyTokenStream **result) {
    *result = NULL;
    if (tokenizerArgumentCount < 1 || length < 0) return SQLITE_MISUSE;
    PolicyTokenStream *stream = calloc(1, sizeof(PolicyTokenStream));
    if (!stream) return SQLITE_NOMEM;
    int rc = SQLITE_OK;
    stream->key = makeKey(tokenizer[0], tokenizer + 1, tokenizerArgumentCount - 1, &stream->keyLength);
    if (!stream->key) rc = SQLITE_NOMEM;
    stream->length = length;
    ThreadTokenizer *instance = NULL;
    if (rc == SQLITE_OK) {
        rc = threadTokenizer(tokenizer, tokenizerArgumentCount, stream->key, stream->keyLength, &instance);
    }
    if (rc == SQLITE_OK) {
        rc = instance->methods.xTokenize(
            instance->instance, stream, FTS5_TOKENIZE_DOCUMENT, length > 0 ? text : "", length, appendToken);
    }
    if (rc != SQLITE_OK) {
        policy_token_stream_free(stream);
        return rc;
    }
    *result = stream;
    return SQLITE_OK;
}

int policy_token_stream_count(const PolicyTokenStream *stream) { return stream->count; }

/// Hands FTS5 a stream's tokens. The offsets given are 0: FTS5 reads none of a document's when it indexes it or
/// removes it, the only tokenizations replayed.
static int replayStream(
    const PolicyTokenStream *stream, void *context,
    int (*token)(void *, int, const char *, int, int, int)) {
    int64_t at = 0;
    while (at < stream->used) {
        uint64_t header = 0;
        int shift = 0;
        unsigned char byte;
        do {
            byte = stream->tokens[at++];
            header |= (uint64_t)(byte & 0x7F) << shift;
            shift += 7;
        } while (byte & 0x80);
        int length = (int)(header >> 1);
        int rc = token(
            context, (header & 1) ? FTS5_TOKEN_COLOCATED : 0, (const char *)stream->tokens + at, length, 0, 0);
        if (rc != SQLITE_OK) return rc;
        at += length;
    }
    return SQLITE_OK;
}

const unsigned char *policy_token_stream_bytes(const PolicyTokenStream *stream, int64_t *length) {
    *length = stream->used;
    return stream->tokens;
}

// MARK: The replaying tokenizer

/// One registration on a connection: the tokenizer it stands in front of, and the streams set to replay.
struct PolicyReplay {
    fts5_tokenizer inner;
    void *innerUserData;
    char *name;
    PolicyTokenStream *expected[POLICY_REPLAY_MAXIMUM_STREAMS];
    /// The text each expected stream was read from, owned by the caller.
    const char *expectedTexts[POLICY_REPLAY_MAXIMUM_STREAMS];
    int expectedCount;
    /// Bit i: `expected[i]` was replayed.
    unsigned replayedStreams;
    int64_t replayed;
    int64_t tokenized;
};

/// An instance in a table: the inner tokenizer's instance, and the key of the name and arguments it was made with.
typedef struct {
    PolicyReplay *replay;
    Fts5Tokenizer *inner;
    char *key;
    int keyLength;
} ReplayInstance;

static void replayDelete(Fts5Tokenizer *tokenizer) {
    ReplayInstance *instance = (ReplayInstance *)tokenizer;
    if (!instance) return;
    if (instance->inner) instance->replay->inner.xDelete(instance->inner);
    free(instance->key);
    free(instance);
}

static int replayCreate(void *userData, const char **arguments, int argumentCount, Fts5Tokenizer **result) {
    *result = NULL;
    PolicyReplay *replay = userData;
    ReplayInstance *instance = calloc(1, sizeof(ReplayInstance));
    if (!instance) return SQLITE_NOMEM;
    instance->replay = replay;
    instance->key = makeKey(replay->name, arguments, argumentCount, &instance->keyLength);
    if (!instance->key) {
        free(instance);
        return SQLITE_NOMEM;
    }
    int rc = replay->inner.xCreate(replay->innerUserData, arguments, argumentCount, &instance->inner);
    if (rc != SQLITE_OK) {
        instance->inner = NULL;
        replayDelete((Fts5Tokenizer *)instance);
        return rc;
    }
    *result = (Fts5Tokenizer *)instance;
    return SQLITE_OK;
}

static int replayTokenize(
    Fts5Tokenizer *tokenizer, void *context, int flags, const char *text, int length,
    int (*token)(void *, int, const char *, int, int, int)) {
    ReplayInstance *instance = (ReplayInstance *)tokenizer;
    PolicyReplay *replay = instance->replay;
    if (flags == FTS5_TOKENIZE_DOCUMENT) {
        for (int i = 0; i < replay->expectedCount; i++) {
            const PolicyTokenStream *stream = replay->expected[i];
            if ((replay->replayedStreams & (1u << i)) || stream->length != length
                || !sameKey(stream->key, stream->keyLength, instance->key, instance->keyLength)
                || (length > 0 && memcmp(replay->expectedTexts[i], text, (size_t)length) != 0)) {
                continue;
            }
            replay->replayedStreams |= 1u << i;
            replay->replayed++;
            return replayStream(stream, context, token);
        }
        replay->tokenized++;
    }
    return replay->inner.xTokenize(instance->inner, context, flags, text, length, token);
}

static void replayDestroy(void *userData) {
    PolicyReplay *replay = userData;
    free(replay->name);
    free(replay);
}

static fts5_tokenizer replayMethods = {replayCreate, replayDelete, replayTokenize};

/// The replay registered as `name` on the connection, or NULL.
static PolicyReplay *findReplay(fts5_api *fts5, const char *name) {
    if (!fts5 || !name) return NULL;
    void *userData = NULL;
    fts5_tokenizer methods;
    if (fts5->xFindTokenizer(fts5, name, &userData, &methods) != SQLITE_OK) return NULL;
    return methods.xCreate == replayCreate ? userData : NULL;
}

int policy_replay_register(void *api, const char *name) {
    fts5_api *fts5 = api;
    if (!fts5 || !name || fts5->iVersion < 2) return SQLITE_MISUSE;
    if (findReplay(fts5, name)) return SQLITE_OK;
    PolicyReplay *replay = calloc(1, sizeof(PolicyReplay));
    if (!replay) return SQLITE_NOMEM;
    size_t size = strlen(name) + 1;
    replay->name = malloc(size);
    if (!replay->name) {
        free(replay);
        return SQLITE_NOMEM;
    }
    memcpy(replay->name, name, size);
    int rc = fts5->xFindTokenizer(fts5, name, &replay->innerUserData, &replay->inner);
    // FTS5 finds the tokenizer registered last under a name: this one, from now on.
    if (rc == SQLITE_OK) rc = fts5->xCreateTokenizer(fts5, name, replay, &replayMethods, replayDestroy);
    // On failure FTS5 has not called replayDestroy (it calls it only for a tokenizer it registered).
    if (rc != SQLITE_OK) replayDestroy(replay);
    return rc;
}

PolicyReplay *policy_replay_find(void *api, const char *name) { return findReplay(api, name); }

int policy_replay_expect(
    PolicyReplay *replay, PolicyTokenStream *const *streams, const char *const *texts, const int *lengths,
    int count) {
    if (count < 0 || count > POLICY_REPLAY_MAXIMUM_STREAMS) return SQLITE_RANGE;
    for (int i = 0; i < count; i++) {
        if (lengths[i] != streams[i]->length) {
            replay->expectedCount = 0;
            return SQLITE_MISMATCH;
        }
    }
    for (int i = 0; i < count; i++) {
        replay->expected[i] = streams[i];
        replay->expectedTexts[i] = texts[i];
    }
    replay->expectedCount = count;
    replay->replayedStreams = 0;
    return SQLITE_OK;
}

void policy_replay_counts(const PolicyReplay *replay, int64_t *replayed, int64_t *tokenized) {
    *replayed = replay->replayed;
    *tokenized = replay->tokenized;
}
