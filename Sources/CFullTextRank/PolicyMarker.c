// Marks a query's phrases in a text, tokenized by the full-text table's own tokenizer (see PolicyMarker.h).

#include "PolicyMarker.h"
#include "Tokenizers.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/// One phrase: its tokens, and whether the last one is a prefix.
typedef struct {
    char **tokens;
    int *lengths;
    int count;
    int isPrefix;
    /// The bit of its first token in a position's `slots` (the others follow).
    int firstSlot;
} Phrase;

struct PolicyMarker {
    fts5_tokenizer tokenizer;
    Fts5Tokenizer *instance;
    /// When the tokenizer is `porter` over another one: that one, which reads a text's tokens without stemming them,
    /// and the first bytes of the phrases' tokens. Porter changes only a token's ending, never its first byte, so a
    /// text's token is stemmed (by the whole tokenizer, alone) only when it starts with one of them, or always when a
    /// prefix phrase ends with an empty token.
    fts5_tokenizer base;
    Fts5Tokenizer *baseInstance;
    unsigned char firstBytes[256];
    int stemsEveryToken;
    /// Room for `allocated` phrases, of which the first `phraseCount` hold tokens.
    Phrase *phrases;
    int allocated;
    int phraseCount;
    int slotCount;
};

void policy_marker_free(PolicyMarker *marker) {
    if (!marker) return;
    // Every phrase allocated, used or not: one that failed to tokenize may hold arrays.
    for (int p = 0; p < marker->allocated; p++) {
        for (int t = 0; t < marker->phrases[p].count; t++) free(marker->phrases[p].tokens[t]);
        free(marker->phrases[p].tokens);
        free(marker->phrases[p].lengths);
    }
    free(marker->phrases);
    if (marker->instance) marker->tokenizer.xDelete(marker->instance);
    if (marker->baseInstance) marker->base.xDelete(marker->baseInstance);
    free(marker);
}

void policy_marker_free_text(PolicyMarkedText text) { free(text.bytes); }

/// Keeps each token of a phrase as the tokenizer gives it.
static int addPhraseToken(void *context, int flags, const char *token, int length, int start, int end) {
    (void)start;
    (void)end;
    Phrase *phrase = context;
    // A token at the position of the one before (a synonym) adds no position to the phrase.
    if ((flags & FTS5_TOKEN_COLOCATED) && phrase->count > 0) return SQLITE_OK;
    char **tokens = realloc(phrase->tokens, sizeof(char *) * (size_t)(phrase->count + 1));
    if (!tokens) return SQLITE_NOMEM;
    phrase->tokens = tokens;
    int *lengths = realloc(phrase->lengths, sizeof(int) * (size_t)(phrase->count + 1));
    if (!lengths) return SQLITE_NOMEM;
    phrase->lengths = lengths;
    char *copy = malloc((size_t)length + 1);
    if (!copy) return SQLITE_NOMEM;
    memcpy(copy, token, (size_t)length);
    copy[length] = 0;
    phrase->tokens[phrase->count] = copy;
    phrase->lengths[phrase->count] = length;
    phrase->count++;
    return SQLITE_OK;
}

int policy_create_tokenizer(
    fts5_api *fts5, const char *const *tokenizer, int tokenizerArgumentCount, fts5_tokenizer *methods,
    Fts5Tokenizer **instance) {
    void *userData = NULL;
    int rc = fts5->xFindTokenizer(fts5, tokenizer[0], &userData, methods);
    // xCreate takes the arguments as non-const, but does not change them.
    if (rc == SQLITE_OK) {
        rc = methods->xCreate(userData, (const char **)tokenizer + 1, tokenizerArgumentCount - 1, instance);
    }
    return rc;
}

