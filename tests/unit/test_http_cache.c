/* test_http_cache.c - http_cache.c's pure functions: Accept-Encoding
 * negotiation with q-values, ETag formatting and If-None-Match matching, HTTP
 * dates. (The response path itself is covered by tests/integration/perf_http_*.sh.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "server/http_cache.h"

#define ALL (ENC_BIT(ENC_GZIP) | ENC_BIT(ENC_BR))
#define GZ ENC_BIT(ENC_GZIP)

static void test_negotiate(void **state)
{
	static const struct {
		const char *ae;
		unsigned offered;
		http_enc want;
	} cases[] = {
		{ NULL, ALL, ENC_IDENTITY },
		{ "", ALL, ENC_IDENTITY },
		{ "gzip", ALL, ENC_GZIP },
		{ "GZip", ALL, ENC_GZIP },
		{ "x-gzip", ALL, ENC_GZIP },
		{ "gzip", 0, ENC_IDENTITY },            /* nothing offered */
		{ "gzip, deflate, br", ALL, ENC_BR },    /* tie: server prefers br */
		{ "gzip, deflate, br", GZ, ENC_GZIP },   /* br not offered */
		{ "br;q=0.5, gzip", ALL, ENC_GZIP },
		{ "br;q=1.0, gzip;q=0.999", ALL, ENC_BR },
		{ "gzip;q=0", ALL, ENC_IDENTITY },
		{ "gzip; q=0.001", ALL, ENC_GZIP },      /* above implicit identity */
		{ "gzip;q=0.5, identity", ALL, ENC_IDENTITY },
		{ "identity;q=0.5, gzip;q=0.5", ALL, ENC_GZIP },
		{ "*", ALL, ENC_BR },
		{ "*;q=0.1, gzip;q=0.2", ALL, ENC_GZIP },
		{ "*;q=0", ALL, ENC_IDENTITY },          /* nothing acceptable: identity anyway */
		{ "identity", ALL, ENC_IDENTITY },
		{ "deflate", ALL, ENC_IDENTITY },
		{ "gzip;q=2", ALL, ENC_IDENTITY },       /* malformed q -> 0 */
		{ "gzip;q=0.5000", ALL, ENC_IDENTITY },  /* too many digits */
		{ "gzip;q=", ALL, ENC_IDENTITY },
		{ "gzip;foo", ALL, ENC_IDENTITY },
		{ "gzip;level=1", ALL, ENC_GZIP },
		{ " , ,gzip ,", ALL, ENC_GZIP },
		{ "gzipx", ALL, ENC_IDENTITY },
		{ "brx, gzip;q=0.1", ALL, ENC_GZIP },
		{ "gzip;Q=0.7, br;q=0.6", ALL, ENC_GZIP },
		{ "gzip;q=0, gzip;q=1", ALL, ENC_GZIP }, /* the best of repeated entries */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		http_enc got = http_negotiate_encoding(cases[i].ae, cases[i].offered);
		if (got != cases[i].want)
			fail_msg("Accept-Encoding '%s' offered %u: got %d, want %d",
				 cases[i].ae ? cases[i].ae : "(none)", cases[i].offered, got,
				 cases[i].want);
	}
}

static void test_etag_format(void **state)
{
	char t[HTTP_ETAG_MAX];

	assert_int_equal(http_etag_format(t, 42, 0xabcdef0123456789ULL, ENC_IDENTITY), 21);
	assert_string_equal(t, "\"42-abcdef0123456789\"");
	http_etag_format(t, 42, 1, ENC_GZIP);
	assert_string_equal(t, "\"42-0000000000000001-gz\"");
	http_etag_format(t, 0, 1, ENC_BR);
	assert_string_equal(t, "\"0-0000000000000001-br\"");
	assert_true(http_etag_format(t, INT64_MIN, UINT64_MAX, ENC_GZIP) < HTTP_ETAG_MAX);
}

static void test_etag_match(void **state)
{
	const char *tag = "\"7-00000000000000aa-gz\"";

	assert_false(http_etag_match(NULL, tag));
	assert_false(http_etag_match("", tag));
	assert_true(http_etag_match("*", tag));
	assert_true(http_etag_match(tag, tag));
	assert_true(http_etag_match("W/\"7-00000000000000aa-gz\"", tag));
	assert_true(http_etag_match("\"x\", \"7-00000000000000aa-gz\"", tag));
	assert_true(http_etag_match("\"x\",W/\"7-00000000000000aa-gz\" ,", tag));
	assert_false(http_etag_match("\"7-00000000000000aa\"", tag));
	assert_false(http_etag_match("\"7-00000000000000aa-gz", tag));  /* unterminated */
	assert_false(http_etag_match("7-00000000000000aa-gz", tag));    /* unquoted */
	assert_false(http_etag_match("junk, \"7-00000000000000aa-gz\"", tag));
	assert_false(http_etag_match("\"7-00000000000000aa-gz\"x", "\"x\""));
}

static void test_dates(void **state)
{
	char d[HTTP_DATE_MAX];
	time_t t;

	assert_int_equal(http_date_format(784111777, d), 29);
	assert_string_equal(d, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_int_equal(http_date_parse(d, &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(http_date_format(0, d), 29);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(1772323200, d); /* 2026-03-01, after a leap day check */
	assert_string_equal(d, "Sun, 01 Mar 2026 00:00:00 GMT");
	assert_int_equal(http_date_parse(d, &t), 0);
	assert_int_equal(t, 1772323200);
	assert_int_equal(http_date_parse("Thu, 29 Feb 2024 12:00:00 GMT", &t), 0);
	assert_int_equal(t, 1709208000);

	assert_int_equal(http_date_parse(NULL, &t), -1);
	assert_int_equal(http_date_parse("", &t), -1);
	assert_int_equal(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), -1);
	assert_int_equal(http_date_parse("Sun Nov  6 08:49:37 1994", &t), -1);
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 08:49:37 UTC", &t), -1);
	assert_int_equal(http_date_parse("Sun, 06 Xyz 1994 08:49:37 GMT", &t), -1);
	assert_int_equal(http_date_parse("Sun, 0a Nov 1994 08:49:37 GMT", &t), -1);
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 24:49:37 GMT", &t), -1);
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT ", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_etag_format),
		cmocka_unit_test(test_etag_match),
		cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
