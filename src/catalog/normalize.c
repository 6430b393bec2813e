/* normalize.c - complete imported JSON so every object we emit satisfies the
 * official schema (and the official TypeScript SDK, which is stricter still).
 * Rule: only add what is missing; a value that is present is never changed,
 * so import -> serve stays the identity on complete, current captures. */
#include "catalog/catalog.h"

#include <stdio.h>
#include <string.h>

static int has(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key) != NULL;
}

static int add_null(cJSON *obj, const char *key)
{
	if (has(obj, key))
		return 0;
	return cJSON_AddNullToObject(obj, key) ? 0 : -1;
}

static int add_string(cJSON *obj, const char *key, const char *value)
{
	if (has(obj, key))
		return 0;
	return cJSON_AddStringToObject(obj, key, value) ? 0 : -1;
}

static int add_empty_array(cJSON *obj, const char *key)
{
	if (has(obj, key))
		return 0;
	return cJSON_AddArrayToObject(obj, key) ? 0 : -1;
}

static cJSON *ensure_object(cJSON *obj, const char *key)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (it)
		return cJSON_IsObject(it) ? it : NULL;
	return cJSON_AddObjectToObject(obj, key);
}

static int normalize_architecture(cJSON *arch, int endpoints_header)
{
	int r = 0;

	if (!arch)
		return 0; /* present but not an object: leave the drift alone */
	r |= add_null(arch, "modality");
	r |= add_empty_array(arch, "input_modalities");
	r |= add_empty_array(arch, "output_modalities");
	if (endpoints_header) {
		r |= add_null(arch, "tokenizer");
		r |= add_null(arch, "instruct_type");
	}
	return r;
}

static int normalize_pricing(cJSON *pricing)
{
	if (!pricing)
		return 0;
	return add_string(pricing, "prompt", "0") | add_string(pricing, "completion", "0");
}

int cat_normalize_model(cJSON *obj, char *err, size_t errlen)
{
	const char *id = cat_str(obj, "id"), *slug;
	cJSON *links, *tp;
	char details[1024];
	int r = 0;

	if (!cJSON_IsObject(obj)) {
		snprintf(err, errlen, "a model must be a JSON object");
		return -1;
	}
	if (!id || !*id) {
		snprintf(err, errlen, "a model needs a non-empty string \"id\"");
		return -1;
	}
	r |= add_string(obj, "canonical_slug", id);
	r |= add_string(obj, "name", id);
	if (!has(obj, "created"))
		r |= cJSON_AddNumberToObject(obj, "created", 0) ? 0 : -1;
	r |= normalize_pricing(ensure_object(obj, "pricing"));
	r |= add_null(obj, "context_length");
	r |= normalize_architecture(ensure_object(obj, "architecture"), 0);
	tp = ensure_object(obj, "top_provider");
	if (tp && !has(tp, "is_moderated"))
		r |= cJSON_AddFalseToObject(tp, "is_moderated") ? 0 : -1;
	r |= add_null(obj, "per_request_limits");
	r |= add_empty_array(obj, "supported_parameters");
	r |= add_null(obj, "default_parameters");
	r |= add_null(obj, "supported_voices");
	if (!has(obj, "links")) {
		slug = cat_str(obj, "canonical_slug");
		if (!slug)
			slug = id;
		snprintf(details, sizeof(details), "/api/v1/models/%s/endpoints", slug);
		links = cJSON_AddObjectToObject(obj, "links");
		r |= links && cJSON_AddStringToObject(links, "details", details) ? 0 : -1;
	}
	if (r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* supports_tool_choice is required by the official TypeScript SDK but absent
 * from real captures: derive it from what the endpoint says it accepts. */
static int derive_tool_choice(cJSON *obj)
{
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(obj, "supported_parameters"), *it;
	int tools = 0, choice = 0;
	cJSON *tc;

	if (has(obj, "supports_tool_choice"))
		return 0;
	cJSON_ArrayForEach(it, params) {
		if (!cJSON_IsString(it))
			continue;
		tools |= strcmp(it->valuestring, "tools") == 0;
		choice |= strcmp(it->valuestring, "tool_choice") == 0;
	}
	tc = cJSON_AddObjectToObject(obj, "supports_tool_choice");
	if (!tc)
		return -1;
	if (!cJSON_AddBoolToObject(tc, "auto", tools || choice) ||
	    !cJSON_AddBoolToObject(tc, "function", choice) ||
	    !cJSON_AddBoolToObject(tc, "none", choice) ||
	    !cJSON_AddBoolToObject(tc, "required", choice))
		return -1;
	return 0;
}

int cat_normalize_endpoint(cJSON *obj, char *err, size_t errlen)
{
	static const char *nullable[] = {
		"quantization", "max_completion_tokens", "max_prompt_tokens",
		"uptime_last_5m", "uptime_last_30m", "uptime_last_1d",
		"latency_last_30m", "throughput_last_30m",
	};
	size_t i;
	int r = 0;

	if (!cJSON_IsObject(obj)) {
		snprintf(err, errlen, "an endpoint must be a JSON object");
		return -1;
	}
	if (!cat_str(obj, "provider_name")) {
		snprintf(err, errlen, "an endpoint needs a string \"provider_name\"");
		return -1;
	}
	r |= add_string(obj, "name", cat_str(obj, "provider_name"));
	r |= add_string(obj, "tag", "");
	r |= normalize_pricing(ensure_object(obj, "pricing"));
	for (i = 0; i < sizeof(nullable) / sizeof(*nullable); i++)
		r |= add_null(obj, nullable[i]);
	r |= add_empty_array(obj, "supported_parameters");
	if (!has(obj, "supports_implicit_caching"))
		r |= cJSON_AddFalseToObject(obj, "supports_implicit_caching") ? 0 : -1;
	r |= derive_tool_choice(obj);
	if (r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int cat_normalize_endpoints_data(cJSON *data, char *err, size_t errlen)
{
	cJSON *eps, *ep;
	const char *id = cat_str(data, "id");
	int r = 0;

	if (!cJSON_IsObject(data) || !id || !*id) {
		snprintf(err, errlen, "an endpoints response needs data.id");
		return -1;
	}
	eps = cJSON_GetObjectItemCaseSensitive(data, "endpoints");
	if (!cJSON_IsArray(eps)) {
		snprintf(err, errlen, "endpoints response for '%s' has no \"endpoints\" array", id);
		return -1;
	}
	r |= add_string(data, "name", id);
	if (!has(data, "created"))
		r |= cJSON_AddNumberToObject(data, "created", 0) ? 0 : -1;
	r |= add_string(data, "description", "");
	r |= normalize_architecture(ensure_object(data, "architecture"), 1);
	if (r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	cJSON_ArrayForEach(ep, eps) {
		char sub[200];
		if (cat_normalize_endpoint(ep, sub, sizeof(sub)) < 0) {
			snprintf(err, errlen, "endpoints of '%s': %s", id, sub);
			return -1;
		}
	}
	return 0;
}

int cat_normalize_provider(cJSON *obj, char *err, size_t errlen)
{
	if (!cJSON_IsObject(obj) || !cat_str(obj, "name") || !cat_str(obj, "slug")) {
		snprintf(err, errlen, "a provider needs string \"name\" and \"slug\"");
		return -1;
	}
	if (add_null(obj, "privacy_policy_url") < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
