#ifndef POLICY_SEARCH_MARKER_H
#define POLICY_SEARCH_MARKER_H

#include <stdint.h>

/// A query's phrases, tokenized by a full-text table's tokenizer, to find and mark in texts that the same tokenizer
/// reads: a snippet, and the whole text for passages.
///
/// FTS5's `snippet()` and `highlight()` need a full-text lookup of the row (the query matched again, then every
/// phrase's instances read from the index), read the text again from the table's content, and tokenize it twice for
/// a snippet. A marker tokenizes a text it is given once, and finds the phrases among its tokens itself.
typedef struct PolicyMarker PolicyMarker;

/// The most tokens all the phrases of a marker may hold together.
#define POLICY_MARKER_MAXIMUM_TOKENS 64

/// Makes a marker.
///
/// - Parameters:
///   - fts5_api: The connection's `fts5_api`, whose tokenizer `tokenizer[0]` is created with the arguments
///     `tokenizer[1...]` (as in `tokenize = 'porter unicode61 remove_diacritics 2'`).
///   - phrases: Each phrase's UTF-8 text (`lengths` bytes), tokenized as FTS5 tokenizes a query's phrase; the last
///     token of a phrase whose `prefixes` entry is not 0 matches every token that starts with it.
///   A phrase of no token is left out: it matches nothing.
///   - marker: Set to the marker, or to NULL on error.
/// - Returns: SQLITE_OK, SQLITE_TOOBIG when the phrases hold more than POLICY_MARKER_MAXIMUM_TOKENS tokens, or
///   another SQLite error code.
int policy_marker_create(
    void *fts5_api, const char *const *tokenizer, int tokenizerArgumentCount, const char *const *phrases,
    const int *lengths, const int *prefixes, int phraseCount, PolicyMarker **marker);

/// Frees a marker (NULL is allowed).
void policy_marker_free(PolicyMarker *marker);

/// A text a marker made: UTF-8, `length` bytes, to be freed with `policy_marker_free_text`.
typedef struct {
    char *bytes;
    int length;
} PolicyMarkedText;

/// Frees a marked text's bytes.
void policy_marker_free_text(PolicyMarkedText text);

/// Marks a text: every instance of a phrase (overlapping instances merged) between the UTF-8 sequences `open` and
/// `close`.
///
/// - Parameters:
///   - text: The UTF-8 text (`length` bytes).
///   - snippetTokens: The most tokens of the snippet. The snippet is the window of that many tokens with the most
///     distinct phrases, then the most instances, preferring one that starts a sentence; the first tokens when no
///     phrase is found. `ellipsis` stands for the text left out before or after it.
///   - snippet: Set to the marked snippet.
///   - whole: When not NULL, set to the whole text marked.
/// - Returns: SQLITE_OK or an SQLite error code (the tokenizer's, or SQLITE_NOMEM); on error nothing is set.
int policy_marker_mark(
    PolicyMarker *marker, const char *text, int length, int snippetTokens, const char *open, const char *close,
    const char *ellipsis, PolicyMarkedText *snippet, PolicyMarkedText *whole);

/// A text's tokens as a full-text table's tokenizer reads it, in order: token `i` is the `lengths[i]` bytes at
/// `bytes + offsets[i]`, read from the text's bytes `starts[i]` to `ends[i]` (a token at the position of the one
/// before, a synonym, is left out).
typedef struct {
    char *bytes;
    int *offsets;
    int *lengths;
    int *starts;
    int *ends;
    int count;
    int capacity;
    int byteCount;
    int byteCapacity;
} PolicyTokens;

/// Reads a text's tokens.
///
/// - Parameters:
///   - fts5_api: The connection's `fts5_api`, whose tokenizer `tokenizer[0]` is created with the arguments
///     `tokenizer[1...]`.
///   - text: The UTF-8 text (`length` bytes).
///   - query: Not 0 to tokenize it as FTS5 tokenizes a query's phrase, 0 as it tokenizes a document.
///   - tokens: Set to the tokens, to be freed with `policy_tokens_free` (also on error).
/// - Returns: SQLITE_OK or an SQLite error code.
int policy_tokens_read(
    void *fts5_api, const char *const *tokenizer, int tokenizerArgumentCount, const char *text, int length, int query,
    PolicyTokens *tokens);

/// Frees what `policy_tokens_read` set.
void policy_tokens_free(PolicyTokens *tokens);

#endif
