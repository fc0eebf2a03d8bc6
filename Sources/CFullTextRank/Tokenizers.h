#ifndef POLICY_SEARCH_TOKENIZERS_H
#define POLICY_SEARCH_TOKENIZERS_H

// What the target's C files share about FTS5's tokenizers (not part of the module's interface).

#include <sqlite3.h>

/// Finds the tokenizer `tokenizer[0]` and creates an instance of it with the arguments `tokenizer[1...]`.
int policy_create_tokenizer(
    fts5_api *fts5, const char *const *tokenizer, int tokenizerArgumentCount, fts5_tokenizer *methods,
    Fts5Tokenizer **instance);

#endif
