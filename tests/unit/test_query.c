/*
 * test_query.c - the /models query language (src/catalog/query*.c): every 400
 * case of the decoder and parser, the parameter table, links.next, and the
 * selection semantics of each parameter over a small in-test catalog.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/query.h"

#define NOW 1750000000   /* 2025-06-15 */
#define DAY 86400

/* default order = array order; ids chosen to make failures readable */
static const char *models_json =
	"[{\"id\":\"openai/gpt-4o\",\"name\":\"OpenAI: GPT-4o\",\"created\":1749900000,"
	"\"context_length\":128000,"
	"\"architecture\":{\"input_modalities\":[\"text\",\"image\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"GPT\"},"
	"\"pricing\":{\"prompt\":\"0.0000025\",\"completion\":\"0.00001\"},"
	"\"supported_parameters\":[\"tools\",\"tool_choice\",\"temperature\"],"
	"\"benchmarks\":{\"design_arena\":[{\"elo\":1200},{\"elo\":1300}],"
	"\"artificial_analysis\":{\"intelligence_index\":60,\"coding_index\":55,\"agentic_index\":null}}},"
	"{\"id\":\"meta-llama/llama-3-8b:free\",\"name\":\"Meta: Llama 3 8B (free)\",\"created\":1740000000,"
	"\"context_length\":8192,"
	"\"architecture\":{\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"Llama3\"},"
	"\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"},"
	"\"supported_parameters\":[\"temperature\"]},"
	"{\"id\":\"openrouter/auto\",\"name\":\"Auto Router\",\"created\":1700000000,"
	"\"context_length\":2000000,"
	"\"architecture\":{\"input_modalities\":[\"text\",\"image\"],\"output_modalities\":[\"text\",\"image\"],\"tokenizer\":\"Router\"},"
	"\"pricing\":{\"prompt\":\"-1\",\"completion\":\"-1\"},"
	"\"supported_parameters\":[\"tools\",\"temperature\"]},"
	"{\"id\":\"google/imagen\",\"name\":\"Google: Imagen\",\"created\":1745000000,"
	"\"context_length\":null,"
	"\"architecture\":{\"input_modalities\":[\"text\"],\"output_modalities\":[\"image\"],\"tokenizer\":\"Gemini\"},"
	"\"pricing\":{\"prompt\":\"0.00003\",\"completion\":\"0.00003\"},"
	"\"supported_parameters\":[]},"
	"{\"id\":\"anthropic/claude-3\",\"name\":\"Anthropic: Claude 3\",\"created\":1749900000,"
	"\"context_length\":200000,"
	"\"architecture\":{\"input_modalities\":[\"text\",\"image\",\"file\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"Claude\"},"
	"\"pricing\":{\"prompt\":\"0.000003\",\"completion\":\"0.000015\"},"
	"\"supported_parameters\":[\"tools\",\"tool_choice\"],"
	"\"benchmarks\":{\"design_arena\":[{\"elo\":1250}],"
	"\"artificial_analysis\":{\"intelligence_index\":60,\"coding_index\":70,\"agentic_index\":50}}},"
	"{\"id\":\"meta-llama/llama-4\",\"name\":\"Meta: Llama 4\",\"created\":1748000000,"
	"\"context_length\":128000,"
	"\"architecture\":{\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"Llama4\"},"
	"\"pricing\":{\"prompt\":\"0.0000001\",\"completion\":\"0.0000004\"},"
	"\"supported_parameters\":[\"temperature\",\"tools\"]}]";

static const char *endpoints_json =
	"{\"openai/gpt-4o\":{\"id\":\"openai/gpt-4o\",\"endpoints\":["
	"{\"provider_name\":\"OpenAI\",\"tag\":\"openai\"},{\"provider_name\":\"Azure\",\"tag\":\"azure\"}]},"
	"\"anthropic/claude-3\":{\"id\":\"anthropic/claude-3\",\"endpoints\":["
	"{\"provider_name\":\"Anthropic\",\"tag\":\"anthropic\"},{\"provider_name\":\"Google Vertex\",\"tag\":\"google-vertex\"}]},"
	"\"meta-llama/llama-4\":{\"id\":\"meta-llama/llama-4\",\"endpoints\":["
	"{\"provider_name\":\"Groq\",\"tag\":\"groq\"}]}}";

