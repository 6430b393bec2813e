/*
 * path.c - split and strictly percent-decode request targets (see path.h).
 */
#include "server/path.h"

#include <string.h>

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long path_decode(const char *s, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '\0') {
			return -1;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
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
