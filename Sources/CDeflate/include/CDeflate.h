#ifndef CDEFLATE_H
#define CDEFLATE_H

#include <stddef.h>

/// The most bytes policy_zlib_compress can write for `count` bytes of input.
size_t policy_zlib_bound(size_t count);

/// `count` bytes as a zlib stream (RFC 1950) in `output`, which has room for `capacity` bytes.
/// Returns the stream's length, or 0 when it does not fit or no compressor could be made.
size_t policy_zlib_compress(const void *input, size_t count, void *output, size_t capacity);

/// Inflates the zlib stream `input` of `count` bytes into `output`. Returns 1 when the stream is valid and makes
/// exactly `length` bytes, else 0.
int policy_zlib_decompress(const void *input, size_t count, void *output, size_t length);

#endif
