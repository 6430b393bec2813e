/* test_user_rules.c - server/user_rules.c: which models a key's rules let
 * through, over a small hand-made catalog imported through the real store and
 * snapshot: each rule, provider name matching, unknown data policies,
 * variable prices, "every rule on the same endpoint", models without
 * endpoints, variants, host regions, and the snapshot-keyed cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/snapshot.h"
#include "server/user_rules.h"
#include "store/store.h"

#define EP(prov, tag, p, c) \
	"{\"name\":\"" prov "\",\"model_id\":\"x\",\"model_name\":\"x\",\"context_length\":1000," \
	"\"pricing\":{\"prompt\":\"" p "\",\"completion\":\"" c "\"},\"provider_name\":\"" prov "\"," \
	"\"tag\":\"" tag "\",\"quantization\":null,\"max_completion_tokens\":null," \
	"\"max_prompt_tokens\":null,\"supported_parameters\":[],\"uptime_last_30m\":null," \
	"\"supports_implicit_caching\":false,\"latency_last_30m\":null,\"throughput_last_30m\":null}"

#define MODEL(id, created, canon) \
	"{\"id\":\"" id "\",\"canonical_slug\":\"" canon "\",\"name\":\"" id "\",\"created\":" created "," \
	"\"description\":\"\",\"context_length\":1000,\"architecture\":{\"modality\":\"text->text\"," \
	"\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"Other\"," \
	"\"instruct_type\":null},\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"}," \
	"\"top_provider\":{\"context_length\":1000,\"max_completion_tokens\":null,\"is_moderated\":false}," \
	"\"per_request_limits\":null,\"supported_parameters\":[]}"

static const char models[] = "{\"data\":[" MODEL("a/one", "400", "a/one") "," MODEL("a/one:free", "300", "a/one")
	"," MODEL("b/two", "200", "b/two") "," MODEL("c/three", "100", "c/three") "]}";

static const char eps_a[] = "{\"data\":{\"id\":\"a/one\",\"name\":\"one\",\"created\":400,\"description\":\"\","
	"\"architecture\":{\"modality\":\"text->text\",\"input_modalities\":[\"text\"],"
	"\"output_modalities\":[\"text\"],\"tokenizer\":\"Other\",\"instruct_type\":null},\"endpoints\":["
	EP("DeepInfra", "deepinfra/fp8", "0.000001", "0.000002") ","
	EP("Chutes", "chutes", "0.0000001", "0.0000001") ","
	EP("Mystery", "mystery", "0", "0") "]}}";

static const char eps_b[] = "{\"data\":{\"id\":\"b/two\",\"name\":\"two\",\"created\":200,\"description\":\"\","
	"\"architecture\":{\"modality\":\"text->text\",\"input_modalities\":[\"text\"],"
	"\"output_modalities\":[\"text\"],\"tokenizer\":\"Other\",\"instruct_type\":null},\"endpoints\":["
	EP("OpenAI", "openai", "0.0000025", "-1") ","
	EP("Google AI Studio", "google-ai-studio", "0.000003", "0.000003") "]}}";

static const char ext[] = "{\"openrouter_c_extension\":1,\"endpoints\":["
	"{\"model\":\"a/one\",\"tag\":\"deepinfra/fp8\",\"zdr\":true,\"regions\":[\"us\"]},"
	"{\"model\":\"a/one\",\"tag\":\"chutes\",\"zdr\":false,\"regions\":[\"eu\"]},"
	"{\"model\":\"a/one\",\"tag\":\"mystery\",\"zdr\":true,\"regions\":[\"eu\",\"us\"]},"
	"{\"model\":\"b/two\",\"tag\":\"openai\",\"zdr\":true,\"regions\":[\"us\",\"eu\"]}],"
	"\"providers\":{\"DeepInfra\":{\"trains_on_data\":false,\"retains_prompts\":false},"
	"\"Chutes\":{\"trains_on_data\":true,\"retains_prompts\":true},"
	"\"openai\":{\"trains_on_data\":false,\"retains_prompts\":true},"
	"\"Google AI Studio\":{\"trains_on_data\":false,\"retains_prompts\":false}}}";

static const char providers[] = "{\"data\":[{\"name\":\"Google AI Studio\",\"slug\":\"google-studio\","
	"\"privacy_policy_url\":null}]}";

static snapshot *snap;

static int setup(void **state)
{
	const char *names[] = { "models", "a", "b", "ext", "providers" };
	const char *texts[] = { models, eps_a, eps_b, ext, providers };
	size_t lens[5];
	store *st = NULL;
	store_catalog cat;
	store_import_report rep;
	char err[512];
	int i;

	for (i = 0; i < 5; i++)
		lens[i] = strlen(texts[i]);
	memset(&rep, 0, sizeof(rep));
	if (store_open(":memory:", &st, err, sizeof(err)) < 0 ||
	    store_import_texts(st, names, texts, lens, 5, &rep, err, sizeof(err)) < 0 ||
	    store_load(st, &cat, err, sizeof(err)) < 0 || snapshot_build(&cat, 0, &snap, err, sizeof(err)) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		store_close(st);
		return -1;
	}
	store_close(st);
	return 0;
}

static int teardown(void **state)
{
	user_index_cache_clear();
	snapshot_release(snap);
	return 0;
}

/* The ids that pass, space-separated, in default order. */
static const char *pass(const char *rules_json, unsigned host_region)
{
	static char out[256];
	keys_rules r = KEYS_RULES_INIT;
	user_index *ix = user_index_get(snap);
	uint32_t idx[16];
	size_t n, i;
	char err[128];

	assert_non_null(ix);
	assert_int_equal(keys_rules_from_json(rules_json, &r, err, sizeof(err)), 0);
	for (i = 0; i < snap->n; i++)
		idx[i] = (uint32_t)i;
	n = user_rules_filter(ix, &r, host_region, idx, snap->n);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(out, snap->ids[idx[i]]);
		if (i + 1 < n)
			strcat(out, " ");
	}
	keys_rules_free(&r);
	user_index_put(ix);
	return out;
}

