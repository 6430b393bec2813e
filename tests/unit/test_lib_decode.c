/* test_lib_decode.c - libopenrouter's result decoders (or_*_parse, the same
 * code every operation uses) on every real capture in
 * $OR_SHARED_DIR/data/openrouter: all models- lists, every
 * endpoints/ response and the endpoints bundle, the providers list.
 * Each typed field is checked against the JSON it came from, every top-level
 * key stays reachable as JSON, and the whole object prints back JSON-equal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openrouter/openrouter.h"

static char datadir[512];
static size_t n_models, n_endpoints, n_providers, n_files;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc((size_t)n + 1);
	assert_non_null(d);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	d[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return d;
}

static void check_str(const cJSON *obj, const char *key, const char *got)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsString(it) && (*it->valuestring || strcmp(key, "hugging_face_id")))
		assert_string_equal(got, it->valuestring);
	else
		assert_null(got);
}

static void check_opt_int(const cJSON *obj, const char *key, or_opt_int v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	assert_int_equal(v.is_set, cJSON_IsNumber(it));
	if (v.is_set)
		assert_int_equal(v.value, (int64_t)it->valuedouble);
}

static void check_opt_num(const cJSON *obj, const char *key, or_opt_num v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	assert_int_equal(v.is_set, cJSON_IsNumber(it));
	if (v.is_set)
		assert_true(v.value == it->valuedouble);
}

static void check_list(const cJSON *obj, const char *key, const or_str_list *l)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	size_t i = 0;

	if (cJSON_IsString(arr)) { /* a list sent as words (2025-10 drift): split */
		char copy[256], *save = NULL, *w;
		snprintf(copy, sizeof(copy), "%s", arr->valuestring);
		assert_false(l->is_null);
		for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			assert_true(i < l->count);
			assert_string_equal(l->items[i++], w);
		}
		assert_int_equal(i, l->count);
		return;
	}
	assert_int_equal(l->is_null, !cJSON_IsArray(arr));
	cJSON_ArrayForEach(it, arr) {
		assert_true(i < l->count);
		assert_string_equal(l->items[i++], it->valuestring);
	}
	assert_int_equal(i, l->count);
}

#define PRICE_ROW(k) { #k, offsetof(or_pricing, k) }
static const struct {
	const char *key;
	size_t off;
} price_rows[] = {
	PRICE_ROW(prompt), PRICE_ROW(completion), PRICE_ROW(request), PRICE_ROW(image),
	PRICE_ROW(image_token), PRICE_ROW(image_output), PRICE_ROW(audio), PRICE_ROW(audio_output),
	PRICE_ROW(input_audio_cache), PRICE_ROW(web_search), PRICE_ROW(internal_reasoning),
	PRICE_ROW(input_cache_read), PRICE_ROW(input_cache_write), PRICE_ROW(input_cache_write_1h),
};

static void check_price(const cJSON *it, const or_price *p)
{
	if (!cJSON_IsString(it)) {
		assert_null(p->text);
		return;
	}
	assert_string_equal(p->text, it->valuestring);
	if (strtod(it->valuestring, NULL) < 0) {
		assert_true(p->is_variable);
		assert_true(p->value == 0);
	} else {
		assert_false(p->is_variable);
		assert_true(p->value == strtod(it->valuestring, NULL));
	}
}

static void check_pricing(const cJSON *obj, const or_pricing *p)
{
	const cJSON *ov, *o;
	size_t i;

	for (i = 0; i < sizeof(price_rows) / sizeof(price_rows[0]); i++)
		check_price(cJSON_GetObjectItemCaseSensitive(obj, price_rows[i].key),
			    (const or_price *)((const char *)p + price_rows[i].off));
	check_opt_num(obj, "discount", p->discount);
	ov = cJSON_GetObjectItemCaseSensitive(obj, "overrides");
	assert_int_equal(p->override_count, cJSON_IsArray(ov) ? (size_t)cJSON_GetArraySize(ov) : 0);
	i = 0;
	cJSON_ArrayForEach(o, ov) {
		const or_pricing_override *d = &p->overrides[i++];
		check_opt_num(o, "min_prompt_tokens", d->min_prompt_tokens);
		check_opt_int(o, "utc_start", d->utc_start);
		check_opt_int(o, "utc_end", d->utc_end);
		check_price(cJSON_GetObjectItemCaseSensitive(o, "prompt"), &d->prompt);
		check_price(cJSON_GetObjectItemCaseSensitive(o, "completion"), &d->completion);
		check_price(cJSON_GetObjectItemCaseSensitive(o, "input_cache_read"), &d->input_cache_read);
	}
}

