/*
 * auth.h - API key authentication for openrouterd: the Authorization header
 * (exactly one, "Bearer <key>"), verification against the keys table
 * (store/keys.h, constant-time), and throttling of failed attempts per client
 * address.
 *
 * Throttle: AUTH_MAX_FAILURES failed authentications from one client address
 * within AUTH_WINDOW_S seconds (counted from the first failure of the window)
 * block that address: until the window ends, /models/user answers it 429 with
 * Retry-After without looking at the key, and the endpoints route serves it
 * the public view without looking at the key. On /models/user every failure
 * counts; on the public endpoints route only a well-formed key (sk-or-v1- and
 * 64 hex) that fails counts - SDKs send their configured key on every call,
 * and a token that cannot be a key is no guess. A success does not clear the
 * count. Other addresses are unaffected. The table holds AUTH_TABLE_SLOTS
 * addresses; when full, the oldest window is evicted.
 *
 * Threads: an auth handle is shared by all request threads; its database
 * connection and throttle table are each guarded by a mutex.
 */
#ifndef OR_SERVER_AUTH_H
#define OR_SERVER_AUTH_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "store/keys.h"

#define AUTH_MAX_FAILURES 10
#define AUTH_WINDOW_S 60
#define AUTH_TABLE_SLOTS 4096
#define AUTH_HEADER_MAX 1024    /* longer Authorization values are malformed */
/* The one 401 message, whatever the cause. */
#define AUTH_401_MESSAGE "Missing or invalid API key"

typedef struct auth auth;

typedef struct auth_opts {
	unsigned max_failures;   /* 0 = AUTH_MAX_FAILURES */
	unsigned window_s;       /* 0 = AUTH_WINDOW_S */
} auth_opts;

/* Open the key database (creating the keys table if needed). */
int auth_open(const char *db_path, const auth_opts *o, auth **out, char *err, size_t errlen);
void auth_close(auth *a);

typedef enum auth_result {
	AUTH_OK = 0,         /* valid, active key: rules filled */
	AUTH_DENIED,         /* no / malformed / several headers, unknown or revoked key */
	AUTH_THROTTLED,      /* this address is blocked: *retry_after seconds */
	AUTH_ERROR           /* database failure */
} auth_result;

/*
 * Find the token of the Authorization header values (n of them): exactly one
 * header "Bearer <token>" (scheme case-insensitive, one or more spaces, token
 * without spaces, surrounding whitespace ignored). Returns 0 with
 * token and len pointing into values[0], or -1.
 */
int auth_parse_bearer(const char *const *values, size_t n, const char **token, size_t *len);

/* auth_check flags */
#define AUTH_COUNT_ALL 0u          /* every failure counts (/models/user) */
#define AUTH_COUNT_KEYS 1u         /* only failed well-formed keys count (public routes) */

/*
 * Authenticate a request from client address addr (addrlen bytes of an
 * address, the throttle key) carrying the Authorization values given.
 * now = unix seconds. On AUTH_OK the key's rules go into *rules (caller frees
 * with keys_rules_free). Failures count towards the throttle as flags say.
 */
auth_result auth_check(auth *a, const char *const *values, size_t n, const void *addr,
		       size_t addrlen, int64_t now, unsigned flags, keys_rules *rules,
		       unsigned *retry_after);

/* Is addr blocked right now? (*retry_after seconds when it is.) */
int auth_blocked(auth *a, const void *addr, size_t addrlen, int64_t now, unsigned *retry_after);

#endif

/* ---- the HTTP side (libmicrohttpd requests, see http.h) ---------------- */

struct request;
struct snap_endpoints;

/*
 * Authenticate request r (its server's auth handle, Authorization headers and
 * client address). required = the route needs a key (/models/user): every
 * failure counts. Otherwise (a public route): no header, or a blocked address,
 * is AUTH_DENIED without looking further; only failed well-formed keys count.
 */
auth_result auth_request(struct request *r, int required, keys_rules *rules, unsigned *retry_after);

/* Answer a failed authentication: 401 (one message, WWW-Authenticate: Bearer),
 * 429 with Retry-After, or 500. */
enum MHD_Result auth_respond(struct request *r, auth_result res, unsigned retry_after);

/* Answer 200 with a body meant for one key's holder: Cache-Control: private,
 * no-store and Vary: Authorization (never the shared-cache path of http.c).
 * heap != NULL: the malloc()ed body (== data) is taken over; else data lives
 * in r->snap and the response holds a snapshot reference. */
enum MHD_Result auth_respond_private(struct request *r, const char *data, size_t len, char *heap);

/* GET /models/{a}/{s}/endpoints: latency/throughput figures for a valid key,
 * null otherwise (no key, a wrong key, a blocked address); never 401/429. */
enum MHD_Result auth_answer_endpoints(struct request *r, const struct snap_endpoints *e);
