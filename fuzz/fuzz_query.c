/*
 * fuzz_query.c - fuzz target: the /models query-string decoder and parameter
 * parser (query_parse), then selection and links.next over a tiny catalog.
 *
 * Input: byte 0 picks the route (mod 4), the rest is the raw query string.
 * Oracles: no crash/UB/leak; an error message is NUL-terminated and non-empty;
 * a parsed query's links.next is valid JSON (a string or null); selection
 * returns at most the model count, every index in range, no duplicates.
 */
#include "fuzz.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "catalog/query.h"
#include "util/arena.h"
#include "util/buf.h"

static const char catalog_json[] =
	"[{\"id\":\"openai/gpt-4o\",\"name\":\"OpenAI: GPT-4o\",\"created\":1715367049,"
	"\"context_length\":128000,\"architecture\":{\"tokenizer\":\"GPT\","
	"\"input_modalities\":[\"text\",\"image\"],\"output_modalities\":[\"text\"]},"
	"\"pricing\":{\"prompt\":\"0.0000025\",\"completion\":\"0.00001\"},"
	"\"supported_parameters\":[\"tools\",\"tool_choice\",\"temperature\"]},"
	"{\"id\":\"openrouter/auto\",\"name\":\"Auto Router\",\"created\":1699401600,"
	"\"context_length\":2000000,\"architecture\":{\"tokenizer\":\"Router\","
	"\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]},"
	"\"pricing\":{\"prompt\":\"-1\",\"completion\":\"-1\"},\"supported_parameters\":[]},"
	"{\"id\":\"meta-llama/llama-3.1-8b-instruct:free\",\"name\":\"Meta: Llama 3.1 8B (free)\","
	"\"created\":1721692800,\"context_length\":null,\"architecture\":{\"tokenizer\":\"Llama3\","
	"\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]},"
	"\"pricing\":{\"prompt\":\"0\",\"completion\":\"0\"},\"supported_parameters\":[\"tools\"]},"
	"{\"id\":\"google/imagen\",\"name\":\"Imagen\",\"created\":1735689600,"
	"\"architecture\":{\"input_modalities\":[\"text\"],\"output_modalities\":[\"image\"]},"
	"\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"bogus\"}}]";

static cJSON *models;
static query_facts *facts;

static void setup(void)
{
	if (models)
		return;
	models = cJSON_Parse(catalog_json);
	FUZZ_CHECK(models != NULL);
	facts = query_facts_build(models, NULL, NULL, NULL);
	FUZZ_CHECK(facts != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "/api/v1/models", "/api/v1/models/count",
					     "/api/v1/models/user", "/api/v1/providers" };
	arena a = { 0 };
	query *q = NULL;
	char err[512];
	query_route route;
	uint32_t idx[8];
	uint8_t seen[8] = { 0 };
	size_t n, i, nmodels;
	buf link = BUF_INIT(1 << 20);
	int rc;

	setup();
	if (size < 1)
		return 0;
	route = (query_route)(data[0] % 4);
	err[0] = '\0';
	rc = query_parse((const char *)data + 1, size - 1, route, &a, &q, err, sizeof(err));
	if (rc < 0) {
		FUZZ_CHECK(q == NULL);
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		FUZZ_CHECK(err[0] != '\0');
		arena_free(&a);
		return 0;
	}
	FUZZ_CHECK(rc == 0 && q != NULL);
	(void)query_is_paged(q);
	(void)query_offset(q);
	FUZZ_CHECK(query_limit(q) >= 1);
	(void)query_use_rss(q);
	(void)query_use_rss_chat_links(q);
	(void)query_is_default(q);
	(void)query_is_all(q);
	if (size > 1 && data[1] == 'e')
		query_set_host_region(q, "eu");
	nmodels = (size_t)cJSON_GetArraySize(models);
	n = query_select(facts, q, 1767225600, idx);
	FUZZ_CHECK(n <= nmodels);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(idx[i] < nmodels);
		FUZZ_CHECK(!seen[idx[i]]);
		seen[idx[i]] = 1;
	}
	if (query_next_link(q, paths[route], n, &link) == 0) {
		cJSON *v = cJSON_ParseWithLength(link.data ? link.data : "", link.len);
		FUZZ_CHECK(v != NULL);
		FUZZ_CHECK(cJSON_IsString(v) || cJSON_IsNull(v));
		cJSON_Delete(v);
	}
	buf_free(&link);
	arena_free(&a);
	return 0;
}
