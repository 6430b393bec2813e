/*
 * snapshot_endpoints.c - the endpoints side of a snapshot build: extension
 * figures merged into the endpoint trees, every endpoints listing rendered
 * (with and without latency/throughput, which only keyed callers see), the
 * header-only listings of models without endpoint data, and /endpoints/zdr.
 */
#include "server/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "server/snapshot_int.h"

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
	if (i < 0 || (k = snap_listing_of(s, (size_t)i)) < 0)
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
void snap_merge_extension(snapshot *s)
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

/* Where a listing's two bodies are in the endpoints blob while it grows. */
typedef struct ep_span {
	size_t keyed_off, keyed_len, public_off, public_len;
} ep_span;

/* Both views of a listing appended to b; the public one shares the keyed
 * bytes when they are equal. */
static int render_endpoints(const cJSON *data, buf *b, ep_span *out)
{
	cJSON *dup, *ep;

	out->keyed_off = b->len;
	if (snap_print_wrapped_into(data, b) < 0)
		return -1;
	out->keyed_len = b->len - out->keyed_off;
	dup = cJSON_Duplicate(data, 1);
	if (!dup)
		return -1;
	cJSON_ArrayForEach(ep, cJSON_GetObjectItemCaseSensitive(dup, "endpoints"))
		strip_stats(ep);
	out->public_off = b->len;
	if (snap_print_wrapped_into(dup, b) < 0) {
		cJSON_Delete(dup);
		return -1;
	}
	cJSON_Delete(dup);
	out->public_len = b->len - out->public_off;
	if (out->public_len == out->keyed_len &&
	    memcmp(b->data + out->public_off, b->data + out->keyed_off, out->keyed_len) == 0) {
		b->len = out->public_off; /* share the keyed bytes */
		b->data[b->len] = '\0';
		out->public_off = out->keyed_off;
	}
	return 0;
}

/* The literal text around the cut values of a header-only listing. */
static const char *const header_keys[SNAP_HEADER_FIELDS] = {
	"id", "name", "created", "description", "architecture"
};
static const char *const header_lit[SNAP_HEADER_FIELDS + 1] = {
	"{\"data\":{\"id\":", ",\"name\":", ",\"created\":", ",\"description\":",
	",\"architecture\":", ",\"endpoints\":[]}}"
};

static int put_header(const char *json, const uint32_t cut[][2], buf *out)
{
	size_t k;

	for (k = 0; k < SNAP_HEADER_FIELDS; k++)
		if (buf_puts(out, header_lit[k]) < 0 || buf_append(out, json + cut[k][0], cut[k][1]) < 0)
			return -1;
	return buf_puts(out, header_lit[SNAP_HEADER_FIELDS]);
}

int snapshot_endpoints_header(const snapshot *s, const snap_endpoints *e, buf *out)
{
	size_t len;
	const char *json = snapshot_model_json(s, e->model, &len);

	return put_header(json, (const uint32_t(*)[2])e->cut, out);
}

/*
 * Can the rendered header-only listing r[0..rlen) be cut from the model's
 * JSON json[0..jlen)? Each header value printed on its own is looked for in
 * the JSON (any place with the same bytes does); the cuts are kept only when
 * putting them together gives r exactly (normalisation may have added or
 * changed fields: then the rendered bytes are kept).
 */
static int cut_header(const cJSON *model, const char *json, size_t jlen, const char *r,
		      size_t rlen, snap_endpoints *e)
{
	buf v = BUF_INIT(BUF_MAX_DEFAULT), again = BUF_INIT(BUF_MAX_DEFAULT);
	size_t k;
	int ok = 0;

	if (jlen > UINT32_MAX)
		return 0;
	for (k = 0; k < SNAP_HEADER_FIELDS; k++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(model, header_keys[k]);
		const char *at;

		buf_reset(&v);
		if (!it || cat_print(it, &v) < 0 || v.len == 0 ||
		    !(at = memmem(json, jlen, v.data, v.len)))
			goto out;
		e->cut[k][0] = (uint32_t)(at - json);
		e->cut[k][1] = (uint32_t)v.len;
	}
	ok = put_header(json, (const uint32_t(*)[2])e->cut, &again) == 0 && again.len == rlen &&
	     memcmp(again.data, r, rlen) == 0;
out:
	buf_free(&v);
	buf_free(&again);
	return ok;
}

/* The listing of a model without endpoint data: its header, no endpoints. */
static int render_empty_endpoints(const cJSON *model, buf *b, ep_span *out)
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
	out->keyed_off = out->public_off = b->len;
	if (snap_print_wrapped_into(d, b) < 0)
		goto out;
	out->keyed_len = out->public_len = b->len - out->keyed_off;
	rc = 0;
