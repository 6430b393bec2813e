/* extension.c - validate the extension document before it is stored, so the
 * query engine can trust every type it reads from it. */
#include "store/extension.h"
#include "catalog/catalog.h"

#include <stdio.h>
#include <string.h>

static int number_field(const cJSON *obj, const char *key, double lo, double hi,
			const char *who, char *err, size_t errlen)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it || cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsNumber(it) || it->valuedouble < lo || it->valuedouble > hi) {
		snprintf(err, errlen, "%s: \"%s\" must be a number from %g to %g", who, key, lo, hi);
		return -1;
	}
	return 0;
}

static int bool_field(const cJSON *obj, const char *key, const char *who, char *err, size_t errlen)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it || cJSON_IsNull(it) || cJSON_IsBool(it))
		return 0;
	snprintf(err, errlen, "%s: \"%s\" must be true or false", who, key);
	return -1;
}

static int percentiles_field(const cJSON *obj, const char *key, const char *who,
			     char *err, size_t errlen)
{
	static const char *ps[] = { "p50", "p75", "p90", "p99" };
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char sub[300];
	size_t i;

	if (!it || cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsObject(it)) {
		snprintf(err, errlen, "%s: \"%s\" must be an object {p50,p75,p90,p99}", who, key);
		return -1;
	}
	snprintf(sub, sizeof(sub), "%s.%s", who, key);
	for (i = 0; i < 4; i++) {
		if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, ps[i]))) {
			snprintf(err, errlen, "%s: \"%s\" must be a number", sub, ps[i]);
			return -1;
		}
	}
	return 0;
}

static int check_model(const cJSON *m, char *err, size_t errlen)
{
	char who[300];
	const cJSON *cats, *c;

	snprintf(who, sizeof(who), "models[\"%s\"]", m->string);
	if (!cJSON_IsObject(m)) {
		snprintf(err, errlen, "%s must be an object", who);
		return -1;
	}
	if (number_field(m, "weekly_tokens", 0, 1e300, who, err, errlen) < 0 ||
	    number_field(m, "popularity", 0, 1e300, who, err, errlen) < 0 ||
	    number_field(m, "tool_success_rate", 0, 1, who, err, errlen) < 0 ||
	    bool_field(m, "distillable", who, err, errlen) < 0)
		return -1;
	cats = cJSON_GetObjectItemCaseSensitive(m, "categories");
	if (!cats || cJSON_IsNull(cats))
		return 0;
	if (!cJSON_IsObject(cats)) {
		snprintf(err, errlen, "%s: \"categories\" must be an object of category -> tokens", who);
		return -1;
	}
	cJSON_ArrayForEach(c, cats) {
		if (!cJSON_IsNumber(c) || c->valuedouble < 0) {
			snprintf(err, errlen, "%s: categories[\"%s\"] must be a number >= 0", who, c->string);
			return -1;
		}
	}
	return 0;
}

static int check_endpoint(const cJSON *e, size_t i, char *err, size_t errlen)
{
	char who[300];
	const cJSON *regions, *r;

	snprintf(who, sizeof(who), "endpoints[%zu]", i);
	if (!cJSON_IsObject(e) || !cat_str(e, "model") || !cat_str(e, "tag")) {
		snprintf(err, errlen, "%s must be an object with string \"model\" and \"tag\"", who);
		return -1;
	}
	snprintf(who, sizeof(who), "endpoints[%zu] (%s, %s)", i, cat_str(e, "model"), cat_str(e, "tag"));
	if (bool_field(e, "zdr", who, err, errlen) < 0 ||
	    number_field(e, "uptime_last_5m", 0, 100, who, err, errlen) < 0 ||
	    number_field(e, "uptime_last_30m", 0, 100, who, err, errlen) < 0 ||
	    number_field(e, "uptime_last_1d", 0, 100, who, err, errlen) < 0 ||
	    percentiles_field(e, "latency_last_30m", who, err, errlen) < 0 ||
	    percentiles_field(e, "throughput_last_30m", who, err, errlen) < 0)
		return -1;
	regions = cJSON_GetObjectItemCaseSensitive(e, "regions");
	if (!regions || cJSON_IsNull(regions))
		return 0;
	if (!cJSON_IsArray(regions)) {
		snprintf(err, errlen, "%s: \"regions\" must be an array of region names", who);
		return -1;
	}
	cJSON_ArrayForEach(r, regions) {
		if (!cJSON_IsString(r) || !*r->valuestring) {
			snprintf(err, errlen, "%s: \"regions\" must hold non-empty strings", who);
			return -1;
		}
	}
	return 0;
}

static int check_provider(const cJSON *p, char *err, size_t errlen)
{
	char who[300];

	snprintf(who, sizeof(who), "providers[\"%s\"]", p->string);
	if (!cJSON_IsObject(p)) {
		snprintf(err, errlen, "%s must be an object", who);
		return -1;
	}
	return bool_field(p, "trains_on_data", who, err, errlen) < 0 ||
	       bool_field(p, "retains_prompts", who, err, errlen) < 0 ||
	       number_field(p, "retention_days", 0, 1e9, who, err, errlen) < 0 ? -1 : 0;
}

/* Make sure section key exists with the wanted type; add it empty if absent. */
static cJSON *section(cJSON *doc, const char *key, int want_array, char *err, size_t errlen)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(doc, key);

	if (!it || cJSON_IsNull(it)) {
		cJSON_DeleteItemFromObjectCaseSensitive(doc, key);
		it = want_array ? cJSON_AddArrayToObject(doc, key) : cJSON_AddObjectToObject(doc, key);
		if (!it)
			snprintf(err, errlen, "out of memory");
		return it;
	}
	if (want_array ? !cJSON_IsArray(it) : !cJSON_IsObject(it)) {
		snprintf(err, errlen, "\"%s\" must be %s", key, want_array ? "an array" : "an object");
		return NULL;
	}
	return it;
}

int extension_validate(cJSON *doc, store_import_report *rep, char *err, size_t errlen)
{
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "openrouter_c_extension");
	cJSON *models, *endpoints, *providers, *it;
	size_t i = 0;

	if (!cJSON_IsNumber(ver) || ver->valuedouble != 1) {
		snprintf(err, errlen, "\"openrouter_c_extension\" must be 1 (the only version)");
		return -1;
	}
	if (!(models = section(doc, "models", 0, err, errlen)) ||
	    !(endpoints = section(doc, "endpoints", 1, err, errlen)) ||
	    !(providers = section(doc, "providers", 0, err, errlen)))
		return -1;
	cJSON_ArrayForEach(it, models) {
		if (check_model(it, err, errlen) < 0)
			return -1;
		rep->extension_models++;
	}
	cJSON_ArrayForEach(it, endpoints) {
		if (check_endpoint(it, i++, err, errlen) < 0)
			return -1;
		rep->extension_endpoints++;
	}
	cJSON_ArrayForEach(it, providers) {
		if (check_provider(it, err, errlen) < 0)
			return -1;
		rep->extension_providers++;
	}
	return 0;
}
