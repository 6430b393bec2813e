/*
 * pct.h - percent-encoding, one implementation for the whole project: the
 * server decodes paths and query strings with it, the query engine and the
 * RSS feed encode links, the SDK encodes request paths and parameters.
 */
#ifndef OR_UTIL_PCT_H
#define OR_UTIL_PCT_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Strictly decode s[0..len) into out (room for len + 1 bytes; NUL-added).
 * plus_is_space: '+' decodes to ' ' (query strings) or stays '+' (paths).
 * Returns the decoded length, or -1 for a truncated or non-hex escape, an
 * encoded NUL (%00) or a raw NUL byte.
 */
long pct_decode(const char *s, size_t len, char *out, int plus_is_space);

/* Append s encoded: ASCII letters, digits and the bytes in keep are copied,
 * every other byte becomes %XX (upper-case hex). Returns 0 or -1 (cap). */
int pct_encode(buf *b, const char *s, const char *keep);

#endif