static const char *extension_json =
	"{\"openrouter_c_extension\":1,\"models\":{"
	"\"openai/gpt-4o\":{\"weekly_tokens\":500,\"popularity\":10,\"distillable\":false,"
	"\"tool_success_rate\":0.9,\"categories\":{\"programming\":100,\"science\":5}},"
	"\"nobody/none\":{\"weekly_tokens\":1e12,\"distillable\":true},"
	"\"anthropic/claude-3\":{\"weekly_tokens\":900,\"popularity\":10,\"distillable\":false,"
	"\"tool_success_rate\":0.95,\"categories\":{\"programming\":300}},"
	"\"meta-llama/llama-4\":{\"weekly_tokens\":100,\"popularity\":50,\"distillable\":true,"
	"\"tool_success_rate\":0.5,\"categories\":{\"programming\":100,\"roleplay\":7}}},"
	"\"endpoints\":["
	"{\"model\":\"openai/gpt-4o\",\"tag\":\"openai\",\"zdr\":false,\"regions\":[\"us\"],"
	"\"latency_last_30m\":{\"p50\":400},\"throughput_last_30m\":{\"p50\":80}},"
	"{\"model\":\"openai/gpt-4o\",\"tag\":\"azure\",\"zdr\":true,\"regions\":[\"eu\",\"us\"],"
	"\"latency_last_30m\":{\"p50\":300},\"throughput_last_30m\":{\"p50\":60}},"
	"{\"model\":\"anthropic/claude-3\",\"tag\":\"anthropic\",\"zdr\":false,\"regions\":[\"us\"],"
	"\"latency_last_30m\":{\"p50\":350},\"throughput_last_30m\":{\"p50\":90}},"
	"{\"model\":\"meta-llama/llama-4\",\"tag\":\"groq\",\"zdr\":true,\"regions\":[\"us\"],"
	"\"latency_last_30m\":{\"p50\":100},\"throughput_last_30m\":{\"p50\":500}},"
	/* endpoints that do not exist: no effect */
	"{\"model\":\"meta-llama/llama-3-8b:free\",\"tag\":\"ghost\",\"zdr\":true,\"regions\":[\"eu\"]},"
	"{\"model\":\"openai/gpt-4o\",\"tag\":\"nope\",\"zdr\":true,\"regions\":[\"eu\"],"
	"\"latency_last_30m\":{\"p50\":1},\"throughput_last_30m\":{\"p50\":9999}}]}";

typedef struct fixture {
	cJSON *models, *endpoints, *extension;
	query_facts *facts;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->models = cJSON_Parse(models_json);
	f->endpoints = cJSON_Parse(endpoints_json);
	f->extension = cJSON_Parse(extension_json);
	assert_non_null(f->models);
	assert_non_null(f->endpoints);
	assert_non_null(f->extension);
	f->facts = query_facts_build(f->models, f->endpoints, f->extension, NULL);
	assert_non_null(f->facts);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	query_facts_free(f->facts);
	cJSON_Delete(f->models);
	cJSON_Delete(f->endpoints);
	cJSON_Delete(f->extension);
	free(f);
	return 0;
}

/* Comma-joined ids selected by qs (or "400: message"). */
static const char *sel_route(fixture *f, const char *qs, query_route route, const char *region)
{
	static char out[2048];
	uint32_t idx[64];
	char err[256] = "";
	arena a = { 0 };
	query *q;
	size_t n, i, used = 0;

	if (query_parse(qs, strlen(qs), route, &a, &q, err, sizeof(err)) < 0) {
		snprintf(out, sizeof(out), "400: %s", err);
		arena_free(&a);
		return out;
	}
	query_set_host_region(q, region);
	n = query_select(f->facts, q, NOW, idx);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *id = cJSON_GetObjectItem(cJSON_GetArrayItem(f->models, (int)idx[i]), "id")->valuestring;

		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s", i ? "," : "", id);
	}
	arena_free(&a);
	return out;
}

