/* decode.c - JSON (cJSON tree) -> typed views of models, endpoints, providers.
 * Tolerant by design: a field of the wrong type reads as absent, never as an
 * error, because real catalogs drift ahead of any schema we compile in. */
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

static or_opt_int opt_int(const cJSON *obj, const char *key)
{
	or_opt_int r = { 0, 0 };
	double d;

	if (cat_num(obj, key, &d) && d > -9.2e18 && d < 9.2e18) { /* else UB: absent */
		r.value = (int64_t)d;
		r.is_set = 1;
	}
	return r;
}

static or_opt_num opt_num(const cJSON *obj, const char *key)
{
	or_opt_num r = { 0, 0 };

	r.is_set = cat_num(obj, key, &r.value);
	return r;
}

static or_opt_bool opt_bool(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	or_opt_bool r = { 0, 0 };

	if (cJSON_IsBool(it)) {
		r.value = cJSON_IsTrue(it);
		r.is_set = 1;
	}
	return r;
}

static int flag(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static void str_list(const cJSON *obj, const char *key, arena *a, or_str_list *l)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	size_t n = 0;

	memset(l, 0, sizeof(*l));
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

#define PRICE(obj, dst, key) cat_decode_price(cJSON_GetObjectItemCaseSensitive(obj, #key), &(dst)->key)

static void decode_override(const cJSON *o, or_pricing_override *d)
{
	d->min_prompt_tokens = opt_num(o, "min_prompt_tokens");
	d->utc_start = opt_int(o, "utc_start");
	d->utc_end = opt_int(o, "utc_end");
	PRICE(o, d, prompt);
	PRICE(o, d, completion);
	PRICE(o, d, audio);
	PRICE(o, d, input_audio_cache);
	PRICE(o, d, input_cache_read);
	PRICE(o, d, input_cache_write);
	PRICE(o, d, input_cache_write_1h);
}

void cat_decode_pricing(const cJSON *obj, arena *a, or_pricing *p)
{
	const cJSON *ov, *it;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(obj))
		return;
	PRICE(obj, p, prompt);
	PRICE(obj, p, completion);
	PRICE(obj, p, request);
	PRICE(obj, p, image);
	PRICE(obj, p, image_token);
	PRICE(obj, p, image_output);
	PRICE(obj, p, audio);
	PRICE(obj, p, audio_output);
	PRICE(obj, p, input_audio_cache);
	PRICE(obj, p, web_search);
	PRICE(obj, p, internal_reasoning);
	PRICE(obj, p, input_cache_read);
	PRICE(obj, p, input_cache_write);
	PRICE(obj, p, input_cache_write_1h);
	p->discount = opt_num(obj, "discount");
	ov = cJSON_GetObjectItemCaseSensitive(obj, "overrides");
	n = cJSON_IsArray(ov) ? (size_t)cJSON_GetArraySize(ov) : 0;
	if (!n)
		return;
	p->overrides = arena_alloc(a, n * sizeof(*p->overrides));
	if (!p->overrides)
		return;
	cJSON_ArrayForEach(it, ov)
		if (cJSON_IsObject(it))
			decode_override(it, &p->overrides[p->override_count++]);
}

static void decode_reasoning(const cJSON *r, arena *a, or_reasoning *d)
{
	memset(d, 0, sizeof(*d));
	if (!cJSON_IsObject(r))
		return;
	d->is_set = 1;
	d->mandatory = flag(r, "mandatory");
	d->default_enabled = opt_bool(r, "default_enabled");
	d->default_effort = cat_str(r, "default_effort");
	str_list(r, "supported_efforts", a, &d->supported_efforts);
	d->supports_max_tokens = flag(r, "supports_max_tokens");
}