static void check_arch(const cJSON *a, const or_architecture *d)
{
	check_str(a, "modality", d->modality);
	check_list(a, "input_modalities", &d->input_modalities);
	check_list(a, "output_modalities", &d->output_modalities);
	check_str(a, "tokenizer", d->tokenizer);
	check_str(a, "instruct_type", d->instruct_type);
}

/* Every top-level key reachable, and the object prints back JSON-equal. */
static void check_roundtrip(const cJSON *obj, char *printed)
{
	cJSON *back = cJSON_Parse(printed);

	assert_non_null(back);
	assert_true(cJSON_Compare(obj, back, 1));
	cJSON_Delete(back);
	free(printed);
}

static void check_model(const cJSON *o, const or_model *m)
{
	const cJSON *it, *sub;

	check_str(o, "id", m->id);
	check_str(o, "canonical_slug", m->canonical_slug);
	check_str(o, "name", m->name);
	check_str(o, "description", m->description);
	check_str(o, "hugging_face_id", m->hugging_face_id);
	check_str(o, "expiration_date", m->expiration_date);
	check_str(o, "knowledge_cutoff", m->knowledge_cutoff);
	assert_int_equal(m->created,
			 (int64_t)cJSON_GetObjectItemCaseSensitive(o, "created")->valuedouble);
	check_opt_int(o, "context_length", m->context_length);
	check_pricing(cJSON_GetObjectItemCaseSensitive(o, "pricing"), &m->pricing);
	check_arch(cJSON_GetObjectItemCaseSensitive(o, "architecture"), &m->architecture);
	sub = cJSON_GetObjectItemCaseSensitive(o, "top_provider");
	assert_int_equal(m->top_provider.is_moderated,
			 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sub, "is_moderated")));
	check_opt_int(sub, "context_length", m->top_provider.context_length);
	check_opt_int(sub, "max_completion_tokens", m->top_provider.max_completion_tokens);
	assert_int_equal(m->per_request_limits.is_set,
			 cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "per_request_limits")));
	check_list(o, "supported_parameters", &m->supported_parameters);
	sub = cJSON_GetObjectItemCaseSensitive(o, "default_parameters");
	assert_int_equal(m->default_parameters.is_set, cJSON_IsObject(sub));
	if (cJSON_IsObject(sub)) {
		check_opt_num(sub, "temperature", m->default_parameters.temperature);
		check_opt_num(sub, "top_p", m->default_parameters.top_p);
		check_opt_num(sub, "top_k", m->default_parameters.top_k);
		check_opt_num(sub, "frequency_penalty", m->default_parameters.frequency_penalty);
		check_opt_num(sub, "presence_penalty", m->default_parameters.presence_penalty);
		check_opt_num(sub, "repetition_penalty", m->default_parameters.repetition_penalty);
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "supported_voices"))
		check_list(o, "supported_voices", &m->supported_voices);
	check_str(cJSON_GetObjectItemCaseSensitive(o, "links"), "details", m->links_details);
	sub = cJSON_GetObjectItemCaseSensitive(o, "reasoning");
	assert_int_equal(m->reasoning.is_set, cJSON_IsObject(sub));
	if (cJSON_IsObject(sub)) {
		check_str(sub, "default_effort", m->reasoning.default_effort);
		if (cJSON_GetObjectItemCaseSensitive(sub, "supported_efforts"))
			check_list(sub, "supported_efforts", &m->reasoning.supported_efforts);
	}
	sub = cJSON_GetObjectItemCaseSensitive(o, "benchmarks");
	assert_int_equal(m->benchmarks.is_set, cJSON_IsObject(sub));
	if (cJSON_IsObject(sub)) {
		const cJSON *da = cJSON_GetObjectItemCaseSensitive(sub, "design_arena");
		assert_int_equal(m->benchmarks.design_arena_count,
				 cJSON_IsArray(da) ? (size_t)cJSON_GetArraySize(da) : 0);
	}
	sub = cJSON_GetObjectItemCaseSensitive(o, "alias_target");
	check_str(sub, "slug", m->alias_target_slug);
	/* unknown or not: every key is reachable as JSON */
	cJSON_ArrayForEach(it, o) {
		char *f = or_model_field_json(m, it->string);
		assert_non_null(f);
		free(f);
	}
	check_roundtrip(o, or_model_json(m));
}

