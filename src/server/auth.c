/* auth.c - Bearer parsing, key verification through store/keys.c and the
 * failed-attempt throttle per client address. See auth.h. */
#include "server/auth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "server/http.h"

#define ADDR_MAX 16
#define PROBE 16

typedef struct slot {
	unsigned char addr[ADDR_MAX];
	unsigned char len;        /* 0 = empty */
	int64_t start;            /* first failure of the window */
	unsigned failures;
} slot;

struct auth {
	pthread_mutex_t db_mu;
	sqlite3 *db;
	pthread_mutex_t mu;       /* guards table */
	slot *table;
	unsigned max_failures, window_s;
};

int auth_open(const char *db_path, const auth_opts *o, auth **out, char *err, size_t errlen)
{
	auth *a = calloc(1, sizeof(*a));
	int rc;

	if (!a || !(a->table = calloc(AUTH_TABLE_SLOTS, sizeof(*a->table)))) {
		free(a);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	a->max_failures = o && o->max_failures ? o->max_failures : AUTH_MAX_FAILURES;
	a->window_s = o && o->window_s ? o->window_s : AUTH_WINDOW_S;
	pthread_mutex_init(&a->db_mu, NULL);
	pthread_mutex_init(&a->mu, NULL);
	rc = sqlite3_open_v2(db_path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open key database '%s': %s", db_path,
			 a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc));
		auth_close(a);
		return -1;
	}
	sqlite3_busy_timeout(a->db, 2000);
	if (keys_init(a->db, err, errlen) < 0) {
		auth_close(a);
		return -1;
	}
	*out = a;
	return 0;
}

void auth_close(auth *a)
{
	if (!a)
		return;
	sqlite3_close(a->db);
	pthread_mutex_destroy(&a->db_mu);
	pthread_mutex_destroy(&a->mu);
	free(a->table);
	free(a);
}

int auth_parse_bearer(const char *const *values, size_t n, const char **token, size_t *len)
{
	const char *v, *p, *end;

	if (n != 1 || !values[0])
		return -1;
	v = values[0];
	if (strlen(v) > AUTH_HEADER_MAX)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, "Bearer", 6) || (v[6] != ' ' && v[6] != '\t'))
		return -1;
	p = v + 6;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p)
		return -1;
	for (v = p; v < end; v++)
		if ((unsigned char)*v <= ' ' || (unsigned char)*v >= 0x7f)
			return -1;
	*token = p;
	*len = (size_t)(end - p);
	return 0;
}

/* ---- throttle --------------------------------------------------------- */

static size_t hash_addr(const unsigned char *addr, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ addr[i]) * 1099511628211ull;
	return (size_t)(h % AUTH_TABLE_SLOTS);
}

static slot *find(auth *a, const void *addr, size_t len, int create, int64_t now)
{
	size_t h = hash_addr(addr, len), i;
	slot *victim = NULL;
	int vrank = 3;

	for (i = 0; i < PROBE; i++) {
		slot *s = &a->table[(h + i) % AUTH_TABLE_SLOTS];
		int rank;

		if (s->len == len && !memcmp(s->addr, addr, len))
			return s;
		/* reuse an empty slot, else an expired window, else the oldest */
		rank = !s->len ? 0 : s->start + (int64_t)a->window_s <= now ? 1 : 2;
		if (rank < vrank || (rank == 2 && vrank == 2 && s->start < victim->start)) {
			victim = s;
			vrank = rank;
		}
	}
	if (!create || !victim)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	memcpy(victim->addr, addr, len);
	victim->len = (unsigned char)len;
	return victim;
}

static int blocked_locked(auth *a, const void *addr, size_t len, int64_t now, unsigned *retry)
{
	slot *s = find(a, addr, len, 0, now);
	int64_t end;

	if (!s || s->failures < a->max_failures)
		return 0;
	end = s->start + (int64_t)a->window_s;
	if (now >= end)
		return 0;
	*retry = (unsigned)(end - now);
	return 1;
}

int auth_blocked(auth *a, const void *addr, size_t addrlen, int64_t now, unsigned *retry_after)
{
	int b;

	if (addrlen > ADDR_MAX)
		addrlen = ADDR_MAX;
	pthread_mutex_lock(&a->mu);
	b = blocked_locked(a, addr, addrlen, now, retry_after);
	pthread_mutex_unlock(&a->mu);
	return b;
}

static void record_failure(auth *a, const void *addr, size_t len, int64_t now)
{
	slot *s;

	pthread_mutex_lock(&a->mu);
	s = find(a, addr, len, 1, now);
	if (s) {
		if (!s->failures || s->start + (int64_t)a->window_s <= now) {
			s->start = now;
			s->failures = 0;
		}
		s->failures++;
	}
	pthread_mutex_unlock(&a->mu);
}

/* ---- verification ------------------------------------------------------ */