static void decode_benchmarks(const cJSON *b, arena *a, or_benchmarks *d)
{
	const cJSON *da, *aa, *it;
	size_t n;

	memset(d, 0, sizeof(*d));
	if (!cJSON_IsObject(b))
		return;
	d->is_set = 1;
	aa = cJSON_GetObjectItemCaseSensitive(b, "artificial_analysis");
	if (cJSON_IsObject(aa)) {
		d->has_artificial_analysis = 1;
		d->intelligence_index = opt_num(aa, "intelligence_index");
		d->coding_index = opt_num(aa, "coding_index");
		d->agentic_index = opt_num(aa, "agentic_index");
	}
	da = cJSON_GetObjectItemCaseSensitive(b, "design_arena");
	n = cJSON_IsArray(da) ? (size_t)cJSON_GetArraySize(da) : 0;
	if (!n || !(d->design_arena = arena_alloc(a, n * sizeof(*d->design_arena))))
		return;
	cJSON_ArrayForEach(it, da) {
		or_design_arena_entry *e;
		double v;

		if (!cJSON_IsObject(it))
			continue;
		e = &d->design_arena[d->design_arena_count++];
		e->arena = cat_str(it, "arena");
		e->category = cat_str(it, "category");
		cat_num(it, "elo", &e->elo);
		cat_num(it, "win_rate", &e->win_rate);
		if (cat_num(it, "rank", &v) && v > -9.2e18 && v < 9.2e18)
			e->rank = (int64_t)v;
	}
}

static void decode_architecture(const cJSON *o, arena *a, or_architecture *d)
{
	d->modality = cat_str(o, "modality");
	str_list(o, "input_modalities", a, &d->input_modalities);
	str_list(o, "output_modalities", a, &d->output_modalities);
	d->tokenizer = cat_str(o, "tokenizer");
	d->instruct_type = cat_str(o, "instruct_type");
}

int cat_decode_model(const cJSON *obj, arena *a, or_model *m)
{
	const cJSON *o;
	double d;

	memset(m, 0, sizeof(*m));
	if (!cJSON_IsObject(obj))
		return -1;
	m->id = cat_str(obj, "id");
	m->canonical_slug = cat_str(obj, "canonical_slug");
	m->name = cat_str(obj, "name");
	if (cat_num(obj, "created", &d) && d > -9.2e18 && d < 9.2e18)
		m->created = (int64_t)d;
	m->description = cat_str(obj, "description");
	cat_decode_pricing(cJSON_GetObjectItemCaseSensitive(obj, "pricing"), a, &m->pricing);
	m->context_length = opt_int(obj, "context_length");
	decode_architecture(cJSON_GetObjectItemCaseSensitive(obj, "architecture"), a, &m->architecture);
	o = cJSON_GetObjectItemCaseSensitive(obj, "top_provider");
	m->top_provider.is_moderated = flag(o, "is_moderated");
	m->top_provider.context_length = opt_int(o, "context_length");
	m->top_provider.max_completion_tokens = opt_int(o, "max_completion_tokens");
	o = cJSON_GetObjectItemCaseSensitive(obj, "per_request_limits");
	if (cJSON_IsObject(o)) {
		m->per_request_limits.is_set = 1;
		cat_num(o, "prompt_tokens", &m->per_request_limits.prompt_tokens);
		cat_num(o, "completion_tokens", &m->per_request_limits.completion_tokens);
	}
	str_list(obj, "supported_parameters", a, &m->supported_parameters);
	o = cJSON_GetObjectItemCaseSensitive(obj, "default_parameters");
	if (cJSON_IsObject(o)) {
		or_default_parameters *dp = &m->default_parameters;
		dp->is_set = 1;
		dp->temperature = opt_num(o, "temperature");
		dp->top_p = opt_num(o, "top_p");
		dp->top_k = opt_num(o, "top_k");
		dp->frequency_penalty = opt_num(o, "frequency_penalty");
		dp->presence_penalty = opt_num(o, "presence_penalty");
		dp->repetition_penalty = opt_num(o, "repetition_penalty");
	}
	str_list(obj, "supported_voices", a, &m->supported_voices);
	m->links_details = cat_str(cJSON_GetObjectItemCaseSensitive(obj, "links"), "details");
	m->hugging_face_id = cat_str(obj, "hugging_face_id");
	if (m->hugging_face_id && !*m->hugging_face_id)
		m->hugging_face_id = NULL;
	m->expiration_date = cat_str(obj, "expiration_date");
	m->knowledge_cutoff = cat_str(obj, "knowledge_cutoff");
	decode_reasoning(cJSON_GetObjectItemCaseSensitive(obj, "reasoning"), a, &m->reasoning);
	decode_benchmarks(cJSON_GetObjectItemCaseSensitive(obj, "benchmarks"), a, &m->benchmarks);
	o = cJSON_GetObjectItemCaseSensitive(obj, "alias_target");
	m->alias_target_slug = cat_str(o, "slug");
	m->alias_target_name = cat_str(o, "name");
	m->internal = (void *)obj;
	return 0;
}

