/* user_rules.c - per-snapshot endpoint facts and the evaluation of an API
 * key's rules over them; the regional host table. See user_rules.h. */
#include "server/user_rules.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/catalog.h"
#include "catalog/query.h"
#include "server/auth.h"
#include "server/http.h"
#include "util/arena.h"

/* Data policy of an endpoint's provider, from the extension's providers. */
enum { POL_NO = 0, POL_YES = 1, POL_UNKNOWN = 2 };

typedef struct ur_endpoint {
	const char *prov;        /* provider_name, lowercase ("" when none) */
	const char *tag;         /* tag, lowercase ("" when none) */
	size_t tag_base;         /* length of tag before any '/' */
	const char *slug;        /* provider slug from /providers, lowercase, or NULL */
	double prompt, completion;        /* USD per million tokens */
	signed char prompt_st, completion_st; /* 1 price, 0 none, -1 variable */
	unsigned char zdr, regions, trains, retains;
} ur_endpoint;

struct user_index {
	arena mem;               /* every string below is a copy in mem */
	size_t n;                /* models */
	uint32_t *start, *count; /* per model: its endpoints in eps */
	ur_endpoint *eps;
	size_t neps;
	const char **ids, **canon; /* the snapshot's own (it owns the index) */
};

static char *lower_dup(arena *a, const char *s)
{
	char *d = arena_strdup(a, s ? s : "");
	char *p;

	if (d)
		for (p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

static void price_of(const cJSON *pricing, const char *key, double *v, signed char *st)
{
	const char *text = cat_str(pricing, key);
	int variable = 0;

	*v = 0;
	*st = 0;
	if (!text)
		return;
	*v = cat_price_value(text, &variable) * 1e6;
	*st = variable ? -1 : 1;
}

static unsigned char policy(const cJSON *providers, const char *name, const char *field)
{
	const cJSON *p, *v;

	if (!name)
		return POL_UNKNOWN;
	p = cJSON_GetObjectItemCaseSensitive(providers, name);
	if (!p)
		p = cJSON_GetObjectItem(providers, name);   /* case-insensitive */
	v = cJSON_GetObjectItemCaseSensitive(p, field);
	if (cJSON_IsTrue(v))
		return POL_YES;
	if (cJSON_IsFalse(v))
		return POL_NO;
	return POL_UNKNOWN;
}

/* Provider display name -> slug, from the /providers list. */
static const char *slug_of(const cJSON *providers, const char *name)
{
	const cJSON *p;

	if (!name)
		return NULL;
	cJSON_ArrayForEach(p, providers) {
		const char *n = cat_str(p, "name");
		if (n && !strcasecmp(n, name))
			return cat_str(p, "slug");
	}
	return NULL;
}

static unsigned region_bits(const cJSON *regions)
{
	const cJSON *r;
	unsigned bits = 0;

	cJSON_ArrayForEach(r, regions)
		if (cJSON_IsString(r))
			bits |= keys_region_parse(r->valuestring);
	return bits;
}

static int fill_endpoint(user_index *ix, ur_endpoint *f, const cJSON *ep, const cJSON *ext_prov,
			 const cJSON *prov_list)
{
	const char *name = cat_str(ep, "provider_name");
	const char *slash;
	const char *slug = slug_of(prov_list, name);
	const cJSON *pricing = cJSON_GetObjectItemCaseSensitive(ep, "pricing");

	if (!(f->prov = lower_dup(&ix->mem, name)) || !(f->tag = lower_dup(&ix->mem, cat_str(ep, "tag"))))
		return -1;
	slash = strchr(f->tag, '/');
	f->tag_base = slash ? (size_t)(slash - f->tag) : strlen(f->tag);
	if (slug && !(f->slug = lower_dup(&ix->mem, slug)))
		return -1;
	price_of(pricing, "prompt", &f->prompt, &f->prompt_st);
	price_of(pricing, "completion", &f->completion, &f->completion_st);
	f->trains = policy(ext_prov, name, "trains_on_data");
	f->retains = policy(ext_prov, name, "retains_prompts");
	return 0;
}

/* Listing keys (children of cat.endpoints) -> listing index, open addressing. */
typedef struct keymap {
	uint32_t *slot;          /* listing index + 1; 0 = empty */
	size_t mask;
	const char **keys;
} keymap;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int keymap_build(keymap *m, arena *a, const char **keys, size_t n)
{
	size_t cap = 16, i, h;

	while (cap < n * 2)
		cap *= 2;
	if (!(m->slot = arena_alloc(a, cap * sizeof(*m->slot))))
		return -1;
	m->mask = cap - 1;
	m->keys = keys;
	for (i = 0; i < n; i++) {
		if (!keys[i])
			continue;
		for (h = hash_str(keys[i]) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
			if (!strcmp(keys[m->slot[h] - 1], keys[i]))
				break;
		if (!m->slot[h])
			m->slot[h] = (uint32_t)i + 1;
	}
	return 0;
}

static long keymap_get(const keymap *m, const char *key)
{
	size_t h;

	if (!key)
		return -1;
	for (h = hash_str(key) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
		if (!strcmp(m->keys[m->slot[h] - 1], key))
			return (long)m->slot[h] - 1;
	return -1;
}

/* The listing model i owns: imported under its own id, or under its canonical
 * slug when no model has that id (as the query engine sees it). A variant
 * (":free") that the endpoints route shows with its base model's listing owns
 * none: the base's prices and data do not describe it. */
static long owned_listing(const snapshot *s, const keymap *km, size_t i)
{
	long k = keymap_get(km, s->ids[i]);

	if (k < 0 && s->canon[i] && snapshot_find_id(s, s->canon[i], strlen(s->canon[i])) < 0)
		k = keymap_get(km, s->canon[i]);
	return k;
}

/* Attach the extension's per-endpoint ZDR and regions: the entry's model is a
 * listing key, or a model whose listing it is; then the endpoint by tag. */
static void attach_extension(user_index *ix, const snapshot *s, const keymap *km,
			     const cJSON *ext_eps, const uint32_t *rs, const uint32_t *rc)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, ext_eps) {
		const char *model = cat_str(e, "model"), *tag = cat_str(e, "tag");
		long k, m;
		size_t j;

		if (!model || !tag)
			continue;
		k = keymap_get(km, model);
		if (k < 0) {
			m = snapshot_find_id(s, model, strlen(model));
			if (m < 0)
				m = snapshot_find_canonical(s, model, strlen(model));
			if (m < 0 || (k = owned_listing(s, km, (size_t)m)) < 0)
				continue;
		}
		for (j = rs[k]; j < rs[k] + rc[k]; j++) {
			ur_endpoint *f = &ix->eps[j];
			if (strcasecmp(f->tag, tag))
				continue;
			f->zdr = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "zdr"));
			f->regions = (unsigned char)region_bits(
				cJSON_GetObjectItemCaseSensitive(e, "regions"));
		}
	}
}