int policy_marker_create(
    void *api, const char *const *tokenizer, int tokenizerArgumentCount, const char *const *phrases,
    const int *lengths, const int *prefixes, int phraseCount, PolicyMarker **result) {
    *result = NULL;
    fts5_api *fts5 = api;
    if (!fts5 || tokenizerArgumentCount < 1) return SQLITE_MISUSE;
    PolicyMarker *marker = calloc(1, sizeof(PolicyMarker));
    if (!marker) return SQLITE_NOMEM;
    int rc = policy_create_tokenizer(fts5, tokenizer, tokenizerArgumentCount, &marker->tokenizer, &marker->instance);
    if (rc == SQLITE_OK && phraseCount > 0) {
        marker->phrases = calloc((size_t)phraseCount, sizeof(Phrase));
        if (!marker->phrases) rc = SQLITE_NOMEM;
        else marker->allocated = phraseCount;
    }
    for (int p = 0; rc == SQLITE_OK && p < phraseCount; p++) {
        Phrase *phrase = &marker->phrases[marker->phraseCount];
        phrase->isPrefix = prefixes[p] != 0;
        int flags = FTS5_TOKENIZE_QUERY | (phrase->isPrefix ? FTS5_TOKENIZE_PREFIX : 0);
        rc = marker->tokenizer.xTokenize(marker->instance, phrase, flags, phrases[p], lengths[p], addPhraseToken);
        // A phrase of no token matches nothing: the next one takes its place.
        if (rc != SQLITE_OK || phrase->count == 0) continue;
        phrase->firstSlot = marker->slotCount;
        marker->slotCount += phrase->count;
        marker->phraseCount++;
        if (marker->slotCount > POLICY_MARKER_MAXIMUM_TOKENS) rc = SQLITE_TOOBIG;
    }
    if (rc == SQLITE_OK && tokenizerArgumentCount >= 2 && strcmp(tokenizer[0], "porter") == 0) {
        int found = policy_create_tokenizer(
            fts5, tokenizer + 1, tokenizerArgumentCount - 1, &marker->base, &marker->baseInstance);
        // Without it, every token is read through the whole tokenizer, as before.
        if (found != SQLITE_OK) marker->baseInstance = NULL;
        for (int p = 0; p < marker->phraseCount; p++) {
            const Phrase *phrase = &marker->phrases[p];
            for (int t = 0; t < phrase->count; t++) {
                if (phrase->lengths[t] > 0) marker->firstBytes[(unsigned char)phrase->tokens[t][0]] = 1;
                else marker->stemsEveryToken = 1;
            }
        }
    }
    if (rc != SQLITE_OK) {
        policy_marker_free(marker);
        return rc;
    }
    *result = marker;
    return SQLITE_OK;
}

/// A text's tokens: where each is, and which phrase tokens it equals (one bit per phrase token).
typedef struct {
    const PolicyMarker *marker;
    int count;
    int capacity;
    int *starts;
    int *ends;
    uint64_t *slots;
} Tokens;

/// The phrase tokens a text's token equals (the last token of a prefix phrase: starts with).
static uint64_t slotsOf(const PolicyMarker *marker, const char *token, int length) {
    uint64_t slots = 0;
    for (int p = 0; p < marker->phraseCount; p++) {
        const Phrase *phrase = &marker->phrases[p];
        for (int t = 0; t < phrase->count; t++) {
            int wanted = phrase->lengths[t];
            int isPrefix = phrase->isPrefix && t == phrase->count - 1;
            if (isPrefix ? length < wanted : length != wanted) continue;
            if (wanted > 0 && (token[0] != phrase->tokens[t][0] || memcmp(token, phrase->tokens[t], (size_t)wanted)))
                continue;
            slots |= (uint64_t)1 << (phrase->firstSlot + t);
        }
    }
    return slots;
}

/// Keeps a text's token: where it is, and which phrase tokens it equals.
static int addToken(Tokens *tokens, int flags, uint64_t slots, int start, int end) {
    if ((flags & FTS5_TOKEN_COLOCATED) && tokens->count > 0) {
        tokens->slots[tokens->count - 1] |= slots;
        return SQLITE_OK;
    }
    if (tokens->count == tokens->capacity) {
        int capacity = tokens->capacity ? tokens->capacity * 2 : 1024;
        int *starts = realloc(tokens->starts, sizeof(int) * (size_t)capacity);
        if (!starts) return SQLITE_NOMEM;
        tokens->starts = starts;
        int *ends = realloc(tokens->ends, sizeof(int) * (size_t)capacity);
        if (!ends) return SQLITE_NOMEM;
        tokens->ends = ends;
        uint64_t *all = realloc(tokens->slots, sizeof(uint64_t) * (size_t)capacity);
        if (!all) return SQLITE_NOMEM;
        tokens->slots = all;
        tokens->capacity = capacity;
    }
    tokens->starts[tokens->count] = start;
    tokens->ends[tokens->count] = end;
    tokens->slots[tokens->count] = slots;
    tokens->count++;
    return SQLITE_OK;
}