static const char *sel(fixture *f, const char *qs)
{
	return sel_route(f, qs, QUERY_ROUTE_MODELS, NULL);
}

/* The 400 message for qs, or NULL when it parses. */
static const char *parse_err(const char *qs, query_route route)
{
	static char err[256];
	arena a = { 0 };
	query *q;
	int r = query_parse(qs, strlen(qs), route, &a, &q, err, sizeof(err));

	arena_free(&a);
	return r < 0 ? err : NULL;
}

#define ERR_CONTAINS(qs, needle) do { \
	const char *e_ = parse_err((qs), QUERY_ROUTE_MODELS); \
	if (!e_ || !strstr(e_, (needle))) \
		fail_msg("%s: expected 400 containing '%s', got %s", (qs), (needle), e_ ? e_ : "OK"); \
} while (0)

#define OK(qs) do { \
	const char *e_ = parse_err((qs), QUERY_ROUTE_MODELS); \
	if (e_) \
		fail_msg("%s: expected OK, got 400 %s", (qs), e_); \
} while (0)

static void test_table(void **state)
{
	size_t n, i, j;
	const query_param *t = query_params(&n);

	(void)state;
	assert_int_equal(n, 31);
	for (i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		assert_non_null(t[i].doc);
		assert_non_null(t[i].example);
		assert_true(t[i].routes & QUERY_ON(QUERY_ROUTE_MODELS));
		for (j = 0; j < i; j++)
			assert_string_not_equal(t[i].name, t[j].name);
	}
}

/* docs/query.md lists every row of the table (name and example). */
static void test_docs_in_sync(void **state)
{
	const char *src = getenv("OR_SOURCE_DIR");
	char path[4096], row[256], *doc;
	size_t n, len;
	const query_param *t = query_params(&n);
	FILE *f;

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/docs/query.md", src);
	f = fopen(path, "rb");
	assert_non_null(f);
	doc = calloc(1, 1 << 20);
	assert_non_null(doc);
	len = fread(doc, 1, (1 << 20) - 1, f);
	fclose(f);
	assert_true(len > 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(row, sizeof(row), "| `%s` |", t[i].name);
		if (!strstr(doc, row))
			fail_msg("docs/query.md has no row for '%s'", t[i].name);
		snprintf(row, sizeof(row), "| %s | `%s` |", t[i].doc, t[i].example);
		if (!strstr(doc, row))
			fail_msg("docs/query.md: doc/example of '%s' out of date", t[i].name);
	}
	free(doc);
}

static void test_errors_types(void **state)
{
	(void)state;
	ERR_CONTAINS("limit=abc", "'limit'");
	ERR_CONTAINS("limit=1.5", "integer");
	ERR_CONTAINS("offset=-1", "'offset'");
	ERR_CONTAINS("offset=0x10", "integer");
	ERR_CONTAINS("context=12k", "'context'");
	ERR_CONTAINS("min_price=cheap", "number");
	ERR_CONTAINS("max_price=1e", "number");
	ERR_CONTAINS("max_price=nan", "number");
	ERR_CONTAINS("max_price=inf", "number");
	ERR_CONTAINS("use_rss=yes", "true or false");
	ERR_CONTAINS("use_rss=TRUE", "true or false");
	ERR_CONTAINS("use_rss_chat_links=1", "true or false");
	ERR_CONTAINS("distillable=maybe", "true or false");
	ERR_CONTAINS("min_age_days=1.5", "integer");
	ERR_CONTAINS("min_intelligence_index=high", "'min_intelligence_index'");
}

