/* utf8.h - strict UTF-8 decoding, one implementation for the query engine
 * (parameters must be valid UTF-8), the RSS feed and the server's error
 * messages (invalid bytes become U+FFFD). */
#ifndef OR_UTIL_UTF8_H
#define OR_UTIL_UTF8_H

#include <stddef.h>

/* Length (1..4) of the valid UTF-8 sequence at s[0..n), its code point in
 * *cp (may be NULL); 0 when invalid: truncated, overlong, a surrogate or past
 * U+10FFFF. n must be >= 1. */
size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp);

/* Is s[0..n) entirely valid UTF-8? */
int utf8_valid(const unsigned char *s, size_t n);

#endif
