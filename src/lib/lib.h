/*
 * lib.h - libopenrouter internals shared by src/lib/ (all files): the client struct,
 * the HTTP transport with retries, and result decoding from a body.
 */
#ifndef OR_LIB_H
#define OR_LIB_H

#include <curl/curl.h>

#include "catalog/catalog.h"
#include "openrouter/client.h"
#include "util/buf.h"

struct or_client {
	char *api_key, *base_url, *http_referer, *app_title, *app_categories;
	char *user_agent;
	long timeout_ms, connect_timeout_ms;
	or_retry_policy retry;
	size_t max_body;
	unsigned int flags;
	CURL *curl;          /* reused between calls: keeps connections alive */
	uint64_t rng;        /* jitter state */

	/* the last call */
	buf body;            /* response body (success or failure) */
	int err;             /* its code */
	int status;          /* HTTP status, 0 when none */
	unsigned int attempts;
	char *api_message;   /* error.message from a JSON error body */
	char errmsg[512];
};

/*
 * GET base_url + path (path starts with '/', already escaped, query
 * included). Applies headers, timeout and the retry policy from c and opts.
 * On 0 the 2XX body is in c->body; otherwise the code is returned and the
 * client's error detail set.
 */
int or__get(or_client *c, const or_call_options *opts, const char *path);

/* Record a failure on the client (printf-style message). Returns code. */
int or__fail(or_client *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clear the last-call state before a call. */
void or__reset_error(or_client *c);

/* Append s to b percent-encoded like encodeURIComponent. */
int or__escape(buf *b, const char *s);

/* "author/slug" path segments, each escaped, into b (no leading '/'). */
int or__path_id(buf *b, const char *author, const char *slug);

/* The /models query for req into the empty buffer b ("" when req is NULL);
 * rss: also send use_rss and use_rss_chat_links. */
int or__models_query(buf *b, const or_models_list_request *req, int rss);

#endif