user_index *user_index_build(const snapshot *s)
{
	user_index *ix = calloc(1, sizeof(*ix));
	const cJSON *ext = s->cat.extension;
	const cJSON *ext_prov = cJSON_GetObjectItemCaseSensitive(ext, "providers");
	const cJSON *ep;
	uint32_t *rs = NULL, *rc = NULL;
	size_t nd = s->nlistings, total = 0, k, i;
	keymap km;

	if (!ix)
		return NULL;
	ix->n = s->n;
	ix->ids = s->ids;
	ix->canon = s->canon;
	for (k = 0; k < nd; k++)
		total += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s->ep_objs[k],
										     "endpoints"));
	ix->eps = arena_alloc(&ix->mem, (total + 1) * sizeof(*ix->eps));
	rs = arena_alloc(&ix->mem, (nd + 1) * sizeof(*rs));
	rc = arena_alloc(&ix->mem, (nd + 1) * sizeof(*rc));
	ix->start = arena_alloc(&ix->mem, (s->n + 1) * sizeof(*ix->start));
	ix->count = arena_alloc(&ix->mem, (s->n + 1) * sizeof(*ix->count));
	if (!ix->eps || !rs || !rc || !ix->start || !ix->count ||
	    keymap_build(&km, &ix->mem, s->ep_keys, nd) < 0)
		goto fail;
	for (k = 0; k < nd; k++) {
		rs[k] = (uint32_t)ix->neps;
		cJSON_ArrayForEach(ep, cJSON_GetObjectItemCaseSensitive(s->ep_objs[k], "endpoints")) {
			if (ix->neps >= total || !cJSON_IsObject(ep))
				continue;
			if (fill_endpoint(ix, &ix->eps[ix->neps], ep, ext_prov, s->cat.providers) < 0)
				goto fail;
			ix->neps++;
		}
		rc[k] = (uint32_t)ix->neps - rs[k];
	}
	attach_extension(ix, s, &km, cJSON_GetObjectItemCaseSensitive(ext, "endpoints"), rs, rc);
	for (i = 0; i < s->n; i++) {
		long own = owned_listing(s, &km, i);
		if (own >= 0) {
			ix->start[i] = rs[own];
			ix->count[i] = rc[own];
		}
	}
	return ix;
