/* encoding.h - normalise an imported document's text encoding to UTF-8. */
#ifndef OR_STORE_ENCODING_H
#define OR_STORE_ENCODING_H

#include <stddef.h>

/*
 * Point *out and *outlen at UTF-8 text for text[0..len): a UTF-8 BOM is skipped;
 * UTF-16LE/BE with a BOM is converted into a new buffer returned in *owned
 * (caller frees; NULL when nothing was converted). Anything else is taken as
 * UTF-8 unchanged. Returns 0, or -1 when memory runs out.
 */
int encoding_to_utf8(const char *text, size_t len, const char **out, size_t *outlen,
		     char **owned);

#endif
