/* test_store.c - the SQLite store: every real snapshot imports and loads back
 * JSON-equal (after completion of missing required keys), imports are one
 * transaction, bad input is reported with file and position. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "store/store.h"

static char dbpath[256];
static char datadir[256];

static int setup(void **state)
{
	const char *shared = getenv("OR_SHARED_DIR");
	int fd;

	snprintf(datadir, sizeof(datadir), "%s/data/openrouter", shared ? shared : "../shared");
	snprintf(dbpath, sizeof(dbpath), "/tmp/or-test-store-XXXXXX");
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	unlink(dbpath);
	return 0;
}

static int teardown(void **state)
{
	char p[300];

	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	assert_non_null(f);
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

static size_t snapshot_files(char names[][512], size_t max)
{
	DIR *d = opendir(datadir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) && n < max)
		if (!strncmp(e->d_name, "models-", 7) && strstr(e->d_name, ".json"))
			snprintf(names[n++], 512, "%.250s/%.250s", datadir, e->d_name);
	closedir(d);
	return n;
}

/* import -> load is the identity on every real snapshot, modulo completion. */
static void every_snapshot_round_trips(void **state)
{
	static char names[64][512];
	size_t n = snapshot_files(names, 64), i;

	assert_true(n >= 10);
	for (i = 0; i < n; i++) {
		store *s;
		store_catalog cat;
		store_import_report rep;
		char err[1024];
		const char *paths[1] = { names[i] };
		size_t len;
		char *text = slurp(names[i], &len);
		cJSON *orig = cJSON_Parse(text), *m, *loaded;
		int k = 0;

		assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
		assert_int_equal(store_import_files(s, paths, 1, &rep, err, sizeof(err)), 0);
		assert_int_equal(rep.models, (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(orig, "data")));
		assert_int_equal(store_load(s, &cat, err, sizeof(err)), 0);
		assert_true(cat.version >= 1);
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(orig, "data")) {
			char sub[256];
			loaded = cJSON_GetArrayItem(cat.models, k++);
			assert_int_equal(cat_normalize_model(m, sub, sizeof(sub)), 0);
			if (!cJSON_Compare(m, loaded, 1))
				fail_msg("%s: model %s differs after import", names[i], cat_str(m, "id"));
		}
		assert_int_equal(k, cJSON_GetArraySize(cat.models));
		store_catalog_free(&cat);
		store_close(s);
		cJSON_Delete(orig);
		free(text);
	}
}

static int64_t version_of(const char *path)
{
	store *s;
	char err[512];
	int64_t v;

	assert_int_equal(store_open(path, &s, err, sizeof(err)), 0);
	v = store_version(s, err, sizeof(err));
	store_close(s);
	return v;
}

/* A bad document anywhere in the batch changes nothing. */
static void bad_file_changes_nothing(void **state)
{
	const char *names[2] = { "good.json", "bad.json" };
	const char *texts[2] = {
		"{\"data\":[{\"id\":\"a/one\",\"name\":\"One\",\"created\":5}]}",
		"{\"data\":[{\"id\":\"a/two\",\"created\":6},{\"name\":\"no id\"}]}",
	};
	size_t lens[2] = { strlen(texts[0]), strlen(texts[1]) };
	store *s;
	store_catalog cat;
	char err[1024];

	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, texts, lens, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, texts, lens, 2, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad.json"));
	assert_non_null(strstr(err, "data[1]"));
	assert_int_equal(store_load(s, &cat, err, sizeof(err)), 0);
	assert_int_equal(cJSON_GetArraySize(cat.models), 1);
	assert_string_equal(cat_str(cJSON_GetArrayItem(cat.models, 0), "id"), "a/one");
	assert_int_equal(cat.version, 1);
	store_catalog_free(&cat);
	store_close(s);
	assert_int_equal(version_of(dbpath), 1);
}

static void invalid_json_reports_offset(void **state)
{
	const char *names[1] = { "broken.json" };
	const char *texts[1] = { "{\"data\": [\n  {\"id\": \"x/y\",, }\n]}" };
	size_t lens[1] = { strlen(texts[0]) };
	store *s;
	char err[1024];

	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, texts, lens, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "broken.json: invalid JSON at byte"));
	assert_non_null(strstr(err, "line 2"));
	store_close(s);
}

static void duplicate_ids_are_refused(void **state)
{
	const char *names[1] = { "dup.json" };
	const char *texts[1] = { "{\"data\":[{\"id\":\"a/b\"},{\"id\":\"a/b\"}]}" };
	size_t lens[1] = { strlen(texts[0]) };
	store *s;
	char err[1024];

	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, texts, lens, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'a/b' appears twice"));
	store_close(s);
}