static void test_errors_ranges(void **state)
{
	(void)state;
	ERR_CONTAINS("limit=0", "from 1 to 1000");
	ERR_CONTAINS("limit=1001", "from 1 to 1000");
	ERR_CONTAINS("context=0", "'context'");
	ERR_CONTAINS("min_price=-0.5", ">= 0");
	ERR_CONTAINS("max_output_price=-1", "'max_output_price'");
	ERR_CONTAINS("min_tool_success_rate=1.01", "from 0 to 1");
	ERR_CONTAINS("max_tool_success_rate=-0.1", "from 0 to 1");
	ERR_CONTAINS("max_age_days=-3", "'max_age_days'");
	ERR_CONTAINS("min_coding_index=-1", "'min_coding_index'");
	ERR_CONTAINS("offset=99999999999999999999", "'offset'");
	OK("limit=1000&offset=0&min_tool_success_rate=1&max_price=0&context=1");
	OK("min_price=1e-3&max_price=.5&min_output_price=2.");
}

static void test_errors_enums(void **state)
{
	(void)state;
	ERR_CONTAINS("sort=cheapest", "pricing-low-to-high");
	ERR_CONTAINS("category=cooking", "programming");
	ERR_CONTAINS("category=Programming", "'category'");
	ERR_CONTAINS("region=asia", "eu, us");
	ERR_CONTAINS("zdr=false", "'zdr'");
	ERR_CONTAINS("output_modalities=smell", "'output_modalities'");
	ERR_CONTAINS("output_modalities=text,all", "cannot be combined");
	ERR_CONTAINS("output_modalities=text,,image", "empty item");
	ERR_CONTAINS("input_modalities=text,embeddings", "'input_modalities'");
	ERR_CONTAINS("model_authors=openai,", "empty item");
	OK("category=marketing%2Fseo&sort=design-arena-elo-high-to-low&region=us&zdr=true");
	OK("output_modalities=all");
}

static void test_errors_repeat_empty_long(void **state)
{
	char big[QUERY_VALUE_MAX + 32];

	(void)state;
	ERR_CONTAINS("limit=1&limit=1", "more than once");
	ERR_CONTAINS("q=a&sort=newest&q=b", "'q' given more than once");
	ERR_CONTAINS("limit=", "empty value");
	ERR_CONTAINS("q", "empty value");
	ERR_CONTAINS("sort=&limit=3", "'sort' has an empty value");
	snprintf(big, sizeof(big), "q=%0*d", QUERY_VALUE_MAX + 1, 7);
	ERR_CONTAINS(big, "too long");
	snprintf(big, sizeof(big), "q=%0*d", QUERY_VALUE_MAX, 7);
	OK(big);
	/* unknown parameters are ignored, even repeated or empty */
	OK("foo=1&foo=2&bar=&baz");
	OK("&&limit=5&");
}

static void test_errors_encoding(void **state)
{
	(void)state;
	ERR_CONTAINS("q=%zz", "percent-encoding");
	ERR_CONTAINS("q=abc%", "percent-encoding");
	ERR_CONTAINS("q=abc%4", "percent-encoding");
	ERR_CONTAINS("q=%00", "percent-encoding");
	ERR_CONTAINS("q=%FF%FE", "percent-encoding");        /* invalid UTF-8 */
	ERR_CONTAINS("q=%C0%AF", "percent-encoding");        /* overlong */
	ERR_CONTAINS("q=%ED%A0%80", "percent-encoding");     /* surrogate */
	ERR_CONTAINS("f%zz=1", "percent-encoding");          /* even in an unknown key */
	OK("q=%C3%A9t%C3%A9");
	OK("q=gpt+4o&%6C%69%6D%69%74=5");                    /* encoded key */
}

static void test_routes(void **state)
{
	(void)state;
	/* count: only output_modalities; others ignored */
	assert_null(parse_err("output_modalities=image&limit=abc&sort=x", QUERY_ROUTE_COUNT));
	assert_non_null(parse_err("output_modalities=bad", QUERY_ROUTE_COUNT));
	assert_non_null(parse_err("limit=0", QUERY_ROUTE_USER));
	assert_null(parse_err("limit=5&q=x&sort=nope", QUERY_ROUTE_USER));
}

