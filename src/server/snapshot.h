/*
 * snapshot.h - one immutable, reference-counted catalog version, ready to serve.
 *
 * Built once from store_load(): models in default order, lookup tables (id,
 * canonical slug, endpoints by model id), every model's JSON and the fixed
 * bodies pre-rendered, and the query engine's facts. Nothing in a snapshot
 * changes after snapshot_build() returns, so any number of threads read it
 * without locks.
 *
 * Lifetime: snapshot_build() returns a snapshot holding one reference. Readers
 * take theirs with snapshot_slot_acquire() (or snapshot_ref() on one they
 * already hold) and drop it with snapshot_release(); the last release frees
 * everything. A response whose bytes point into a snapshot holds a reference
 * until libmicrohttpd destroys the response.
 *
 * A snapshot_slot is the server's "current snapshot": swapping installs a new
 * one atomically; requests already running keep the one they took.
 */
#ifndef OR_SERVER_SNAPSHOT_H
#define OR_SERVER_SNAPSHOT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "catalog/query.h"
#include "store/store.h"

/* A rendered body. */
typedef struct snap_bytes {
	char *data;
	size_t len;
} snap_bytes;

/* One endpoints listing (route /models/{a}/{s}/endpoints). */
typedef struct snap_endpoints {
	const char *model_id;   /* data.id */
	snap_bytes keyed;       /* {"data":...} latency/throughput as stored */
	snap_bytes public_;     /* the same with latency/throughput null */
} snap_endpoints;

typedef struct snap_table {
	uint32_t *slots;        /* index + 1; 0 = empty */
	size_t mask;            /* capacity - 1 (power of two) */
} snap_table;

typedef struct snapshot {
	atomic_long refs;
	int64_t version;        /* store catalog version (0 for none) */
	int is_demo;            /* serving the bundled demo catalog */

	store_catalog cat;      /* owns every cJSON tree below */

	size_t n;               /* number of models */
	const cJSON **items;    /* models in default order */
	const char **ids;       /* items[i].id */
	const char **canon;     /* items[i].canonical_slug (may be NULL) */
	snap_bytes *model_body; /* {"data":<model>} per model */
	/* the compact model JSON is model_body[i] without the 8-byte prefix
	 * {"data": and the closing brace: see snapshot_model_json() */
	uint32_t *model_ep;     /* index into eps + 1, or 0 */

	size_t neps;
	snap_endpoints *eps;
	size_t nlistings;       /* imported listings (children of cat.endpoints) */
	const char **ep_keys;   /* their keys (data.id, capture path) */
	cJSON **ep_objs;        /* and their data objects */

	snap_table by_id, by_canonical, ep_by_id;

	snap_bytes list_default;  /* GET /models (output_modalities=text, unpaged) */
	snap_bytes list_all;      /* GET /models?output_modalities=all */
	snap_bytes count_default; /* GET /models/count */
	snap_bytes count_all;
	snap_bytes providers;     /* GET /providers */
	snap_bytes zdr;           /* GET /endpoints/zdr */

	query_facts *facts;
	struct compress_set *precomp; /* fixed bodies hashed + compressed once (compress.h) */
} snapshot;

/*
 * Build a snapshot from a loaded catalog, taking ownership of *cat (its
 * trees are modified: extension figures merged into endpoints). On failure
 * returns -1 with a message in err, and *cat is freed all the same.
 */
int snapshot_build(store_catalog *cat, int is_demo, snapshot **out, char *err, size_t errlen);

snapshot *snapshot_ref(snapshot *s);
/* Drop a reference; NULL is a no-op. */
void snapshot_release(snapshot *s);

/*
 * Append {"data":[m...],"total_count":total,"links":{"next":NEXT}} for the
 * models idx[start..end) to out; next is a JSON value (a string or null).
 */
int snapshot_render_list(const snapshot *s, const uint32_t *idx, size_t start, size_t end,
			 size_t total, const char *next, size_t next_len, buf *out);

/* Model index by exact id / canonical slug; -1 when absent. */
long snapshot_find_id(const snapshot *s, const char *id, size_t len);
long snapshot_find_canonical(const snapshot *s, const char *slug, size_t len);
/* Endpoints listing of a catalogue model by id or canonical slug; NULL when
 * no such model (listings of models not in the catalogue are not served). */
const snap_endpoints *snapshot_find_endpoints(const snapshot *s, const char *key, size_t len);

/* The compact JSON of model i (borrowed from the snapshot). */
static inline const char *snapshot_model_json(const snapshot *s, size_t i, size_t *len)
{
	*len = s->model_body[i].len - 9;
	return s->model_body[i].data + 8;
}

typedef struct snapshot_slot {
	pthread_mutex_t mu;
	snapshot *cur;
} snapshot_slot;

void snapshot_slot_init(snapshot_slot *slot);
/* A new reference to the current snapshot (NULL when none is installed). */
snapshot *snapshot_slot_acquire(snapshot_slot *slot);
/* Install s (taking over the caller's reference); the old one is released. */
void snapshot_slot_swap(snapshot_slot *slot, snapshot *s);
/* Release the installed snapshot and destroy the slot. */
void snapshot_slot_destroy(snapshot_slot *slot);

#endif
