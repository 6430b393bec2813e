/* test_path.c - request-target splitting and strict percent-decoding
 * (src/server/path.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "server/path.h"

static void decode_ok(void **state)
{
	char out[64];

	assert_int_equal(path_decode("gpt-4%3Afree", 12, out), 10);
	assert_string_equal(out, "gpt-4:free");
	assert_int_equal(path_decode("%7eauthor", 9, out), 7);
	assert_string_equal(out, "~author");
	assert_int_equal(path_decode("a+b", 3, out), 3); /* '+' stays in paths */
	assert_string_equal(out, "a+b");
	assert_int_equal(path_decode("", 0, out), 0);
	assert_int_equal(path_decode("%C3%A9", 6, out), 2);
	assert_string_equal(out, "\xC3\xA9");
}

static void decode_bad(void **state)
{
	char out[64];

	assert_int_equal(path_decode("%", 1, out), -1);
	assert_int_equal(path_decode("a%4", 3, out), -1);
	assert_int_equal(path_decode("%zz", 3, out), -1);
	assert_int_equal(path_decode("%g0", 3, out), -1);
	assert_int_equal(path_decode("%00", 3, out), -1);     /* encoded NUL */
	assert_int_equal(path_decode("a\0b", 3, out), -1);    /* raw NUL */
	/* an escape cut by the length is malformed even if bytes follow */
	assert_int_equal(path_decode("%41", 2, out), -1);
}

static void parse_routes(void **state)
{
	arena a = { 0 };
	path_parts p;
	const char *t = "/api/v1/model/openai/gpt-4%3Afree?x=1&y=%20#frag";

	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_OK);
	assert_int_equal(p.nseg, 5);
	assert_string_equal(p.seg[0], "api");
	assert_string_equal(p.seg[3], "openai");
	assert_string_equal(p.seg[4], "gpt-4:free");
	assert_int_equal(p.seg_len[4], 10);
	assert_int_equal(p.query_len, 9);
	assert_memory_equal(p.query, "x=1&y=%20", 9);

	t = "/api/v1/models/";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_OK);
	assert_int_equal(p.nseg, 3);
	assert_int_equal(p.query_len, 0);
	assert_string_equal(p.query, "");

	t = "/";
	assert_int_equal(path_parse(t, 1, &a, &p), PATH_OK);
	assert_int_equal(p.nseg, 0);

	t = "/api/v1/models?";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_OK);
	assert_int_equal(p.nseg, 3);
	assert_int_equal(p.query_len, 0);
	arena_free(&a);
}

static void parse_bad(void **state)
{
	arena a = { 0 };
	path_parts p;
	const char *t;

	t = "/api//v1";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_EMPTY_SEG);
	t = "api/v1";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_EMPTY_SEG);
	assert_int_equal(path_parse("", 0, &a, &p), PATH_EMPTY_SEG);
	t = "/a/b/c/d/e/f/g/h/i";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_TOO_MANY);
	t = "/api/v1/model/a%2/b";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_BAD_ESCAPE);
	/* a bad escape in the query is the query parser's business */
	t = "/api/v1/models?q=%zz";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_OK);
	t = "?only=query";
	assert_int_equal(path_parse(t, strlen(t), &a, &p), PATH_EMPTY_SEG);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_ok),
		cmocka_unit_test(decode_bad),
		cmocka_unit_test(parse_routes),
		cmocka_unit_test(parse_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
