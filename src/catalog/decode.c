/* decode.c - JSON (cJSON tree) -> typed views of models, endpoints, providers.
 *
 * Tolerant by design: a field of the wrong type reads as absent, never as an
 * error, because real catalogs drift ahead of any schema we compile in.
 *
 * Each object is decoded in one pass over its members, dispatched through a
 * field table (name -> kind + offset). Looking every known key up with
 * cJSON_GetObjectItem instead scans the member list once per key, which made
 * decoding cost half as much as parsing a full model list. A repeated key
 * keeps its first value, as cJSON's lookups do. */
#include "catalog/catalog.h"

#include <stdlib.h>
#include <string.h>

const char *cat_str(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

int cat_num(const cJSON *obj, const char *key, double *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsNumber(it))
		return 0;
	*out = it->valuedouble;
	return 1;
}

double cat_price_value(const char *text, int *variable)
{
	char *end;
	double v;

	if (variable)
		*variable = 0;
	if (!text || !*text)
		return 0;
	v = strtod(text, &end);
	if (end == text)
		return 0;
	if (v < 0) {
		if (variable)
			*variable = 1;
		return 0;
	}
	return v;
}

void cat_decode_price(const cJSON *item, or_price *p)
{
	memset(p, 0, sizeof(*p));
	if (cJSON_IsString(item)) {
		p->text = item->valuestring;
		p->value = cat_price_value(p->text, &p->is_variable);
	} else if (cJSON_IsNumber(item)) {
		/* Drift: a bare number. Keep the value; there is no exact text. */
		p->value = item->valuedouble < 0 ? 0 : item->valuedouble;
		p->is_variable = item->valuedouble < 0;
	}
}

/* ---- the field-table decoder ------------------------------------------ */

typedef enum kind {
	K_STR,      /* const char * */
	K_INT,      /* or_opt_int */
	K_NUM,      /* or_opt_num */
	K_DBL,      /* double (0 when absent) */
	K_I64,      /* int64_t (0 when absent) */
	K_BOOL,     /* or_opt_bool */
	K_FLAG,     /* int: 1 only for true */
	K_LIST,     /* or_str_list */
	K_PRICE,    /* or_price */
	K_CUSTOM,   /* fn(item, arena, base) */
} kind;

typedef void (*custom_fn)(const cJSON *it, arena *a, void *base);

typedef struct field {
	const char *name;
	kind k;
	size_t off;
	custom_fn fn;
} field;

#define F(type, member, kind_) { #member, kind_, offsetof(type, member), NULL }
#define FN(name, fn) { name, K_CUSTOM, 0, fn }
#define NFIELDS(t) (sizeof(t) / sizeof(*(t)))

/* Drift seen in real captures (2025-10): a list sent as one string of words,
 * "text image". Read it as the list it means (copies in the arena). */
static void list_of_words(const char *p, arena *a, or_str_list *l)
{
	size_t n = 0, cap = 1;
	const char *q;

	for (q = p; *q; q++)
		cap += (*q == ' ' || *q == ',' || *q == '+');
	l->items = arena_alloc(a, cap * sizeof(char *));
	if (!l->items) {
		l->is_null = 1;
		return;
	}
	while (*p && n < cap) {
		size_t len = strcspn(p, " \t,+");
		if (len)
			l->items[n++] = arena_strndup(a, p, len);
		p += len ? len : 1;
	}
	l->count = n;
}

static void list_of(const cJSON *arr, arena *a, or_str_list *l)
{
	const cJSON *it;
	size_t n = 0;

	memset(l, 0, sizeof(*l));
	if (cJSON_IsString(arr)) {
		list_of_words(arr->valuestring, a, l);
		return;
	}
	if (!cJSON_IsArray(arr)) {
		l->is_null = 1;
		return;
	}
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it))
			n++;
	l->items = arena_alloc(a, (n ? n : 1) * sizeof(char *));
	if (!l->items) {
		l->is_null = 1;
		return;
	}
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it))
			l->items[l->count++] = it->valuestring;
}

