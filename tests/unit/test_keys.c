/* test_keys.c - store/keys.c (creation, storage, verification, rules JSON,
 * list / resolve / revoke / update, equal work on every failure path) and
 * server/auth.c (Bearer parsing, throttle) and the regional host table of
 * server/user_rules.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/auth.h"
#include "server/user_rules.h"
#include "store/keys.h"

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	char err[256];

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(keys_init(db, err, sizeof(err)), 0);
	return db;
}

static void create(sqlite3 *db, const char *label, const keys_rules *r, char *token, char *id)
{
	char err[256];
	keys_rules none = KEYS_RULES_INIT;

	assert_int_equal(keys_create(db, label, r ? r : &none, token, id, err, sizeof(err)), 0);
}

static void test_create_shape_and_storage(void **state)
{
	sqlite3 *db = open_db();
	char t1[KEYS_TOKEN_LEN + 1], t2[KEYS_TOKEN_LEN + 1], id1[9], id2[9];
	sqlite3_stmt *st;
	size_t i;

	create(db, "a", NULL, t1, id1);
	create(db, "b", NULL, t2, id2);
	assert_int_equal(strlen(t1), 73);
	assert_memory_equal(t1, "sk-or-v1-", 9);
	for (i = 9; i < 73; i++)
		assert_non_null(strchr("0123456789abcdef", t1[i]));
	assert_memory_equal(id1, t1 + 9, 8);
	assert_string_not_equal(t1, t2);
	/* the row holds the id, a 16-byte salt and a 32-byte digest, not the key */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, salt, hash, rules FROM api_keys WHERE id = ?",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, id1, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 1), 16);
	assert_int_equal(sqlite3_column_bytes(st, 2), 32);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "{}");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_verify(void **state)
{
	sqlite3 *db = open_db();
	char tok[KEYS_TOKEN_LEN + 1], id[9], got[9], err[256], bad[KEYS_TOKEN_LEN + 1];
	keys_rules r = KEYS_RULES_INIT, out = KEYS_RULES_INIT;

	r.zdr = 1;
	assert_int_equal(keys_list_add(&r.only, "DeepInfra, openai ,,", err, sizeof(err)), 0);
	create(db, "k", &r, tok, id);
	assert_int_equal(keys_verify(db, tok, strlen(tok), &out, got, err, sizeof(err)), 0);
	assert_string_equal(got, id);
	assert_true(out.zdr);
	assert_int_equal(out.only.n, 2);
	assert_string_equal(out.only.items[0], "DeepInfra");
	assert_string_equal(out.only.items[1], "openai");
	keys_rules_free(&out);

	/* wrong secret behind a real id, truncated, longer, upper-case, empty */
	memcpy(bad, tok, sizeof(bad));
	bad[40] = bad[40] == 'a' ? 'b' : 'a';
	assert_int_equal(keys_verify(db, bad, strlen(bad), &out, got, err, sizeof(err)), KEYS_ENOTFOUND);
	assert_int_equal(keys_verify(db, tok, 72, &out, got, err, sizeof(err)), KEYS_ENOTFOUND);
	assert_int_equal(keys_verify(db, "", 0, &out, got, err, sizeof(err)), KEYS_ENOTFOUND);
	memcpy(bad, tok, sizeof(bad));
	for (size_t i = 9; i < 73; i++)
		if (bad[i] >= 'a')
			bad[i] = (char)(bad[i] - 32);
	assert_int_equal(keys_verify(db, bad, strlen(bad), &out, got, err, sizeof(err)), KEYS_ENOTFOUND);

	/* revoked */
	assert_int_equal(keys_revoke(db, id, err, sizeof(err)), 0);
	assert_int_equal(keys_verify(db, tok, strlen(tok), &out, got, err, sizeof(err)), KEYS_ENOTFOUND);
	assert_int_equal(keys_revoke(db, "ffffffff", err, sizeof(err)), KEYS_ENOTFOUND);
	keys_rules_free(&r);
	sqlite3_close(db);
}

