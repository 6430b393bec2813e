/*
 * query_select.c - selection and order of a parsed query over a snapshot's
 * facts. The query is first resolved against the facts (names -> bit masks),
 * then one pass walks the precomputed order (default, a sort, or a
 * category's usage order) and keeps the models that pass every filter.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/query_int.h"

#define MASK_WORDS_MAX 64   /* up to 4096 distinct names per set */

typedef struct mask {
	uint64_t w[MASK_WORDS_MAX];
	size_t words;
	int active;       /* filter applies */
	int impossible;   /* an ALL filter names something no model has */
} mask;

typedef struct plan {
	const query *q;
	int64_t now;
	mask in, out, params, prov;
	int category;     /* -1 = none */
	uint32_t authors[QUERY_LIST_MAX];   /* model_authors resolved */
	size_t nauthors;
	size_t arch_len;
	unsigned region;  /* required region bits, each must hold */
} plan;

static void resolve(mask *mk, const qset *s, const char *const *items, size_t n, int all)
{
	memset(mk->w, 0, sizeof(mk->w));
	mk->words = s->words < MASK_WORDS_MAX ? s->words : MASK_WORDS_MAX;
	mk->active = 1;
	mk->impossible = 0;
	for (size_t i = 0; i < n; i++) {
		long b = qset_find(s, items[i]);

		if (b < 0 || (size_t)b >= MASK_WORDS_MAX * 64) {
			if (all)
				mk->impossible = 1;
			continue;
		}
		mk->w[b / 64] |= (uint64_t)1 << (b % 64);
	}
}

static int any_bits(const mask *mk, const qset *s, size_t i)
{
	const uint64_t *b = s->bits + i * s->words;

	for (size_t w = 0; w < mk->words; w++)
		if (b[w] & mk->w[w])
			return 1;
	return 0;
}

static int all_bits(const mask *mk, const qset *s, size_t i)
{
	const uint64_t *b = s->bits + i * s->words;

	if (mk->impossible)
		return 0;
	for (size_t w = 0; w < mk->words; w++)
		if ((b[w] & mk->w[w]) != mk->w[w])
			return 0;
	return 1;
}

static int bound(const query *q, int lo_id, int hi_id, int has, double v)
{
	if (QSET(q, lo_id) && (!has || v < q->nval[lo_id]))
		return 0;
	if (QSET(q, hi_id) && (!has || v > q->nval[hi_id]))
		return 0;
	return 1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t d = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? d - 1 : d;
}

static int passes(const plan *p, const query_facts *f, size_t i)
{
	const query *q = p->q;
	const qmodel *m = &f->m[i];

	if (p->out.active && !any_bits(&p->out, &f->out_mods, i))
		return 0;
	if (q->set == 0 && !p->region)
		return 1;
	if (p->category >= 0 && !(m->cat[p->category] > 0))
		return 0;
	if (p->in.active && !all_bits(&p->in, &f->in_mods, i))
		return 0;
	if (p->params.active && !all_bits(&p->params, &f->params, i))
		return 0;
	if (p->prov.active && !any_bits(&p->prov, &f->providers, i))
		return 0;
	if ((m->regions & p->region) != p->region)
		return 0;
	if (QSET(q, QP_CONTEXT) && (!(m->flags & QF_CONTEXT) || m->context < q->nval[QP_CONTEXT]))
		return 0;
	if (!bound(q, QP_MIN_PRICE, QP_MAX_PRICE, m->flags & QF_PROMPT, m->prompt) ||
	    !bound(q, QP_MIN_OUTPUT_PRICE, QP_MAX_OUTPUT_PRICE, m->flags & QF_COMPLETION,
		   m->completion) ||
	    !bound(q, QP_MIN_INTELLIGENCE_INDEX, QP_MAX_INTELLIGENCE_INDEX, m->flags & QF_INTEL,
		   m->aa[0]) ||
	    !bound(q, QP_MIN_CODING_INDEX, QP_MAX_CODING_INDEX, m->flags & QF_CODING, m->aa[1]) ||
	    !bound(q, QP_MIN_AGENTIC_INDEX, QP_MAX_AGENTIC_INDEX, m->flags & QF_AGENTIC, m->aa[2]) ||
	    !bound(q, QP_MIN_TOOL_SUCCESS_RATE, QP_MAX_TOOL_SUCCESS_RATE, m->flags & QF_TOOL,
		   m->tool_rate))
		return 0;
	if (QSET(q, QP_MIN_AGE_DAYS) || QSET(q, QP_MAX_AGE_DAYS)) {
		int64_t age;

		if (!(m->flags & QF_CREATED))
			return 0;
		age = floor_div(p->now - m->created, 86400);
		if (QSET(q, QP_MIN_AGE_DAYS) && age < q->ival[QP_MIN_AGE_DAYS])
			return 0;
		if (QSET(q, QP_MAX_AGE_DAYS) && age > q->ival[QP_MAX_AGE_DAYS])
			return 0;
	}
	if (QSET(q, QP_DISTILLABLE) && !!(m->flags & QF_DISTILLABLE) != q->ival[QP_DISTILLABLE])
		return 0;
	if (QSET(q, QP_ZDR) && !(m->flags & QF_ZDR))
		return 0;
	if (QSET(q, QP_ARCH)) {
		if (!m->ltok || strncmp(m->ltok, q->items[QP_ARCH][0], p->arch_len))
			return 0;
	}
	if (QSET(q, QP_MODEL_AUTHORS)) {
		size_t k;

		for (k = 0; k < p->nauthors; k++)
			if (p->authors[k] == m->author)
				break;
		if (k == p->nauthors)
			return 0;
	}
	for (size_t k = 0; k < q->nitems[QP_Q]; k++) {
		const char *t = q->items[QP_Q][k];

		if (!strstr(m->lsearch, t))
			return 0;
	}
	return 1;
}