static void test_flags(void **state)
{
	arena a = { 0 };
	query *q;
	char err[256];

	(void)state;
	assert_int_equal(query_parse("", 0, QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)), 0);
	assert_true(query_is_default(q));
	assert_false(query_is_all(q));
	assert_false(query_is_paged(q));
	assert_int_equal(query_limit(q), 500);
	query_set_host_region(q, "eu");
	assert_false(query_is_default(q));
	assert_int_equal(query_parse("output_modalities=text&x=1", 26, QUERY_ROUTE_MODELS, &a, &q, err,
				     sizeof(err)), 0);
	assert_true(query_is_default(q));
	assert_int_equal(query_parse("output_modalities=all", 21, QUERY_ROUTE_MODELS, &a, &q, err,
				     sizeof(err)), 0);
	assert_true(query_is_all(q));
	assert_false(query_is_default(q));
	assert_int_equal(query_parse("offset=7&use_rss=true&use_rss_chat_links=true", 45,
				     QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)), 0);
	assert_true(query_is_paged(q));
	assert_int_equal(query_offset(q), 7);
	assert_int_equal(query_limit(q), 500);
	assert_true(query_use_rss(q));
	assert_true(query_use_rss_chat_links(q));
	assert_false(query_is_default(q));
	arena_free(&a);
}

static void test_next_link(void **state)
{
	const char *qs = "q=gpt%204o&limit=2&category=marketing%2Fseo&foo=bar&offset=1";
	arena a = { 0 };
	buf b = BUF_INIT(4096);
	query *q;
	char err[256];

	(void)state;
	assert_int_equal(query_parse(qs, strlen(qs), QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)), 0);
	assert_int_equal(query_next_link(q, "/api/v1/models", 10, &b), 0);
	assert_string_equal(b.data, "\"/api/v1/models?offset=3&limit=2&q=gpt%204o&category=marketing/seo\"");
	buf_reset(&b);
	assert_int_equal(query_next_link(q, "/api/v1/models", 3, &b), 0);
	assert_string_equal(b.data, "null");
	buf_reset(&b);
	assert_int_equal(query_parse("", 0, QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)), 0);
	assert_int_equal(query_next_link(q, "/api/v1/models", 1000, &b), 0);
	assert_string_equal(b.data, "null");
	buf_reset(&b);
	assert_int_equal(query_parse("offset=0", 8, QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)), 0);
	assert_int_equal(query_next_link(q, "/api/v1/models", 1000, &b), 0);
	assert_string_equal(b.data, "\"/api/v1/models?offset=500&limit=500\"");
	buf_free(&b);
	arena_free(&a);
}

static void test_now(void **state)
{
	(void)state;
	setenv("OPENROUTERD_NOW", "1234567", 1);
	assert_int_equal(query_now(), 1234567);
	setenv("OPENROUTERD_NOW", "junk", 1);
	assert_true(query_now() > 1600000000);
	unsetenv("OPENROUTERD_NOW");
	assert_true(query_now() > 1600000000);
}

