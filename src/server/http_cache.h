/*
 * http_cache.h - HTTP caching and content negotiation for 200 responses:
 * Accept-Encoding with q-values, strong ETags, If-None-Match /
 * If-Modified-Since -> 304, Cache-Control, Last-Modified, Vary.
 *
 * The ETag of a response is "<catalog version>-<hash of the identity bytes>"
 * plus "-gz"/"-br" for a compressed representation: strong, one per (catalog
 * version, request, coding), and the same tag always means the same bytes
 * (a time-dependent filter or an API key that changes the body changes the
 * hash). Fixed bodies have their hash computed once per snapshot in their
 * compress_set; a body assembled per request is hashed when sent.
 *
 * The pure functions (negotiation, tag matching, dates) take header strings
 * and are the fuzzing surface; http_cache_prepare() and http_cache_headers()
 * are the few calls the response path makes.
 */
#ifndef OR_SERVER_HTTP_CACHE_H
#define OR_SERVER_HTTP_CACHE_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "server/compress.h"

/* '"' + 20 digits + '-' + 16 hex + "-gz" + '"' + NUL, rounded up */
#define HTTP_ETAG_MAX 64
/* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */
#define HTTP_DATE_MAX 32

/* How clients may cache: Cache-Control: public, max-age=N (N < 0: no-cache). */
#define HTTP_CACHE_MAX_AGE_DEFAULT 60

/*
 * The coding to send for an Accept-Encoding header value (NULL = header
 * absent), among the codings in offered (ENC_BIT() set; identity is always
 * possible). Highest q wins; on a tie the server prefers br, then gzip, then
 * identity. Identity is acceptable unless excluded ("identity;q=0" or
 * "*;q=0" without a later identity); when nothing offered is acceptable the
 * answer is identity all the same (RFC 9110 12.5.3 allows ignoring the field).
 * Codings are case-insensitive; "x-gzip" is gzip; a malformed q is q=0.
 */
http_enc http_negotiate_encoding(const char *accept_encoding, unsigned offered);

/* Write the quoted strong ETag for (version, content hash, coding) into out;
 * returns its length. */
size_t http_etag_format(char out[HTTP_ETAG_MAX], int64_t version, uint64_t hash, http_enc enc);

/*
 * Does an If-None-Match header value match etag (quoted, as formatted)?
 * Weak comparison (RFC 9110 13.1.2: W/ prefixes ignored); "*" matches. A
 * malformed list matches nothing from the bad element on.
 */
int http_etag_match(const char *if_none_match, const char *etag);

/* IMF-fixdate of t into out; returns the length (0 on error). */
size_t http_date_format(time_t t, char out[HTTP_DATE_MAX]);
/* Parse an IMF-fixdate; returns 0 and *out, or -1 when malformed. */
int http_date_parse(const char *s, time_t *out);

/* What the cache layer decided for one 200 response. */
typedef struct http_body {
	const char *data;     /* the bytes to send (borrowed, or == owned) */
	size_t len;
	char *owned;          /* compressed on the fly: the response must free() it */
	http_enc enc;         /* coding of data */
	int not_modified;     /* send 304 with no body */
	int authorized;       /* the request carried Authorization: private caching only */
	time_t last_modified; /* 0 = none */
	char etag[HTTP_ETAG_MAX];
} http_body;

/*
 * Decide how to answer a 200 whose identity body is data[0..len) and which
 * belongs to catalog version `version`: negotiate the coding from the
 * request's Accept-Encoding; take the compressed bytes from cs when the body
 * is one of its fixed bodies and they are ready, else compress on the fly
 * when len >= COMPRESS_MIN_SIZE (falling back to identity if that fails);
 * compute the ETag; evaluate If-None-Match (else If-Modified-Since against
 * cs's birth time). cs may be NULL. content_hash, when not NULL, stands for
 * the body's hash in the ETag: a caller that knows every input of the bytes
 * (within one catalog version) hashes those instead of the bytes. Never
 * fails: out is always usable.
 */
void http_cache_prepare(struct MHD_Connection *conn, int64_t version, const compress_set *cs,
			const char *data, size_t len, const uint64_t *content_hash, http_body *out);

/*
 * Add the headers of b to resp: Content-Encoding (when compressed), ETag,
 * Last-Modified, Vary: Accept-Encoding and Cache-Control (max_age seconds;
 * negative: no-cache). An answer to a request with Authorization (keyed
 * figures, per-key model lists) is "private" and varies on Authorization too,
 * so that no shared cache hands it to another client. For a 304 the same call gives the validators it must
 * repeat. Returns MHD_YES, or MHD_NO when a header could not be added.
 */
enum MHD_Result http_cache_headers(struct MHD_Response *resp, const http_body *b, int max_age);

/* A 304 (empty body) response for b, with http_cache_headers() applied; NULL
 * when out of memory. The caller queues and destroys it. */
struct MHD_Response *http_cache_304(const http_body *b, int max_age);

/* Release what prepare allocated (the on-the-fly body when not handed to a
 * response). */
void http_body_free(http_body *b);

#endif