static void test_rules_json(void **state)
{
	keys_rules r = KEYS_RULES_INIT, back = KEYS_RULES_INIT;
	char err[256], *json, *again;

	assert_int_equal(keys_list_add(&r.only, "a,b", err, sizeof(err)), 0);
	assert_int_equal(keys_list_add(&r.only, "b,c", err, sizeof(err)), 0);   /* dup dropped */
	assert_int_equal(keys_list_add(&r.ignore, "x", err, sizeof(err)), 0);
	assert_int_equal(keys_list_add(&r.models, "openai/*", err, sizeof(err)), 0);
	r.deny_training = r.deny_retention = r.zdr = 1;
	r.has_max_prompt = 1;
	r.max_prompt = 2.5;
	r.has_max_completion = 1;
	r.max_completion = 0;
	r.region = KEYS_REGION_EU;
	json = keys_rules_to_json(&r);
	assert_string_equal(json, "{\"only\":[\"a\",\"b\",\"c\"],\"ignore\":[\"x\"],\"deny_training\":true,"
				  "\"deny_retention\":true,\"zdr\":true,\"models\":[\"openai/*\"],"
				  "\"max_prompt_price\":2.5,\"max_completion_price\":0,\"region\":\"eu\"}");
	assert_int_equal(keys_rules_from_json(json, &back, err, sizeof(err)), 0);
	again = keys_rules_to_json(&back);
	assert_string_equal(json, again);
	assert_true(keys_rules_endpoint_level(&back));
	free(json);
	free(again);
	keys_rules_free(&back);
	keys_rules_free(&r);

	assert_int_equal(keys_rules_from_json("{\"region\":\"mars\"}", &back, err, sizeof(err)), KEYS_EINVAL);
	assert_int_equal(keys_rules_from_json("[]", &back, err, sizeof(err)), KEYS_EINVAL);
	assert_int_equal(keys_rules_from_json("{\"only\":[1]}", &back, err, sizeof(err)), KEYS_EINVAL);
	assert_int_equal(keys_list_add(&r.only, "bad\001name", err, sizeof(err)), KEYS_EINVAL);
	assert_int_equal(keys_rules_from_json("{\"models\":[\"a/b\"]}", &back, err, sizeof(err)), 0);
	assert_false(keys_rules_endpoint_level(&back));   /* the model rule only */
	keys_rules_free(&back);
	keys_rules_free(&r);
}

static int count_row(const keys_record *rec, void *ctx)
{
	(*(int *)ctx)++;
	assert_non_null(rec->rules_json);
	return 0;
}

