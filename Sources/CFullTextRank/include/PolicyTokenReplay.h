#ifndef POLICY_SEARCH_TOKEN_REPLAY_H
#define POLICY_SEARCH_TOKEN_REPLAY_H

#include <stdint.h>

/// Tokenizing a document's text ahead of its insert into a full-text table, on any thread, so that the one thread
/// that writes the table does not.
///
/// About a quarter of an FTS5 insert's time is its tokenizer (porter over unicode61: `perf record` of 10k generated
/// documents loaded into a bare FTS5 table, 14 % in porter's callback and 7 % in unicode61's tokenizer, against 35 %
/// in FTS5's hash of pending terms). A stream holds the tokens a built-in tokenizer reads in a text as a document. On
/// the writing connection, a replaying tokenizer registered under the built-in's name stands in front of it: asked
/// to tokenize a document whose bytes equal those of a text expected with a stream read from it, with the same
/// tokenizer and arguments, it hands FTS5 that stream's tokens; any other text goes to the built-in tokenizer. The
/// tokens replayed are therefore those the built-in tokenizer would read, and the table's declaration, and so the
/// file, stay as they are.
typedef struct PolicyTokenStream PolicyTokenStream;

/// Reads a text's tokens as FTS5 tokenizes a document, with the built-in tokenizer `tokenizer[0]` created with the
/// arguments `tokenizer[1...]` (as in `tokenize = 'porter unicode61 remove_diacritics 2'`). Safe on any thread: each
/// thread keeps its own instance of the tokenizer, from a connection of its own that only lends the tokenizers.
///
/// - Parameters:
///   - text: The UTF-8 text (`length` bytes); the stream keeps its tokens and its length, not the text.
///   - stream: Set to the stream, or to NULL on error.
/// - Returns: SQLITE_OK or an SQLite error code.
int policy_token_stream_make(
    const char *const *tokenizer, int tokenizerArgumentCount, const char *text, int length,
    PolicyTokenStream **stream);

/// Frees a stream (NULL is allowed).
void policy_token_stream_free(PolicyTokenStream *stream);

/// How many tokens a stream holds.
int policy_token_stream_count(const PolicyTokenStream *stream);

/// A stream's tokens as it keeps them: for each, a little-endian base-128 varint of its length times 2, plus 1 when
/// FTS5_TOKEN_COLOCATED, then its bytes. `length` is set to their size in bytes.
const unsigned char *policy_token_stream_bytes(const PolicyTokenStream *stream, int64_t *length);

/// A replaying tokenizer registered on a connection (``policy_replay_register``); it lives as long as the connection.
typedef struct PolicyReplay PolicyReplay;

/// Registers the replaying tokenizer under the name `tokenizer` on the connection whose `fts5_api` this is, in front
/// of the tokenizer that name finds now (a table that declares it must not have been read on the connection yet).
/// Registering it again does nothing.
int policy_replay_register(void *fts5_api, const char *tokenizer);

/// The replaying tokenizer registered as `tokenizer` on the connection whose `fts5_api` this is, or NULL.
PolicyReplay *policy_replay_find(void *fts5_api, const char *tokenizer);

/// The most streams ``policy_replay_expect`` takes at a time.
#define POLICY_REPLAY_MAXIMUM_STREAMS 8

/// Sets the texts the replaying tokenizer replays, each once, in the documents its connection tokenizes next, with
/// the stream read from each (`texts[i]`, `lengths[i]` bytes, read into `streams[i]`), replacing those set before;
/// `count` 0 clears them. The texts and streams must live until they are cleared or replaced.
///
/// - Returns: SQLITE_OK; SQLITE_RANGE for more than POLICY_REPLAY_MAXIMUM_STREAMS texts; SQLITE_MISMATCH, with
///   none expected, when a text's length is not the one its stream was read from.
int policy_replay_expect(
    PolicyReplay *replay, PolicyTokenStream *const *streams, const char *const *texts, const int *lengths,
    int count);

/// How many texts the replaying tokenizer replayed, and how many documents' texts it left to the tokenizer it stands
/// in front of, since it was registered.
void policy_replay_counts(const PolicyReplay *replay, int64_t *replayed, int64_t *tokenized);

#endif
