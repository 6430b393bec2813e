/*
 * buf.h - the one growable byte buffer, with a mandatory size cap.
 *
 * Invariants: data is NUL-terminated whenever len > 0 or data != NULL;
 * len < cap_alloc; a buffer never grows past max bytes (appends fail with -1
 * and leave it unchanged, and `overflow` is set). A zeroed struct plus a max is
 * a valid empty buffer: BUF_INIT(max).
 */
#ifndef OR_UTIL_BUF_H
#define OR_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max;    /* hard cap on len */
	int overflow;  /* an append hit max */
} buf;

#define BUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes), 0 }
#define BUF_MAX_DEFAULT ((size_t)1 << 30)

/* Append; return 0, or -1 on allocation failure or when the cap is hit. */
int buf_append(buf *b, const void *data, size_t len);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Append s as the body of a JSON string (no quotes), escaped. */
int buf_json_escape(buf *b, const char *s, size_t len);
/* Append s as a quoted JSON string; NULL appends null. */
int buf_json_string(buf *b, const char *s);
/* Make room for n more bytes; returns 0 or -1. */
int buf_grow(buf *b, size_t n);
void buf_reset(buf *b);
/* Hand the bytes to the caller (free() them) and reset the buffer. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif
