/* pct.c - percent-encoding (see pct.h). */
#include "util/pct.h"

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

long pct_decode(const char *s, size_t len, char *out, int plus_is_space)
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
			out[o++] = plus_is_space && c == '+' ? ' ' : (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
}

int pct_encode(buf *b, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		int r;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (keep && strchr(keep, c))) {
			r = buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			r = buf_append(b, e, 3);
		}
		if (r < 0)
			return -1;
	}
	return 0;
}
