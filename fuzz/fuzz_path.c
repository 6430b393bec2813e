/*
 * fuzz_path.c - fuzz target: request-target splitting and strict percent
 * decoding (src/server/path.h).
 *
 * Input: the raw request target. Oracles: path_decode never writes more than
 * len+1 bytes and agrees with a reference decoder; path_parse's segments are
 * within bounds, NUL-terminated, free of NUL and '/' from the raw text, and
 * its query points inside the input.
 */
#include "fuzz.h"

#include <string.h>

#include "server/path.h"
#include "util/arena.h"

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reference: strict decoding, -1 on a bad escape, %00 or a raw NUL. */
static long ref_decode(const uint8_t *s, size_t len, uint8_t *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == 0)
			return -1;
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= len)
			return -1;
		if (hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0)
			return -1;
		out[o] = (uint8_t)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
		if (!out[o])
			return -1;
		o++;
		i += 2;
	}
	return (long)o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = malloc(size + 1);
	uint8_t *ref = malloc(size + 1);
	long n, rn;
	arena a = { 0 };
	path_parts pp;
	int rc;
	size_t i;

	FUZZ_CHECK(out && ref);
	n = path_decode((const char *)data, size, out);
	rn = ref_decode(data, size, ref);
	FUZZ_CHECK((n < 0) == (rn < 0));
	if (n >= 0) {
		FUZZ_CHECK((size_t)n <= size);
		FUZZ_CHECK(n == rn && memcmp(out, ref, (size_t)n) == 0);
		FUZZ_CHECK(out[n] == '\0');
	}
	free(out);
	free(ref);

	rc = path_parse((const char *)data, size, &a, &pp);
	FUZZ_CHECK(rc == PATH_OK || rc == PATH_BAD_ESCAPE || rc == PATH_TOO_MANY ||
		   rc == PATH_EMPTY_SEG || rc == PATH_NOMEM);
	FUZZ_CHECK(pp.query != NULL);
	if (pp.query_len) {
		FUZZ_CHECK(pp.query >= (const char *)data &&
			   pp.query + pp.query_len <= (const char *)data + size);
		FUZZ_CHECK(memchr(pp.query, '#', pp.query_len) == NULL);
	}
	if (rc == PATH_OK) {
		FUZZ_CHECK(pp.nseg <= PATH_MAX_SEGMENTS);
		for (i = 0; i < pp.nseg; i++) {
			FUZZ_CHECK(pp.seg[i] != NULL);
			FUZZ_CHECK(pp.seg_len[i] > 0);
			FUZZ_CHECK(pp.seg[i][pp.seg_len[i]] == '\0');
			FUZZ_CHECK(strlen(pp.seg[i]) == pp.seg_len[i]);
		}
	}
	arena_free(&a);
	return 0;
}