static void check_endpoint(const cJSON *o, const or_endpoint *e)
{
	const cJSON *tc;

	check_str(o, "name", e->name);
	check_str(o, "model_id", e->model_id);
	check_str(o, "model_name", e->model_name);
	check_str(o, "provider_name", e->provider_name);
	check_str(o, "tag", e->tag);
	check_str(o, "quantization", e->quantization);
	check_opt_int(o, "context_length", e->context_length);
	check_opt_int(o, "max_completion_tokens", e->max_completion_tokens);
	check_opt_int(o, "max_prompt_tokens", e->max_prompt_tokens);
	check_opt_int(o, "status", e->status);
	check_opt_num(o, "uptime_last_5m", e->uptime_last_5m);
	check_opt_num(o, "uptime_last_30m", e->uptime_last_30m);
	check_opt_num(o, "uptime_last_1d", e->uptime_last_1d);
	check_pricing(cJSON_GetObjectItemCaseSensitive(o, "pricing"), &e->pricing);
	check_list(o, "supported_parameters", &e->supported_parameters);
	assert_int_equal(e->latency_last_30m.is_set,
			 cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "latency_last_30m")));
	assert_int_equal(e->throughput_last_30m.is_set,
			 cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "throughput_last_30m")));
	tc = cJSON_GetObjectItemCaseSensitive(o, "supports_tool_choice");
	assert_int_equal(e->supports_tool_choice.is_set, cJSON_IsObject(tc));
	check_roundtrip(o, or_endpoint_json(e));
	n_endpoints++;
}

static void check_models_file(const char *path)
{
	size_t len, i = 0;
	char *text = slurp(path, &len);
	cJSON *root = cJSON_ParseWithLength(text, len), *it;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	or_model_list *l = NULL;

	assert_int_equal(or_model_list_parse(text, len, &l), OR_OK);
	assert_int_equal(l->count, (size_t)cJSON_GetArraySize(data));
	cJSON_ArrayForEach(it, data)
		check_model(it, &l->models[i++]);
	check_opt_int(root, "total_count", l->total_count);
	check_roundtrip(root, or_model_list_json(l));
	n_models += l->count;
	or_model_list_free(l);
	cJSON_Delete(root);
	free(text);
	n_files++;
}

static void check_endpoints_text(const char *text, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(text, len), *it;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	or_endpoints *e = NULL;
	size_t i = 0;

	assert_int_equal(or_endpoints_parse(text, len, &e), OR_OK);
	check_str(data, "id", e->id);
	check_str(data, "name", e->name);
	check_str(data, "description", e->description);
	check_arch(cJSON_GetObjectItemCaseSensitive(data, "architecture"), &e->architecture);
	assert_int_equal(e->count,
			 (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(data, "endpoints")));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(data, "endpoints"))
		check_endpoint(it, &e->endpoints[i++]);
	check_roundtrip(root, or_endpoints_json(e));
	or_endpoints_free(e);
	cJSON_Delete(root);
}

static void test_models_snapshots(void **state)
{
	DIR *d = opendir(datadir);
	struct dirent *de;
	char path[1024];
	size_t files = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (strncmp(de->d_name, "models-", 7) || n < 5 || strcmp(de->d_name + n - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", datadir, de->d_name);
		check_models_file(path);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
	print_message("models: %zu files, %zu models\n", files, n_models);
}

static void test_endpoints_snapshots(void **state)
{
	char dir[1024], path[1536];
	DIR *d;
	struct dirent *de;
	size_t files = 0, len;
	char *text;
	cJSON *bundle, *it;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/endpoints", datadir);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d))) {
		if (!strstr(de->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = slurp(path, &len);
		check_endpoints_text(text, len);
		free(text);
		files++;
	}
	closedir(d);
	assert_true(files > 100);
	/* the bundle: one captured response per model */
	snprintf(path, sizeof(path), "%s/endpoints-bundle-2026-05-31.json", datadir);
	text = slurp(path, &len);
	bundle = cJSON_ParseWithLength(text, len);
	free(text);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(bundle, "data")) {
		char *resp = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(it, "response"));
		check_endpoints_text(resp, strlen(resp));
		free(resp);
		files++;
	}
	cJSON_Delete(bundle);
	print_message("endpoints: %zu responses, %zu endpoints\n", files, n_endpoints);

	/* the ZDR shape: {"data":[endpoint...]} */
	{
		static const char zdr[] = "{\"data\":[{\"name\":\"X\",\"provider_name\":\"P\","
					  "\"pricing\":{\"prompt\":\"-1\",\"completion\":\"0\"}},7]}";
		or_endpoint_list *l = NULL;
		assert_int_equal(or_endpoint_list_parse(zdr, sizeof(zdr) - 1, &l), OR_OK);
		assert_int_equal(l->count, 1);
		assert_true(l->endpoints[0].pricing.prompt.is_variable);
		{
			char *back = or_endpoint_list_json(l);
			assert_non_null(strstr(back, "\"provider_name\":\"P\""));
			free(back);
		}
		assert_null(or_provider_list_json(NULL));
		or_endpoint_list_free(l);
	}
}

static void test_providers_snapshot(void **state)
{
	char path[1024];
	size_t len, i = 0;
	char *text;
	cJSON *root, *it;
	or_provider_list *l = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/providers-2026-05-07.json", datadir);
	text = slurp(path, &len);
	root = cJSON_ParseWithLength(text, len);
	assert_int_equal(or_provider_list_parse(text, len, &l), OR_OK);
	assert_int_equal(l->count, (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(root, "data")));
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "data")) {
		const or_provider *p = &l->providers[i++];
		check_str(it, "name", p->name);
		check_str(it, "slug", p->slug);
		check_str(it, "privacy_policy_url", p->privacy_policy_url);
		check_str(it, "terms_of_service_url", p->terms_of_service_url);
		check_str(it, "status_page_url", p->status_page_url);
		check_str(it, "headquarters", p->headquarters);
		if (cJSON_GetObjectItem(it, "datacenters"))
			check_list(it, "datacenters", &p->datacenters);
		check_roundtrip(it, or_provider_json(p));
	}
	n_providers = l->count;
	check_roundtrip(root, or_provider_list_json(l));
	or_provider_list_free(l);
	cJSON_Delete(root);
	free(text);
	print_message("providers: %zu\n", n_providers);
}

