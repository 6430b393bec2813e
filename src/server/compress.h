/*
 * compress.h - response compression: gzip (libdeflate, or zlib when the build
 * has no libdeflate) and brotli (when built with libbrotlienc), whole-buffer.
 *
 * Two uses:
 *  - on the fly: compress_bytes() for a body assembled per request (a
 *    selection), only worth it at COMPRESS_MIN_SIZE bytes and above;
 *  - once per snapshot: a compress_set holds the fixed bodies (full lists,
 *    providers, ...) compressed once, plus a content hash of each for ETags.
 *    Small catalogs are compressed before compress_set_start() returns; large
 *    ones in one background thread, so a new snapshot answers at once (in
 *    identity until its compressed bytes are ready).
 *
 * Why libdeflate: measured on real catalog JSON (docs/performance.md) it
 * compresses ~2x faster than zlib at the same level and ratio. Brotli at
 * quality 4-5 is as fast as zlib -6 and ~25% smaller.
 *
 * Thread safety: compress_bytes() may run on any number of threads at once
 * (each keeps its own compressor). A started compress_set is read-only for
 * readers: compress_set_find()/compress_set_get() are lock-free.
 */
#ifndef OR_SERVER_COMPRESS_H
#define OR_SERVER_COMPRESS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Content codings, in the server's order of preference (last = best). */
typedef enum http_enc {
	ENC_IDENTITY = 0,
	ENC_GZIP = 1,
	ENC_BR = 2,
	ENC_COUNT
} http_enc;

#define ENC_BIT(e) (1u << (e))

/* Below this many bytes a body is sent as it is: compressing saves less than
 * a packet and costs more than sending it. */
#define COMPRESS_MIN_SIZE 1024

/* Compression effort: on the fly (per request) or once per snapshot. */
enum { COMPRESS_FAST = 0, COMPRESS_BEST = 1 };

/* Bit set of the codings this build can produce (always includes identity). */
unsigned compress_supported(void);

/* "gzip", "br", or NULL for identity. */
const char *compress_enc_name(http_enc enc);

/*
 * Compress src[0..len) with enc into a new malloc()ed buffer (*out, *outlen;
 * the caller free()s it). enc must be ENC_GZIP or a supported ENC_BR.
 * Returns 0, or -1 (out of memory, unsupported coding) with *out = NULL.
 */
int compress_bytes(http_enc enc, int effort, const void *src, size_t len, char **out,
		   size_t *outlen);

/* 64-bit hash of the bytes (not cryptographic; fast: ETags of bodies). */
uint64_t compress_hash(const void *data, size_t len);

/* ---- precompressed fixed bodies, one set per snapshot ----------------- */

typedef struct compress_set compress_set;

/* An empty set, or NULL when out of memory (every function accepts NULL). */
compress_set *compress_set_new(void);
/* Register a body (borrowed: it must outlive the set). Only before start.
 * Bodies under COMPRESS_MIN_SIZE are kept for their hash only. Returns 0/-1. */
int compress_set_add(compress_set *cs, const char *data, size_t len);
/*
 * Register a body that is served from pieces (not one buffer): key stands for
 * it in compress_set_find(); copy is a contiguous copy of its len bytes,
 * taken over by the set, which hashes and compresses it and frees it as soon
 * as that is done. The entry has no identity bytes (the caller serves its
 * pieces). On failure copy is freed all the same. Returns 0/-1.
 */
int compress_set_add_copy(compress_set *cs, const void *key, char *copy, size_t len);
/*
 * Hash every body and compress each one in every supported coding, in the
 * order added: before returning when the total is under sync_max bytes, else
 * in a background thread. Records the time as the set's (snapshot's) birth.
 * Returns 0, or -1 (the set then stays identity-only; still usable).
 */
int compress_set_start(compress_set *cs, size_t sync_max);
#define COMPRESS_SYNC_MAX ((size_t)4 << 20)

/* One registered body: its hash, and where its encodings stand. */
typedef struct compress_entry compress_entry;

/* The entry whose body starts at data (or whose key is data) with length
 * len, or NULL. */
const compress_entry *compress_set_find(const compress_set *cs, const void *data, size_t len);
/* The body's content hash (computed once in start). */
uint64_t compress_entry_hash(const compress_entry *e);
/* Bit set of the codings ready for this entry (identity always). */
unsigned compress_entry_ready(const compress_entry *e);
/* The bytes of the entry in enc (must be ready); borrowed from the set.
 * Identity: the registered data (NULL for an entry added by copy). */
const char *compress_entry_bytes(const compress_entry *e, http_enc enc, size_t *len);

/* When start was called (0 before). */
time_t compress_set_born(const compress_set *cs);
/* Block until background compression is over (tests, benchmarks). */
void compress_set_wait(compress_set *cs);
/* Stop background work, wait for it, free everything. NULL is a no-op. */
void compress_set_free(compress_set *cs);

#endif