static int addTextToken(void *context, int flags, const char *token, int length, int start, int end) {
    Tokens *tokens = context;
    return addToken(tokens, flags, slotsOf(tokens->marker, token, length), start, end);
}

/// The phrase tokens that the stem of one token equals.
typedef struct {
    const PolicyMarker *marker;
    uint64_t slots;
} Stem;

static int addStem(void *context, int flags, const char *token, int length, int start, int end) {
    (void)flags;
    (void)start;
    (void)end;
    Stem *stem = context;
    stem->slots |= slotsOf(stem->marker, token, length);
    return SQLITE_OK;
}

/// Keeps a token read without stemming: stemmed by the whole tokenizer only when its first byte may start a phrase
/// token (see PolicyMarker).
static int addUnstemmedToken(void *context, int flags, const char *token, int length, int start, int end) {
    Tokens *tokens = context;
    const PolicyMarker *marker = tokens->marker;
    Stem stem = {marker, 0};
    if (length > 0 && (marker->stemsEveryToken || marker->firstBytes[(unsigned char)token[0]])) {
        int rc = marker->tokenizer.xTokenize(marker->instance, &stem, FTS5_TOKENIZE_DOCUMENT, token, length, addStem);
        if (rc != SQLITE_OK) return rc;
    }
    return addToken(tokens, flags, stem.slots, start, end);
}

/// One instance of a phrase: the phrase, its first token's position and its token count.
typedef struct {
    int phrase;
    int position;
    int count;
} Instance;

/// Every instance of every phrase among a text's tokens, by position.
static int findInstances(const PolicyMarker *marker, const Tokens *tokens, Instance **result, int *resultCount) {
    Instance *instances = NULL;
    int count = 0, capacity = 0;
    for (int position = 0; position < tokens->count; position++) {
        if (!tokens->slots[position]) continue;
        for (int p = 0; p < marker->phraseCount; p++) {
            const Phrase *phrase = &marker->phrases[p];
            if (position + phrase->count > tokens->count) continue;
            int found = 1;
            for (int t = 0; found && t < phrase->count; t++) {
                found = (tokens->slots[position + t] >> (phrase->firstSlot + t)) & 1;
            }
            if (!found) continue;
            if (count == capacity) {
                capacity = capacity ? capacity * 2 : 64;
                Instance *grown = realloc(instances, sizeof(Instance) * (size_t)capacity);
                if (!grown) {
                    free(instances);
                    return SQLITE_NOMEM;
                }
                instances = grown;
            }
            instances[count++] = (Instance){p, position, phrase->count};
        }
    }
    *result = instances;
    *resultCount = count;
    return SQLITE_OK;
}

/// Whether the token at a position starts a sentence: the first, or one after a full stop, question or
/// exclamation mark, colon or line break.
static int startsSentence(const char *text, const Tokens *tokens, int position) {
    if (position == 0) return 1;
    for (int byte = tokens->ends[position - 1]; byte < tokens->starts[position]; byte++) {
        char c = text[byte];
        if (c == '.' || c == '?' || c == '!' || c == ':' || c == '\n') return 1;
    }
    return 0;
}

/// Where the text of a window from a token starts: at the text's start for the first token; after the sentence's
/// break and the spaces following it, so that `(b)` keeps its parenthesis, when the token starts a sentence; at the
/// token otherwise.
static int windowStart(const char *text, const Tokens *tokens, int first) {
    if (first == 0) return 0;
    int start = tokens->starts[first];
    for (int byte = tokens->starts[first] - 1; byte >= tokens->ends[first - 1]; byte--) {
        char c = text[byte];
        if (c == '.' || c == '?' || c == '!' || c == ':' || c == '\n') break;
        if (c != ' ' && c != '\t' && c != '\r') start = byte;
    }
    return start;
}

/// The score of the window of tokens from `first` to `last` (excluded): 1000 for each distinct phrase wholly
/// inside, 1 for each further instance, and 100 when it starts a sentence.
static int windowScore(
    const char *text, const Tokens *tokens, const Instance *instances, int instanceCount, unsigned char *seen,
    int phraseCount, int first, int last) {
    memset(seen, 0, (size_t)phraseCount);
    // The first instance at or after `first`.
    int low = 0, high = instanceCount;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (instances[middle].position < first) low = middle + 1;
        else high = middle;
    }
    int score = startsSentence(text, tokens, first) ? 100 : 0;
    for (int i = low; i < instanceCount && instances[i].position < last; i++) {
        if (instances[i].position + instances[i].count > last) continue;
        score += seen[instances[i].phrase] ? 1 : 1000;
        seen[instances[i].phrase] = 1;
    }
    return score;
}