static void test_select_modalities(void **state)
{
	fixture *f = *state;

	assert_string_equal(sel(f, ""),
			    "openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "output_modalities=all"),
			    "openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,google/imagen,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "output_modalities=image"), "openrouter/auto,google/imagen");
	assert_string_equal(sel(f, "output_modalities=image,text&q=o"),
			    "openai/gpt-4o,openrouter/auto,google/imagen,anthropic/claude-3");
	assert_string_equal(sel(f, "output_modalities=audio"), "");
	assert_string_equal(sel(f, "input_modalities=image,file"), "anthropic/claude-3");
	assert_string_equal(sel(f, "input_modalities=image"), "openai/gpt-4o,openrouter/auto,anthropic/claude-3");
	assert_string_equal(sel(f, "input_modalities=video"), "");
	assert_string_equal(sel(f, "supported_parameters=tools,tool_choice"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "supported_parameters=tools,nonexistent"), "");
	assert_string_equal(sel_route(f, "output_modalities=image", QUERY_ROUTE_COUNT, NULL),
			    "openrouter/auto,google/imagen");
}

static void test_select_text(void **state)
{
	fixture *f = *state;

	assert_string_equal(sel(f, "q=LLAMA"), "meta-llama/llama-3-8b:free,meta-llama/llama-4");
	assert_string_equal(sel(f, "q=llama+free"), "meta-llama/llama-3-8b:free");
	assert_string_equal(sel(f, "q=meta%20%20%208b"), "meta-llama/llama-3-8b:free");
	assert_string_equal(sel(f, "q=gpt+claude"), "");
	assert_string_equal(sel(f, "q=+"),
			    "openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "arch=llama"), "meta-llama/llama-3-8b:free,meta-llama/llama-4");
	assert_string_equal(sel(f, "arch=LLAMA4"), "meta-llama/llama-4");
	assert_string_equal(sel(f, "arch=lla+ma"), "");
	assert_string_equal(sel(f, "model_authors=OpenAI,anthropic"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "providers=google+vertex,groq"), "anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "providers=AZURE"), "openai/gpt-4o");
	assert_string_equal(sel(f, "providers=Nobody"), "");
}

static void test_select_prices(void **state)
{
	fixture *f = *state;

	/* 2.5, 0, -1, (imagen: image only), 3, 0.1 USD/M prompt */
	assert_string_equal(sel(f, "max_price=0"), "meta-llama/llama-3-8b:free");
	assert_string_equal(sel(f, "max_price=2.5"), "openai/gpt-4o,meta-llama/llama-3-8b:free,meta-llama/llama-4");
	assert_string_equal(sel(f, "min_price=2.5"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "min_price=0.1&max_price=0.1"), "meta-llama/llama-4");
	assert_string_equal(sel(f, "min_output_price=15"), "anthropic/claude-3");
	assert_string_equal(sel(f, "max_output_price=0.4"), "meta-llama/llama-3-8b:free,meta-llama/llama-4");
	assert_string_equal(sel(f, "min_price=0&output_modalities=all"),
			    "openai/gpt-4o,meta-llama/llama-3-8b:free,google/imagen,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "max_price=30&output_modalities=image"), "google/imagen");
	/* mean price: 6.25, 0, var, 9, 0.25 -> variable after priced */
	assert_string_equal(sel(f, "sort=pricing-low-to-high"),
			    "meta-llama/llama-3-8b:free,meta-llama/llama-4,openai/gpt-4o,anthropic/claude-3,openrouter/auto");
	assert_string_equal(sel(f, "sort=pricing-high-to-low"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-4,meta-llama/llama-3-8b:free,openrouter/auto");
}

static void test_select_numbers(void **state)
{
	fixture *f = *state;
	char qs[64];

	assert_string_equal(sel(f, "context=128000"), "openai/gpt-4o,openrouter/auto,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel(f, "context=128001&output_modalities=all"), "openrouter/auto,anthropic/claude-3");
	/* ages in whole days at NOW: gpt-4o 1, llama3 115, auto 578, claude 1, llama4 23 */
	assert_string_equal(sel(f, "max_age_days=1"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "min_age_days=23&max_age_days=115"), "meta-llama/llama-3-8b:free,meta-llama/llama-4");
	assert_string_equal(sel(f, "min_age_days=24&max_age_days=114"), "");
	snprintf(qs, sizeof(qs), "min_age_days=%d", (NOW - 1700000000) / DAY);
	assert_string_equal(sel(f, qs), "openrouter/auto");
	assert_string_equal(sel(f, "min_intelligence_index=60"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "min_coding_index=60"), "anthropic/claude-3");
	assert_string_equal(sel(f, "max_agentic_index=100"), "anthropic/claude-3");
	assert_string_equal(sel(f, "min_tool_success_rate=0.9"), "openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "max_tool_success_rate=0.9"), "openai/gpt-4o,meta-llama/llama-4");
}

static void test_select_extension(void **state)
{
	fixture *f = *state;

	assert_string_equal(sel(f, "distillable=true"), "meta-llama/llama-4");
	assert_string_equal(sel(f, "distillable=false"),
			    "openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,anthropic/claude-3");
	assert_string_equal(sel(f, "zdr=true"), "openai/gpt-4o,meta-llama/llama-4");
	assert_string_equal(sel(f, "region=eu"), "openai/gpt-4o");
	assert_string_equal(sel(f, "region=us"), "openai/gpt-4o,anthropic/claude-3,meta-llama/llama-4");
	assert_string_equal(sel_route(f, "", QUERY_ROUTE_USER, "eu"), "openai/gpt-4o");
	assert_string_equal(sel_route(f, "", QUERY_ROUTE_USER, "mars"), "");
	assert_string_equal(sel(f, "category=programming"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-4");
	assert_string_equal(sel(f, "category=programming&sort=top-weekly"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-4");
	assert_string_equal(sel(f, "category=programming&sort=most-popular"),
			    "meta-llama/llama-4,openai/gpt-4o,anthropic/claude-3");
	assert_string_equal(sel(f, "category=roleplay"), "meta-llama/llama-4");
	assert_string_equal(sel(f, "category=legal"), "");
}

static void test_select_sorts(void **state)
{
	fixture *f = *state;

	assert_string_equal(sel(f, "sort=context-high-to-low&output_modalities=all"),
			    "openrouter/auto,anthropic/claude-3,openai/gpt-4o,meta-llama/llama-4,meta-llama/llama-3-8b:free,google/imagen");
	assert_string_equal(sel(f, "sort=newest&output_modalities=all"),
			    "openai/gpt-4o,anthropic/claude-3,meta-llama/llama-4,google/imagen,meta-llama/llama-3-8b:free,openrouter/auto");
	assert_string_equal(sel(f, "sort=throughput-high-to-low"),
			    "meta-llama/llama-4,anthropic/claude-3,openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto");
	assert_string_equal(sel(f, "sort=latency-low-to-high"),
			    "meta-llama/llama-4,openai/gpt-4o,anthropic/claude-3,meta-llama/llama-3-8b:free,openrouter/auto");
	assert_string_equal(sel(f, "sort=most-popular"),
			    "meta-llama/llama-4,openai/gpt-4o,anthropic/claude-3,meta-llama/llama-3-8b:free,openrouter/auto");
	assert_string_equal(sel(f, "sort=top-weekly"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-4,meta-llama/llama-3-8b:free,openrouter/auto");
	assert_string_equal(sel(f, "sort=intelligence-high-to-low"),
			    "openai/gpt-4o,anthropic/claude-3,meta-llama/llama-3-8b:free,openrouter/auto,meta-llama/llama-4");
	assert_string_equal(sel(f, "sort=coding-high-to-low"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,meta-llama/llama-4");
	assert_string_equal(sel(f, "sort=agentic-high-to-low"),
			    "anthropic/claude-3,openai/gpt-4o,meta-llama/llama-3-8b:free,openrouter/auto,meta-llama/llama-4");
	assert_string_equal(sel(f, "sort=design-arena-elo-high-to-low"),
			    "openai/gpt-4o,anthropic/claude-3,meta-llama/llama-3-8b:free,openrouter/auto,meta-llama/llama-4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_docs_in_sync),
		cmocka_unit_test(test_errors_types),
		cmocka_unit_test(test_errors_ranges),
		cmocka_unit_test(test_errors_enums),
		cmocka_unit_test(test_errors_repeat_empty_long),
		cmocka_unit_test(test_errors_encoding),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_next_link),
		cmocka_unit_test(test_now),
		cmocka_unit_test_setup_teardown(test_select_modalities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_prices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_sorts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