fail:
	user_index_free(ix);
	return NULL;
}

void user_index_free(user_index *ix)
{
	if (!ix)
		return;
	arena_free(&ix->mem);
	free(ix);
}

/* ---- evaluation ------------------------------------------------------- */

static int name_eq(const char *want, const char *have, size_t have_len)
{
	return have && strlen(want) == have_len && !strncasecmp(want, have, have_len);
}

/* Rule names match the provider's display name, its slug, its endpoint tag
 * or the tag's base ("deepinfra" of "deepinfra/fp8"), case-insensitively. */
static int provider_in(const keys_list *l, const ur_endpoint *f)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *w = l->items[i];
		if (name_eq(w, f->prov, strlen(f->prov)) || name_eq(w, f->tag, strlen(f->tag)) ||
		    name_eq(w, f->tag, f->tag_base) || (f->slug && name_eq(w, f->slug, strlen(f->slug))))
			return 1;
	}
	return 0;
}

/* max is USD per million; the stored figure came from a decimal string times
 * 10^6, so allow rounding noise of one part in 10^9. */
static int price_ok(int has_max, double max, signed char st, double v)
{
	if (!has_max)
		return 1;
	if (st != 1)
		return 0;            /* no price, or a variable ("-1") price */
	return v <= max + fabs(max) * 1e-9 + 1e-12;
}

static int endpoint_passes(const keys_rules *r, unsigned host_region, const ur_endpoint *f)
{
	if (host_region && !(f->regions & host_region))
		return 0;
	if (!r)
		return 1;
	if (r->only.n && !provider_in(&r->only, f))
		return 0;
	if (r->ignore.n && provider_in(&r->ignore, f))
		return 0;
	if (r->deny_training && f->trains != POL_NO)
		return 0;
	if (r->deny_retention && f->retains != POL_NO)
		return 0;
	if (r->zdr && !f->zdr)
		return 0;
	if (r->region && !(f->regions & r->region))
		return 0;
	return price_ok(r->has_max_prompt, r->max_prompt, f->prompt_st, f->prompt) &&
	       price_ok(r->has_max_completion, r->max_completion, f->completion_st, f->completion);
}

static int model_allowed(const keys_list *l, const char *id, const char *canon)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *w = l->items[i];
		size_t wl = strlen(w);
		if (wl && w[wl - 1] == '*') {
			if (!strncmp(id, w, wl - 1) || (canon && !strncmp(canon, w, wl - 1)))
				return 1;
		} else if (!strcmp(id, w) || (canon && !strcmp(canon, w))) {
			return 1;
		}
	}
	return 0;
}

int user_rules_model_passes(const user_index *ix, const keys_rules *rules, unsigned host_region,
			    size_t i)
{
	size_t j;

	if (i >= ix->n)
		return 0;
	if (rules && rules->models.n && !model_allowed(&rules->models, ix->ids[i], ix->canon[i]))
		return 0;
	if (!host_region && (!rules || !keys_rules_endpoint_level(rules)))
		return 1;
	for (j = ix->start[i]; j < ix->start[i] + ix->count[i]; j++)
		if (endpoint_passes(rules, host_region, &ix->eps[j]))
			return 1;
	return 0;
}

size_t user_rules_filter(const user_index *ix, const keys_rules *rules, unsigned host_region,
			 uint32_t *idx, size_t n)
{
	size_t i, out = 0;

	for (i = 0; i < n; i++)
		if (user_rules_model_passes(ix, rules, host_region, idx[i]))
			idx[out++] = idx[i];
	return out;
}

/* ---- the snapshot's index ---------------------------------------------- */

/* Built by snapshot_build() while the catalog's trees exist; it lives and
 * dies with the snapshot, so getting it takes no lock. */
