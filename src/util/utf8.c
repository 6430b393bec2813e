/* utf8.c - strict UTF-8 decoding (see utf8.h). */
#include "util/utf8.h"

size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], v, min;
	size_t len, k;

	if (c < 0x80) {
		if (cp)
			*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
		len = 2, v = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		len = 3, v = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	if (cp)
		*cp = v;
	return len;
}

int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, l;

	while (i < n) {
		if (!(l = utf8_next(s + i, n - i, NULL)))
			return 0;
		i += l;
	}
	return 1;
}