static void percentiles(const cJSON *obj, const char *key, or_percentiles *p)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(o))
		return;
	p->is_set = 1;
	cat_num(o, "p50", &p->p50);
	cat_num(o, "p75", &p->p75);
	cat_num(o, "p90", &p->p90);
	cat_num(o, "p99", &p->p99);
}

int cat_decode_endpoint(const cJSON *obj, arena *a, or_endpoint *e)
{
	const cJSON *tc;

	memset(e, 0, sizeof(*e));
	if (!cJSON_IsObject(obj))
		return -1;
	e->name = cat_str(obj, "name");
	e->model_id = cat_str(obj, "model_id");
	e->model_name = cat_str(obj, "model_name");
	e->context_length = opt_int(obj, "context_length");
	cat_decode_pricing(cJSON_GetObjectItemCaseSensitive(obj, "pricing"), a, &e->pricing);
	e->provider_name = cat_str(obj, "provider_name");
	e->tag = cat_str(obj, "tag");
	e->quantization = cat_str(obj, "quantization");
	e->max_completion_tokens = opt_int(obj, "max_completion_tokens");
	e->max_prompt_tokens = opt_int(obj, "max_prompt_tokens");
	str_list(obj, "supported_parameters", a, &e->supported_parameters);
	e->status = opt_int(obj, "status");
	e->uptime_last_5m = opt_num(obj, "uptime_last_5m");
	e->uptime_last_30m = opt_num(obj, "uptime_last_30m");
	e->uptime_last_1d = opt_num(obj, "uptime_last_1d");
	e->supports_implicit_caching = flag(obj, "supports_implicit_caching");
	percentiles(obj, "latency_last_30m", &e->latency_last_30m);
	percentiles(obj, "throughput_last_30m", &e->throughput_last_30m);
	e->supports_voice_cloning = flag(obj, "supports_voice_cloning");
	tc = cJSON_GetObjectItemCaseSensitive(obj, "supports_tool_choice");
	if (cJSON_IsObject(tc)) {
		e->supports_tool_choice.is_set = 1;
		e->supports_tool_choice.auto_ = flag(tc, "auto");
		e->supports_tool_choice.function = flag(tc, "function");
		e->supports_tool_choice.none = flag(tc, "none");
		e->supports_tool_choice.required = flag(tc, "required");
	}
	e->internal = (void *)obj;
	return 0;
}

int cat_decode_provider(const cJSON *obj, arena *a, or_provider *p)
{
	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(obj))
		return -1;
	p->name = cat_str(obj, "name");
	p->slug = cat_str(obj, "slug");
	p->privacy_policy_url = cat_str(obj, "privacy_policy_url");
	p->terms_of_service_url = cat_str(obj, "terms_of_service_url");
	p->status_page_url = cat_str(obj, "status_page_url");
	p->headquarters = cat_str(obj, "headquarters");
	str_list(obj, "datacenters", a, &p->datacenters);
	p->internal = (void *)obj;
	return 0;
}
