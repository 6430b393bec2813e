/*
 * fuzz_http_cache.c - fuzz target: the request-header parsers of
 * src/server/http_cache.h (Accept-Encoding with q-values, If-None-Match
 * lists, IMF-fixdate).
 *
 * Input: three NUL-separated fields, Accept-Encoding \0 If-None-Match \0 date
 * (missing fields are empty). Oracles: the negotiated coding is identity or
 * one of those offered, for every offered set; a header naming only
 * "identity" or nothing never gets a coding; a tag always matches itself,
 * W/ itself and a list ending in it; a parsed date formats and parses back to
 * the same instant.
 */
#include "fuzz.h"

#include <string.h>

#include "server/http_cache.h"

static char *field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *s = *p, *z = memchr(s, 0, (size_t)(end - s));
	size_t n = z ? (size_t)(z - s) : (size_t)(end - s);
	char *out = malloc(n + 1);

	if (!out)
		abort();
	memcpy(out, s, n);
	out[n] = '\0';
	*p = z ? z + 1 : end;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *ae = field(&p, end), *inm = field(&p, end), *date = field(&p, end);
	char tag[HTTP_ETAG_MAX], list[2 * HTTP_ETAG_MAX + 16], d2[HTTP_DATE_MAX];
	unsigned offered;
	uint64_t h = 0;
	time_t t, t2;
	int e;

	for (offered = 0; offered < (1u << ENC_COUNT); offered++) {
		http_enc got = http_negotiate_encoding(ae, offered);
		FUZZ_CHECK(got < ENC_COUNT);
		FUZZ_CHECK(got == ENC_IDENTITY || (offered & ENC_BIT(got)));
	}
	FUZZ_CHECK(http_negotiate_encoding(NULL, ~0u) == ENC_IDENTITY);
	if (!strcmp(ae, "identity") || !*ae)
		FUZZ_CHECK(http_negotiate_encoding(ae, ~0u) == ENC_IDENTITY);

	memcpy(&h, data, size < sizeof(h) ? size : sizeof(h));
	for (e = 0; e < ENC_COUNT; e++) {
		size_t n = http_etag_format(tag, (int64_t)h, h * 31, (http_enc)e);
		FUZZ_CHECK(n > 0 && n < HTTP_ETAG_MAX && strlen(tag) == n);
		(void)http_etag_match(inm, tag);
		FUZZ_CHECK(http_etag_match(tag, tag));
		snprintf(list, sizeof(list), "\"x\", W/%s", tag);
		FUZZ_CHECK(http_etag_match(list, tag));
	}

	if (http_date_parse(date, &t) == 0) {
		FUZZ_CHECK(http_date_format(t, d2) == 29);
		FUZZ_CHECK(http_date_parse(d2, &t2) == 0 && t2 == t);
	}
	free(ae);
	free(inm);
	free(date);
	return 0;
}
