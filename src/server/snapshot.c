/*
 * snapshot.c - build, share and free immutable catalog snapshots (snapshot.h).
 *
 * Build order: lookup tables over the models; extension figures merged into
 * the endpoint trees; every model body, endpoints body (two variants) and fixed
 * body rendered once; finally the query engine's facts over the same trees.
 */
#include "server/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "server/compress.h"

#define LIST_PREFIX "{\"data\":["

static long listing_of(const snapshot *s, size_t i);

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int table_init(snap_table *t, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap <<= 1;
	t->slots = calloc(cap, sizeof(*t->slots));
	if (!t->slots)
		return -1;
	t->mask = cap - 1;
	return 0;
}

static long table_get(const snap_table *t, const char *const *keys, const char *key, size_t len)
{
	size_t i;

	if (!t->slots || !key)
		return -1;
	for (i = hash_bytes(key, len) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		const char *k = keys[t->slots[i] - 1];
		if (k && strlen(k) == len && memcmp(k, key, len) == 0)
			return (long)t->slots[i] - 1;
	}
	return -1;
}

/* Insert unless the key is present already (first one wins). */
static void table_put(snap_table *t, const char *const *keys, size_t idx)
{
	const char *key = keys[idx];
	size_t len, i;

	if (!key)
		return;
	len = strlen(key);
	for (i = hash_bytes(key, len) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		const char *k = keys[t->slots[i] - 1];
		if (strcmp(k, key) == 0)
			return;
	}
	t->slots[i] = (uint32_t)idx + 1;
}

/* {"data":<obj>} with exact numbers (cat_print: cJSON's own printer rounds
 * to 15 significant digits, which would break fidelity). */
static int print_wrapped(const cJSON *obj, snap_bytes *out)
{
	buf b = BUF_INIT(BUF_MAX_DEFAULT);

	if (buf_puts(&b, "{\"data\":") < 0 || cat_print(obj, &b) < 0 || buf_putc(&b, '}') < 0) {
		buf_free(&b);
		return -1;
	}
	out->data = buf_detach(&b, &out->len);
	return out->data ? 0 : -1;
}

long snapshot_find_id(const snapshot *s, const char *id, size_t len)
{
	return table_get(&s->by_id, s->ids, id, len);
}

long snapshot_find_canonical(const snapshot *s, const char *slug, size_t len)
{
	return table_get(&s->by_canonical, s->canon, slug, len);
}

const snap_endpoints *snapshot_find_endpoints(const snapshot *s, const char *key, size_t len)
{
	long i;

	if ((i = snapshot_find_id(s, key, len)) >= 0 && s->model_ep[i])
		return &s->eps[s->model_ep[i] - 1];
	if ((i = snapshot_find_canonical(s, key, len)) >= 0 && s->model_ep[i])
		return &s->eps[s->model_ep[i] - 1];
	return NULL; /* a listing whose model is not in the catalogue is gone */
}

int snapshot_render_list(const snapshot *s, const uint32_t *idx, size_t start, size_t end,
			 size_t total, const char *next, size_t next_len, buf *out)
{
	size_t i, need = 64 + next_len;

	for (i = start; i < end; i++)
		need += s->model_body[idx[i]].len - 8;
	if (buf_grow(out, need) < 0)
		return -1;
	if (buf_puts(out, LIST_PREFIX) < 0)
		return -1;
	for (i = start; i < end; i++) {
		size_t len;
		const char *j = snapshot_model_json(s, idx[i], &len);
		if (i > start && buf_putc(out, ',') < 0)
			return -1;
		if (buf_append(out, j, len) < 0)
			return -1;
	}
	if (buf_printf(out, "],\"total_count\":%zu,\"links\":{\"next\":", total) < 0)
		return -1;
	if (buf_append(out, next, next_len) < 0 || buf_puts(out, "}}") < 0)
		return -1;
	return 0;
}

/* ---- extension merge ------------------------------------------------- */

