/*
 * http.c - the libmicrohttpd daemon: listening socket, per-request contexts,
 * and the response helpers (http.h). Routing lives in routes.c.
 */
#include "server/http.h"
#include "util/utf8.h"
#include "server/limits.h"
#include "server/http_cache.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Bounds request line + headers. libmicrohttpd zeroes the whole pool after
 * every request: 64 KiB halved the request rate (docs/performance.md). */
#define CONNECTION_MEMORY_LIMIT (32 * 1024)

/* ---- responses ------------------------------------------------------- */

static enum MHD_Result queue(request *r, unsigned status, struct MHD_Response *resp,
			     const char *ctype)
{
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO; /* out of memory: libmicrohttpd closes the connection */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	if (r->snap) {
		char v[32];
		snprintf(v, sizeof(v), "%lld", (long long)r->snap->version);
		MHD_add_response_header(resp, "X-Catalog-Version", v);
	}
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	return ret;
}

static void release_snap(void *cls)
{
	snapshot_release(cls);
}

/*
 * A pieced list (snap_list) read into libmicrohttpd's buffer block by block.
 * Not MHD_create_response_from_iovec: libmicrohttpd 0.9.75 copies the iovec
 * array into the connection's 32 KiB memory pool, so a list of thousands of
 * pieces closes the connection (and its error path then aborts the process);
 * a content reader costs one memcpy of the body and nothing from the pool.
 */
#define LIST_BLOCK (64 * 1024)

typedef struct list_reader {
	snapshot *snap;          /* reference held until the response is destroyed */
	const snap_list *l;
	unsigned i;              /* current piece */
	size_t in;               /* bytes of it already read */
	uint64_t pos;            /* body offset of (i, in) */
} list_reader;

static ssize_t read_list(void *cls, uint64_t pos, char *out, size_t max)
{
	list_reader *rd = cls;
	const snap_list *l = rd->l;
	size_t n = 0;

	if (pos != rd->pos) { /* libmicrohttpd reads in order; seek all the same */
		rd->i = 0;
		rd->in = 0;
		rd->pos = 0;
		while (rd->i < l->niov && rd->pos + (l->iov[rd->i].iov_len - rd->in) <= pos) {
			rd->pos += l->iov[rd->i].iov_len - rd->in;
			rd->i++;
			rd->in = 0;
		}
		if (rd->i < l->niov) {
			rd->in = (size_t)(pos - rd->pos);
			rd->pos = pos;
		}
	}
	while (n < max && rd->i < l->niov) {
		size_t left = l->iov[rd->i].iov_len - rd->in, take = left < max - n ? left : max - n;

		memcpy(out + n, (const char *)l->iov[rd->i].iov_base + rd->in, take);
		n += take;
		rd->in += take;
		if (rd->in == l->iov[rd->i].iov_len) {
			rd->i++;
			rd->in = 0;
		}
	}
	rd->pos += n;
	return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static void free_list_reader(void *cls)
{
	list_reader *rd = cls;

	snapshot_release(rd->snap);
	free(rd);
}

static struct MHD_Response *list_response(request *r, const snap_list *l)
{
	list_reader *rd = calloc(1, sizeof(*rd));
	struct MHD_Response *resp;

	if (!rd)
		return NULL;
	rd->snap = snapshot_ref(r->snap);
	rd->l = l;
	resp = MHD_create_response_from_callback(l->len, LIST_BLOCK, read_list, rd, free_list_reader);
	if (!resp)
		free_list_reader(rd);
	return resp;
}

/*
 * A 200 through the cache layer (http_cache.h): coding negotiated, ETag and
 * cache headers, or a 304. heap: the body is malloc()ed and taken over; else
 * it lives in r->snap and the response holds a snapshot reference. l: the
 * body is a pieced list whose key (data = l->iov) is in the snapshot's
 * compress set; its identity bytes are read from the pieces (list_response).
 */
static enum MHD_Result respond_cacheable(request *r, const char *data, size_t len, char *heap,
					 const snap_list *l, const char *ctype)
{
	int max_age = r->srv->opts.cache_max_age;
	struct MHD_Response *resp;
	http_body hb;

	http_cache_prepare(r->conn, r->snap ? r->snap->version : 0, r->snap ? r->snap->precomp : NULL,
			   data, len, r->has_body_key ? &r->body_key : NULL, &hb);
	if (hb.not_modified) {
		free(heap);
		return queue(r, MHD_HTTP_NOT_MODIFIED, http_cache_304(&hb, max_age), ctype);
	}
	if (hb.owned) { /* compressed on the fly: the identity bytes are done with */
		free(heap);
		resp = MHD_create_response_from_buffer(hb.len, hb.owned, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			http_body_free(&hb);
	} else if (heap) {
		resp = MHD_create_response_from_buffer(hb.len, heap, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(heap);
	} else if (l && hb.data == data) { /* a pieced list in identity */
		resp = list_response(r, l);
	} else {
		snapshot *ref = snapshot_ref(r->snap);
		resp = MHD_create_response_from_buffer_with_free_callback_cls(hb.len, (void *)hb.data,
									      release_snap, ref);
		if (!resp)
			snapshot_release(ref);
	}
	if (resp && http_cache_headers(resp, &hb, max_age) != MHD_YES) {
		MHD_destroy_response(resp);
		resp = NULL;
	}
	return queue(r, MHD_HTTP_OK, resp, ctype);
}

enum MHD_Result respond_snap(request *r, unsigned status, const char *data, size_t len,
			     const char *ctype)
{
	snapshot *ref;
	struct MHD_Response *resp;

	if (status == MHD_HTTP_OK && r->snap)
		return respond_cacheable(r, data, len, NULL, NULL, ctype);
	ref = snapshot_ref(r->snap);
	resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)data, release_snap, ref);
	if (!resp)
		snapshot_release(ref);
	return queue(r, status, resp, ctype);
}

enum MHD_Result respond_snap_list(request *r, const snap_list *l, const char *ctype)
{
	buf b = BUF_INIT(BUF_MAX_DEFAULT);

	if (l->data)
		return respond_snap(r, MHD_HTTP_OK, l->data, l->len, ctype);
	if (compress_set_find(r->snap->precomp, l->iov, l->len))
		return respond_cacheable(r, (const char *)l->iov, l->len, NULL, l, ctype);
	/* no precomputed hash (out of memory at build): one buffer, hashed now */
	if (snapshot_list_flatten(l, &b) < 0) {
		buf_free(&b);
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	return respond_buf(r, MHD_HTTP_OK, &b, ctype);
}

enum MHD_Result respond_buf(request *r, unsigned status, buf *b, const char *ctype)
{
	size_t len = 0;
	char *data = buf_detach(b, &len);
	struct MHD_Response *resp;

	if (status == MHD_HTTP_OK && data)
		return respond_cacheable(r, data, len, data, NULL, ctype);
	if (!data) /* empty body */
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!resp)
		free(data);
	return queue(r, status, resp, ctype);
}

static enum MHD_Result respond_static(request *r, unsigned status, const char *body)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	return queue(r, status, resp, CT_JSON);
}