static void test_resolve_update(void **state)
{
	sqlite3 *db = open_db();
	char t1[KEYS_TOKEN_LEN + 1], t2[KEYS_TOKEN_LEN + 1], t3[KEYS_TOKEN_LEN + 1];
	char id1[9], id2[9], id3[9], got[9], err[256];
	keys_rules r = KEYS_RULES_INIT, out = KEYS_RULES_INIT;
	int n = 0;

	create(db, "alpha", NULL, t1, id1);
	create(db, "twin", NULL, t2, id2);
	create(db, "twin", NULL, t3, id3);
	assert_int_equal(keys_resolve(db, "alpha", got, err, sizeof(err)), 0);
	assert_string_equal(got, id1);
	assert_int_equal(keys_resolve(db, id2, got, err, sizeof(err)), 0);
	assert_string_equal(got, id2);
	assert_int_equal(keys_resolve(db, t3, got, err, sizeof(err)), 0);   /* the key itself */
	assert_string_equal(got, id3);
	assert_int_equal(keys_resolve(db, "twin", got, err, sizeof(err)), KEYS_EAMBIGUOUS);
	assert_int_equal(keys_resolve(db, "nobody", got, err, sizeof(err)), KEYS_ENOTFOUND);

	r.region = KEYS_REGION_US;
	assert_int_equal(keys_update(db, id1, "renamed", &r, err, sizeof(err)), 0);
	assert_int_equal(keys_get_rules(db, id1, &out, err, sizeof(err)), 0);
	assert_int_equal(out.region, KEYS_REGION_US);
	keys_rules_free(&out);
	assert_int_equal(keys_resolve(db, "renamed", got, err, sizeof(err)), 0);
	assert_int_equal(keys_update(db, "00000000", NULL, &r, err, sizeof(err)), KEYS_ENOTFOUND);
	assert_int_equal(keys_list_all(db, count_row, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	sqlite3_close(db);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median over batches of the time one verification takes. */
static double timed(sqlite3 *db, const char *tok)
{
	enum { BATCHES = 31, PER = 60 };
	double t[BATCHES];
	keys_rules out = KEYS_RULES_INIT;
	char got[9], err[128];
	int b, i;

	for (b = 0; b < BATCHES; b++) {
		double t0 = now_s();
		for (i = 0; i < PER; i++) {
			keys_verify(db, tok, strlen(tok), &out, got, err, sizeof(err));
			keys_rules_free(&out);
		}
		t[b] = (now_s() - t0) / PER;
	}
	qsort(t, BATCHES, sizeof(t[0]), cmp_d);
	return t[BATCHES / 2];
}

/* Unknown id, wrong secret behind a real id, revoked key, malformed token:
 * the same work, so medians within a factor that no early return passes. */
static void test_equal_work(void **state)
{
	sqlite3 *db = open_db();
	char tok[KEYS_TOKEN_LEN + 1], gone[KEYS_TOKEN_LEN + 1], id[9], gid[9], err[128];
	char wrong[KEYS_TOKEN_LEN + 1], unknown[KEYS_TOKEN_LEN + 1];
	double tw, tu, tr, tm, tv, lo, hi;
	int i;

	for (i = 0; i < 200; i++) {   /* a table of some size */
		char t[KEYS_TOKEN_LEN + 1], x[9];
		create(db, "filler", NULL, t, x);
	}
	create(db, "k", NULL, tok, id);
	create(db, "gone", NULL, gone, gid);
	keys_revoke(db, gid, err, sizeof(err));
	memcpy(wrong, tok, sizeof(wrong));
	memset(wrong + 20, '0', 53);
	snprintf(unknown, sizeof(unknown), "sk-or-v1-%064d", 0);
	memcpy(unknown + 9, "fffffff1", 8);

	tv = timed(db, tok);
	tw = timed(db, wrong);
	tu = timed(db, unknown);
	tr = timed(db, gone);
	tm = timed(db, "not-a-key");
	print_message("median per verification: valid %.1f us, wrong %.1f, unknown %.1f, revoked %.1f, "
		      "malformed %.1f\n", tv * 1e6, tw * 1e6, tu * 1e6, tr * 1e6, tm * 1e6);
	lo = hi = tw;
	if (tu < lo) lo = tu;
	if (tr < lo) lo = tr;
	if (tm < lo) lo = tm;
	if (tu > hi) hi = tu;
	if (tr > hi) hi = tr;
	if (tm > hi) hi = tm;
	assert_true(hi < lo * 2.0);
	sqlite3_close(db);
}

static void test_parse_bearer(void **state)
{
	const char *tok;
	size_t len;
	const char *v1[] = { "Bearer sk-or-v1-abc" }, *v2[] = { "bearer \t sk  " },
		   *v3[] = { "Bearer" }, *v4[] = { "Bearer " }, *v5[] = { "Basic x" },
		   *v6[] = { "Bearer a b" }, *v7[] = { "Bearer x", "Bearer x" }, *v8[] = { "Bearerx" },
		   *v9[] = { "" };

	assert_int_equal(auth_parse_bearer(v1, 1, &tok, &len), 0);
	assert_int_equal(len, 12);
	assert_memory_equal(tok, "sk-or-v1-abc", 12);
	assert_int_equal(auth_parse_bearer(v2, 1, &tok, &len), 0);
	assert_int_equal(len, 2);
	assert_int_equal(auth_parse_bearer(v3, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v4, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v5, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v6, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v7, 2, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v8, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v9, 1, &tok, &len), -1);
	assert_int_equal(auth_parse_bearer(v1, 0, &tok, &len), -1);
}

static void test_throttle(void **state)
{
	char path[] = "/tmp/test_keys_XXXXXX", err[256], tok[KEYS_TOKEN_LEN + 1], id[9];
	auth_opts o = { 3, 60 };
	auth *a = NULL;
	sqlite3 *db;
	keys_rules r = KEYS_RULES_INIT;
	unsigned retry = 0;
	unsigned char ip1[4] = { 10, 0, 0, 1 }, ip2[4] = { 10, 0, 0, 2 };
	const char *bad[] = { "Bearer sk-or-v1-nope" }, *good[1];
	char hdr[100];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	create(db, "k", NULL, tok, id);
	sqlite3_close(db);
	snprintf(hdr, sizeof(hdr), "Bearer %s", tok);
	good[0] = hdr;
	assert_int_equal(auth_open(path, &o, &a, err, sizeof(err)), 0);

	assert_int_equal(auth_check(a, good, 1, ip1, 4, 1000, AUTH_COUNT_ALL, &r, &retry), AUTH_OK);
	keys_rules_free(&r);
	assert_int_equal(auth_check(a, bad, 1, ip1, 4, 1000, AUTH_COUNT_ALL, &r, &retry), AUTH_DENIED);
	assert_int_equal(auth_check(a, NULL, 0, ip1, 4, 1010, AUTH_COUNT_ALL, &r, &retry), AUTH_DENIED);
	assert_int_equal(auth_check(a, bad, 1, ip1, 4, 1020, AUTH_COUNT_ALL, &r, &retry), AUTH_DENIED);
	/* three failures since t=1000: blocked until 1060, even with the good key */
	assert_int_equal(auth_check(a, good, 1, ip1, 4, 1030, AUTH_COUNT_ALL, &r, &retry), AUTH_THROTTLED);
	assert_int_equal(retry, 30);
	assert_int_equal(auth_check(a, bad, 1, ip1, 4, 1059, AUTH_COUNT_ALL, &r, &retry), AUTH_THROTTLED);
	assert_int_equal(retry, 1);
	/* another address is unaffected */
	assert_int_equal(auth_check(a, good, 1, ip2, 4, 1030, AUTH_COUNT_ALL, &r, &retry), AUTH_OK);
	keys_rules_free(&r);
	/* public routes: only failed well-formed keys count */
	{
		const char *shaped[] = { "Bearer sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000" };
		unsigned char ip3[4] = { 10, 0, 0, 3 };
		int k;

		for (k = 0; k < 10; k++) {
			assert_int_equal(auth_check(a, bad, 1, ip3, 4, 2000, AUTH_COUNT_KEYS, &r, &retry), AUTH_DENIED);
			assert_int_equal(auth_check(a, NULL, 0, ip3, 4, 2000, AUTH_COUNT_KEYS, &r, &retry), AUTH_DENIED);
		}
		assert_false(auth_blocked(a, ip3, 4, 2000, &retry));
		for (k = 0; k < 3; k++)
			assert_int_equal(auth_check(a, shaped, 1, ip3, 4, 2000, AUTH_COUNT_KEYS, &r, &retry), AUTH_DENIED);
		assert_true(auth_blocked(a, ip3, 4, 2000, &retry));
	}
	/* the window ends */
	assert_int_equal(auth_check(a, good, 1, ip1, 4, 1060, AUTH_COUNT_ALL, &r, &retry), AUTH_OK);
	keys_rules_free(&r);
	assert_false(auth_blocked(a, ip1, 4, 1061, &retry));
	auth_close(a);
	close(fd);
	unlink(path);
}

static void test_throttle_table_full(void **state)
{
	char path[] = "/tmp/test_keys_XXXXXX", err[256];
	auth_opts o = { 1, 60 };
	auth *a = NULL;
	keys_rules r = KEYS_RULES_INIT;
	unsigned retry;
	uint32_t i;
	int fd = mkstemp(path);

	assert_int_equal(auth_open(path, &o, &a, err, sizeof(err)), 0);
	/* more addresses than slots: bounded memory, the newest still blocked */
	for (i = 0; i < AUTH_TABLE_SLOTS * 2; i++)
		assert_int_equal(auth_check(a, NULL, 0, &i, 4, 5000 + i / 1000, AUTH_COUNT_ALL, &r, &retry), AUTH_DENIED);
	i--;
	assert_true(auth_blocked(a, &i, 4, 5000 + i / 1000, &retry));
	auth_close(a);
	close(fd);
	unlink(path);
}

static void test_region_hosts(void **state)
{
	char err[200];

	user_region_hosts_reset();
	assert_int_equal(user_region_for_host("eu.openrouter.ai"), KEYS_REGION_EU);
	assert_int_equal(user_region_for_host("EU.example.com:8443"), KEYS_REGION_EU);
	assert_int_equal(user_region_for_host("us.example.com."), KEYS_REGION_US);
	assert_int_equal(user_region_for_host("openrouter.ai"), 0);
	assert_int_equal(user_region_for_host("europe.example.com"), 0);
	assert_int_equal(user_region_for_host("[::1]:80"), 0);
	assert_int_equal(user_region_for_host(NULL), 0);
	assert_int_equal(user_region_host_add("api.example.de=eu", err, sizeof(err)), 0);
	assert_int_equal(user_region_host_add("x=mars", err, sizeof(err)), -1);
	assert_int_equal(user_region_host_add("=eu", err, sizeof(err)), -1);
	assert_int_equal(user_region_for_host("API.example.de:80"), KEYS_REGION_EU);
	assert_int_equal(user_region_for_host("eu.openrouter.ai"), 0);   /* prefix rule off */
	user_region_hosts_reset();
	assert_string_equal(user_region_name(KEYS_REGION_US), "us");
	assert_null(user_region_name(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_shape_and_storage),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_rules_json),
		cmocka_unit_test(test_resolve_update),
		cmocka_unit_test(test_equal_work),
		cmocka_unit_test(test_parse_bearer),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_throttle_table_full),
		cmocka_unit_test(test_region_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