out:
	cJSON_Delete(d);
	return rc;
}

/* Index the imported listings by their keys (data.id, capture path). */
int snap_index_endpoints(snapshot *s)
{
	cJSON *d;
	size_t n = 0;

	cJSON_ArrayForEach(d, s->cat.endpoints)
		n++;
	s->ep_keys = calloc(n + 1, sizeof(*s->ep_keys));
	s->ep_objs = calloc(n + 1, sizeof(*s->ep_objs));
	if (!s->ep_keys || !s->ep_objs || snap_table_init(&s->ep_by_id, n) < 0)
		return -1;
	n = 0;
	cJSON_ArrayForEach(d, s->cat.endpoints) {
		s->ep_keys[n] = d->string;
		s->ep_objs[n] = d;
		snap_table_put(&s->ep_by_id, s->ep_keys, n);
		n++;
	}
	s->nlistings = n;
	return 0;
}

/* The imported listing of model i: its own (by id), else its canonical base
 * row's, else one keyed by its canonical slug; -1 when none. */
long snap_listing_of(const snapshot *s, size_t i)
{
	long e = snap_table_get(&s->ep_by_id, s->ep_keys, s->ids[i], strlen(s->ids[i]));

	if (e < 0 && s->canon[i]) {
		size_t cl = strlen(s->canon[i]);
		long b = snapshot_find_canonical(s, s->canon[i], cl);
		if (b >= 0)
			e = snap_table_get(&s->ep_by_id, s->ep_keys, s->ids[b], strlen(s->ids[b]));
		if (e < 0)
			e = snap_table_get(&s->ep_by_id, s->ep_keys, s->canon[i], cl);
	}
	return e;
}

/*
 * One listing per model of the catalogue, rendered once however many models
 * share it; listings of models that are not in the catalogue (a models list
 * is a full catalogue) are never served.
 */
int snap_build_endpoints(snapshot *s, const buf *models, const size_t *moff)
{
	uint32_t *rendered = calloc(s->nlistings + 1, sizeof(*rendered));
	ep_span *span = calloc(s->n + 1, sizeof(*span));
	buf b = BUF_INIT(BUF_MAX_DEFAULT);
	size_t i, len;
	int rc = -1;

	s->eps = calloc(s->n + 1, sizeof(*s->eps));
	s->model_ep = calloc(s->n + 1, sizeof(*s->model_ep));
	if (!rendered || !span || !s->eps || !s->model_ep)
		goto out;
	for (i = 0; i < s->n; i++) {
		long k = snap_listing_of(s, i);
		snap_endpoints *e = &s->eps[s->neps];
		ep_span *sp = &span[s->neps];

		if (k >= 0 && rendered[k]) {
			s->model_ep[i] = rendered[k];
			continue;
		}
		e->model_id = s->ids[i];
		if (k >= 0 ? render_endpoints(s->ep_objs[k], &b, sp) < 0
			   : render_empty_endpoints(s->items[i], &b, sp) < 0)
			goto out;
		if (k < 0 && cut_header(s->items[i], models->data + moff[i], s->model_json[i].len,
					b.data + sp->keyed_off, sp->keyed_len, e)) {
			/* stored as cuts of the model's JSON, not as bytes */
			e->model = (uint32_t)i;
			b.len = sp->keyed_off;
			b.data[b.len] = '\0';
			sp->keyed_len = sp->public_len = 0;
		}
		s->neps++;
		s->model_ep[i] = (uint32_t)s->neps;
		if (k >= 0)
			rendered[k] = (uint32_t)s->neps;
	}
	/* one allocation for every body; pointers once it no longer moves */
	if (!(s->eps_blob = snap_detach_exact(&b, &len)))
		goto out;
	for (i = 0; i < s->neps; i++) {
		if (!span[i].keyed_len)
			continue; /* cuts */
		s->eps[i].keyed.data = s->eps_blob + span[i].keyed_off;
		s->eps[i].keyed.len = span[i].keyed_len;
		s->eps[i].public_.data = s->eps_blob + span[i].public_off;
		s->eps[i].public_.len = span[i].public_len;
	}
	rc = 0;
out:
	buf_free(&b);
	free(span);
	free(rendered);
	return rc;
}

int snap_render_zdr(snapshot *s)
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
	rc = snap_print_wrapped(arr, &s->zdr);
	cJSON_Delete(arr);
	return rc;
}
