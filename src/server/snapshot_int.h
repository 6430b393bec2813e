/*
 * snapshot_int.h - what snapshot.c and snapshot_endpoints.c share while a
 * snapshot is built. Not for the rest of the server: snapshot.h is the API.
 */
#ifndef OR_SERVER_SNAPSHOT_INT_H
#define OR_SERVER_SNAPSHOT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "server/snapshot.h"
#include "util/buf.h"

/* Open-addressing tables over string keys (index + 1 in slots). */
uint64_t snap_hash_bytes(const char *s, size_t len);
int snap_table_init(snap_table *t, size_t n);
long snap_table_get(const snap_table *t, const char *const *keys, const char *key, size_t len);
void snap_table_put(snap_table *t, const char *const *keys, size_t idx);

/* {"data":<obj>} with exact numbers: appended to b, or as new snap_bytes. */
int snap_print_wrapped_into(const cJSON *obj, buf *b);
int snap_print_wrapped(const cJSON *obj, snap_bytes *out);
/* b's bytes, reallocated to their exact size (b is reset). */
char *snap_detach_exact(buf *b, size_t *len);

/* snapshot_endpoints.c: extension figures into the endpoint trees; every
 * listing rendered (models: the blob of model JSON, moff its offsets); the
 * listing model i answers with (-1: none); /endpoints/zdr. */
void snap_merge_extension(snapshot *s);
/* Lookup table over the imported listings' keys. */
int snap_index_endpoints(snapshot *s);
int snap_build_endpoints(snapshot *s, const buf *models, const size_t *moff);
long snap_listing_of(const snapshot *s, size_t i);
int snap_render_zdr(snapshot *s);

#endif
