/*
 * snapshot.c - build, share and free immutable catalog snapshots (snapshot.h).
 *
 * Build order: every model's JSON rendered once into one blob (which becomes
 * the `all` list when that list is every model in default order) and lookup
 * tables over the models, with the snapshot's own copies of ids and slugs;
 * extension figures merged into the endpoint trees; every endpoints body (two
 * variants) rendered into a second blob; providers, ZDR; the query engine's
 * facts and the API-key index (both own their strings); the fixed lists.
 * Then the cJSON trees are freed: nothing served reads them.
 */
#include "server/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "catalog/catalog.h"
#include "server/compress.h"
#include "server/user_rules.h"
#include "server/snapshot_int.h"

#define LIST_PREFIX "{\"data\":["

uint64_t snap_hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int snap_table_init(snap_table *t, size_t n)
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

long snap_table_get(const snap_table *t, const char *const *keys, const char *key, size_t len)
{
	size_t i;

	if (!t->slots || !key)
		return -1;
	for (i = snap_hash_bytes(key, len) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		const char *k = keys[t->slots[i] - 1];
		if (k && strlen(k) == len && memcmp(k, key, len) == 0)
			return (long)t->slots[i] - 1;
	}
	return -1;
}

/* Insert unless the key is present already (first one wins). */
void snap_table_put(snap_table *t, const char *const *keys, size_t idx)
{
	const char *key = keys[idx];
	size_t len, i;

	if (!key)
		return;
	len = strlen(key);
	for (i = snap_hash_bytes(key, len) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		const char *k = keys[t->slots[i] - 1];
		if (strcmp(k, key) == 0)
			return;
	}
	t->slots[i] = (uint32_t)idx + 1;
}

/* Append {"data":<obj>} with exact numbers (cat_print: cJSON's own printer
 * rounds to 15 significant digits, which would break fidelity). */
int snap_print_wrapped_into(const cJSON *obj, buf *b)
{
	if (buf_puts(b, "{\"data\":") < 0 || cat_print(obj, b) < 0 || buf_putc(b, '}') < 0)
		return -1;
	return 0;
}

/* A buffer's bytes without the slack of its doubling growth. */
char *snap_detach_exact(buf *b, size_t *len)
{
	char *p = buf_detach(b, len), *q;

	if (p && (q = realloc(p, *len + 1)))
		p = q;
	return p;
}

int snap_print_wrapped(const cJSON *obj, snap_bytes *out)
{
	buf b = BUF_INIT(BUF_MAX_DEFAULT);

	if (snap_print_wrapped_into(obj, &b) < 0) {
		buf_free(&b);
		return -1;
	}
	out->data = snap_detach_exact(&b, &out->len);
	return out->data ? 0 : -1;
}

int snapshot_model_body(const snapshot *s, size_t i, buf *out)
{
	size_t len;
	const char *j = snapshot_model_json(s, i, &len);

	if (buf_grow(out, len + 16) < 0 || buf_puts(out, "{\"data\":") < 0 ||
	    buf_append(out, j, len) < 0 || buf_putc(out, '}') < 0)
		return -1;
	return 0;
}

long snapshot_find_id(const snapshot *s, const char *id, size_t len)
{
	return snap_table_get(&s->by_id, s->ids, id, len);
}

