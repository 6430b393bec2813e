/* test_catalog_decode.c - the one model definition: every real snapshot's
 * models, endpoints and providers decode; typed values agree with the JSON;
 * parse -> print is JSON-equal (unknown fields kept); drift never fails. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "openrouter/errors.h"

static char datadir[256];

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
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	d[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return d;
}

static void check_price(const cJSON *pricing, const char *key, const or_price *p)
{
	const cJSON *it = cJSON_GetObjectItem(pricing, key);

	if (!cJSON_IsString(it)) {
		assert_null(p->text);
		return;
	}
	assert_string_equal(p->text, it->valuestring);
	if (it->valuestring[0] == '-') {
		assert_true(p->is_variable);
		assert_true(p->value == 0);
	} else {
		assert_false(p->is_variable);
		assert_true(p->value == strtod(it->valuestring, NULL));
	}
}

/* Items of a list value: an array, or a string of words (2025-10 drift). */
static size_t list_len(const cJSON *v)
{
	size_t n = 0;
	const char *p;

	if (!cJSON_IsString(v))
		return (size_t)cJSON_GetArraySize(v);
	for (p = v->valuestring; *p; p++)
		if (*p != ' ' && (p == v->valuestring || p[-1] == ' '))
			n++;
	return n;
}

static void check_model(const cJSON *obj)
{
	const char *const price_keys[] = { "prompt", "completion", "request", "image", "web_search",
		"internal_reasoning", "input_cache_read", "input_cache_write" };
	arena a = { 0 };
	or_model m;
	const cJSON *pricing = cJSON_GetObjectItem(obj, "pricing");
	const or_price *prices[] = { &m.pricing.prompt, &m.pricing.completion, &m.pricing.request,
		&m.pricing.image, &m.pricing.web_search, &m.pricing.internal_reasoning,
		&m.pricing.input_cache_read, &m.pricing.input_cache_write };
	size_t i;
	char *text, *back;
	or_model *parsed;

	assert_int_equal(cat_decode_model(obj, &a, &m), 0);
	assert_string_equal(m.id, cJSON_GetObjectItem(obj, "id")->valuestring);
	assert_string_equal(m.name, cJSON_GetObjectItem(obj, "name")->valuestring);
	assert_true(m.created == (int64_t)cJSON_GetObjectItem(obj, "created")->valuedouble);
	for (i = 0; i < sizeof(prices) / sizeof(*prices); i++)
		check_price(pricing, price_keys[i], prices[i]);
	assert_int_equal(m.supported_parameters.count,
			 (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(obj, "supported_parameters")));
	assert_int_equal(m.architecture.output_modalities.count,
			 list_len(cJSON_GetObjectItem(cJSON_GetObjectItem(obj, "architecture"),
						      "output_modalities")));
	if (cJSON_IsNull(cJSON_GetObjectItem(obj, "context_length")))
		assert_false(m.context_length.is_set);
	else
		assert_true(m.context_length.is_set);
	/* parse from text -> print gives the same JSON, unknown fields included */
	text = cJSON_PrintUnformatted(obj);
	assert_int_equal(or_model_parse(text, strlen(text), &parsed), OR_OK);
	back = or_model_json(parsed);
	{
		cJSON *x = cJSON_Parse(back);
		assert_true(cJSON_Compare(x, obj, 1));
		cJSON_Delete(x);
	}
	or_model_free(parsed);
	free(back);
	cJSON_free(text);
	arena_free(&a);
}

static void every_snapshot_decodes(void **state)
{
	DIR *d = opendir(datadir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[600];
		size_t len;
		char *text;
		cJSON *root, *m;

		if (strncmp(e->d_name, "models-", 7) || !strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", datadir, e->d_name);
		text = slurp(path, &len);
		root = cat_parse(text, len, NULL);
		assert_non_null(root);
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "data"))
			check_model(m);
		cJSON_Delete(root);
		free(text);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
}

static void endpoints_and_providers_decode(void **state)
{
	char path[600];
	size_t len;
	char *text;
	cJSON *root, *it;
	arena a = { 0 };
	int n = 0;

	snprintf(path, sizeof(path), "%s/endpoints-bundle-2026-05-31.json", datadir);
	text = slurp(path, &len);
	root = cat_parse(text, len, NULL);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "data")) {
		cJSON *ep;
		cJSON_ArrayForEach(ep, cJSON_GetObjectItem(cJSON_GetObjectItem(
			cJSON_GetObjectItem(it, "response"), "data"), "endpoints")) {
			or_endpoint e;
			assert_int_equal(cat_decode_endpoint(ep, &a, &e), 0);
			assert_non_null(e.provider_name);
			assert_non_null(e.pricing.prompt.text);
			n++;
		}
	}
	assert_true(n > 300);
	cJSON_Delete(root);
	free(text);
	snprintf(path, sizeof(path), "%s/providers-2026-05-07.json", datadir);
	text = slurp(path, &len);
	root = cat_parse(text, len, NULL);
	n = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "data")) {
		or_provider p;
		assert_int_equal(cat_decode_provider(it, &a, &p), 0);
		assert_non_null(p.slug);
		n++;
	}
	assert_true(n > 10);
	cJSON_Delete(root);
	free(text);
	arena_free(&a);
}