/* The listing of a catalogue model named by id or canonical slug. */
static cJSON *find_endpoints_data(snapshot *s, const char *model)
{
	long i, k;

	if (!model)
		return NULL;
	i = snapshot_find_id(s, model, strlen(model));
	if (i < 0)
		i = snapshot_find_canonical(s, model, strlen(model));
	if (i < 0 || (k = listing_of(s, (size_t)i)) < 0)
		return NULL;
	return s->ep_objs[k];
}

static cJSON *find_endpoint(cJSON *data, const char *tag)
{
	cJSON *ep;

	if (!tag)
		return NULL;
	cJSON_ArrayForEach(ep, cJSON_GetObjectItemCaseSensitive(data, "endpoints")) {
		const char *t = cat_str(ep, "tag");
		if (t && strcmp(t, tag) == 0)
			return ep;
	}
	return NULL;
}

static void set_item(cJSON *obj, const char *key, const cJSON *value)
{
	cJSON *copy = cJSON_Duplicate(value, 1);

	if (!copy)
		return;
	if (cJSON_HasObjectItem(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, copy);
	else
		cJSON_AddItemToObject(obj, key, copy);
}

/* Extension figures replace the stored ones (docs/catalog-format.md (f)):
 * latency/throughput (shown to authenticated callers only) and uptime. */
static void merge_extension(snapshot *s)
{
	static const char *const uptimes[] = { "uptime_last_5m", "uptime_last_30m", "uptime_last_1d" };
	cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(s->cat.extension, "endpoints")) {
		cJSON *ep = find_endpoint(find_endpoints_data(s, cat_str(e, "model")), cat_str(e, "tag"));
		cJSON *v;
		size_t k;

		if (!ep)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(e, "latency_last_30m");
		if (cJSON_IsObject(v))
			set_item(ep, "latency_last_30m", v);
		v = cJSON_GetObjectItemCaseSensitive(e, "throughput_last_30m");
		if (cJSON_IsObject(v))
			set_item(ep, "throughput_last_30m", v);
		for (k = 0; k < sizeof(uptimes) / sizeof(uptimes[0]); k++) {
			v = cJSON_GetObjectItemCaseSensitive(e, uptimes[k]);
			if (cJSON_IsNumber(v))
				set_item(ep, uptimes[k], v);
		}
	}
}

/* ---- endpoints bodies ------------------------------------------------ */

static void null_key(cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v && !cJSON_IsNull(v))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateNull());
}

/* The unauthenticated view of one endpoint: no latency/throughput figures. */
static void strip_stats(cJSON *ep)
{
	cJSON *w;

	null_key(ep, "latency_last_30m");
	null_key(ep, "throughput_last_30m");
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(ep, "perf_last_30m_by_workload")) {
		if (cJSON_IsObject(w)) {
			null_key(w, "latency");
			null_key(w, "throughput");
		}
	}
}

static int render_endpoints(const cJSON *data, snap_endpoints *out)
{
	cJSON *dup, *ep;

	if (print_wrapped(data, &out->keyed) < 0)
		return -1;
	dup = cJSON_Duplicate(data, 1);
	if (!dup)
		return -1;
	cJSON_ArrayForEach(ep, cJSON_GetObjectItemCaseSensitive(dup, "endpoints"))
		strip_stats(ep);
	if (print_wrapped(dup, &out->public_) < 0) {
		cJSON_Delete(dup);
		return -1;
	}
	cJSON_Delete(dup);
	if (out->public_.len == out->keyed.len &&
	    memcmp(out->public_.data, out->keyed.data, out->keyed.len) == 0) {
		free(out->public_.data);
		out->public_ = out->keyed; /* share: freed once */
	}
	return 0;
}

/* The listing of a model without endpoint data: its header, no endpoints. */
static int render_empty_endpoints(const cJSON *model, snap_endpoints *out)
{
	static const char *const keys[] = { "id", "name", "created", "description", "architecture" };
	cJSON *d = cJSON_CreateObject();
	char err[128];
	size_t k;
	int rc = -1;

	if (!d)
		return -1;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(model, keys[k]);
		if (v)
			cJSON_AddItemToObject(d, keys[k], cJSON_Duplicate(v, 1));
	}
	cJSON_AddItemToObject(d, "endpoints", cJSON_CreateArray());
	if (cat_normalize_endpoints_data(d, err, sizeof(err)) < 0)
		goto out;
	if (print_wrapped(d, &out->keyed) < 0)
		goto out;
	out->public_ = out->keyed;
	rc = 0;
