/* test_snapshot.c - snapshot building over the golden fixture catalog
 * (src/server/snapshot.c): lookups, endpoint variants, fixed bodies,
 * list assembly from pre-rendered pieces, reference counting and swaps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/snapshot.h"
#include "store/store.h"

static snapshot *load_fixture(void)
{
	const char *src = getenv("OR_SOURCE_DIR");
	static const char *const names[] = { "models.json", "endpoints.json", "providers.json",
					      "extension.json" };
	char paths[4][1024];
	const char *pp[4];
	store *st = NULL;
	store_catalog cat;
	store_import_report rep;
	snapshot *s = NULL;
	char err[512];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/tests/golden/fixture/%s", src ? src : ".",
			 names[i]);
		pp[i] = paths[i];
	}
	if (store_open(":memory:", &st, err, sizeof(err)) < 0 ||
	    store_import_files(st, pp, 4, &rep, err, sizeof(err)) < 0 ||
	    store_load(st, &cat, err, sizeof(err)) < 0)
		fail_msg("fixture: %s", err);
	store_close(st);
	if (snapshot_build(&cat, 0, &s, err, sizeof(err)) < 0)
		fail_msg("snapshot_build: %s", err);
	return s;
}

static void lookups(void **state)
{
	snapshot *s = load_fixture();
	long i, j;

	assert_int_equal(s->n, 9);
	i = snapshot_find_id(s, "acme/rocket-2", 13);
	assert_true(i >= 0);
	assert_string_equal(s->ids[i], "acme/rocket-2");
	/* the canonical slug names the base row, not its :free variant */
	j = snapshot_find_canonical(s, "acme/rocket-2-20251009", 22);
	assert_int_equal(i, j);
	assert_true(snapshot_find_id(s, "acme/rocket-2:free", 18) >= 0);
	assert_int_equal(snapshot_find_id(s, "acme/rocket-2:thinking", 22), -1);
	/* a prefix of an id is not the id */
	assert_int_equal(snapshot_find_id(s, "acme/rocket", 11), -1);
	assert_true(snapshot_find_id(s, "~acme/rocket-latest", 19) >= 0);
	snapshot_release(s);
}

static void model_bodies(void **state)
{
	snapshot *s = load_fixture();
	long i = snapshot_find_id(s, "acme/rocket-2", 13);
	size_t len;
	const char *j = snapshot_model_json(s, (size_t)i, &len);
	buf body = BUF_INIT(1 << 20);

	assert_int_equal(snapshot_model_body(s, (size_t)i, &body), 0);
	assert_memory_equal(body.data, "{\"data\":{\"id\":\"acme/rocket-2\"", 29);
	assert_int_equal(body.data[body.len - 1], '}');
	assert_int_equal(body.len, len + 9);
	assert_memory_equal(body.data + 8, j, len);
	assert_int_equal(j[0], '{');
	assert_int_equal(j[len - 1], '}');
	/* unknown fields survive */
	assert_non_null(strstr(body.data, "\"future_field\":{\"kept\":[1,2.5,\"x\"]}"));
	/* the trees are gone once built; the model JSON is a slice of the list */
	assert_null(s->cat.models);
	assert_true(j > s->models_blob && j + len < s->models_blob + s->models_blob_len);
	buf_free(&body);
	snapshot_release(s);
}

