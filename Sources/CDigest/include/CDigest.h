#ifndef CDIGEST_H
#define CDIGEST_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4), for the portable rounds too.
const uint32_t *policy_sha256_round_constants(void);

/// Whether this processor has the SHA extensions (and SSE4.1) that policy_sha256_blocks needs.
int policy_sha256_accelerated(void);

/// SHA-256's compression function over `blocks` 64-byte blocks, with the processor's SHA instructions.
/// Call only when policy_sha256_accelerated() returns 1.
void policy_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