long snapshot_find_canonical(const snapshot *s, const char *slug, size_t len)
{
	return snap_table_get(&s->by_canonical, s->canon, slug, len);
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
		need += s->model_json[idx[i]].len + 1;
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

/* ---- fixed bodies ---------------------------------------------------- */

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

/* One unpaged list, selected through the query engine itself (so that it can
 * never disagree with a computed answer): *idx (malloc()ed), *n, and whether
 * it is every model in default order. */
typedef struct fixed_sel {
	uint32_t *idx;
	size_t n;
	int whole;
} fixed_sel;

static int select_fixed(const snapshot *s, const char *qs, fixed_sel *out, char *err,
			size_t errlen)
{
	arena a = { 0 };
	query *q = NULL;
	size_t i;
	int rc = -1;

	if (query_parse(qs, strlen(qs), QUERY_ROUTE_MODELS, &a, &q, err, errlen) < 0)
		goto out;
	out->idx = malloc((s->n + 1) * sizeof(*out->idx));
	if (!out->idx)
		goto out;
	out->n = query_select(s->facts, q, (int64_t)time(NULL), out->idx);
	out->whole = out->n == s->n;
	for (i = 0; i < out->n && out->whole; i++)
		out->whole = out->idx[i] == i;
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

static void piece(snap_list *l, const void *base, size_t len)
{
	l->iov[l->niov].iov_base = base;
	l->iov[l->niov].iov_len = len;
	l->niov++;
	l->len += len;
}

/* The list of a selection as pieces: what snapshot_render_list() would write
 * with next = null, without copying the models' JSON. */
static int list_pieces(const snapshot *s, const fixed_sel *sel, snap_list *l)
{
	buf tail = BUF_INIT(128);
	size_t i, runs = 0;

	for (i = 0; i < sel->n; i++)
		if (i == 0 || sel->idx[i] != sel->idx[i - 1] + 1)
			runs++;
	if (runs * 2 + 2 > UINT32_MAX ||
	    buf_printf(&tail, "],\"total_count\":%zu,\"links\":{\"next\":null}}", sel->n) < 0 ||
	    !(l->tail = buf_detach(&tail, &i)) ||
	    !(l->iov = calloc(runs * 2 + 2, sizeof(*l->iov)))) {
		buf_free(&tail);
		return -1;
	}
	piece(l, LIST_PREFIX, strlen(LIST_PREFIX));
	for (i = 0; i < sel->n;) {
		size_t j = i;
		const snap_bytes *first = &s->model_json[sel->idx[i]], *last;

		while (j + 1 < sel->n && sel->idx[j + 1] == sel->idx[j] + 1)
			j++;
		last = &s->model_json[sel->idx[j]];
		if (i > 0)
			piece(l, ",", 1);
		/* consecutive models are consecutive in the blob, commas included */
		piece(l, first->data, (size_t)(last->data + last->len - first->data));
		i = j + 1;
	}
	piece(l, l->tail, strlen(l->tail));
	return 0;
}

int snapshot_list_flatten(const snap_list *l, buf *out)
{
	unsigned i;

	if (l->data)
		return buf_append(out, l->data, l->len);
	if (buf_grow(out, l->len) < 0)
		return -1;
	for (i = 0; i < l->niov; i++)
		if (buf_append(out, l->iov[i].iov_base, l->iov[i].iov_len) < 0)
			return -1;
	return 0;
}

/* The list body of a selection and its count; a list of every model in
 * default order is models_blob itself (its tail was appended). */
static int render_fixed_list(snapshot *s, const fixed_sel *sel, snap_list *list,
			     snap_bytes *count)
{
	if (sel->whole) {
		list->data = s->models_blob;
		list->len = s->models_blob_len;
	} else if (list_pieces(s, sel, list) < 0) {
		return -1;
	}
	return render_count(sel->n, count);
}

/* ---- build / free ---------------------------------------------------- */

static void bytes_free(snap_bytes *b)
{
	free(b->data);
	b->data = NULL;
}

/* A list's bytes are models_blob's (freed with it) but for its pieces. */
static void list_free(snap_list *l)
{
	free(l->iov);
	free(l->tail);
	memset(l, 0, sizeof(*l));
}

/* Everything only snapshot_build() reads: the cJSON trees and what points
 * into them. Then hand the freed heap back to the system (glibc keeps it
 * otherwise: ~5x the catalog's JSON). */
static void drop_build_state(snapshot *s)
{
	free(s->items);
	free(s->ep_keys);
	free(s->ep_objs);
	free(s->ep_by_id.slots);
	s->items = NULL;
	s->ep_keys = NULL;
	s->ep_objs = NULL;
	s->ep_by_id.slots = NULL;
	s->nlistings = 0;
	store_catalog_free(&s->cat);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

static void snapshot_free(snapshot *s)
{
	if (!s)
		return;
	compress_set_free(s->precomp); /* first: it may still be reading the bodies */
	query_facts_free(s->facts);
	user_index_free(s->users);
	free(s->eps);
	free(s->eps_blob);
	free(s->ep_keys);
	free(s->ep_objs);
	free(s->model_ep);
	free(s->model_json);
	free(s->items);
	free(s->ids);
	free(s->canon);
	free(s->created);
	free(s->by_id.slots);
	free(s->by_canonical.slots);
	free(s->ep_by_id.slots);
	list_free(&s->list_default);
	list_free(&s->list_all);
	free(s->models_blob);
	arena_free(&s->strs);
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
	const snap_list *lists[] = { &s->list_default, &s->list_all };
	const snap_bytes *fixed[] = { &s->providers, &s->zdr, &s->count_default, &s->count_all };
	compress_set *cs = compress_set_new();
	size_t i;

	for (i = 0; i < 2; i++) {
		const snap_list *l = lists[i];
		buf copy = BUF_INIT(BUF_MAX_DEFAULT);
		size_t len;

		if (l->data) {
			if (i == 0 || l->data != lists[0]->data) /* one body: once */
				compress_set_add(cs, l->data, l->len);
		} else if (l->iov) {
			/* a transient contiguous copy to hash and compress (freed by
			 * the set when done); the pieces are what is served */
			if (snapshot_list_flatten(l, &copy) == 0)
				compress_set_add_copy(cs, l->iov, buf_detach(&copy, &len), l->len);
			buf_free(&copy);
		}
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i]->data)
			compress_set_add(cs, fixed[i]->data, fixed[i]->len);
	compress_set_start(cs, COMPRESS_SYNC_MAX);
	return cs;
}

/*
 * Every model's compact JSON into blob, in default order, as the list body
 * {"data":[m0,m1,... (the tail is appended once the fixed lists are known);
 * model i's JSON starts at off[i] (model_json[i].len is set here, .data once
 * the blob stops moving). The snapshot's own copies of ids and slugs.
 */
static int build_models(snapshot *s, buf *blob, size_t *off)
{
	cJSON *m;
	size_t i = 0;
	double c;

	if (buf_puts(blob, LIST_PREFIX) < 0)
		return -1;
	cJSON_ArrayForEach(m, s->cat.models) {
		const char *id = cat_str(m, "id"), *canon = cat_str(m, "canonical_slug");

		if (i == s->n)
			break;
		s->items[i] = m;
		s->ids[i] = arena_strdup(&s->strs, id ? id : "");
		s->canon[i] = canon ? arena_strdup(&s->strs, canon) : NULL;
		if (!s->ids[i] || (canon && !s->canon[i]))
			return -1;
		s->created[i] = cat_num(m, "created", &c) ? c : -1;
		if (i > 0 && buf_putc(blob, ',') < 0)
			return -1;
		off[i] = blob->len;
		if (cat_print(m, blob) < 0)
			return -1;
		s->model_json[i].len = blob->len - off[i];
		snap_table_put(&s->by_id, s->ids, i);
		i++;
	}
	s->n = i;
	/* canonical slug -> model: the base row (no variant suffix) first */
	for (i = 0; i < s->n; i++)
		if (!strchr(s->ids[i], ':'))
			snap_table_put(&s->by_canonical, s->canon, i);
	for (i = 0; i < s->n; i++)
		snap_table_put(&s->by_canonical, s->canon, i);
	return 0;
}

static int alloc_models(snapshot *s)
{
	s->n = (size_t)cJSON_GetArraySize(s->cat.models);
	s->items = calloc(s->n + 1, sizeof(*s->items));
	s->ids = calloc(s->n + 1, sizeof(*s->ids));
	s->canon = calloc(s->n + 1, sizeof(*s->canon));
	s->created = calloc(s->n + 1, sizeof(*s->created));
	s->model_json = calloc(s->n + 1, sizeof(*s->model_json));
	if (!s->items || !s->ids || !s->canon || !s->created || !s->model_json ||
	    snap_table_init(&s->by_id, s->n) < 0 || snap_table_init(&s->by_canonical, s->n) < 0)
		return -1;
	return 0;
}

/*
 * The two unpaged lists and their counts. When one of them is every model in
 * default order, models_blob gets the list's tail and is that list; either
 * way the blob is final here and model_json points into it.
 */
static int build_fixed_lists(snapshot *s, buf *blob, const size_t *off, char *err,
			     size_t errlen)
{
	fixed_sel def = { 0 }, all = { 0 };
	size_t i;
	int rc = -1;

	if (select_fixed(s, "", &def, err, errlen) < 0 ||
	    select_fixed(s, "output_modalities=all", &all, err, errlen) < 0)
		goto out;
	if ((def.whole || all.whole) &&
	    buf_printf(blob, "],\"total_count\":%zu,\"links\":{\"next\":null}}", s->n) < 0)
		goto out;
	if (!(s->models_blob = snap_detach_exact(blob, &s->models_blob_len)))
		goto out;
	for (i = 0; i < s->n; i++)
		s->model_json[i].data = s->models_blob + off[i];
	if (render_fixed_list(s, &def, &s->list_default, &s->count_default) < 0 ||
	    render_fixed_list(s, &all, &s->list_all, &s->count_all) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && err[0] == '\0')
		snprintf(err, errlen, "out of memory rendering the model list");
	free(def.idx);
	free(all.idx);
	return rc;
}

int snapshot_build(store_catalog *cat, int is_demo, snapshot **out, char *err, size_t errlen)
{
	snapshot *s = calloc(1, sizeof(*s));
	const char *stage = "memory";
	buf blob = BUF_INIT(BUF_MAX_DEFAULT);
	size_t *off = NULL;

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
	if (alloc_models(s) < 0 || !(off = calloc(s->n + 1, sizeof(*off))) ||
	    build_models(s, &blob, off) < 0)
		goto fail;
	stage = "endpoints";
	if (snap_index_endpoints(s) < 0)
		goto fail;
	snap_merge_extension(s);
	if (snap_build_endpoints(s, &blob, off) < 0)
		goto fail;
	stage = "providers";
	if (snap_print_wrapped(s->cat.providers, &s->providers) < 0 || snap_render_zdr(s) < 0)
		goto fail;
	stage = "query facts";
	s->facts = query_facts_build(s->cat.models, s->cat.endpoints, s->cat.extension,
				     s->cat.providers);
	if (!s->facts)
		goto fail;
	stage = "API key index";
	if (!(s->users = user_index_build(s)))
		goto fail;
	stage = "default list";
	if (build_fixed_lists(s, &blob, off, err, errlen) < 0)
		goto fail;
	free(off);
	drop_build_state(s);
	s->precomp = precompress(s);
	*out = s;
	return 0;
fail:
	if (err[0] == '\0')
		snprintf(err, errlen, "cannot build the catalog snapshot (%s): out of memory", stage);
	buf_free(&blob);
	free(off);
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