out:
	cJSON_Delete(d);
	return rc;
}

/* Index the imported listings by their keys (data.id, capture path). */
static int index_endpoints(snapshot *s)
{
	cJSON *d;
	size_t n = 0;

	cJSON_ArrayForEach(d, s->cat.endpoints)
		n++;
	s->ep_keys = calloc(n + 1, sizeof(*s->ep_keys));
	s->ep_objs = calloc(n + 1, sizeof(*s->ep_objs));
	if (!s->ep_keys || !s->ep_objs || table_init(&s->ep_by_id, n) < 0)
		return -1;
	n = 0;
	cJSON_ArrayForEach(d, s->cat.endpoints) {
		s->ep_keys[n] = d->string;
		s->ep_objs[n] = d;
		table_put(&s->ep_by_id, s->ep_keys, n);
		n++;
	}
	s->nlistings = n;
	return 0;
}

/* The imported listing of model i: its own (by id), else its canonical base
 * row's, else one keyed by its canonical slug; -1 when none. */
static long listing_of(const snapshot *s, size_t i)
{
	long e = table_get(&s->ep_by_id, s->ep_keys, s->ids[i], strlen(s->ids[i]));

	if (e < 0 && s->canon[i]) {
		size_t cl = strlen(s->canon[i]);
		long b = snapshot_find_canonical(s, s->canon[i], cl);
		if (b >= 0)
			e = table_get(&s->ep_by_id, s->ep_keys, s->ids[b], strlen(s->ids[b]));
		if (e < 0)
			e = table_get(&s->ep_by_id, s->ep_keys, s->canon[i], cl);
	}
	return e;
}

/*
 * One listing per model of the catalogue, rendered once however many models
 * share it; listings of models that are not in the catalogue (a models list
 * is a full catalogue) are never served.
 */
static int build_endpoints(snapshot *s)
{
	uint32_t *rendered = calloc(s->nlistings + 1, sizeof(*rendered));
	size_t i;
	int rc = -1;

	s->eps = calloc(s->n + 1, sizeof(*s->eps));
	s->model_ep = calloc(s->n + 1, sizeof(*s->model_ep));
	if (!rendered || !s->eps || !s->model_ep)
		goto out;
	for (i = 0; i < s->n; i++) {
		long k = listing_of(s, i);
		if (k >= 0 && rendered[k]) {
			s->model_ep[i] = rendered[k];
			continue;
		}
		s->eps[s->neps].model_id = s->ids[i];
		if (k >= 0 ? render_endpoints(s->ep_objs[k], &s->eps[s->neps]) < 0
			   : render_empty_endpoints(s->items[i], &s->eps[s->neps]) < 0)
			goto out;
		s->neps++;
		s->model_ep[i] = (uint32_t)s->neps;
		if (k >= 0)
			rendered[k] = (uint32_t)s->neps;
	}
	rc = 0;
out:
	free(rendered);
	return rc;
}

/* ---- fixed bodies ---------------------------------------------------- */

static int render_zdr(snapshot *s)
{
	cJSON *arr = cJSON_CreateArray(), *e;
	int rc;

	if (!arr)
		return -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(s->cat.extension, "endpoints")) {
		cJSON *ep, *copy;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "zdr")))
			continue;
		ep = find_endpoint(find_endpoints_data(s, cat_str(e, "model")), cat_str(e, "tag"));
		if (!ep || !(copy = cJSON_Duplicate(ep, 1)))
			continue;
		strip_stats(copy);
		cJSON_AddItemToArray(arr, copy);
	}
	rc = print_wrapped(arr, &s->zdr);
	cJSON_Delete(arr);
	return rc;
}

