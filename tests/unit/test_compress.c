/* test_compress.c - compress.c: gzip and br round-trip, on the fly and through
 * a compress_set (synchronous and background), hashes, lookups, edge sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "server/compress.h"

/* JSON-like text of n bytes, compressible like a catalog. */
static char *sample(size_t n)
{
	char *s = malloc(n + 1);
	size_t i = 0;
	unsigned k = 0;

	assert_non_null(s);
	while (i < n) {
		char piece[96];
		int m = snprintf(piece, sizeof(piece), "{\"id\":\"vendor/model-%u\",\"context_length\":%u},",
				 k, (k * 7919u) % 200000u);
		k++;
		if ((size_t)m > n - i)
			m = (int)(n - i);
		memcpy(s + i, piece, (size_t)m);
		i += (size_t)m;
	}
	s[n] = '\0';
	return s;
}

static void gunzip_equal(const char *gz, size_t gzlen, const char *want, size_t wantlen)
{
	z_stream z;
	char *out = malloc(wantlen + 16);

	assert_non_null(out);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)gz;
	z.avail_in = (uInt)gzlen;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)(wantlen + 16);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, wantlen);
	assert_memory_equal(out, want, wantlen);
	inflateEnd(&z);
	free(out);
}

/* br is checked with the system's decoder when it can be loaded. */
typedef int (*br_decompress_fn)(size_t, const uint8_t *, size_t *, uint8_t *);

static void unbrotli_equal(const char *br, size_t brlen, const char *want, size_t wantlen)
{
	void *h = dlopen("libbrotlidec.so.1", RTLD_NOW);
	br_decompress_fn fn;
	size_t outlen = wantlen + 16;
	uint8_t *out;

	if (!h)
		return;
	fn = (br_decompress_fn)dlsym(h, "BrotliDecoderDecompress");
	assert_non_null(fn);
	out = malloc(outlen);
	assert_non_null(out);
	assert_int_equal(fn(brlen, (const uint8_t *)br, &outlen, out), 1);
	assert_int_equal(outlen, wantlen);
	assert_memory_equal(out, want, wantlen);
	free(out);
	dlclose(h);
}

static void check_roundtrip(http_enc enc, int effort, size_t n)
{
	char *s = sample(n), *out = NULL;
	size_t outlen = 0;

	assert_int_equal(compress_bytes(enc, effort, s, n, &out, &outlen), 0);
	assert_non_null(out);
	if (n > 4096)
		assert_true(outlen < n / 3);
	if (enc == ENC_GZIP)
		gunzip_equal(out, outlen, s, n);
	else
		unbrotli_equal(out, outlen, s, n);
	free(out);
	free(s);
}

static void test_gzip_roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 1023, 1024, 65536, 3u << 20 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		check_roundtrip(ENC_GZIP, COMPRESS_FAST, sizes[i]);
		check_roundtrip(ENC_GZIP, COMPRESS_BEST, sizes[i]);
	}
}

static void test_br_roundtrip(void **state)
{
	char *out = (char *)"x";
	size_t outlen = 7;

	if (!(compress_supported() & ENC_BIT(ENC_BR))) {
		assert_int_equal(compress_bytes(ENC_BR, COMPRESS_FAST, "abc", 3, &out, &outlen), -1);
		assert_null(out);
		skip();
	}
	check_roundtrip(ENC_BR, COMPRESS_FAST, 70000);
	check_roundtrip(ENC_BR, COMPRESS_BEST, 70000);
	check_roundtrip(ENC_BR, COMPRESS_FAST, 0);
}

static void test_identity_is_not_a_coding(void **state)
{
	char *out = (char *)"x";
	size_t outlen = 7;

	assert_int_equal(compress_bytes(ENC_IDENTITY, COMPRESS_FAST, "abc", 3, &out, &outlen), -1);
	assert_null(out);
	assert_int_equal(outlen, 0);
	assert_true(compress_supported() & ENC_BIT(ENC_IDENTITY));
	assert_true(compress_supported() & ENC_BIT(ENC_GZIP));
	assert_string_equal(compress_enc_name(ENC_GZIP), "gzip");
	assert_string_equal(compress_enc_name(ENC_BR), "br");
	assert_null(compress_enc_name(ENC_IDENTITY));
}