/* New fields, nulls everywhere, wrong types, odd ids: decoding never fails. */
static void drift_is_tolerated(void **state)
{
	static const char json[] =
		"{\"id\":\"~odd/\\u00e9t\\u00e9-latest:beta\",\"name\":null,\"created\":\"soon\","
		"\"pricing\":{\"prompt\":\"-1\",\"completion\":0.5,\"brand_new_price\":\"1\"},"
		"\"architecture\":{\"input_modalities\":[\"text\",\"hologram\",7],\"output_modalities\":null},"
		"\"context_length\":null,\"supported_parameters\":null,\"future_field\":{\"a\":[1,2]},"
		"\"reasoning\":{\"mandatory\":true,\"supported_efforts\":[\"ultra\"]},"
		"\"benchmarks\":{\"design_arena\":[{\"arena\":\"new\",\"elo\":1}],\"artificial_analysis\":null}}";
	or_model *m;
	char *field;

	assert_int_equal(or_model_parse(json, strlen(json), &m), OR_OK);
	assert_null(m->name);
	assert_true(m->pricing.prompt.is_variable);
	assert_true(m->pricing.completion.value == 0.5);
	assert_int_equal(m->architecture.input_modalities.count, 2);
	assert_true(m->architecture.output_modalities.is_null);
	or_model_free(m);
	/* a list sent as a string of words (a real 2025-10 capture) */
	{
		static const char words[] = "{\"id\":\"a/b\",\"architecture\":{\"input_modalities\":\"text image\","
					    "\"output_modalities\":\"text\"}}";
		assert_int_equal(or_model_parse(words, strlen(words), &m), OR_OK);
		assert_int_equal(m->architecture.input_modalities.count, 2);
		assert_string_equal(m->architecture.input_modalities.items[1], "image");
		assert_int_equal(m->architecture.output_modalities.count, 1);
	}
	or_model_free(m);
	assert_int_equal(or_model_parse(json, strlen(json), &m), OR_OK);
	assert_false(m->context_length.is_set);
	assert_true(m->reasoning.mandatory);
	assert_string_equal(m->reasoning.supported_efforts.items[0], "ultra");
	assert_int_equal(m->benchmarks.design_arena_count, 1);
	assert_false(m->benchmarks.has_artificial_analysis);
	field = or_model_field_json(m, "future_field");
	assert_string_equal(field, "{\"a\":[1,2]}");
	free(field);
	assert_null(or_model_field_json(m, "absent"));
	or_model_free(m);
	assert_int_equal(or_model_parse("[1,2]", 5, &m), OR_E_INVALID_RESPONSE);
	assert_null(m);
	assert_int_equal(or_model_parse("{\"id\":", 6, &m), OR_E_INVALID_RESPONSE);
	or_model_free(NULL);
}

static void normalisation_only_adds(void **state)
{
	cJSON *m = cJSON_Parse("{\"id\":\"a/b\",\"name\":\"B\",\"created\":1,\"pricing\":{\"prompt\":\"1\"}}");
	cJSON *ep = cJSON_Parse("{\"provider_name\":\"P\",\"supported_parameters\":[\"tools\"]}");
	char err[128];

	assert_int_equal(cat_normalize_model(m, err, sizeof(err)), 0);
	assert_string_equal(cat_str(m, "canonical_slug"), "a/b");
	assert_string_equal(cat_str(cJSON_GetObjectItem(m, "links"), "details"), "/api/v1/models/a/b/endpoints");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(m, "default_parameters")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(m, "supported_voices")));
	assert_string_equal(cat_str(cJSON_GetObjectItem(m, "pricing"), "prompt"), "1");
	assert_string_equal(cat_str(cJSON_GetObjectItem(m, "pricing"), "completion"), "0");
	assert_int_equal(cat_normalize_endpoint(ep, err, sizeof(err)), 0);
	{
		const cJSON *tc = cJSON_GetObjectItem(ep, "supports_tool_choice");
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(tc, "auto")));
		assert_true(cJSON_IsFalse(cJSON_GetObjectItem(tc, "required")));
	}
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ep, "latency_last_30m")));
	cJSON_Delete(m);
	cJSON_Delete(ep);
	m = cJSON_Parse("{\"name\":\"no id\"}");
	assert_int_equal(cat_normalize_model(m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "\"id\""));
	cJSON_Delete(m);
}

/* Numbers come back exactly: cJSON's own printer rounds to 15 digits. */
static void numbers_print_exactly(void **state)
{
	static const char *const cases[] = {
		"99.75106685633001", "0.30000000000000004", "1385.2000000000003",
		"9007199254740991", "1e-07", "1.5e+300", "-2.5", "0", "1781631930",
		"123456789012345", "0.1", "4.35e-07",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cJSON *n = cJSON_Parse(cases[i]);
		char *text = cat_print_alloc(n, NULL);
		assert_true(strtod(text, NULL) == n->valuedouble);
		free(text);
		cJSON_Delete(n);
	}
	{
		cJSON *o = cJSON_Parse("{\"a\":[1,{\"b\":\"x\\\"\\n\\u0001\u00e9\"}],\"c\":null,\"d\":true}");
		char *text = cat_print_alloc(o, NULL);
		assert_string_equal(text, "{\"a\":[1,{\"b\":\"x\\\"\\n\\u0001\u00e9\"}],\"c\":null,\"d\":true}");
		free(text);
		cJSON_Delete(o);
	}
}

int main(void)
{
	const char *shared = getenv("OR_SHARED_DIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_snapshot_decodes),
		cmocka_unit_test(endpoints_and_providers_decode),
		cmocka_unit_test(drift_is_tolerated),
		cmocka_unit_test(normalisation_only_adds),
		cmocka_unit_test(numbers_print_exactly),
	};

	snprintf(datadir, sizeof(datadir), "%s/data/openrouter", shared ? shared : "../shared");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
