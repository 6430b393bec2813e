/*
 * http.h - per-request state and response helpers shared by http.c and the
 * route handlers.
 *
 * A request's scratch memory is its arena, released with the request in
 * libmicrohttpd's request-completed callback. A request holds one reference
 * to the snapshot it answers from; a response whose bytes live in that
 * snapshot takes its own reference, dropped when libmicrohttpd destroys it.
 */
#ifndef OR_SERVER_HTTP_H
#define OR_SERVER_HTTP_H

#include <microhttpd.h>
#include <stddef.h>

#include "server/server.h"
#include "util/arena.h"
#include "util/buf.h"

/* Largest request body read (and dropped) before the connection is closed. */
#define REQUEST_BODY_MAX ((size_t)1 << 20)

typedef struct request {
	arena mem;
	char *target;             /* raw request target, as sent */
	size_t target_len;
	server *srv;
	struct MHD_Connection *conn;
	const char *method;
	snapshot *snap;           /* taken when the request is handled */
	int answered;
	size_t body_bytes;        /* request body read and dropped so far */
	/* A selection's ETag hash, computed from what determines its bytes
	 * (see answer_list) instead of from the bytes; 0/unset = hash the body. */
	uint64_t body_key;
	int has_body_key;
} request;

#define CT_JSON "application/json"
#define CT_RSS "application/rss+xml; charset=utf-8"

/* Answer with bytes that live in r->snap (no copy). */
enum MHD_Result respond_snap(request *r, unsigned status, const char *data, size_t len,
			     const char *ctype);
/* Answer with the contents of b (taken over; b is reset). */
enum MHD_Result respond_buf(request *r, unsigned status, buf *b, const char *ctype);
/* 200 with an unpaged list of r->snap (one buffer or pieces), cacheable. */
enum MHD_Result respond_snap_list(request *r, const snap_list *l, const char *ctype);
/* Answer {"error":{"code":status,"message":...}}. */
enum MHD_Result respond_error(request *r, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 405 with an Allow header. */
enum MHD_Result respond_405(request *r, const char *allow);

/* routes.c: answer one request. */
enum MHD_Result routes_dispatch(request *r);

#endif
