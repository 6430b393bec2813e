/*
 * routes.c - the route table of /api/v1 and one handler per route.
 *
 * Every handler answers from r->snap: fixed bodies by pointer, selections
 * assembled from the pre-rendered model JSON (never re-serialised here).
 */
#include "server/http.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "catalog/query.h"
#include "server/auth.h"
#include "server/compress.h"
#include "server/path.h"
#include "server/rss.h"
#include "server/user_rules.h"

#define ALLOW "GET, HEAD"
#define MAX_ID_IN_MESSAGE 200

typedef struct route_ctx {
	const path_parts *path;
	query *q;
} route_ctx;

typedef enum MHD_Result (*route_fn)(request *r, const route_ctx *c);

static enum MHD_Result h_models(request *r, const route_ctx *c);
static enum MHD_Result h_count(request *r, const route_ctx *c);
static enum MHD_Result h_user(request *r, const route_ctx *c);
static enum MHD_Result h_model(request *r, const route_ctx *c);
static enum MHD_Result h_endpoints(request *r, const route_ctx *c);
static enum MHD_Result h_providers(request *r, const route_ctx *c);
static enum MHD_Result h_zdr(request *r, const route_ctx *c);

/* Segments after /api/v1; NULL matches any one segment. */
static const struct route {
	const char *seg[4];
	size_t nseg;
	query_route qroute;
	route_fn fn;
} routes[] = {
	{ { "models" }, 1, QUERY_ROUTE_MODELS, h_models },
	{ { "models", "count" }, 2, QUERY_ROUTE_COUNT, h_count },
	{ { "models", "user" }, 2, QUERY_ROUTE_USER, h_user },
	{ { "model", NULL, NULL }, 3, QUERY_ROUTE_NONE, h_model },
	{ { "models", NULL, NULL, "endpoints" }, 4, QUERY_ROUTE_NONE, h_endpoints },
	{ { "providers" }, 1, QUERY_ROUTE_NONE, h_providers },
	{ { "endpoints", "zdr" }, 2, QUERY_ROUTE_NONE, h_zdr },
};

static int seg_is(const path_parts *p, size_t i, const char *s)
{
	return p->seg_len[i] == strlen(s) && memcmp(p->seg[i], s, p->seg_len[i]) == 0;
}

static const struct route *match(const path_parts *p)
{
	size_t i, k;

	if (p->nseg < 3 || !seg_is(p, 0, "api") || !seg_is(p, 1, "v1"))
		return NULL;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		if (rt->nseg != p->nseg - 2)
			continue;
		for (k = 0; k < rt->nseg; k++)
			if (rt->seg[k] && !seg_is(p, k + 2, rt->seg[k]))
				break;
		if (k == rt->nseg)
			return rt;
	}
	return NULL;
}

enum MHD_Result routes_dispatch(request *r)
{
	path_parts p;
	const struct route *rt;
	route_ctx c = { &p, NULL };
	char err[512] = "";
	int rc = path_parse(r->target, r->target_len, &r->mem, &p);

	if (rc == PATH_BAD_ESCAPE)
		return respond_error(r, MHD_HTTP_BAD_REQUEST,
				     "Invalid percent-encoding in the request path");
	if (rc == PATH_NOMEM)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	if (rc != PATH_OK || !(rt = match(&p)))
		return respond_error(r, MHD_HTTP_NOT_FOUND, "Resource not found");
	if (strcmp(r->method, MHD_HTTP_METHOD_GET) != 0 && strcmp(r->method, MHD_HTTP_METHOD_HEAD) != 0)
		return respond_405(r, ALLOW);
	if (query_parse(p.query, p.query_len, rt->qroute, &r->mem, &c.q, err, sizeof(err)) < 0)
		return respond_error(r, MHD_HTTP_BAD_REQUEST, "%s",
				     err[0] ? err : "Invalid request parameters");
	/* regional host names (eu.*, us.*, --region-host): docs/keys.md */
	query_set_host_region(c.q, user_region_name(user_region_for_host(MHD_lookup_connection_value(
					   r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))));
	return rt->fn(r, &c);
}