static int render_count(size_t n, snap_bytes *out)
{
	buf b = BUF_INIT(64);

	if (buf_printf(&b, "{\"data\":{\"count\":%zu}}", n) < 0) {
		buf_free(&b);
		return -1;
	}
	out->data = buf_detach(&b, &out->len);
	return out->data ? 0 : -1;
}

/* Pre-render the unpaged list for a query string, and its count. */
static int render_fixed_list(snapshot *s, const char *qs, snap_bytes *list, snap_bytes *count,
			     char *err, size_t errlen)
{
	arena a = { 0 };
	query *q = NULL;
	uint32_t *idx = NULL;
	buf b = BUF_INIT(BUF_MAX_DEFAULT);
	size_t n;
	int rc = -1;

	if (query_parse(qs, strlen(qs), QUERY_ROUTE_MODELS, &a, &q, err, errlen) < 0)
		goto out;
	idx = malloc((s->n + 1) * sizeof(*idx));
	if (!idx)
		goto out;
	n = query_select(s->facts, q, (int64_t)time(NULL), idx);
	if (snapshot_render_list(s, idx, 0, n, n, "null", 4, &b) < 0)
		goto out;
	list->data = buf_detach(&b, &list->len);
	if (!list->data || render_count(n, count) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && err[0] == '\0')
		snprintf(err, errlen, "out of memory rendering the model list");
	buf_free(&b);
	free(idx);
	arena_free(&a);
	return rc;
}

/* ---- build / free ---------------------------------------------------- */

static void bytes_free(snap_bytes *b)
{
	free(b->data);
	b->data = NULL;
}

static void snapshot_free(snapshot *s)
{
	size_t i;

	if (!s)
		return;
	compress_set_free(s->precomp); /* first: it may still be reading the bodies */
	query_facts_free(s->facts);
	if (s->model_body)
		for (i = 0; i < s->n; i++)
			bytes_free(&s->model_body[i]);
	for (i = 0; i < s->neps; i++) {
		if (s->eps[i].public_.data != s->eps[i].keyed.data)
			bytes_free(&s->eps[i].public_);
		bytes_free(&s->eps[i].keyed);
	}
	free(s->eps);
	free(s->ep_keys);
	free(s->ep_objs);
	free(s->model_ep);
	free(s->model_body);
	free(s->items);
	free(s->ids);
	free(s->canon);
	free(s->by_id.slots);
	free(s->by_canonical.slots);
	free(s->ep_by_id.slots);
	bytes_free(&s->list_default);
	bytes_free(&s->list_all);
	bytes_free(&s->count_default);
	bytes_free(&s->count_all);
	bytes_free(&s->providers);
	bytes_free(&s->zdr);
	store_catalog_free(&s->cat);
	free(s);
}

/* The fixed bodies, hashed and compressed once (compress.h); on failure the
 * set is NULL or identity-only and everything is still served. */
static compress_set *precompress(const snapshot *s)
{
	const snap_bytes *fixed[] = { &s->list_default, &s->list_all, &s->providers,
				      &s->zdr, &s->count_default, &s->count_all };
	compress_set *cs = compress_set_new();
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i]->data)
			compress_set_add(cs, fixed[i]->data, fixed[i]->len);
	compress_set_start(cs, COMPRESS_SYNC_MAX);
	return cs;
}

static int build_models(snapshot *s)
{
	cJSON *m;
	size_t i = 0;

	s->n = (size_t)cJSON_GetArraySize(s->cat.models);
	s->items = calloc(s->n + 1, sizeof(*s->items));
	s->ids = calloc(s->n + 1, sizeof(*s->ids));
	s->canon = calloc(s->n + 1, sizeof(*s->canon));
	s->model_body = calloc(s->n + 1, sizeof(*s->model_body));
	if (!s->items || !s->ids || !s->canon || !s->model_body ||
	    table_init(&s->by_id, s->n) < 0 || table_init(&s->by_canonical, s->n) < 0)
		return -1;
	cJSON_ArrayForEach(m, s->cat.models) {
		if (i == s->n)
			break;
		s->items[i] = m;
		s->ids[i] = cat_str(m, "id");
		s->canon[i] = cat_str(m, "canonical_slug");
		if (!s->ids[i])
			s->ids[i] = "";
		if (print_wrapped(m, &s->model_body[i]) < 0)
			return -1;
		table_put(&s->by_id, s->ids, i);
		i++;
	}
	s->n = i;
	/* canonical slug -> model: the base row (no variant suffix) first */
	for (i = 0; i < s->n; i++)
		if (!strchr(s->ids[i], ':'))
			table_put(&s->by_canonical, s->canon, i);
	for (i = 0; i < s->n; i++)
		table_put(&s->by_canonical, s->canon, i);
	return 0;
}

