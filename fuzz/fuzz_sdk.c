/*
 * fuzz_sdk.c - fuzz target: the SDK's response decoders (or_model_parse and
 * the list/endpoints/provider body decoders of openrouter/client.h), then
 * re-encoding what was decoded.
 *
 * Input: byte 0 picks the decoder (mod 5), the rest is the response body.
 * Oracles: a decoder returns 0 with a result or an error code with NULL;
 * a decoded result re-encodes to JSON that parses again; every decoded model
 * view has readable strings where the API promises strings.
 */
#include "fuzz.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "openrouter/client.h"
#include "openrouter/model.h"

static void check_json(char *text)
{
	cJSON *v;

	if (!text)
		return; /* allocation failure or absent */
	v = cJSON_Parse(text);
	FUZZ_CHECK(v != NULL);
	cJSON_Delete(v);
	free(text);
}

static void touch_model(const or_model *m)
{
	char author[64];
	size_t n;

	if (m->id)
		(void)strlen(m->id);
	if (m->name)
		(void)strlen(m->name);
	n = or_model_author(m, author, sizeof(author));
	FUZZ_CHECK(n < sizeof(author));
	if (n)
		FUZZ_CHECK(author[n] == '\0' && strlen(author) <= n);
	check_json(or_model_json(m));
	check_json(or_model_field_json(m, "id"));
	check_json(or_model_field_json(m, "pricing"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body;
	size_t len, i;
	int rc;

	if (size < 1)
		return 0;
	body = (const char *)data + 1;
	len = size - 1;
	switch (data[0] % 5) {
	case 0: {
		or_model *m = NULL;
		rc = or_model_parse(body, len, &m);
		FUZZ_CHECK((rc == 0) == (m != NULL));
		if (m)
			touch_model(m);
		or_model_free(m);
		break;
	}
	case 1: {
		or_model_list *l = NULL;
		rc = or_model_list_parse(body, len, &l);
		FUZZ_CHECK((rc == 0) == (l != NULL));
		if (l) {
			for (i = 0; i < l->count; i++)
				touch_model(&l->models[i]);
			check_json(or_model_list_json(l));
		}
		or_model_list_free(l);
		break;
	}
	case 2: {
		or_endpoints *e = NULL;
		rc = or_endpoints_parse(body, len, &e);
		FUZZ_CHECK((rc == 0) == (e != NULL));
		if (e)
			check_json(or_endpoints_json(e));
		or_endpoints_free(e);
		break;
	}
	case 3: {
		or_endpoint_list *l = NULL;
		rc = or_endpoint_list_parse(body, len, &l);
		FUZZ_CHECK((rc == 0) == (l != NULL));
		if (l)
			for (i = 0; i < l->count; i++)
				check_json(or_endpoint_json(&l->endpoints[i]));
		or_endpoint_list_free(l);
		break;
	}
	default: {
		or_provider_list *l = NULL;
		rc = or_provider_list_parse(body, len, &l);
		FUZZ_CHECK((rc == 0) == (l != NULL));
		if (l)
			for (i = 0; i < l->count; i++)
				check_json(or_provider_json(&l->providers[i]));
		or_provider_list_free(l);
		break;
	}
	}
	return 0;
}