size_t query_select(const query_facts *f, const query *q, int64_t now, uint32_t *idx)
{
	static const char *const text[] = { "text" };
	const uint32_t *order = NULL;
	size_t n = f->n, i, out = 0;
	plan p;

	if (q->host_region_bad)
		return 0;
	memset(&p, 0, sizeof(p));
	p.q = q;
	p.now = now;
	p.category = QSET(q, QP_CATEGORY) ? (int)q->ival[QP_CATEGORY] : -1;
	if (!q->out_all) {
		if (QSET(q, QP_OUTPUT_MODALITIES))
			resolve(&p.out, &f->out_mods, q->items[QP_OUTPUT_MODALITIES],
				q->nitems[QP_OUTPUT_MODALITIES], 0);
		else
			resolve(&p.out, &f->out_mods, text, 1, 0);
	}
	if (QSET(q, QP_INPUT_MODALITIES))
		resolve(&p.in, &f->in_mods, q->items[QP_INPUT_MODALITIES],
			q->nitems[QP_INPUT_MODALITIES], 1);
	if (QSET(q, QP_SUPPORTED_PARAMETERS))
		resolve(&p.params, &f->params, q->items[QP_SUPPORTED_PARAMETERS],
			q->nitems[QP_SUPPORTED_PARAMETERS], 1);
	if (QSET(q, QP_PROVIDERS))
		resolve(&p.prov, &f->providers, q->items[QP_PROVIDERS], q->nitems[QP_PROVIDERS], 0);
	for (i = 0; i < q->nitems[QP_MODEL_AUTHORS]; i++) {
		long a = qset_find(&f->authors, q->items[QP_MODEL_AUTHORS][i]);

		if (a >= 0)
			p.authors[p.nauthors++] = (uint32_t)a;
	}
	if (QSET(q, QP_ARCH))
		p.arch_len = strlen(q->items[QP_ARCH][0]);
	p.region = q->host_region;
	if (QSET(q, QP_REGION))
		p.region |= q->ival[QP_REGION] == 0 ? QREGION_EU : QREGION_US;

	if (QSET(q, QP_SORT)) {
		order = f->order[q->ival[QP_SORT]];
	} else if (p.category >= 0) {
		order = f->cat_order[p.category];
		n = f->cat_n[p.category];
	}
	for (i = 0; i < n; i++) {
		size_t m = order ? order[i] : i;

		if (passes(&p, f, m))
			idx[out++] = (uint32_t)m;
	}
	return out;
}