static void set_field(const field *f, const cJSON *it, arena *a, char *base)
{
	void *p = base + f->off;

	switch (f->k) {
	case K_STR:
		*(const char **)p = cJSON_IsString(it) ? it->valuestring : NULL;
		break;
	case K_INT:
		/* outside int64_t the cast is UB: treat as absent (fuzz/sdk) */
		if (cJSON_IsNumber(it) && it->valuedouble > -9.2e18 && it->valuedouble < 9.2e18) {
			((or_opt_int *)p)->value = (int64_t)it->valuedouble;
			((or_opt_int *)p)->is_set = 1;
		}
		break;
	case K_NUM:
		if (cJSON_IsNumber(it)) {
			((or_opt_num *)p)->value = it->valuedouble;
			((or_opt_num *)p)->is_set = 1;
		}
		break;
	case K_DBL:
		if (cJSON_IsNumber(it))
			*(double *)p = it->valuedouble;
		break;
	case K_I64:
		if (cJSON_IsNumber(it) && it->valuedouble > -9.2e18 && it->valuedouble < 9.2e18)
			*(int64_t *)p = (int64_t)it->valuedouble;
		break;
	case K_BOOL:
		if (cJSON_IsBool(it)) {
			((or_opt_bool *)p)->value = cJSON_IsTrue(it);
			((or_opt_bool *)p)->is_set = 1;
		}
		break;
	case K_FLAG:
		*(int *)p = cJSON_IsTrue(it);
		break;
	case K_LIST:
		list_of(it, a, p);
		break;
	case K_PRICE:
		cat_decode_price(it, p);
		break;
	case K_CUSTOM:
		f->fn(it, a, base);
		break;
	}
}

/* One pass over obj's members. Lists not present read as null. At most 64
 * fields per table (the seen mask). */
static void decode_fields(const cJSON *obj, const field *tab, size_t n, arena *a, void *base)
{
	uint64_t seen = 0;
	const cJSON *it;
	size_t i;

	for (i = 0; i < n; i++)
		if (tab[i].k == K_LIST)
			((or_str_list *)((char *)base + tab[i].off))->is_null = 1;
	for (it = obj ? obj->child : NULL; it; it = it->next) {
		const char *k = it->string;

		if (!k)
			continue;
		for (i = 0; i < n; i++) {
			if (tab[i].name[0] != k[0] || strcmp(tab[i].name, k) != 0)
				continue;
			if (!(seen & ((uint64_t)1 << i))) {
				seen |= (uint64_t)1 << i;
				set_field(&tab[i], it, a, base);
			}
			break;
		}
	}
}

/* ---- pricing ----------------------------------------------------------- */

static const field override_fields[] = {
	F(or_pricing_override, prompt, K_PRICE),
	F(or_pricing_override, completion, K_PRICE),
	F(or_pricing_override, min_prompt_tokens, K_NUM),
	F(or_pricing_override, utc_start, K_INT),
	F(or_pricing_override, utc_end, K_INT),
	F(or_pricing_override, audio, K_PRICE),
	F(or_pricing_override, input_audio_cache, K_PRICE),
	F(or_pricing_override, input_cache_read, K_PRICE),
	F(or_pricing_override, input_cache_write, K_PRICE),
	F(or_pricing_override, input_cache_write_1h, K_PRICE),
};

static void pricing_overrides(const cJSON *ov, arena *a, void *base)
{
	or_pricing *p = base;
	const cJSON *it;
	size_t n = cJSON_IsArray(ov) ? (size_t)cJSON_GetArraySize(ov) : 0;

	if (!n || !(p->overrides = arena_alloc(a, n * sizeof(*p->overrides))))
		return;
	cJSON_ArrayForEach(it, ov)
		if (cJSON_IsObject(it))
			decode_fields(it, override_fields, NFIELDS(override_fields), a,
				      &p->overrides[p->override_count++]);
}