/* Messages quote client bytes (ids, methods): keep the JSON valid UTF-8 by
 * replacing every invalid byte with U+FFFD. */
static void utf8_sanitize(const char *in, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), i = 0, o = 0;

	while (i < n && o + 4 < outlen) {
		size_t l = utf8_next(s + i, n - i, NULL);
		if (l == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, s + i, l);
			o += l;
			i += l;
		}
	}
	out[o] = '\0';
}

static enum MHD_Result error_response(request *r, unsigned status, struct MHD_Response **out,
				      const char *fmt, va_list ap)
{
	char raw[512], msg[3 * sizeof(raw)];
	buf b = BUF_INIT(8192);
	size_t len = 0;
	char *data;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	utf8_sanitize(raw, msg, sizeof(msg));
	if (buf_printf(&b, "{\"error\":{\"code\":%u,\"message\":", status) < 0 ||
	    buf_json_string(&b, msg) < 0 || buf_puts(&b, "}}") < 0) {
		buf_free(&b);
		*out = NULL;
		return MHD_NO;
	}
	data = buf_detach(&b, &len);
	*out = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!*out)
		free(data);
	return MHD_YES;
}

enum MHD_Result respond_error(request *r, unsigned status, const char *fmt, ...)
{
	struct MHD_Response *resp;
	va_list ap;

	va_start(ap, fmt);
	error_response(r, status, &resp, fmt, ap);
	va_end(ap);
	if (!resp)
		return respond_static(r, 500, "{\"error\":{\"code\":500,\"message\":\"Internal Server Error\"}}");
	return queue(r, status, resp, CT_JSON);
}

static enum MHD_Result error_with_allow(request *r, const char *allow, const char *fmt, ...)
{
	struct MHD_Response *resp;
	va_list ap;

	va_start(ap, fmt);
	error_response(r, MHD_HTTP_METHOD_NOT_ALLOWED, &resp, fmt, ap);
	va_end(ap);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	return queue(r, MHD_HTTP_METHOD_NOT_ALLOWED, resp, CT_JSON);
}

enum MHD_Result respond_405(request *r, const char *allow)
{
	char m[40];

	/* the method is client data: keep it short in the message */
	snprintf(m, sizeof(m), "%s", r->method ? r->method : "");
	return error_with_allow(r, allow, "Method '%s' not allowed; use %s", m, allow);
}

/* ---- libmicrohttpd callbacks ----------------------------------------- */