static void test_no_rules(void **state)
{
	/* no rules: everything, with or without endpoints */
	assert_string_equal(pass("{}", 0), "a/one a/one:free b/two c/three");
	/* the model rule alone keeps models without endpoints */
	assert_string_equal(pass("{\"models\":[\"c/three\",\"a/*\"]}", 0), "a/one a/one:free c/three");
	assert_string_equal(pass("{\"models\":[\"b/two\"]}", 0), "b/two");
}

static void test_providers(void **state)
{
	/* display name, tag, tag base and slug, case-insensitively */
	assert_string_equal(pass("{\"only\":[\"deepinfra\"]}", 0), "a/one");
	assert_string_equal(pass("{\"only\":[\"DEEPINFRA/FP8\"]}", 0), "a/one");
	assert_string_equal(pass("{\"only\":[\"google-studio\"]}", 0), "b/two");
	assert_string_equal(pass("{\"only\":[\"google ai studio\"]}", 0), "b/two");
	assert_string_equal(pass("{\"only\":[\"nobody\"]}", 0), "");
	/* ignore: a model stays while another endpoint remains */
	assert_string_equal(pass("{\"ignore\":[\"openai\"]}", 0), "a/one b/two");
	assert_string_equal(pass("{\"ignore\":[\"openai\",\"google-ai-studio\"]}", 0), "a/one");
}

static void test_data_policy(void **state)
{
	/* Mystery has no policy: treated as training/retaining; provider keys
	 * match case-insensitively ("openai" for OpenAI) */
	assert_string_equal(pass("{\"deny_training\":true}", 0), "a/one b/two");
	assert_string_equal(pass("{\"deny_retention\":true}", 0), "a/one b/two");
	assert_string_equal(pass("{\"deny_retention\":true,\"only\":[\"openai\",\"chutes\"]}", 0), "");
	assert_string_equal(pass("{\"deny_training\":true,\"only\":[\"openai\"]}", 0), "b/two");
}

static void test_zdr_region_same_endpoint(void **state)
{
	assert_string_equal(pass("{\"zdr\":true}", 0), "a/one b/two");
	assert_string_equal(pass("{\"region\":\"eu\"}", 0), "a/one b/two");
	/* DeepInfra is ZDR in the US, Chutes is in the EU without ZDR: only
	 * Mystery (ZDR, EU) satisfies both on one endpoint */
	assert_string_equal(pass("{\"zdr\":true,\"region\":\"eu\",\"only\":[\"deepinfra\",\"chutes\"]}", 0), "");
	assert_string_equal(pass("{\"zdr\":true,\"region\":\"eu\"}", 0), "a/one b/two");
	assert_string_equal(pass("{\"zdr\":true,\"region\":\"eu\",\"ignore\":[\"mystery\"]}", 0), "b/two");
}

static void test_prices(void **state)
{
	/* per million: DeepInfra 1/2, Chutes 0.1/0.1, Mystery 0/0, OpenAI 2.5/-1, GAS 3/3 */
	assert_string_equal(pass("{\"max_prompt_price\":0}", 0), "a/one");
	assert_string_equal(pass("{\"max_prompt_price\":2.5,\"only\":[\"openai\"]}", 0), "b/two");
	assert_string_equal(pass("{\"max_prompt_price\":2.4999,\"only\":[\"openai\"]}", 0), "");
	/* a variable price fails any maximum */
	assert_string_equal(pass("{\"max_completion_price\":1e9,\"only\":[\"openai\"]}", 0), "");
	assert_string_equal(pass("{\"max_completion_price\":3}", 0), "a/one b/two");
	assert_string_equal(pass("{\"max_completion_price\":2.9}", 0), "a/one");
}

static void test_host_region(void **state)
{
	/* a host region is an endpoint rule: models without endpoints drop out */
	assert_string_equal(pass("{}", KEYS_REGION_EU), "a/one b/two");
	assert_string_equal(pass("{\"only\":[\"deepinfra\"]}", KEYS_REGION_EU), "");
	assert_string_equal(pass("{\"only\":[\"deepinfra\"]}", KEYS_REGION_US), "a/one");
	assert_string_equal(pass("{\"models\":[\"c/three\"]}", 0), "c/three");
	assert_string_equal(pass("{\"models\":[\"c/three\"]}", KEYS_REGION_US), "");
}

static void test_cache(void **state)
{
	user_index *a = user_index_get(snap), *b = user_index_get(snap);

	assert_ptr_equal(a, b);    /* one index per snapshot */
	user_index_put(a);
	user_index_put(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rules),
		cmocka_unit_test(test_providers),
		cmocka_unit_test(test_data_policy),
		cmocka_unit_test(test_zdr_region_same_endpoint),
		cmocka_unit_test(test_prices),
		cmocka_unit_test(test_host_region),
		cmocka_unit_test(test_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