user_index *user_index_get(snapshot *s)
{
	return s->users;
}

void user_index_put(user_index *ix)
{
	(void)ix;
}

void user_index_cache_clear(void)
{
}

/* ---- regional hosts --------------------------------------------------- */

static struct {
	char host[256];
	unsigned region;
} region_hosts[USER_REGION_HOSTS_MAX];
static size_t nregion_hosts;

int user_region_host_add(const char *spec, char *err, size_t errlen)
{
	const char *eq = strrchr(spec, '=');
	size_t hl;
	unsigned region;

	if (!eq || eq == spec || !(region = keys_region_parse(eq + 1))) {
		snprintf(err, errlen, "--region-host wants HOST=eu or HOST=us, not '%s'", spec);
		return -1;
	}
	hl = (size_t)(eq - spec);
	if (hl >= sizeof(region_hosts[0].host) || nregion_hosts >= USER_REGION_HOSTS_MAX) {
		snprintf(err, errlen, "--region-host: host too long or too many hosts (max %d)",
			 USER_REGION_HOSTS_MAX);
		return -1;
	}
	memcpy(region_hosts[nregion_hosts].host, spec, hl);
	region_hosts[nregion_hosts].host[hl] = '\0';
	region_hosts[nregion_hosts].region = region;
	nregion_hosts++;
	return 0;
}

void user_region_hosts_reset(void)
{
	nregion_hosts = 0;
}

unsigned user_region_for_host(const char *host)
{
	size_t len, i;
	const char *colon;

	if (!host || !*host || *host == '[')
		return 0;
	colon = strchr(host, ':');
	len = colon ? (size_t)(colon - host) : strlen(host);
	if (len && host[len - 1] == '.')
		len--;                       /* "eu.example.com." */
	if (nregion_hosts) {
		for (i = 0; i < nregion_hosts; i++)
			if (strlen(region_hosts[i].host) == len &&
			    !strncasecmp(region_hosts[i].host, host, len))
				return region_hosts[i].region;
		return 0;
	}
	if (len > 3 && !strncasecmp(host, "eu.", 3))
		return KEYS_REGION_EU;
	if (len > 3 && !strncasecmp(host, "us.", 3))
		return KEYS_REGION_US;
	return 0;
}

const char *user_region_name(unsigned region)
{
	return region == KEYS_REGION_EU ? "eu" : region == KEYS_REGION_US ? "us" : NULL;
}

/* ---- GET /api/v1/models/user ------------------------------------------ */

enum MHD_Result user_models_answer(struct request *r, const struct query *q)
{
	snapshot *s = r->snap;
	keys_rules rules = KEYS_RULES_INIT;
	unsigned retry = 0, region;
	auth_result res = auth_request(r, 1, &rules, &retry);
	user_index *ix = NULL;
	uint32_t *idx;
	size_t total, start = 0, end;
	buf next = BUF_INIT(16384), body = BUF_INIT(BUF_MAX_DEFAULT);
	enum MHD_Result ret;
	int64_t now;

	if (res != AUTH_OK)
		return auth_respond(r, res, retry);
	region = user_region_for_host(MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
								  MHD_HTTP_HEADER_HOST));
	now = r->srv->opts.fixed_now ? r->srv->opts.fixed_now : (int64_t)time(NULL);
	idx = arena_alloc(&r->mem, (s->n + 1) * sizeof(*idx));
	if (!idx || !(ix = user_index_get(s)))
		goto fail;
	total = query_select(s->facts, q, now, idx);
	total = user_rules_filter(ix, &rules, region, idx, total);
	user_index_put(ix);
	end = total;
	if (query_is_paged(q)) {
		size_t off = query_offset(q), lim = query_limit(q);
		start = off < total ? off : total;
		end = (lim < total - start) ? start + lim : total;
	}
	if (query_next_link(q, "/api/v1/models/user", total, &next) < 0 ||
	    snapshot_render_list(s, idx, start, end, total, next.data ? next.data : "null",
				 next.data ? next.len : 4, &body) < 0)
		goto fail;
	buf_free(&next);
	keys_rules_free(&rules);
	{
		size_t len = 0;
		char *data = buf_detach(&body, &len);
		ret = auth_respond_private(r, data, len, data);
	}
	return ret;
fail:
	buf_free(&next);
	buf_free(&body);
	keys_rules_free(&rules);
	return respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
}
