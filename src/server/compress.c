/*
 * compress.c - gzip/brotli of response bodies and the per-snapshot set of
 * precompressed fixed bodies (compress.h).
 *
 * Per-thread compressors: libdeflate's compressor holds ~1 MB of tables, so
 * each thread keeps one per effort level (pthread key, freed at thread exit)
 * instead of allocating per request.
 */
#include "server/compress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#ifdef OR_HAVE_LIBDEFLATE
#include <libdeflate.h>
#else
#include <zlib.h>
#endif
#ifdef OR_HAVE_BROTLI
#include <brotli/encode.h>
#endif

/* Levels chosen from the measurements in docs/performance.md. */
static const int gzip_level[2] = { 4, 6 };
#ifdef OR_HAVE_BROTLI
static const int br_quality[2] = { 4, 5 };
#endif

unsigned compress_supported(void)
{
	unsigned s = ENC_BIT(ENC_IDENTITY) | ENC_BIT(ENC_GZIP);
#ifdef OR_HAVE_BROTLI
	s |= ENC_BIT(ENC_BR);
#endif
	return s;
}

const char *compress_enc_name(http_enc enc)
{
	switch (enc) {
	case ENC_GZIP: return "gzip";
	case ENC_BR: return "br";
	default: return NULL;
	}
}

/* ---- gzip ------------------------------------------------------------- */

#ifdef OR_HAVE_LIBDEFLATE
static pthread_key_t tl_key;
static pthread_once_t tl_once = PTHREAD_ONCE_INIT;

typedef struct tl_compressors {
	struct libdeflate_compressor *c[2];
} tl_compressors;

static void tl_free(void *p)
{
	tl_compressors *t = p;

	libdeflate_free_compressor(t->c[0]);
	libdeflate_free_compressor(t->c[1]);
	free(t);
}

static void tl_init(void)
{
	(void)pthread_key_create(&tl_key, tl_free);
}

static struct libdeflate_compressor *compressor(int effort)
{
	tl_compressors *t;

	pthread_once(&tl_once, tl_init);
	t = pthread_getspecific(tl_key);
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return NULL;
		if (pthread_setspecific(tl_key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	if (!t->c[effort])
		t->c[effort] = libdeflate_alloc_compressor(gzip_level[effort]);
	return t->c[effort];
}

static int gzip_bytes(int effort, const void *src, size_t len, char **out, size_t *outlen)
{
	struct libdeflate_compressor *c = compressor(effort);
	size_t bound, n;
	char *o;

	if (!c)
		return -1;
	bound = libdeflate_gzip_compress_bound(c, len);
	if (!(o = malloc(bound)))
		return -1;
	n = libdeflate_gzip_compress(c, src, len, o, bound);
	if (n == 0) {
		free(o);
		return -1;
	}
	*out = o;
	*outlen = n;
	return 0;
}
#else
static int gzip_bytes(int effort, const void *src, size_t len, char **out, size_t *outlen)
{
	z_stream z;
	size_t bound;
	char *o;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, gzip_level[effort], Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	bound = deflateBound(&z, (uLong)len) + 32;
	if (!(o = malloc(bound))) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)o;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || len > UINT32_MAX) {
		free(o);
		return -1;
	}
	*out = o;
	return 0;
}
#endif

int compress_bytes(http_enc enc, int effort, const void *src, size_t len, char **out,
		   size_t *outlen)
{
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	effort = effort ? COMPRESS_BEST : COMPRESS_FAST;
	if (enc == ENC_GZIP) {
		rc = gzip_bytes(effort, src, len, out, outlen);
	}
#ifdef OR_HAVE_BROTLI
	else if (enc == ENC_BR) {
		size_t bound = BrotliEncoderMaxCompressedSize(len);
		char *o;

		if (bound == 0 || !(o = malloc(bound)))
			return -1;
		*outlen = bound;
		if (BrotliEncoderCompress(br_quality[effort], BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
					  len, src, outlen, (uint8_t *)o) != BROTLI_TRUE) {
			free(o);
			*outlen = 0;
			return -1;
		}
		*out = o;
		rc = 0;
	}
#endif
	if (rc == 0 && *outlen * 4 < len * 3) {
		/* return the bound's slack (large bodies shrink to a few %) */
		char *shrunk = realloc(*out, *outlen ? *outlen : 1);
		if (shrunk)
			*out = shrunk;
	}
	return rc;
}