static const field pricing_fields[] = {
	F(or_pricing, prompt, K_PRICE),
	F(or_pricing, completion, K_PRICE),
	F(or_pricing, request, K_PRICE),
	F(or_pricing, image, K_PRICE),
	F(or_pricing, image_token, K_PRICE),
	F(or_pricing, image_output, K_PRICE),
	F(or_pricing, audio, K_PRICE),
	F(or_pricing, audio_output, K_PRICE),
	F(or_pricing, input_audio_cache, K_PRICE),
	F(or_pricing, web_search, K_PRICE),
	F(or_pricing, internal_reasoning, K_PRICE),
	F(or_pricing, input_cache_read, K_PRICE),
	F(or_pricing, input_cache_write, K_PRICE),
	F(or_pricing, input_cache_write_1h, K_PRICE),
	F(or_pricing, discount, K_NUM),
	FN("overrides", pricing_overrides),
};

void cat_decode_pricing(const cJSON *obj, arena *a, or_pricing *p)
{
	memset(p, 0, sizeof(*p));
	if (cJSON_IsObject(obj))
		decode_fields(obj, pricing_fields, NFIELDS(pricing_fields), a, p);
}

/* ---- model --------------------------------------------------------------- */

static const field architecture_fields[] = {
	F(or_architecture, modality, K_STR),
	F(or_architecture, input_modalities, K_LIST),
	F(or_architecture, output_modalities, K_LIST),
	F(or_architecture, tokenizer, K_STR),
	F(or_architecture, instruct_type, K_STR),
};

static const field top_provider_fields[] = {
	F(or_top_provider, context_length, K_INT),
	F(or_top_provider, max_completion_tokens, K_INT),
	F(or_top_provider, is_moderated, K_FLAG),
};

static const field limits_fields[] = {
	F(or_per_request_limits, prompt_tokens, K_DBL),
	F(or_per_request_limits, completion_tokens, K_DBL),
};

static const field defaults_fields[] = {
	F(or_default_parameters, temperature, K_NUM),
	F(or_default_parameters, top_p, K_NUM),
	F(or_default_parameters, top_k, K_NUM),
	F(or_default_parameters, frequency_penalty, K_NUM),
	F(or_default_parameters, presence_penalty, K_NUM),
	F(or_default_parameters, repetition_penalty, K_NUM),
};

static const field reasoning_fields[] = {
	F(or_reasoning, mandatory, K_FLAG),
	F(or_reasoning, default_enabled, K_BOOL),
	F(or_reasoning, default_effort, K_STR),
	F(or_reasoning, supported_efforts, K_LIST),
	F(or_reasoning, supports_max_tokens, K_FLAG),
};

static const field arena_entry_fields[] = {
	F(or_design_arena_entry, arena, K_STR),
	F(or_design_arena_entry, category, K_STR),
	F(or_design_arena_entry, elo, K_DBL),
	F(or_design_arena_entry, win_rate, K_DBL),
	F(or_design_arena_entry, rank, K_I64),
};

static const field aa_fields[] = {
	F(or_benchmarks, intelligence_index, K_NUM),
	F(or_benchmarks, coding_index, K_NUM),
	F(or_benchmarks, agentic_index, K_NUM),
};

static void m_pricing(const cJSON *it, arena *a, void *base)
{
	cat_decode_pricing(it, a, &((or_model *)base)->pricing);
}

static void m_architecture(const cJSON *it, arena *a, void *base)
{
	if (cJSON_IsObject(it))
		decode_fields(it, architecture_fields, NFIELDS(architecture_fields), a,
			      &((or_model *)base)->architecture);
}

static void m_top_provider(const cJSON *it, arena *a, void *base)
{
	if (cJSON_IsObject(it))
		decode_fields(it, top_provider_fields, NFIELDS(top_provider_fields), a,
			      &((or_model *)base)->top_provider);
}