/// The first token of the best snippet of `size` tokens.
static int bestWindow(
    const char *text, const Tokens *tokens, const Instance *instances, int instanceCount, unsigned char *seen,
    int phraseCount, int size) {
    int lastStart = tokens->count > size ? tokens->count - size : 0;
    int best = 0, bestScore = -1;
    for (int i = 0; i < instanceCount; i++) {
        int position = instances[i].position, count = instances[i].count;
        // The window that centres the instance (or ends with the text), and the one from the nearest sentence start
        // before it that holds it whole (shorter when the text ends first).
        int centred = position - (size - count) / 2;
        if (centred > lastStart) centred = lastStart;
        if (centred < 0) centred = 0;
        int candidates[2] = {centred, -1};
        for (int start = position; start >= 0 && start >= position + count - size; start--) {
            if (startsSentence(text, tokens, start)) {
                candidates[1] = start;
                break;
            }
        }
        for (int c = 0; c < 2; c++) {
            if (candidates[c] < 0) continue;
            int end = candidates[c] + size < tokens->count ? candidates[c] + size : tokens->count;
            int score = windowScore(text, tokens, instances, instanceCount, seen, phraseCount, candidates[c], end);
            if (score > bestScore || (score == bestScore && candidates[c] < best)) {
                bestScore = score;
                best = candidates[c];
            }
        }
    }
    return best;
}

/// A growing UTF-8 buffer.
typedef struct {
    char *bytes;
    int length;
    int capacity;
    int failed;
} Buffer;

static void append(Buffer *buffer, const char *bytes, int length) {
    if (buffer->failed || length <= 0) return;
    if (buffer->length + length > buffer->capacity) {
        int capacity = buffer->capacity ? buffer->capacity : 256;
        while (capacity < buffer->length + length) capacity *= 2;
        char *grown = realloc(buffer->bytes, (size_t)capacity);
        if (!grown) {
            buffer->failed = 1;
            return;
        }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, bytes, (size_t)length);
    buffer->length += length;
}

/// Appends the text from byte `from` to byte `to`, with the instances among the tokens from `first` to `last`
/// (excluded) marked: overlapping instances as one, each cut to those tokens.
static void appendMarked(
    Buffer *buffer, const char *text, const Tokens *tokens, const Instance *instances, int instanceCount, int first,
    int last, int from, int to, const char *open, const char *close) {
    int cursor = from;
    int i = 0;
    while (i < instanceCount) {
        int start = instances[i].position, end = instances[i].position + instances[i].count;
        for (i++; i < instanceCount && instances[i].position < end; i++) {
            int other = instances[i].position + instances[i].count;
            if (other > end) end = other;
        }
        if (start < first) start = first;
        if (end > last) end = last;
        if (start >= end) continue;
        append(buffer, text + cursor, tokens->starts[start] - cursor);
        append(buffer, open, (int)strlen(open));
        append(buffer, text + tokens->starts[start], tokens->ends[end - 1] - tokens->starts[start]);
        append(buffer, close, (int)strlen(close));
        cursor = tokens->ends[end - 1];
    }
    append(buffer, text + cursor, to - cursor);
}