/* Could the token be a key at all? (sk-or-v1- and 64 lowercase hex) */
static int key_shaped(const char *t, size_t len)
{
	size_t i;

	if (len != KEYS_TOKEN_LEN || memcmp(t, KEYS_PREFIX, KEYS_PREFIX_LEN))
		return 0;
	for (i = KEYS_PREFIX_LEN; i < len; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return 0;
	return 1;
}

auth_result auth_check(auth *a, const char *const *values, size_t n, const void *addr,
		       size_t addrlen, int64_t now, unsigned flags, keys_rules *rules,
		       unsigned *retry_after)
{
	const char *token = "";
	size_t len = 0;
	char id[KEYS_ID_LEN + 1], err[256];
	int parsed, rc;

	if (addrlen > ADDR_MAX)
		addrlen = ADDR_MAX;
	if (auth_blocked(a, addr, addrlen, now, retry_after))
		return AUTH_THROTTLED;
	parsed = auth_parse_bearer(values, n, &token, &len) == 0;
	if (!parsed) {
		token = "";
		len = 0;
	}
	/* the same lookup + HMAC + comparison runs for every outcome */
	pthread_mutex_lock(&a->db_mu);
	rc = keys_verify(a->db, token, len, rules, id, err, sizeof(err));
	pthread_mutex_unlock(&a->db_mu);
	if (rc == KEYS_ERR)
		return AUTH_ERROR;
	if (rc == 0 && parsed)
		return AUTH_OK;
	if (rc == 0)
		keys_rules_free(rules);
	if (!(flags & AUTH_COUNT_KEYS) || (parsed && key_shaped(token, len)))
		record_failure(a, addr, addrlen, now);
	return AUTH_DENIED;
}

/* ---- HTTP ------------------------------------------------------------- */

#define MAX_AUTH_HEADERS 4

typedef struct header_scan {
	const char *values[MAX_AUTH_HEADERS];
	size_t n;
} header_scan;

static enum MHD_Result collect_auth(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	header_scan *h = cls;

	if (key && !strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION)) {
		if (h->n < MAX_AUTH_HEADERS)
			h->values[h->n] = value ? value : "";
		h->n++;
	}
	return MHD_YES;
}

/* The client address as throttle key: 4 bytes (IPv4, also v4-mapped IPv6)
 * or 16 (IPv6). */
static size_t client_addr(struct MHD_Connection *conn, unsigned char out[ADDR_MAX])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa && sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 4;
	}
	if (sa && sa->sa_family == AF_INET6) {
		const unsigned char *a =
			((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (!memcmp(a, mapped, 12)) {
			memcpy(out, a + 12, 4);
			return 4;
		}
		memcpy(out, a, 16);
		return 16;
	}
	out[0] = 0;
	return 1;
}

auth_result auth_request(struct request *r, int required, keys_rules *rules, unsigned *retry_after)
{
	header_scan h;
	unsigned char addr[ADDR_MAX];
	size_t alen;
	auth *a = r->srv->auth;
	int64_t now = (int64_t)time(NULL);

	memset(&h, 0, sizeof(h));
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, collect_auth, &h);
	alen = client_addr(r->conn, addr);
	if (!a)
		return AUTH_DENIED;
	if (!h.n && !required)
		return AUTH_DENIED;       /* a public request: nothing to count */
	if (!required && auth_blocked(a, addr, alen, now, retry_after))
		return AUTH_DENIED;       /* public view, the key not looked at */
	if (h.n > MAX_AUTH_HEADERS)
		h.n = MAX_AUTH_HEADERS;   /* still more than one: denied */
	return auth_check(a, h.values, h.n, addr, alen, now,
			  required ? AUTH_COUNT_ALL : AUTH_COUNT_KEYS, rules, retry_after);
}

static enum MHD_Result respond_with(struct request *r, unsigned status, const char *msg,
				    const char *hname, const char *hvalue)
{
	char body[256];
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int len = snprintf(body, sizeof(body), "{\"error\":{\"code\":%u,\"message\":\"%s\"}}",
			   status, msg);

	resp = MHD_create_response_from_buffer((size_t)len, body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, CT_JSON);
	MHD_add_response_header(resp, hname, hvalue);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	return ret;
}

enum MHD_Result auth_respond(struct request *r, auth_result res, unsigned retry_after)
{
	char v[24];

	switch (res) {
	case AUTH_THROTTLED:
		snprintf(v, sizeof(v), "%u", retry_after ? retry_after : 1);
		return respond_with(r, MHD_HTTP_TOO_MANY_REQUESTS,
				    "Too many failed authentication attempts; retry later",
				    MHD_HTTP_HEADER_RETRY_AFTER, v);
	case AUTH_ERROR:
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	default:
		return respond_with(r, MHD_HTTP_UNAUTHORIZED, AUTH_401_MESSAGE,
				    MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"openrouterd\"");
	}
}

static void release_snap(void *cls)
{
	snapshot_release(cls);
}

enum MHD_Result auth_respond_private(struct request *r, const char *data, size_t len, char *heap)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char v[32];

	if (heap) {
		resp = MHD_create_response_from_buffer(len, heap, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(heap);
	} else {
		snapshot *ref = snapshot_ref(r->snap);
		resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)data,
									      release_snap, ref);
		if (!resp)
			snapshot_release(ref);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, CT_JSON);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Authorization");
	snprintf(v, sizeof(v), "%lld", (long long)(r->snap ? r->snap->version : 0));
	MHD_add_response_header(resp, "X-Catalog-Version", v);
	ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	return ret;
}

enum MHD_Result auth_answer_endpoints(struct request *r, const struct snap_endpoints *e)
{
	keys_rules rules = KEYS_RULES_INIT;
	unsigned retry = 0;
	auth_result res = auth_request(r, 0, &rules, &retry);

	keys_rules_free(&rules);
	if (res == AUTH_ERROR)
		return auth_respond(r, res, retry);
	if (!e->keyed.data) {
		/* no endpoints: the header is cut from the model's JSON (one view) */
		buf b = BUF_INIT(BUF_MAX_DEFAULT);
		size_t len = 0;
		char *data;

		if (snapshot_endpoints_header(r->snap, e, &b) < 0) {
			buf_free(&b);
			return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
		}
		if (res != AUTH_OK)
			return respond_buf(r, MHD_HTTP_OK, &b, CT_JSON);
		data = buf_detach(&b, &len);
		return auth_respond_private(r, data, len, data);
	}
	if (res == AUTH_OK)
		return auth_respond_private(r, e->keyed.data, e->keyed.len, NULL);
	return respond_snap(r, MHD_HTTP_OK, e->public_.data, e->public_.len, CT_JSON);
}