static void endpoint_variants(void **state)
{
	snapshot *s = load_fixture();
	const snap_endpoints *e = snapshot_find_endpoints(s, "acme/rocket-2-20251009", 22);
	const snap_endpoints *f = snapshot_find_endpoints(s, "acme/rocket-2:free", 18);
	const snap_endpoints *none = snapshot_find_endpoints(s, "vec/embed-small", 15);

	assert_non_null(e);
	assert_ptr_equal(e, f); /* the variant row shares its base row's listing */
	/* keyed: stored latency, and the extension's figures for fastly/fp8 */
	assert_non_null(strstr(e->keyed.data, "\"latency_last_30m\":{\"p50\":410"));
	assert_non_null(strstr(e->keyed.data, "\"latency_last_30m\":{\"p50\":300"));
	assert_null(strstr(e->public_.data, "\"p50\""));
	assert_non_null(strstr(e->public_.data, "\"uptime_last_1d\":98.25"));
	assert_non_null(none);
	{
		/* no endpoints: the header is cut from the model's JSON */
		buf b = BUF_INIT(1 << 20);

		assert_null(none->keyed.data);
		assert_int_equal(snapshot_endpoints_header(s, none, &b), 0);
		assert_memory_equal(b.data, "{\"data\":{\"id\":\"vec/embed-small\",\"name\":", 39);
		assert_non_null(strstr(b.data, "\"endpoints\":[]}}"));
		buf_free(&b);
	}
	assert_null(snapshot_find_endpoints(s, "no/such", 7));
	snapshot_release(s);
}

static void fixed_bodies(void **state)
{
	snapshot *s = load_fixture();

	assert_string_equal(s->count_default.data, "{\"data\":{\"count\":6}}");
	assert_string_equal(s->count_all.data, "{\"data\":{\"count\":9}}");
	assert_non_null(strstr(s->list_all.data, "\"total_count\":9,\"links\":{\"next\":null}}"));
	assert_memory_equal(s->providers.data, "{\"data\":[{\"name\":\"Acme\"", 23);
	assert_non_null(strstr(s->zdr.data, "\"tag\":\"fastly/fp8\""));
	assert_null(strstr(s->zdr.data, "\"tag\":\"acme\""));
	snapshot_release(s);
}

static void render_list(void **state)
{
	snapshot *s = load_fixture();
	uint32_t idx[3] = { 2, 0, 1 };
	buf b = BUF_INIT(1 << 20);
	char want[256];

	assert_int_equal(snapshot_render_list(s, idx, 1, 2, 42, "\"/next\"", 7, &b), 0);
	snprintf(want, sizeof(want), "{\"data\":[{\"id\":\"%s\"", s->ids[0]);
	assert_memory_equal(b.data, want, strlen(want));
	assert_non_null(strstr(b.data, "],\"total_count\":42,\"links\":{\"next\":\"/next\"}}"));
	buf_reset(&b);
	assert_int_equal(snapshot_render_list(s, idx, 0, 0, 0, "null", 4, &b), 0);
	assert_string_equal(b.data, "{\"data\":[],\"total_count\":0,\"links\":{\"next\":null}}");
	/* a cap too small fails cleanly */
	{
		buf small = BUF_INIT(16);
		assert_int_equal(snapshot_render_list(s, idx, 0, 3, 3, "null", 4, &small), -1);
		buf_free(&small);
	}
	buf_free(&b);
	snapshot_release(s);
}

static void refs_and_swap(void **state)
{
	snapshot_slot slot;
	snapshot *a = load_fixture(), *b = load_fixture(), *held;

	snapshot_slot_init(&slot);
	assert_null(snapshot_slot_acquire(&slot));
	snapshot_slot_swap(&slot, a);           /* slot owns a's reference */
	held = snapshot_slot_acquire(&slot);    /* a request holds a */
	assert_ptr_equal(held, a);
	snapshot_slot_swap(&slot, b);           /* a survives: still held */
	assert_int_equal(atomic_load(&a->refs), 1);
	assert_string_equal(a->count_all.data, "{\"data\":{\"count\":9}}");
	snapshot_release(held);                 /* last reference: freed (ASan checks) */
	held = snapshot_slot_acquire(&slot);
	assert_ptr_equal(held, b);
	snapshot_release(held);
	snapshot_slot_destroy(&slot);
	snapshot_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(model_bodies),
		cmocka_unit_test(endpoint_variants),
		cmocka_unit_test(fixed_bodies),
		cmocka_unit_test(render_list),
		cmocka_unit_test(refs_and_swap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
