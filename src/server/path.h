/*
 * path.h - request-target handling: split the raw target into path and query,
 * split the path into segments and percent-decode each one strictly.
 *
 * Pure functions over caller memory (the per-request arena), no MHD: they are
 * the fuzzing surface for path decoding (issue 7).
 */
#ifndef OR_SERVER_PATH_H
#define OR_SERVER_PATH_H

#include <stddef.h>

#include "util/arena.h"

#define PATH_MAX_SEGMENTS 8

typedef struct path_parts {
	const char *seg[PATH_MAX_SEGMENTS]; /* decoded, NUL-terminated, in the arena */
	size_t seg_len[PATH_MAX_SEGMENTS];
	size_t nseg;
	const char *query;   /* raw query (after '?', before '#'), never NULL */
	size_t query_len;
} path_parts;

enum {
	PATH_OK = 0,
	PATH_BAD_ESCAPE = -1,  /* '%' not followed by two hex digits, or %00 */
	PATH_TOO_MANY = -2,    /* more segments than any route has */
	PATH_EMPTY_SEG = -3,   /* "//" or a path not starting with '/' */
	PATH_NOMEM = -4
};

/*
 * Percent-decode s[0..len) into out (at least len+1 bytes); '+' is kept as is
 * (it means space only in query strings). Returns the decoded length, or -1
 * on a malformed escape or an encoded NUL.
 */
long path_decode(const char *s, size_t len, char *out);

/*
 * Parse a raw request target ("/api/v1/models?x=1"). One trailing '/' is
 * ignored. Returns PATH_OK or a negative PATH_ code.
 */
int path_parse(const char *target, size_t len, arena *a, path_parts *out);

#endif
