/* encoding.c - captures saved by other tools are not always plain UTF-8:
 * some start with a UTF-8 byte-order mark, some were written as UTF-16 with a
 * BOM (PowerShell redirects). Give the importer UTF-8 JSON either way. */
#include "store/encoding.h"

#include <stdlib.h>
#include <string.h>

static size_t put_utf8(unsigned char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xc0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* UTF-16 (after its BOM) -> UTF-8; unpaired surrogates become U+FFFD. */
static char *from_utf16(const unsigned char *p, size_t n, int big, size_t *outlen)
{
	unsigned char *out = malloc(n / 2 * 3 + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		unsigned long c = big ? (unsigned long)(p[i] << 8 | p[i + 1])
				      : (unsigned long)(p[i + 1] << 8 | p[i]);

		if (c >= 0xd800 && c < 0xdc00 && i + 3 < n) {
			unsigned long lo = big ? (unsigned long)(p[i + 2] << 8 | p[i + 3])
					       : (unsigned long)(p[i + 3] << 8 | p[i + 2]);
			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		o += put_utf8(o, c);
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return (char *)out;
}

int encoding_to_utf8(const char *text, size_t len, const char **out, size_t *outlen,
		     char **owned)
{
	const unsigned char *p = (const unsigned char *)text;

	*owned = NULL;
	*out = text;
	*outlen = len;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*out = text + 3;
		*outlen = len - 3;
	} else if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff))) {
		*owned = from_utf16(p + 2, len - 2, p[0] == 0xfe, outlen);
		if (!*owned)
			return -1;
		*out = *owned;
	}
	return 0;
}