/* ---- hash ------------------------------------------------------------- */

static inline uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

#ifdef __SSE2__
/*
 * Bodies of 64 bytes and more, 16 bytes per lane-pair step (x86-64 always has
 * SSE2): each 64-bit lane adds lo32*hi32 of (data ^ key) plus the data with
 * its halves swapped (no input bit is lost), and the key moves on with every
 * 64-byte stripe so equal stripes at different places do not cancel or
 * commute. XXH3's accumulate step without its secret; for ETags, not crypto.
 */
static uint64_t hash_long(const unsigned char *p, size_t len, size_t *done)
{
	__m128i acc[4], key[4], step = _mm_set_epi64x((long long)0x9e3779b97f4a7c15ULL,
						       (long long)0xc2b2ae3d27d4eb4fULL);
	uint64_t lanes[8], h = 0;
	size_t i;
	int j;

	for (j = 0; j < 4; j++) {
		acc[j] = _mm_set_epi64x((long long)(0x165667b19e3779f9ULL * (unsigned)(j + 1)),
					(long long)(0x27d4eb2f165667c5ULL ^ len));
		key[j] = _mm_set_epi64x((long long)(0x85ebca77c2b2ae63ULL + (unsigned)j),
					(long long)(0xff51afd7ed558ccdULL * (unsigned)(j + 3)));
	}
	for (i = 0; i + 64 <= len; i += 64) {
		for (j = 0; j < 4; j++) {
			__m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16 * j));
			__m128i dk = _mm_xor_si128(d, key[j]);
			__m128i prod = _mm_mul_epu32(dk, _mm_shuffle_epi32(dk, _MM_SHUFFLE(0, 3, 0, 1)));
			acc[j] = _mm_add_epi64(acc[j], _mm_add_epi64(prod, _mm_shuffle_epi32(d, _MM_SHUFFLE(1, 0, 3, 2))));
			key[j] = _mm_add_epi64(key[j], step);
		}
	}
	memcpy(lanes, acc, sizeof(lanes));
	for (j = 0; j < 8; j++)
		h = mix(h ^ lanes[j]) + (uint64_t)j;
	*done = i;
	return h;
}
#endif

uint64_t compress_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a = 0x9e3779b97f4a7c15ULL ^ len, t;
	size_t i = 0;

#ifdef __SSE2__
	if (len >= 64)
		a ^= hash_long(p, len, &i);
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&t, p + i, 8);
		a = mix(a ^ t) + 0x2545f4914f6cdd1dULL;
	}
	t = 0;
	if (i < len)
		memcpy(&t, p + i, len - i);
	return mix(a ^ mix(t + len));
}

/* ---- compress_set ----------------------------------------------------- */

struct compress_entry {
	const void *key;            /* what compress_set_find() matches */
	const char *data;           /* identity bytes (while needed, for a copy) */
	char *copy;                 /* owned contiguous copy (add_copy), or NULL */
	size_t len;
	uint64_t hash;
	atomic_uint ready;          /* ENC_BIT()s published with release */
	char *enc[ENC_COUNT];       /* [ENC_IDENTITY] unused */
	size_t enc_len[ENC_COUNT];
};

struct compress_set {
	compress_entry *e;
	size_t n, cap;
	time_t born;
	int started, threaded;
	atomic_int cancel;
	pthread_t thread;
};

compress_set *compress_set_new(void)
{
	return calloc(1, sizeof(compress_set));
}

int compress_set_add(compress_set *cs, const char *data, size_t len)
{
	if (!cs || cs->started || !data)
		return -1;
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 8;
		compress_entry *e = realloc(cs->e, cap * sizeof(*e));
		if (!e)
			return -1;
		cs->e = e;
		cs->cap = cap;
	}
	memset(&cs->e[cs->n], 0, sizeof(cs->e[0]));
	cs->e[cs->n].key = data;
	cs->e[cs->n].data = data;
	cs->e[cs->n].len = len;
	atomic_init(&cs->e[cs->n].ready, ENC_BIT(ENC_IDENTITY));
	cs->n++;
	return 0;
}