/* ---- lists ----------------------------------------------------------- */

static int64_t now(const request *r)
{
	return r->srv->opts.fixed_now ? r->srv->opts.fixed_now : (int64_t)time(NULL);
}

/* The feed of idx[start..end): each model's tree re-parsed from its
 * pre-rendered JSON one at a time (a snapshot keeps no trees; RSS is rare),
 * the channel date from the snapshot's "created" figures. */
static enum MHD_Result answer_rss(request *r, const query *q, const uint32_t *idx, size_t start,
				  size_t end)
{
	const snapshot *s = r->snap;
	const char *site = r->srv->opts.site_url;
	int chat = query_use_rss_chat_links(q), rc;
	buf b = BUF_INIT(BUF_MAX_DEFAULT);
	double newest = -1;
	size_t i;

	for (i = start; i < end; i++) {
		double c = s->created[idx[i]];
		if (c > newest && c < RSS_CREATED_MAX)
			newest = c;
	}
	rc = rss_begin(&b, site, newest);
	for (i = start; i < end && rc == 0; i++) {
		size_t len;
		const char *json = snapshot_model_json(s, idx[i], &len);
		cJSON *m = cat_parse(json, len, NULL);

		rc = m ? rss_item(&b, m, site, chat) : -1;
		cJSON_Delete(m);
	}
	if (rc == 0)
		rc = rss_end(&b);
	if (rc < 0) {
		buf_free(&b);
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	return respond_buf(r, MHD_HTTP_OK, &b, CT_RSS);
}

/* Within one snapshot a list body is a function of the selected indices, the
 * total and links.next alone, so its ETag hashes those few bytes: hashing the
 * 30-200 KB body itself was a fifth of the CPU of a typical selection. */
static uint64_t selection_key(const uint32_t *idx, size_t n, size_t total, const char *next,
			      size_t next_len)
{
	uint64_t parts[3];

	parts[0] = compress_hash(idx, n * sizeof(*idx));
	parts[1] = (uint64_t)total;
	parts[2] = next ? compress_hash(next, next_len) : 0;
	return compress_hash(parts, sizeof(parts));
}

/* Select, page and answer a list (routes /models and /models/user). */
static enum MHD_Result answer_list(request *r, const query *q, const char *path)
{
	snapshot *s = r->snap;
	uint32_t *idx;
	size_t total, start = 0, end;
	buf next = BUF_INIT(16384), body = BUF_INIT(BUF_MAX_DEFAULT);
	enum MHD_Result ret;

	if (!query_use_rss(q) && !query_is_paged(q)) {
		if (query_is_default(q))
			return respond_snap_list(r, &s->list_default, CT_JSON);
		if (query_is_all(q))
			return respond_snap_list(r, &s->list_all, CT_JSON);
	}
	idx = arena_alloc(&r->mem, (s->n + 1) * sizeof(*idx));
	if (!idx)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	total = query_select(s->facts, q, now(r), idx);
	end = total;
	if (query_is_paged(q)) {
		size_t off = query_offset(q), lim = query_limit(q);
		start = off < total ? off : total;
		end = (lim < total - start) ? start + lim : total;
	}
	if (query_use_rss(q))
		return answer_rss(r, q, idx, start, end);
	if (query_next_link(q, path, total, &next) < 0 ||
	    snapshot_render_list(s, idx, start, end, total, next.data ? next.data : "null",
				 next.data ? next.len : 4, &body) < 0) {
		buf_free(&next);
		buf_free(&body);
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	r->body_key = selection_key(idx + start, end - start, total, next.data, next.len);
	r->has_body_key = 1;
	buf_free(&next);
	ret = respond_buf(r, MHD_HTTP_OK, &body, CT_JSON);
	return ret;
}

static enum MHD_Result h_models(request *r, const route_ctx *c)
{
	return answer_list(r, c->q, "/api/v1/models");
}

static enum MHD_Result h_count(request *r, const route_ctx *c)
{
	snapshot *s = r->snap;
	uint32_t *idx;
	buf b = BUF_INIT(64);
	size_t n;

	if (query_is_default(c->q))
		return respond_snap(r, MHD_HTTP_OK, s->count_default.data, s->count_default.len, CT_JSON);
	if (query_is_all(c->q))
		return respond_snap(r, MHD_HTTP_OK, s->count_all.data, s->count_all.len, CT_JSON);
	idx = arena_alloc(&r->mem, (s->n + 1) * sizeof(*idx));
	if (!idx)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	n = query_select(s->facts, c->q, now(r), idx);
	if (buf_printf(&b, "{\"data\":{\"count\":%zu}}", n) < 0)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	return respond_buf(r, MHD_HTTP_OK, &b, CT_JSON);
}

/* GET /models/user: needs an API key; the key's rules narrow the list
 * (user_rules.c, docs/keys.md). */
static enum MHD_Result h_user(request *r, const route_ctx *c)
{
	return user_models_answer(r, c->q);   /* user_rules.c */
}

/* ---- single model and endpoints -------------------------------------- */

/* "author/slug" of path segments i, i+1 into the arena; NULL on OOM. */
static char *join_id(request *r, const path_parts *p, size_t i, size_t *len)
{
	size_t al = p->seg_len[i], sl = p->seg_len[i + 1];
	char *id = arena_alloc(&r->mem, al + sl + 2);

	if (!id)
		return NULL;
	memcpy(id, p->seg[i], al);
	id[al] = '/';
	memcpy(id + al + 1, p->seg[i + 1], sl);
	id[al + sl + 1] = '\0';
	*len = al + sl + 1;
	return id;
}

static enum MHD_Result not_found(request *r, const char *id, size_t len)
{
	int n = len > MAX_ID_IN_MESSAGE ? MAX_ID_IN_MESSAGE : (int)len;
	return respond_error(r, MHD_HTTP_NOT_FOUND, "Model '%.*s%s' not found", n, id,
			     len > MAX_ID_IN_MESSAGE ? "..." : "");
}

static enum MHD_Result h_model(request *r, const route_ctx *c)
{
	snapshot *s = r->snap;
	size_t len;
	char *id = join_id(r, c->path, 3, &len);
	buf body = BUF_INIT(BUF_MAX_DEFAULT);
	long i;

	if (!id)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	/* exact id (variants such as :free are rows of their own), then the
	 * canonical slug; a variant whose row does not exist is not invented */
	i = snapshot_find_id(s, id, len);
	if (i < 0)
		i = snapshot_find_canonical(s, id, len);
	if (i < 0)
		return not_found(r, id, len);
	if (snapshot_model_body(s, (size_t)i, &body) < 0) {
		buf_free(&body);
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	return respond_buf(r, MHD_HTTP_OK, &body, CT_JSON);
}

static enum MHD_Result h_endpoints(request *r, const route_ctx *c)
{
	size_t len;
	char *id = join_id(r, c->path, 3, &len);
	const snap_endpoints *e;

	if (!id)
		return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	e = snapshot_find_endpoints(r->snap, id, len);
	if (!e)
		return not_found(r, id, len);
	/* latency/throughput only for authenticated callers (auth.c) */
	return auth_answer_endpoints(r, e);
}

static enum MHD_Result h_providers(request *r, const route_ctx *c)
{
	return respond_snap(r, MHD_HTTP_OK, r->snap->providers.data, r->snap->providers.len, CT_JSON);
}

static enum MHD_Result h_zdr(request *r, const route_ctx *c)
{
	return respond_snap(r, MHD_HTTP_OK, r->snap->zdr.data, r->snap->zdr.len, CT_JSON);
}