/* A models list is a whole catalog: models absent from it are gone. */
static void models_list_replaces_catalog(void **state)
{
	const char *names[1] = { "x.json" };
	const char *first[1] = { "{\"data\":[{\"id\":\"a/old\",\"created\":1},{\"id\":\"a/kept\",\"created\":2}]}" };
	const char *second[1] = { "{\"data\":[{\"id\":\"a/kept\",\"created\":2},{\"id\":\"a/new\",\"created\":3}]}" };
	size_t l1[1] = { strlen(first[0]) }, l2[1] = { strlen(second[0]) };
	store *s;
	store_catalog cat;
	char err[1024];

	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, first, l1, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_import_texts(s, names, second, l2, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_load(s, &cat, err, sizeof(err)), 0);
	assert_int_equal(cJSON_GetArraySize(cat.models), 2);
	/* default order: newest created first */
	assert_string_equal(cat_str(cJSON_GetArrayItem(cat.models, 0), "id"), "a/new");
	assert_string_equal(cat_str(cJSON_GetArrayItem(cat.models, 1), "id"), "a/kept");
	assert_int_equal(cat.version, 2);
	store_catalog_free(&cat);
	store_close(s);
}

static void endpoints_providers_extension_import(void **state)
{
	char bundle[600], providers[600], ep[600];
	const char *paths[3] = { bundle, providers, ep };
	const char *ext_names[1] = { "ext.json" };
	const char *ext_bad[1] = { "{\"openrouter_c_extension\":1,\"endpoints\":[{\"model\":\"a/b\",\"tag\":\"t\",\"zdr\":\"yes\"}]}" };
	const char *ext_good[1] = { "{\"openrouter_c_extension\":1,\"models\":{\"a/b\":{\"weekly_tokens\":5,\"categories\":{\"programming\":3}}}}" };
	size_t lb[1] = { strlen(ext_bad[0]) }, lg[1] = { strlen(ext_good[0]) };
	store_import_report rep;
	store_catalog cat;
	store *s;
	char err[1024];
	const cJSON *d, *e;

	snprintf(bundle, sizeof(bundle), "%s/endpoints-bundle-2026-05-31.json", datadir);
	snprintf(providers, sizeof(providers), "%s/providers-2026-05-07.json", datadir);
	snprintf(ep, sizeof(ep), "%s/endpoints/anthropic__claude-3-haiku.json", datadir);
	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), 0);
	if (store_import_files(s, paths, 3, &rep, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(rep.endpoints_models >= 300);
	assert_true(rep.providers >= 10);
	assert_int_equal(store_import_texts(s, ext_names, ext_bad, lb, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "\"zdr\" must be true or false"));
	assert_int_equal(store_import_texts(s, ext_names, ext_good, lg, 1, &rep, err, sizeof(err)), 0);
	assert_int_equal(rep.extension_models, 1);
	assert_int_equal(store_load(s, &cat, err, sizeof(err)), 0);
	d = cJSON_GetObjectItem(cat.endpoints, "anthropic/claude-3-haiku");
	assert_non_null(d);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "endpoints"), 0);
	/* derived for the official TypeScript SDK: tools + tool_choice listed */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "supports_tool_choice"), "required")));
	/* a bundle row is also found under the path it was fetched from */
	d = cJSON_GetObjectItem(cat.endpoints, "google/gemini-2.5-pro-preview-06-05");
	assert_non_null(d);
	assert_string_equal(cat_str(d, "id"), "google/gemini-2.5-pro");
	d = cJSON_GetObjectItem(cat.endpoints, "nvidia/nemotron-3-nano-omni-30b-a3b-reasoning-20260428");
	assert_non_null(d);
	assert_string_equal(cat_str(d, "id"), "nvidia/nemotron-3-nano-omni-30b-a3b-reasoning");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(cat.extension, "endpoints")));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(cat.extension, "models"), "a/b"));
	store_catalog_free(&cat);
	store_close(s);
}

static void unusable_database_is_an_error(void **state)
{
	FILE *f = fopen(dbpath, "wb");
	store *s = NULL;
	char err[1024];

	fputs("this is not a database, just text that is long enough to fool nobody........"
	      "................................................................................", f);
	fclose(f);
	assert_int_equal(store_open(dbpath, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_non_null(strstr(err, "unusable"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_snapshot_round_trips, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_file_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_json_reports_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_ids_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(models_list_replaces_catalog, setup, teardown),
		cmocka_unit_test_setup_teardown(endpoints_providers_extension_import, setup, teardown),
		cmocka_unit_test_setup_teardown(unusable_database_is_an_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