static void m_limits(const cJSON *it, arena *a, void *base)
{
	or_per_request_limits *l = &((or_model *)base)->per_request_limits;

	if (!cJSON_IsObject(it))
		return;
	l->is_set = 1;
	decode_fields(it, limits_fields, NFIELDS(limits_fields), a, l);
}

static void m_defaults(const cJSON *it, arena *a, void *base)
{
	or_default_parameters *d = &((or_model *)base)->default_parameters;

	if (!cJSON_IsObject(it))
		return;
	d->is_set = 1;
	decode_fields(it, defaults_fields, NFIELDS(defaults_fields), a, d);
}

static void m_links(const cJSON *it, arena *a, void *base)
{
	((or_model *)base)->links_details = cat_str(it, "details");
}

static void m_hugging_face(const cJSON *it, arena *a, void *base)
{
	const char *s = cJSON_IsString(it) ? it->valuestring : NULL;

	((or_model *)base)->hugging_face_id = s && *s ? s : NULL;
}

static void m_reasoning(const cJSON *it, arena *a, void *base)
{
	or_reasoning *r = &((or_model *)base)->reasoning;

	if (!cJSON_IsObject(it))
		return;
	decode_fields(it, reasoning_fields, NFIELDS(reasoning_fields), a, r);
	r->is_set = 1;
}

static void m_benchmarks(const cJSON *it, arena *a, void *base)
{
	or_benchmarks *d = &((or_model *)base)->benchmarks;
	const cJSON *da, *aa, *e;
	size_t n;

	if (!cJSON_IsObject(it))
		return;
	d->is_set = 1;
	aa = cJSON_GetObjectItemCaseSensitive(it, "artificial_analysis");
	if (cJSON_IsObject(aa)) {
		d->has_artificial_analysis = 1;
		decode_fields(aa, aa_fields, NFIELDS(aa_fields), a, d);
	}
	da = cJSON_GetObjectItemCaseSensitive(it, "design_arena");
	n = cJSON_IsArray(da) ? (size_t)cJSON_GetArraySize(da) : 0;
	if (!n || !(d->design_arena = arena_alloc(a, n * sizeof(*d->design_arena))))
		return;
	cJSON_ArrayForEach(e, da)
		if (cJSON_IsObject(e))
			decode_fields(e, arena_entry_fields, NFIELDS(arena_entry_fields), a,
				      &d->design_arena[d->design_arena_count++]);
}

static void m_alias(const cJSON *it, arena *a, void *base)
{
	or_model *m = base;

	m->alias_target_slug = cat_str(it, "slug");
	m->alias_target_name = cat_str(it, "name");
}

/* Ordered by how often real catalogs carry each key. */
static const field model_fields[] = {
	F(or_model, id, K_STR),
	F(or_model, canonical_slug, K_STR),
	FN("hugging_face_id", m_hugging_face),
	F(or_model, name, K_STR),
	F(or_model, created, K_I64),
	F(or_model, description, K_STR),
	F(or_model, context_length, K_INT),
	FN("architecture", m_architecture),
	FN("pricing", m_pricing),
	FN("top_provider", m_top_provider),
	FN("per_request_limits", m_limits),
	F(or_model, supported_parameters, K_LIST),
	FN("default_parameters", m_defaults),
	F(or_model, supported_voices, K_LIST),
	F(or_model, knowledge_cutoff, K_STR),
	F(or_model, expiration_date, K_STR),
	FN("links", m_links),
	FN("reasoning", m_reasoning),
	FN("benchmarks", m_benchmarks),
	FN("alias_target", m_alias),
};