static void test_hash(void **state)
{
	char *s = sample(5000);
	uint64_t h = compress_hash(s, 5000);
	size_t i;

	assert_int_equal(h, compress_hash(s, 5000));
	assert_true(h != compress_hash(s, 4999));
	for (i = 0; i < 5000; i += 37) {
		s[i] ^= 1;
		assert_true(compress_hash(s, 5000) != h);
		s[i] ^= 1;
	}
	/* every tail length differs */
	for (i = 0; i < 40; i++)
		assert_true(compress_hash(s, i) != compress_hash(s, i + 1));
	free(s);
}

static void check_set(size_t big, size_t sync_max)
{
	char *a = sample(big), *b = sample(100), *c = sample(big / 2 + 3);
	compress_set *cs = compress_set_new();
	const compress_entry *e;
	const char *bytes;
	size_t len;

	assert_non_null(cs);
	assert_null(compress_set_find(cs, a, big)); /* not started */
	assert_int_equal(compress_set_add(cs, a, big), 0);
	assert_int_equal(compress_set_add(cs, b, 100), 0);
	assert_int_equal(compress_set_add(cs, c, big / 2 + 3), 0);
	assert_int_equal(compress_set_start(cs, sync_max), 0);
	assert_int_equal(compress_set_add(cs, a, 1), -1); /* frozen */
	assert_true(compress_set_born(cs) > 0);
	compress_set_wait(cs);

	e = compress_set_find(cs, a, big);
	assert_non_null(e);
	assert_int_equal(compress_entry_hash(e), compress_hash(a, big));
	assert_int_equal(compress_entry_ready(e), compress_supported());
	bytes = compress_entry_bytes(e, ENC_GZIP, &len);
	gunzip_equal(bytes, len, a, big);
	if (compress_supported() & ENC_BIT(ENC_BR)) {
		bytes = compress_entry_bytes(e, ENC_BR, &len);
		unbrotli_equal(bytes, len, a, big);
	}
	bytes = compress_entry_bytes(e, ENC_IDENTITY, &len);
	assert_ptr_equal(bytes, a);
	assert_int_equal(len, big);

	/* small bodies: hash only */
	e = compress_set_find(cs, b, 100);
	assert_non_null(e);
	assert_int_equal(compress_entry_ready(e), ENC_BIT(ENC_IDENTITY));
	assert_int_equal(compress_entry_hash(e), compress_hash(b, 100));

	assert_non_null(compress_set_find(cs, c, big / 2 + 3));
	/* by address and length, not by content */
	assert_null(compress_set_find(cs, a, big - 1));
	assert_null(compress_set_find(cs, a + 1, big));
	compress_set_free(cs);
	free(a);
	free(b);
	free(c);
}

static void test_set_sync(void **state)
{
	check_set(200000, COMPRESS_SYNC_MAX);
}

static void test_set_background(void **state)
{
	check_set(200000, 1000);
}

static void test_set_free_while_running(void **state)
{
	char *a = sample(4u << 20);
	compress_set *cs = compress_set_new();
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(compress_set_add(cs, a, 4u << 20), 0);
	assert_int_equal(compress_set_start(cs, 0), 0);
	compress_set_free(cs); /* cancels and joins */
	free(a);
}

static void test_null_set(void **state)
{
	assert_null(compress_set_find(NULL, "x", 1));
	assert_int_equal(compress_set_born(NULL), 0);
	assert_int_equal(compress_set_add(NULL, "x", 1), -1);
	assert_int_equal(compress_set_start(NULL, 0), -1);
	compress_set_wait(NULL);
	compress_set_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_roundtrip),
		cmocka_unit_test(test_br_roundtrip),
		cmocka_unit_test(test_identity_is_not_a_coding),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_set_sync),
		cmocka_unit_test(test_set_background),
		cmocka_unit_test(test_set_free_while_running),
		cmocka_unit_test(test_null_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
