/*
 * limits.h - request limits answered with a JSON error before routing
 * (docs/reliability.md): request-target length (414), total header bytes
 * (431), concurrent connections over the configured maximum (503 with
 * Retry-After: 1, connection closed). The query-parameter count (400) is
 * query_parse's; slow clients are cut by libmicrohttpd's connection timeout.
 *
 * libmicrohttpd's own hard limits sit above these (LIMITS_CONN_HEADROOM more
 * connections; the 32 KiB connection buffer for request line + headers):
 * requests beyond those get its plain 414/431 answer or a closed socket.
 */
#ifndef OR_SERVER_LIMITS_H
#define OR_SERVER_LIMITS_H

#include <microhttpd.h>

#include "server/http.h"

#define LIMITS_URL_MAX 8192          /* bytes of the raw request target */
#define LIMITS_HEADERS_MAX 16384     /* bytes of all header names + values */
#define LIMITS_HEADER_COUNT_MAX 100  /* header lines */
#define LIMITS_CONN_HEADROOM 64      /* connections over max answered 503 */

/* Check r (called once per request, before routing). Returns 1 when the
 * request was answered (the result in *ret), 0 to go on. */
int limits_check(request *r, enum MHD_Result *ret);

#endif