static void test_bad_input(void **state)
{
	or_model_list *l = NULL;
	or_endpoints *e = NULL;

	(void)state;
	assert_int_equal(or_model_list_parse("{not json", 9, &l), OR_E_INVALID_RESPONSE);
	assert_null(l);
	assert_int_equal(or_model_list_parse("{\"data\":{}}", 11, &l), OR_E_INVALID_RESPONSE);
	assert_int_equal(or_model_list_parse("[]", 2, &l), OR_E_INVALID_RESPONSE);
	assert_int_equal(or_model_list_parse(NULL, 0, &l), OR_E_INVALID_RESPONSE);
	assert_int_equal(or_endpoints_parse("{\"data\":[]}", 11, &e), OR_E_INVALID_RESPONSE);
	/* not NUL-terminated: only len bytes are read */
	assert_int_equal(or_model_list_parse("{\"data\":[]}XXXX", 11, &l), OR_OK);
	assert_int_equal(l->count, 0);
	or_model_list_free(l);
	or_endpoints_free(NULL);
	or_endpoint_list_free(NULL);
	or_provider_list_free(NULL);
	assert_null(or_model_list_json(NULL));
}

/* Tricky but valid JSON decodes and prints back equal; broken JSON is an
 * invalid response, never a crash. */
static void test_json_edge_cases(void **state)
{
	static const char good[] =
		"{\"data\":[{\"id\":\"a\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"n\":-1.5e-7,"
		"\"big\":1e300,\"i\":12345678901,\"z\":0,\"e\":2E+3,\"arr\":[[],{},[1,[2]]],"
		"\"t\":true,\"f\":false,\"nu\":null,\"u\":\"\xc3\xa9\"} ] , \"x\" : {} }\n";
	static const char *bad[] = {
		"{\"data\":[1,]}", "{\"data\":[\"abc]}", "{\"data\":[tru]}", "{\"data\" [1]}",
		"{\"data\":[-]}", "{data:[]}", "", "[1,2]", "{\"data\":{}}",
	};
	or_model_list *l = NULL;
	char *mine;
	cJSON *ref, *back;
	size_t i;

	(void)state;
	assert_int_equal(or_model_list_parse(good, sizeof(good) - 1, &l), OR_OK);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->models[0].id, "a\xc3\xa9\xf0\x9f\x98\x80\"\\/\b\f\n\r\t");
	mine = or_model_list_json(l);
	ref = cJSON_Parse(good);
	back = cJSON_Parse(mine);
	assert_true(cJSON_Compare(ref, back, 1));
	cJSON_Delete(ref);
	cJSON_Delete(back);
	free(mine);
	or_model_list_free(l);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (or_model_list_parse(bad[i], strlen(bad[i]), &l) != OR_E_INVALID_RESPONSE)
			fail_msg("accepted: %s", bad[i]);
		assert_null(l);
	}
}

int main(void)
{
	const char *shared = getenv("OR_SHARED_DIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_snapshots),
		cmocka_unit_test(test_endpoints_snapshots),
		cmocka_unit_test(test_providers_snapshot),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_json_edge_cases),
	};

	snprintf(datadir, sizeof(datadir), "%s/data/openrouter", shared ? shared : "../shared");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
