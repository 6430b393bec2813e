/*
 * path.c - split and strictly percent-decode request targets (see path.h).
 */
#include "server/path.h"

#include <string.h>

#include "util/pct.h"

long path_decode(const char *s, size_t len, char *out)
{
	return pct_decode(s, len, out, 0);
}

int path_parse(const char *target, size_t len, arena *a, path_parts *out)
{
	const char *q, *end, *p;
	size_t plen;

	memset(out, 0, sizeof(*out));
	out->query = "";
	/* a fragment never reaches a server, but tolerate one */
	end = memchr(target, '#', len);
	if (end)
		len = (size_t)(end - target);
	q = memchr(target, '?', len);
	if (q) {
		out->query = q + 1;
		out->query_len = len - (size_t)(q + 1 - target);
		plen = (size_t)(q - target);
	} else {
		plen = len;
	}
	if (plen == 0 || target[0] != '/')
		return PATH_EMPTY_SEG;
	if (plen > 1 && target[plen - 1] == '/')
		plen--;
	if (plen == 1)
		return PATH_OK; /* "/" */
	p = target + 1;
	end = target + plen;
	while (p <= end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *segend = slash ? slash : end;
		size_t sl = (size_t)(segend - p);
		char *dec;
		long dl;

		if (sl == 0)
			return PATH_EMPTY_SEG;
		if (out->nseg == PATH_MAX_SEGMENTS)
			return PATH_TOO_MANY;
		dec = arena_alloc(a, sl + 1);
		if (!dec)
			return PATH_NOMEM;
		dl = path_decode(p, sl, dec);
		if (dl < 0)
			return PATH_BAD_ESCAPE;
		out->seg[out->nseg] = dec;
		out->seg_len[out->nseg] = (size_t)dl;
		out->nseg++;
		if (!slash)
			break;
		p = slash + 1;
	}
	return PATH_OK;
}
