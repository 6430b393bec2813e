/*
 * snapshot.h - one immutable, reference-counted catalog version, ready to serve.
 *
 * Built once from store_load(): models in default order, lookup tables (id,
 * canonical slug, endpoints by model id), every model's JSON and the fixed
 * bodies pre-rendered, the query engine's facts and the API-key rules' index.
 * The catalog's cJSON trees are freed before snapshot_build() returns: every
 * string a snapshot keeps is its own copy, and the models' JSON lives once,
 * as slices of the full-list body. Nothing in a snapshot changes after
 * snapshot_build() returns, so any number of threads read it without locks.
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
#include <microhttpd.h>

#include "catalog/query.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

/* A rendered body. */
typedef struct snap_bytes {
	char *data;
	size_t len;
} snap_bytes;

/*
 * An unpaged list body: one buffer (data), or, when it is not every model in
 * default order, pieces (iov: the prefix, runs of consecutive models cut from
 * the models' JSON, separators, its own tail) that libmicrohttpd sends as
 * they are; len is the body's length either way.
 */
typedef struct snap_list {
	const char *data;       /* contiguous body, or NULL: pieces */
	size_t len;
	struct MHD_IoVec *iov;
	unsigned niov;
	char *tail;             /* ],"total_count":N,... (owned) */
} snap_list;

/* The header fields of a listing without endpoints, in their order. */
#define SNAP_HEADER_FIELDS 5

/* One endpoints listing (route /models/{a}/{s}/endpoints). */
typedef struct snap_endpoints {
	const char *model_id;   /* data.id */
	snap_bytes keyed;       /* {"data":...} latency/throughput as stored */
	snap_bytes public_;     /* the same with latency/throughput null */
	/* keyed.data == NULL: a listing with no endpoints whose body is cut from
	 * its model's JSON (snapshot_endpoints_header()); both views are equal */
	uint32_t model;
	uint32_t cut[SNAP_HEADER_FIELDS][2]; /* offset, length in the model's JSON */
} snap_endpoints;

typedef struct snap_table {
	uint32_t *slots;        /* index + 1; 0 = empty */
	size_t mask;            /* capacity - 1 (power of two) */
} snap_table;

struct user_index;

typedef struct snapshot {
	atomic_long refs;
	int64_t version;        /* store catalog version (0 for none) */
	int is_demo;            /* serving the bundled demo catalog */

	/* the loaded catalog: read by snapshot_build() only, freed (zeroed)
	 * before it returns */
	store_catalog cat;
	arena strs;             /* the snapshot's own copies of ids and slugs */

	size_t n;               /* number of models */
	const char **ids;       /* model i's id (owned: strs) */
	const char **canon;     /* model i's canonical_slug (may be NULL; owned) */
	double *created;        /* model i's "created" when a number, else -1 (RSS) */
	snap_bytes *model_json; /* model i's compact JSON: a slice of models_blob */
	char *models_blob;      /* {"data":[m0,m1,...] (+ the list's tail when it is
	                           the `all` list): owns every model's JSON */
	size_t models_blob_len;
	uint32_t *model_ep;     /* index into eps + 1, or 0 */

	size_t neps;
	snap_endpoints *eps;    /* bodies are slices of eps_blob */
	char *eps_blob;

	/* build only (NULL once built): the models' trees in default order;
	 * imported listings (children of cat.endpoints), their keys (data.id,
	 * capture path) and data objects */
	const cJSON **items;
	size_t nlistings;
	const char **ep_keys;
	cJSON **ep_objs;

	snap_table by_id, by_canonical, ep_by_id;

	/* the unpaged lists: models_blob itself, or pieces of it */
	snap_list list_default;   /* GET /models (output_modalities=text, unpaged) */
	snap_list list_all;       /* GET /models?output_modalities=all */
	snap_bytes count_default; /* GET /models/count */
	snap_bytes count_all;
	snap_bytes providers;     /* GET /providers */
	snap_bytes zdr;           /* GET /endpoints/zdr */

	query_facts *facts;
	struct user_index *users;     /* the API-key rules' facts (user_rules.h) */
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

/* Append the body of a listing stored as cuts (e->keyed.data == NULL):
 * {"data":{"id":..,"name":..,"created":..,"description":..,"architecture":..,
 * "endpoints":[]}}, byte for byte what was rendered at build. */
int snapshot_endpoints_header(const snapshot *s, const snap_endpoints *e, buf *out);

/* Append the bytes of an unpaged list (its pieces, in order) to out. */
int snapshot_list_flatten(const snap_list *l, buf *out);

/* Model index by exact id / canonical slug; -1 when absent. */
long snapshot_find_id(const snapshot *s, const char *id, size_t len);
long snapshot_find_canonical(const snapshot *s, const char *slug, size_t len);
/* Endpoints listing of a catalogue model by id or canonical slug; NULL when
 * no such model (listings of models not in the catalogue are not served). */
const snap_endpoints *snapshot_find_endpoints(const snapshot *s, const char *key, size_t len);

/* The compact JSON of model i (borrowed from the snapshot). */
static inline const char *snapshot_model_json(const snapshot *s, size_t i, size_t *len)
{
	*len = s->model_json[i].len;
	return s->model_json[i].data;
}

/* Append model i's answer {"data":<model>} to out (GET /model/{id}: a copy
 * of about a kilobyte per request, so that the JSON is stored once). */
int snapshot_model_body(const snapshot *s, size_t i, buf *out);

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
