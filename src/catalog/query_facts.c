/*
 * query_facts.c - per-model facts of a snapshot, computed once per snapshot
 * so that a query only compares numbers and bits: lowercase name/id for q,
 * modality/parameter/provider bitsets, prices per million, benchmark and
 * extension values, and every sort order precomputed (ties in default order).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/query_int.h"

long qset_find(const qset *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return (long)i;
	return -1;
}

/* Intern name (copied into mem); returns its index or -1 on OOM. */
static long qset_add(qset *s, arena *mem, const char *name)
{
	long i = qset_find(s, name);

	if (i >= 0)
		return i;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		const char **nn = arena_alloc(mem, cap * sizeof(*nn));

		if (!nn)
			return -1;
		if (s->n)
			memcpy(nn, s->names, s->n * sizeof(*nn));
		s->names = nn;
		s->cap = cap;
	}
	s->names[s->n] = arena_strdup(mem, name);
	if (!s->names[s->n])
		return -1;
	return (long)s->n++;
}

int query_per_million(const char *text, double *out)
{
	char tmp[96], *end;
	const char *e;
	double v;
	long ex = 0;
	size_t mlen;

	*out = 0;
	if (!text || !*text)
		return 0;
	v = strtod(text, &end);
	if (end == text || *end || !isfinite(v))
		return 0;
	if (v < 0)
		return -1;
	/* decimal text * 10^6 in one correctly rounded conversion */
	e = strpbrk(text, "eE");
	mlen = e ? (size_t)(e - text) : strlen(text);
	if (e)
		ex = strtol(e + 1, NULL, 10);
	if (mlen > 64)
		return (*out = v * 1e6), 1;
	snprintf(tmp, sizeof(tmp), "%.*se%ld", (int)mlen, text, ex + 6);
	*out = strtod(tmp, NULL);
	return 1;
}

/* Open-addressing map of model id -> first index; next[] chains duplicates. */
typedef struct idmap {
	uint32_t *slot;    /* index + 1, 0 = empty */
	uint32_t *next;    /* next model with the same id + 1, 0 = none */
	size_t mask;
	const cJSON *models;
	const char **ids;
} idmap;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int idmap_build(idmap *m, arena *mem, const char **ids, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	m->slot = arena_alloc(mem, cap * sizeof(uint32_t));
	m->next = arena_alloc(mem, (n + 1) * sizeof(uint32_t));
	if (!m->slot || !m->next)
		return -1;
	m->mask = cap - 1;
	m->ids = ids;
	for (size_t i = 0; i < n; i++) {
		size_t h;

		if (!ids[i])
			continue;
		for (h = hash(ids[i]) & m->mask; m->slot[h]; h = (h + 1) & m->mask) {
			uint32_t j = m->slot[h] - 1;

			if (!strcmp(ids[j], ids[i])) {
				while (m->next[j])
					j = m->next[j] - 1;
				m->next[j] = (uint32_t)i + 1;
				break;
			}
		}
		if (!m->slot[h])
			m->slot[h] = (uint32_t)i + 1;
	}
	return 0;
}

