/*
 * limits.c - the request limits of limits.h: one check before routing, each
 * breach answered with the API's JSON error body and the matching status.
 */
#include "server/limits.h"

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
		*ret = respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				     "Too many connections (at most %u); retry shortly",
				     r->srv->opts.max_connections);
		return 1;
	}
	return 0;
}