int compress_set_add_copy(compress_set *cs, const void *key, char *copy, size_t len)
{
	if (!key || compress_set_add(cs, copy, len) < 0) {
		free(copy);
		return -1;
	}
	cs->e[cs->n - 1].key = key;
	cs->e[cs->n - 1].copy = copy;
	return 0;
}

/* The copies are only there to be compressed (readers never see them). */
static void drop_copies(compress_set *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (cs->e[i].copy) {
			free(cs->e[i].copy);
			cs->e[i].copy = NULL;
			cs->e[i].data = NULL;
		}
	}
}

static void compress_all(compress_set *cs)
{
	unsigned encs = compress_supported();
	size_t i;
	int enc;

	/* best coding first, for every body, so the common case is ready soonest */
	for (enc = ENC_COUNT - 1; enc > ENC_IDENTITY; enc--) {
		if (!(encs & ENC_BIT(enc)))
			continue;
		for (i = 0; i < cs->n; i++) {
			compress_entry *e = &cs->e[i];
			if (atomic_load_explicit(&cs->cancel, memory_order_relaxed))
				return;
			if (e->len < COMPRESS_MIN_SIZE)
				continue;
			if (compress_bytes((http_enc)enc, COMPRESS_BEST, e->data, e->len, &e->enc[enc],
					   &e->enc_len[enc]) < 0)
				continue;
			atomic_fetch_or_explicit(&e->ready, ENC_BIT(enc), memory_order_release);
		}
	}
}

static void *worker(void *arg)
{
	compress_all(arg);
	drop_copies(arg);
#ifdef __GLIBC__
	malloc_trim(0); /* the compressors' scratch and the copies, back to the system */
#endif
	return NULL;
}

int compress_set_start(compress_set *cs, size_t sync_max)
{
	size_t i, total = 0;

	if (!cs || cs->started)
		return -1;
	cs->started = 1;
	cs->born = time(NULL);
	for (i = 0; i < cs->n; i++) {
		cs->e[i].hash = compress_hash(cs->e[i].data, cs->e[i].len);
		total += cs->e[i].len;
	}
	if (total <= sync_max) {
		compress_all(cs);
		drop_copies(cs);
		return 0;
	}
	if (pthread_create(&cs->thread, NULL, worker, cs) != 0) {
		drop_copies(cs);
		return -1;
	}
	cs->threaded = 1;
	return 0;
}

const compress_entry *compress_set_find(const compress_set *cs, const void *data, size_t len)
{
	size_t i;

	if (!cs || !cs->started)
		return NULL;
	for (i = 0; i < cs->n; i++)
		if (cs->e[i].key == data && cs->e[i].len == len)
			return &cs->e[i];
	return NULL;
}

uint64_t compress_entry_hash(const compress_entry *e)
{
	return e->hash;
}

unsigned compress_entry_ready(const compress_entry *e)
{
	return atomic_load_explicit(&((compress_entry *)e)->ready, memory_order_acquire);
}

const char *compress_entry_bytes(const compress_entry *e, http_enc enc, size_t *len)
{
	if (enc == ENC_IDENTITY || enc >= ENC_COUNT) {
		*len = e->len;
		return e->data;
	}
	*len = e->enc_len[enc];
	return e->enc[enc];
}

time_t compress_set_born(const compress_set *cs)
{
	return cs ? cs->born : 0;
}

void compress_set_wait(compress_set *cs)
{
	if (cs && cs->threaded) {
		pthread_join(cs->thread, NULL);
		cs->threaded = 0;
	}
}

void compress_set_free(compress_set *cs)
{
	size_t i;
	int enc;

	if (!cs)
		return;
	atomic_store(&cs->cancel, 1);
	compress_set_wait(cs);
	drop_copies(cs);
	for (i = 0; i < cs->n; i++)
		for (enc = 0; enc < ENC_COUNT; enc++)
			free(cs->e[i].enc[enc]);
	free(cs->e);
	free(cs);
}