/* First model index with this id + 1, or 0. Continue with m->next[i]. */
static uint32_t idmap_get(const idmap *m, const char *id)
{
	if (!id)
		return 0;
	for (size_t h = hash(id) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
		if (!strcmp(m->ids[m->slot[h] - 1], id))
			return m->slot[h];
	return 0;
}

static char *lower_dup(arena *mem, const char *s, size_t len)
{
	char *d = arena_strndup(mem, s ? s : "", s ? len : 0);

	if (d)
		query_lower(d);
	return d;
}

#define NAMES_MAX 32

/* The names a list value holds: the strings of an array, or the words of a
 * string -- some real captures (2025-10) carry modalities as "text image". */
static size_t names_of(const cJSON *v, char out[NAMES_MAX][64])
{
	const cJSON *it;
	size_t n = 0;

	if (cJSON_IsString(v)) {
		const char *p = v->valuestring;
		while (*p && n < NAMES_MAX) {
			size_t len = strcspn(p, " \t,+");
			if (len) {
				snprintf(out[n++], 64, "%.*s", (int)(len < 63 ? len : 63), p);
				p += len;
			} else {
				p++;
			}
		}
		return n;
	}
	cJSON_ArrayForEach(it, v)
		if (cJSON_IsString(it) && n < NAMES_MAX)
			snprintf(out[n++], 64, "%s", it->valuestring);
	return n;
}

/* Set the bits of every string of arr in set s for model i (two passes:
 * names first, bits once words is known). */
static int intern_all(qset *s, arena *mem, const cJSON *arr, int lower)
{
	char names[NAMES_MAX][64];
	size_t n = names_of(arr, names), k;

	for (k = 0; k < n; k++) {
		if (lower)
			query_lower(names[k]);
		if (qset_add(s, mem, names[k]) < 0)
			return -1;
	}
	return 0;
}

/* set_bits for list values (arrays or strings of words). */
static void set_name_bits(qset *s, size_t i, const cJSON *v)
{
	char names[NAMES_MAX][64];
	size_t n = names_of(v, names), k;

	for (k = 0; k < n; k++) {
		long b = qset_find(s, names[k]);
		if (b >= 0)
			s->bits[i * s->words + (size_t)b / 64] |= (uint64_t)1 << (b % 64);
	}
}

static void set_bits(qset *s, size_t i, const cJSON *arr, int lower, const char *key)
{
	const cJSON *it;
	char tmp[256];

	cJSON_ArrayForEach(it, arr) {
		const char *v = key ? cat_str(it, key) : (cJSON_IsString(it) ? it->valuestring : NULL);
		long b;

		if (!v)
			continue;
		snprintf(tmp, sizeof(tmp), "%s", v);
		if (lower)
			query_lower(tmp);
		b = qset_find(s, tmp);
		if (b >= 0)
			s->bits[i * s->words + (size_t)b / 64] |= (uint64_t)1 << (b % 64);
	}
}

static int qset_alloc_bits(qset *s, arena *mem, size_t n)
{
	s->words = s->n ? (s->n + 63) / 64 : 1;
	s->bits = arena_alloc(mem, n * s->words * sizeof(uint64_t));
	return s->bits ? 0 : -1;
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Lowercase "name\nid": a q term (never holding whitespace) occurs in it
 * exactly when it occurs in the name or in the id. */
static char *search_text(arena *mem, const char *name, const char *id)
{
	size_t nl = name ? strlen(name) : 0, il = id ? strlen(id) : 0;
	char *d = arena_alloc(mem, nl + il + 2);

	if (!d)
		return NULL;
	memcpy(d, name ? name : "", nl);
	d[nl] = '\n';
	memcpy(d + nl + 1, id ? id : "", il);
	d[nl + 1 + il] = '\0';
	query_lower(d);
	return d;
}

/* Intern the lowercase author of id ("" when none). */
static int author_of(query_facts *f, qmodel *q, const char *id)
{
	char tmp[256];
	size_t n = id ? cat_id_author_len(id) : 0;
	long ix;

	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;   /* longer authors cannot be asked for (value cap) */
	memcpy(tmp, id ? id : "", n);
	tmp[n] = '\0';
	query_lower(tmp);
	ix = qset_add(&f->authors, &f->mem, tmp);
	if (ix < 0)
		return -1;
	q->author = (uint32_t)ix;
	return 0;
}

static void model_facts(qmodel *f, const cJSON *m)
{
	const cJSON *arch = get(m, "architecture"), *pr = get(m, "pricing");
	const cJSON *bm = get(m, "benchmarks"), *aa = get(bm, "artificial_analysis"), *it;
	static const char *const aa_keys[3] = { "intelligence_index", "coding_index", "agentic_index" };
	double d;
	int rp, rc;

	if (cat_num(m, "created", &d) && d > -9.2e18 && d < 9.2e18) {
		f->created = (int64_t)d;
		f->flags |= QF_CREATED;
	}
	if (cat_num(m, "context_length", &d)) {
		f->context = d;
		f->flags |= QF_CONTEXT;
	}
	rp = query_per_million(cat_str(pr, "prompt"), &f->prompt);
	rc = query_per_million(cat_str(pr, "completion"), &f->completion);
	f->flags |= (rp == 1 ? QF_PROMPT : 0) | (rc == 1 ? QF_COMPLETION : 0);
	if (rp == 1 && rc == 1) {
		f->price_key = (f->prompt + f->completion) / 2;
		f->flags |= QF_PRICE_KEY;
	}
	for (int k = 0; k < 3; k++)
		if (cat_num(aa, aa_keys[k], &f->aa[k]))
			f->flags |= QF_INTEL << k;
	cJSON_ArrayForEach(it, get(bm, "design_arena")) {
		if (cat_num(it, "elo", &d) && (!(f->flags & QF_ELO) || d > f->elo)) {
			f->elo = d;
			f->flags |= QF_ELO;
		}
	}
	(void)arch;
}

static void ext_model(qmodel *f, const cJSON *x)
{
	const cJSON *cats = get(x, "categories"), *dist = get(x, "distillable");
	double d;

	if (cat_num(x, "weekly_tokens", &f->weekly))
		f->flags |= QF_WEEKLY;
	if (cat_num(x, "popularity", &f->popularity))
		f->flags |= QF_POPULAR;
	if (cat_num(x, "tool_success_rate", &f->tool_rate))
		f->flags |= QF_TOOL;
	if (cJSON_IsTrue(dist))
		f->flags |= QF_DISTILLABLE;
	for (int c = 0; c < QCAT_COUNT; c++)
		if (cat_num(cats, query_categories[c], &d) && d > 0)
			f->cat[c] = d;
}

static void ext_endpoint(qmodel *f, const cJSON *e)
{
	const cJSON *it;
	double d;

	if (cJSON_IsTrue(get(e, "zdr")))
		f->flags |= QF_ZDR;
	cJSON_ArrayForEach(it, get(e, "regions")) {
		if (cJSON_IsString(it) && !strcmp(it->valuestring, "eu"))
			f->regions |= QREGION_EU;
		else if (cJSON_IsString(it) && !strcmp(it->valuestring, "us"))
			f->regions |= QREGION_US;
	}
	if (cat_num(get(e, "latency_last_30m"), "p50", &d) &&
	    (!(f->flags & QF_LATENCY) || d < f->latency)) {
		f->latency = d;
		f->flags |= QF_LATENCY;
	}
	if (cat_num(get(e, "throughput_last_30m"), "p50", &d) &&
	    (!(f->flags & QF_THROUGHPUT) || d > f->throughput)) {
		f->throughput = d;
		f->flags |= QF_THROUGHPUT;
	}
}

/* Sorting: key, direction, presence flag. */
static const struct { uint32_t flag; int desc; } sort_def[QS_COUNT] = {
	[QS_PRICE_LOW] = { QF_PRICE_KEY, 0 }, [QS_PRICE_HIGH] = { QF_PRICE_KEY, 1 },
	[QS_CONTEXT_HIGH] = { QF_CONTEXT, 1 }, [QS_THROUGHPUT_HIGH] = { QF_THROUGHPUT, 1 },
	[QS_LATENCY_LOW] = { QF_LATENCY, 0 }, [QS_MOST_POPULAR] = { QF_POPULAR, 1 },
	[QS_TOP_WEEKLY] = { QF_WEEKLY, 1 }, [QS_NEWEST] = { QF_CREATED, 1 },
	[QS_INTELLIGENCE_HIGH] = { QF_INTEL, 1 }, [QS_CODING_HIGH] = { QF_CODING, 1 },
	[QS_AGENTIC_HIGH] = { QF_AGENTIC, 1 }, [QS_DESIGN_ARENA_HIGH] = { QF_ELO, 1 },
};

static double sort_key(const qmodel *f, int s)
{
	switch (s) {
	case QS_PRICE_LOW: case QS_PRICE_HIGH: return f->price_key;
	case QS_CONTEXT_HIGH: return f->context;
	case QS_THROUGHPUT_HIGH: return f->throughput;
	case QS_LATENCY_LOW: return f->latency;
	case QS_MOST_POPULAR: return f->popularity;
	case QS_TOP_WEEKLY: return f->weekly;
	case QS_NEWEST: return (double)f->created;
	case QS_INTELLIGENCE_HIGH: return f->aa[0];
	case QS_CODING_HIGH: return f->aa[1];
	case QS_AGENTIC_HIGH: return f->aa[2];
	default: return f->elo;
	}
}

typedef struct keyed {
	double key;
	uint32_t idx;
	int scored;
} keyed;

static int cmp_asc(const void *a, const void *b)
{
	const keyed *x = a, *y = b;

	if (x->scored != y->scored)
		return y->scored - x->scored;
	if (x->scored && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_desc(const void *a, const void *b)
{
	const keyed *x = a, *y = b;

	if (x->scored != y->scored)
		return y->scored - x->scored;
	if (x->scored && x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int build_orders(query_facts *f)
{
	keyed *k = malloc((f->n ? f->n : 1) * sizeof(*k));
	size_t i, c, n;

	if (!k)
		return -1;
	for (int s = 0; s < QS_COUNT; s++) {
		f->order[s] = arena_alloc(&f->mem, (f->n ? f->n : 1) * sizeof(uint32_t));
		if (!f->order[s])
			goto fail;
		for (i = 0; i < f->n; i++) {
			k[i].idx = (uint32_t)i;
			k[i].scored = (f->m[i].flags & sort_def[s].flag) != 0;
			k[i].key = sort_key(&f->m[i], s);
		}
		qsort(k, f->n, sizeof(*k), sort_def[s].desc ? cmp_desc : cmp_asc);
		for (i = 0; i < f->n; i++)
			f->order[s][i] = k[i].idx;
	}
	for (c = 0; c < QCAT_COUNT; c++) {
		for (i = n = 0; i < f->n; i++) {
			if (f->m[i].cat[c] > 0) {
				k[n].idx = (uint32_t)i;
				k[n].scored = 1;
				k[n++].key = f->m[i].cat[c];
			}
		}
		qsort(k, n, sizeof(*k), cmp_desc);
		f->cat_order[c] = arena_alloc(&f->mem, (n ? n : 1) * sizeof(uint32_t));
		if (!f->cat_order[c])
			goto fail;
		for (i = 0; i < n; i++)
			f->cat_order[c][i] = k[i].idx;
		f->cat_n[c] = n;
	}
	free(k);
	return 0;
fail:
	free(k);
	return -1;
}

static const cJSON *endpoint_list(const cJSON *data)
{
	return get(data, "endpoints");
}

/* Does the endpoints data list an endpoint with this tag? (Extension entries
 * for endpoints that do not exist have no effect.) */
static int has_tag(const cJSON *data, const char *tag)
{
	const cJSON *e;

	if (!data || !tag)
		return 0;
	cJSON_ArrayForEach(e, endpoint_list(data)) {
		const char *t = cat_str(e, "tag");

		if (t && !strcmp(t, tag))
			return 1;
	}
	return 0;
}

query_facts *query_facts_build(const cJSON *models, const cJSON *endpoints,
			       const cJSON *extension, const cJSON *providers)
{
	query_facts *f = calloc(1, sizeof(*f));
	const char **ids = NULL;
	const cJSON *m, *it, **epdata;
	idmap map;
	size_t i, n = (size_t)cJSON_GetArraySize(models);

	(void)providers;
	if (!f)
		return NULL;
	f->n = n;
	f->m = arena_alloc(&f->mem, (n ? n : 1) * sizeof(*f->m));
	ids = arena_alloc(&f->mem, (n ? n : 1) * sizeof(*ids));
	epdata = arena_alloc(&f->mem, (n ? n : 1) * sizeof(*epdata));
	if (!f->m || !ids || !epdata)
		goto fail;
	/* pass 1: names of sets, scalar facts */
	i = 0;
	cJSON_ArrayForEach(m, models) {
		qmodel *q = &f->m[i];
		const char *id = cat_str(m, "id"), *name = cat_str(m, "name");
		const cJSON *arch = get(m, "architecture");
		const char *tok = cat_str(arch, "tokenizer");

		ids[i] = id;
		q->lsearch = search_text(&f->mem, name, id);
		q->ltok = tok ? lower_dup(&f->mem, tok, strlen(tok)) : NULL;
		if (!q->lsearch || (tok && !q->ltok) || author_of(f, q, id) < 0)
			goto fail;
		if (intern_all(&f->in_mods, &f->mem, get(arch, "input_modalities"), 0) < 0 ||
		    intern_all(&f->out_mods, &f->mem, get(arch, "output_modalities"), 0) < 0 ||
		    intern_all(&f->params, &f->mem, get(m, "supported_parameters"), 0) < 0)
			goto fail;
		model_facts(q, m);
		i++;
	}
	if (idmap_build(&map, &f->mem, ids, n) < 0)
		goto fail;
	cJSON_ArrayForEach(it, endpoints) {
		const cJSON *e;

		if (!idmap_get(&map, it->string))
			continue;
		cJSON_ArrayForEach(e, endpoint_list(it)) {
			const char *pn = cat_str(e, "provider_name");
			char tmp[256];

			if (!pn)
				continue;
			snprintf(tmp, sizeof(tmp), "%s", pn);
			query_lower(tmp);
			if (qset_add(&f->providers, &f->mem, tmp) < 0)
				goto fail;
		}
	}
	if (qset_alloc_bits(&f->in_mods, &f->mem, n ? n : 1) < 0 ||
	    qset_alloc_bits(&f->out_mods, &f->mem, n ? n : 1) < 0 ||
	    qset_alloc_bits(&f->params, &f->mem, n ? n : 1) < 0 ||
	    qset_alloc_bits(&f->providers, &f->mem, n ? n : 1) < 0)
		goto fail;
	/* pass 2: bits */
	i = 0;
	cJSON_ArrayForEach(m, models) {
		const cJSON *arch = get(m, "architecture");

		set_name_bits(&f->in_mods, i, get(arch, "input_modalities"));
		set_name_bits(&f->out_mods, i, get(arch, "output_modalities"));
		set_bits(&f->params, i, get(m, "supported_parameters"), 0, NULL);
		i++;
	}
	cJSON_ArrayForEach(it, endpoints) {
		for (uint32_t j = idmap_get(&map, it->string); j; j = map.next[j - 1]) {
			set_bits(&f->providers, j - 1, endpoint_list(it), 1, "provider_name");
			epdata[j - 1] = it;
		}
	}
	/* extension data */
	cJSON_ArrayForEach(it, get(extension, "models")) {
		for (uint32_t j = idmap_get(&map, it->string); j; j = map.next[j - 1])
			ext_model(&f->m[j - 1], it);
	}
	cJSON_ArrayForEach(it, get(extension, "endpoints")) {
		for (uint32_t j = idmap_get(&map, cat_str(it, "model")); j; j = map.next[j - 1])
			if (has_tag(epdata[j - 1], cat_str(it, "tag")))
				ext_endpoint(&f->m[j - 1], it);
	}
	if (build_orders(f) < 0)
		goto fail;
	return f;
fail:
	query_facts_free(f);
	return NULL;
}

void query_facts_free(query_facts *f)
{
	if (!f)
		return;
	arena_free(&f->mem);
	free(f);
}