/* Called with the raw request target before libmicrohttpd touches it: the
 * one reliable place to see the query string exactly as sent. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	request *r = calloc(1, sizeof(*r));
	size_t len = strlen(uri);

	if (!r)
		return NULL;
	r->srv = cls;
	r->target = malloc(len + 1);
	if (!r->target) {
		free(r);
		return NULL;
	}
	memcpy(r->target, uri, len + 1);
	r->target_len = len;
	/*
	 * We parse the query ourselves (query_parse on the copy above), so keep
	 * libmicrohttpd from parsing it again into its per-connection pool: with
	 * thousands of parameters that pool runs out and 0.9.x stalls the
	 * connection instead of answering. The URI lives in the connection's
	 * (writable) read buffer and libmicrohttpd splits the arguments off after
	 * this callback, so ending the string right after '?' leaves it no
	 * arguments to store; the path before '?' is untouched.
	 */
	{
		char *q = strchr((char *)(uintptr_t)uri, '?');
		if (q)
			q[1] = '\0';
	}
	return r;
}

/* We decode paths ourselves (strictly, per segment): keep the URL raw. */
static size_t no_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	return strlen(s);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	request *r = *con_cls;

	if (!r)
		return;
	*con_cls = NULL;
	snapshot_release(r->snap);
	arena_free(&r->mem);
	free(r->target);
	free(r);
}

static int expects_continue_without_body(struct MHD_Connection *conn)
{
	const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);

	return expect && !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) &&
	       !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	server *srv = cls;
	request *r = *con_cls;

	if (!r) {
		/* the URI callback ran out of memory */
		struct MHD_Response *resp = MHD_create_response_from_buffer(
			0, (void *)"", MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	if (r->answered) {
		/* a request body we do not want: discard it */
		r->body_bytes += *upload_data_size;
		*upload_data_size = 0;
		return r->body_bytes > REQUEST_BODY_MAX ? MHD_NO : MHD_YES;
	}
	if (!r->conn) {
		/* First call: headers only. A response queued now is "early" and
		 * libmicrohttpd then closes the connection (Connection: close: no
		 * keep-alive, no pipelining); answer on the next call instead. */
		r->conn = conn;
		if (!expects_continue_without_body(conn))
			return MHD_YES;
		/* "Expect: 100-continue" on a request without a body: answering now
		 * keeps libmicrohttpd from sending a pointless 100 first (the
		 * connection then closes after the answer). */
	}
	if (*upload_data_size) {
		/* A body nobody asked for (no route takes one): read and drop it,
		 * answer once it is complete (libmicrohttpd 0.9 drops an answer
		 * queued while upload data is pending); past REQUEST_BODY_MAX the
		 * connection is closed. Dropping costs no memory. */
		r->body_bytes += *upload_data_size;
		*upload_data_size = 0;
		return r->body_bytes > REQUEST_BODY_MAX ? MHD_NO : MHD_YES;
	}
	r->method = method;
	r->snap = snapshot_slot_acquire(&srv->slot);
	if (!r->snap)
		return respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "No catalog loaded");
	{
		enum MHD_Result lr;
		if (limits_check(r, &lr)) /* 414, 431, 503: limits.h */
			return lr;
	}
	return routes_dispatch(r);
}

/* ---- start / stop ---------------------------------------------------- */

static int split_listen(const char *listen, char *host, size_t hostlen, char *port, size_t portlen)
{
	const char *colon;
	size_t hl;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':')
			return -1;
		hl = (size_t)(close - listen - 1);
		if (hl == 0 || hl >= hostlen)
			return -1;
		memcpy(host, listen + 1, hl);
		host[hl] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - listen);
		if (hl == 0 || hl >= hostlen)
			return -1;
		memcpy(host, listen, hl);
		host[hl] = '\0';
	}
	if (!colon[1] || strlen(colon + 1) >= portlen || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	snprintf(port, portlen, "%s", colon + 1);
	return 0;
}

int server_start(server *srv, const server_opts *o, char *err, size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints, *ai = NULL;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;
	const union MHD_DaemonInfo *info;
	int gai;

	srv->opts = *o;
	if (!srv->opts.threads)
		srv->opts.threads = 4;
	if (!srv->opts.max_connections)
		srv->opts.max_connections = 1024;
	if (!srv->opts.timeout_s)
		srv->opts.timeout_s = 30;
	if (!srv->opts.cache_max_age)
		srv->opts.cache_max_age = HTTP_CACHE_MAX_AGE_DEFAULT;
	if (split_listen(o->listen, host, sizeof(host), port, sizeof(port)) < 0 || atol(port) > 65535) {
		snprintf(err, errlen, "bad --listen '%s': expected HOST:PORT", o->listen);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((gai = getaddrinfo(host, port, &hints, &ai)) != 0) {
		snprintf(err, errlen, "cannot resolve '%s': %s", host, gai_strerror(gai));
		return -1;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		flags |= MHD_USE_EPOLL;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, ai->ai_addr,
		MHD_OPTION_THREAD_POOL_SIZE, srv->opts.threads,
		MHD_OPTION_CONNECTION_LIMIT, srv->opts.max_connections + LIMITS_CONN_HEADROOM,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->opts.timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!srv->daemon) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not available)", o->listen);
		return -1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : (unsigned)atol(port);
	snprintf(srv->host, sizeof(srv->host), "%s", host);
	return 0;
}

void server_stop(server *srv)
{
	if (srv->daemon) {
		MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
	}
	snapshot_slot_destroy(&srv->slot);
}
