/*
 * fuzz_import.c - fuzz target: catalog import (every input format: models
 * list, endpoints response, array of those, capture bundle, providers list,
 * extension file) into an in-memory SQLite store, then load.
 *
 * Input: up to 4 documents separated by the byte 0x01 (never valid inside
 * JSON text), imported together in one store_import_texts() call.
 * Oracles: a failed import has a message and leaves the catalog version
 * unchanged (one transaction); a successful one bumps it by exactly one and
 * the store then loads, with every model an object carrying a string id.
 */
#include "fuzz.h"

#include <string.h>

#include "store/store.h"

#define MAX_DOCS 4

static store *st;
static unsigned runs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[MAX_DOCS] = { "doc1.json", "doc2.json", "doc3.json",
						     "doc4.json" };
	const char *texts[MAX_DOCS];
	size_t lens[MAX_DOCS], n = 0, start = 0, i;
	store_import_report rep;
	store_catalog cat;
	char err[1024];
	int64_t before, after;
	int rc;

	/* a fresh store now and then, so endpoint rows cannot pile up forever */
	if (st && ++runs % 256 == 0) {
		store_close(st);
		st = NULL;
	}
	if (!st) {
		FUZZ_CHECK(store_open(":memory:", &st, err, sizeof(err)) == 0);
	}
	for (i = 0; i <= size && n < MAX_DOCS; i++) {
		if (i == size || data[i] == 0x01) {
			texts[n] = (const char *)data + start;
			lens[n] = i - start;
			n++;
			start = i + 1;
		}
	}
	before = store_version(st, err, sizeof(err));
	FUZZ_CHECK(before >= 0);
	err[0] = '\0';
	rc = store_import_texts(st, names, texts, lens, n, &rep, err, sizeof(err));
	after = store_version(st, err + 512, sizeof(err) - 512);
	if (rc < 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', 512) != NULL);
		FUZZ_CHECK(after == before);
		return 0;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(after == before + 1);
	FUZZ_CHECK(rep.files == n);
	FUZZ_CHECK(store_load(st, &cat, err, sizeof(err)) == 0);
	FUZZ_CHECK(cat.version == after);
	FUZZ_CHECK(cJSON_IsArray(cat.models) && cJSON_IsObject(cat.endpoints) &&
		   cJSON_IsArray(cat.providers) && cJSON_IsObject(cat.extension));
	{
		const cJSON *m;
		cJSON_ArrayForEach(m, cat.models) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");
			FUZZ_CHECK(cJSON_IsObject(m));
			FUZZ_CHECK(cJSON_IsString(id) && id->valuestring);
		}
	}
	store_catalog_free(&cat);
	return 0;
}