int cat_decode_model(const cJSON *obj, arena *a, or_model *m)
{
	memset(m, 0, sizeof(*m));
	if (!cJSON_IsObject(obj))
		return -1;
	/* lists absent from nested objects read as null, like absent top-level ones */
	m->architecture.input_modalities.is_null = 1;
	m->architecture.output_modalities.is_null = 1;
	m->reasoning.supported_efforts.is_null = 1;
	decode_fields(obj, model_fields, NFIELDS(model_fields), a, m);
	m->internal = (void *)obj;
	return 0;
}

/* ---- endpoint and provider ------------------------------------------------ */

static const field percentile_fields[] = {
	F(or_percentiles, p50, K_DBL),
	F(or_percentiles, p75, K_DBL),
	F(or_percentiles, p90, K_DBL),
	F(or_percentiles, p99, K_DBL),
};

static void percentiles_of(const cJSON *it, arena *a, or_percentiles *p)
{
	if (!cJSON_IsObject(it))
		return;
	p->is_set = 1;
	decode_fields(it, percentile_fields, NFIELDS(percentile_fields), a, p);
}

static void e_latency(const cJSON *it, arena *a, void *base)
{
	percentiles_of(it, a, &((or_endpoint *)base)->latency_last_30m);
}

static void e_throughput(const cJSON *it, arena *a, void *base)
{
	percentiles_of(it, a, &((or_endpoint *)base)->throughput_last_30m);
}

static void e_pricing(const cJSON *it, arena *a, void *base)
{
	cat_decode_pricing(it, a, &((or_endpoint *)base)->pricing);
}

static void e_tool_choice(const cJSON *tc, arena *a, void *base)
{
	or_endpoint *e = base;

	if (!cJSON_IsObject(tc))
		return;
	e->supports_tool_choice.is_set = 1;
	e->supports_tool_choice.auto_ = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tc, "auto"));
	e->supports_tool_choice.function = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tc, "function"));
	e->supports_tool_choice.none = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tc, "none"));
	e->supports_tool_choice.required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tc, "required"));
}

static const field endpoint_fields[] = {
	F(or_endpoint, name, K_STR),
	F(or_endpoint, model_id, K_STR),
	F(or_endpoint, model_name, K_STR),
	F(or_endpoint, context_length, K_INT),
	FN("pricing", e_pricing),
	F(or_endpoint, provider_name, K_STR),
	F(or_endpoint, tag, K_STR),
	F(or_endpoint, quantization, K_STR),
	F(or_endpoint, max_completion_tokens, K_INT),
	F(or_endpoint, max_prompt_tokens, K_INT),
	F(or_endpoint, supported_parameters, K_LIST),
	F(or_endpoint, status, K_INT),
	F(or_endpoint, uptime_last_30m, K_NUM),
	F(or_endpoint, uptime_last_5m, K_NUM),
	F(or_endpoint, uptime_last_1d, K_NUM),
	F(or_endpoint, supports_implicit_caching, K_FLAG),
	FN("latency_last_30m", e_latency),
	FN("throughput_last_30m", e_throughput),
	F(or_endpoint, supports_voice_cloning, K_FLAG),
	FN("supports_tool_choice", e_tool_choice),
};

int cat_decode_endpoint(const cJSON *obj, arena *a, or_endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (!cJSON_IsObject(obj))
		return -1;
	decode_fields(obj, endpoint_fields, NFIELDS(endpoint_fields), a, e);
	e->internal = (void *)obj;
	return 0;
}

static const field provider_fields[] = {
	F(or_provider, name, K_STR),
	F(or_provider, slug, K_STR),
	F(or_provider, privacy_policy_url, K_STR),
	F(or_provider, terms_of_service_url, K_STR),
	F(or_provider, status_page_url, K_STR),
	F(or_provider, headquarters, K_STR),
	F(or_provider, datacenters, K_LIST),
};

int cat_decode_provider(const cJSON *obj, arena *a, or_provider *p)
{
	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(obj))
		return -1;
	decode_fields(obj, provider_fields, NFIELDS(provider_fields), a, p);
	p->internal = (void *)obj;
	return 0;
}
