/*
 * limits.c - the request limits of limits.h: one check before routing, each
 * breach answered with the API's JSON error body and the matching status.
 */
#include "server/limits.h"

#include <stdio.h>
#include <string.h>

typedef struct header_tally {
	size_t bytes, count;
} header_tally;

static enum MHD_Result tally(void *cls, enum MHD_ValueKind kind, const char *key,
			     const char *value)
{
	header_tally *t = cls;

	t->bytes += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4; /* ": " CRLF */
	t->count++;
	return MHD_YES;
}

/* 503 with Retry-After, closing the connection to shed load. */
static enum MHD_Result respond_overloaded(request *r)
{
	char body[160], version[32];
	int n = snprintf(body, sizeof(body),
			 "{\"error\":{\"code\":503,\"message\":\"Too many connections (at most %u); "
			 "retry shortly\"}}", r->srv->opts.max_connections);
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer((size_t)n, body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, CT_JSON);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	if (r->snap) {
		snprintf(version, sizeof(version), "%lld", (long long)r->snap->version);
		MHD_add_response_header(resp, "X-Catalog-Version", version);
	}
	ret = MHD_queue_response(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	return ret;
}

int limits_check(request *r, enum MHD_Result *ret)
{
	const union MHD_DaemonInfo *info;
	header_tally t = { 0, 0 };

	if (r->target_len > LIMITS_URL_MAX) {
		*ret = respond_error(r, MHD_HTTP_URI_TOO_LONG,
				     "Request target too long (at most %d bytes)", LIMITS_URL_MAX);
		return 1;
	}
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, tally, &t);
	if (t.bytes > LIMITS_HEADERS_MAX || t.count > LIMITS_HEADER_COUNT_MAX) {
		*ret = respond_error(r, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
				     "Request headers too large (at most %d bytes in %d lines)",
				     LIMITS_HEADERS_MAX, LIMITS_HEADER_COUNT_MAX);
		return 1;
	}
	info = MHD_get_daemon_info(r->srv->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	if (info && info->num_connections > r->srv->opts.max_connections) {
		*ret = respond_overloaded(r);
		return 1;
	}
	return 0;
}