int snapshot_build(store_catalog *cat, int is_demo, snapshot **out, char *err, size_t errlen)
{
	snapshot *s = calloc(1, sizeof(*s));
	const char *stage = "memory";

	*out = NULL;
	err[0] = '\0';
	if (!s) {
		store_catalog_free(cat);
		snprintf(err, errlen, "out of memory building the snapshot");
		return -1;
	}
	atomic_init(&s->refs, 1);
	s->cat = *cat;
	memset(cat, 0, sizeof(*cat));
	s->version = s->cat.version;
	s->is_demo = is_demo;
	if (!s->cat.models)
		s->cat.models = cJSON_CreateArray();
	if (!s->cat.endpoints)
		s->cat.endpoints = cJSON_CreateObject();
	if (!s->cat.providers)
		s->cat.providers = cJSON_CreateArray();
	if (!s->cat.extension)
		s->cat.extension = cJSON_CreateObject();
	if (!s->cat.models || !s->cat.endpoints || !s->cat.providers || !s->cat.extension)
		goto fail;
	stage = "models";
	if (build_models(s) < 0)
		goto fail;
	stage = "endpoints";
	if (index_endpoints(s) < 0)
		goto fail;
	merge_extension(s);
	if (build_endpoints(s) < 0)
		goto fail;
	stage = "providers";
	if (print_wrapped(s->cat.providers, &s->providers) < 0 || render_zdr(s) < 0)
		goto fail;
	stage = "query facts";
	s->facts = query_facts_build(s->cat.models, s->cat.endpoints, s->cat.extension,
				     s->cat.providers);
	if (!s->facts)
		goto fail;
	stage = "default list";
	if (render_fixed_list(s, "", &s->list_default, &s->count_default, err, errlen) < 0)
		goto fail;
	if (render_fixed_list(s, "output_modalities=all", &s->list_all, &s->count_all,
			      err, errlen) < 0)
		goto fail;
	s->precomp = precompress(s);
	*out = s;
	return 0;
fail:
	if (err[0] == '\0')
		snprintf(err, errlen, "cannot build the catalog snapshot (%s): out of memory", stage);
	snapshot_free(s);
	return -1;
}

snapshot *snapshot_ref(snapshot *s)
{
	if (s)
		atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	return s;
}

void snapshot_release(snapshot *s)
{
	if (s && atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
		snapshot_free(s);
}

void snapshot_slot_init(snapshot_slot *slot)
{
	pthread_mutex_init(&slot->mu, NULL);
	slot->cur = NULL;
}

/* The mutex makes "read the pointer, take a reference" one step, so a
 * concurrent swap can never free a snapshot between the two. */
snapshot *snapshot_slot_acquire(snapshot_slot *slot)
{
	snapshot *s;

	pthread_mutex_lock(&slot->mu);
	s = snapshot_ref(slot->cur);
	pthread_mutex_unlock(&slot->mu);
	return s;
}

void snapshot_slot_swap(snapshot_slot *slot, snapshot *s)
{
	snapshot *old;

	pthread_mutex_lock(&slot->mu);
	old = slot->cur;
	slot->cur = s;
	pthread_mutex_unlock(&slot->mu);
	snapshot_release(old);
}

void snapshot_slot_destroy(snapshot_slot *slot)
{
	snapshot_slot_swap(slot, NULL);
	pthread_mutex_destroy(&slot->mu);
}