int policy_marker_mark(
    PolicyMarker *marker, const char *text, int length, int snippetTokens, const char *open, const char *close,
    const char *ellipsis, PolicyMarkedText *snippet, PolicyMarkedText *whole) {
    Tokens tokens = {marker, 0, 0, NULL, NULL, NULL};
    int rc = marker->baseInstance
                 ? marker->base.xTokenize(
                       marker->baseInstance, &tokens, FTS5_TOKENIZE_DOCUMENT, text, length, addUnstemmedToken)
                 : marker->tokenizer.xTokenize(
                       marker->instance, &tokens, FTS5_TOKENIZE_DOCUMENT, text, length, addTextToken);
    Instance *instances = NULL;
    int instanceCount = 0;
    if (rc == SQLITE_OK) rc = findInstances(marker, &tokens, &instances, &instanceCount);
    unsigned char *seen = rc == SQLITE_OK ? calloc((size_t)marker->phraseCount + 1, 1) : NULL;
    if (rc == SQLITE_OK && !seen) rc = SQLITE_NOMEM;
    Buffer shown = {0}, marked = {0};
    if (rc == SQLITE_OK && tokens.count > 0) {
        int size = snippetTokens < 1 ? 1 : snippetTokens;
        int first = bestWindow(text, &tokens, instances, instanceCount, seen, marker->phraseCount, size);
        int last = first + size < tokens.count ? first + size : tokens.count;
        if (first > 0) append(&shown, ellipsis, (int)strlen(ellipsis));
        appendMarked(
            &shown, text, &tokens, instances, instanceCount, first, last, windowStart(text, &tokens, first),
            last == tokens.count ? length : tokens.ends[last - 1], open, close);
        if (last < tokens.count) append(&shown, ellipsis, (int)strlen(ellipsis));
    }
    if (rc == SQLITE_OK && whole) {
        appendMarked(&marked, text, &tokens, instances, instanceCount, 0, tokens.count, 0, length, open, close);
    }
    if (rc == SQLITE_OK && (shown.failed || marked.failed)) rc = SQLITE_NOMEM;
    free(tokens.starts);
    free(tokens.ends);
    free(tokens.slots);
    free(instances);
    free(seen);
    if (rc != SQLITE_OK) {
        free(shown.bytes);
        free(marked.bytes);
        return rc;
    }
    *snippet = (PolicyMarkedText){shown.bytes, shown.length};
    if (whole) *whole = (PolicyMarkedText){marked.bytes, marked.length};
    else free(marked.bytes);
    return SQLITE_OK;
}

/// Makes room for `capacity` ints in `*array`.
static int growInts(int **array, int capacity) {
    int *grown = realloc(*array, sizeof(int) * (size_t)capacity);
    if (!grown) return SQLITE_NOMEM;
    *array = grown;
    return SQLITE_OK;
}

/// Appends a token to a `PolicyTokens`.
static int addReadToken(void *context, int flags, const char *token, int length, int start, int end) {
    PolicyTokens *tokens = context;
    if ((flags & FTS5_TOKEN_COLOCATED) && tokens->count > 0) return SQLITE_OK;
    if (tokens->count == tokens->capacity) {
        int capacity = tokens->capacity ? tokens->capacity * 2 : 64;
        if (growInts(&tokens->offsets, capacity) || growInts(&tokens->lengths, capacity)
            || growInts(&tokens->starts, capacity) || growInts(&tokens->ends, capacity))
            return SQLITE_NOMEM;
        tokens->capacity = capacity;
    }
    if (tokens->byteCount + length > tokens->byteCapacity) {
        int capacity = tokens->byteCapacity ? tokens->byteCapacity : 1024;
        while (capacity < tokens->byteCount + length) capacity *= 2;
        char *grown = realloc(tokens->bytes, (size_t)capacity);
        if (!grown) return SQLITE_NOMEM;
        tokens->bytes = grown;
        tokens->byteCapacity = capacity;
    }
    memcpy(tokens->bytes + tokens->byteCount, token, (size_t)length);
    tokens->offsets[tokens->count] = tokens->byteCount;
    tokens->lengths[tokens->count] = length;
    tokens->starts[tokens->count] = start;
    tokens->ends[tokens->count] = end;
    tokens->byteCount += length;
    tokens->count++;
    return SQLITE_OK;
}

int policy_tokens_read(
    void *api, const char *const *tokenizer, int tokenizerArgumentCount, const char *text, int length, int query,
    PolicyTokens *tokens) {
    memset(tokens, 0, sizeof(PolicyTokens));
    fts5_api *fts5 = api;
    if (!fts5 || tokenizerArgumentCount < 1) return SQLITE_MISUSE;
    fts5_tokenizer methods;
    Fts5Tokenizer *instance = NULL;
    int rc = policy_create_tokenizer(fts5, tokenizer, tokenizerArgumentCount, &methods, &instance);
    if (rc == SQLITE_OK) {
        int flags = query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT;
        rc = methods.xTokenize(instance, tokens, flags, text, length, addReadToken);
    }
    if (instance) methods.xDelete(instance);
    return rc;
}

void policy_tokens_free(PolicyTokens *tokens) {
    free(tokens->bytes);
    free(tokens->offsets);
    free(tokens->lengths);
    free(tokens->starts);
    free(tokens->ends);
    memset(tokens, 0, sizeof(PolicyTokens));
}
