/*
 * user_rules.h - which models an API key may see (GET /api/v1/models/user),
 * and the regional host names (eu.* / us.*) shared with GET /models.
 *
 * A model passes a key's rules when it passes the model rule (allowed model
 * ids) and - when any endpoint-level rule or a host region applies - has at
 * least one endpoint that satisfies every endpoint rule at once. A model with
 * no imported endpoints fails whenever an endpoint-level rule or host region
 * applies, and passes otherwise (docs/keys.md).
 *
 * The per-endpoint facts (provider, tag, prices, ZDR, regions, the
 * provider's data policy) are computed once per snapshot (user_index_build,
 * called by snapshot_build() while the catalog's cJSON trees still exist;
 * every string is copied) and shared read-only by every request on that
 * snapshot.
 *
 * Threads: a user_index is immutable after build.
 */
#ifndef OR_SERVER_USER_RULES_H
#define OR_SERVER_USER_RULES_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "server/snapshot.h"
#include "store/keys.h"

typedef struct user_index user_index;

/* Build the facts for snapshot s from its catalog trees (snapshot_build()
 * only: s->cat and the listings must still be there). The index keeps
 * s->ids/s->canon, so s must outlive it. NULL when out of memory. */
user_index *user_index_build(const snapshot *s);
void user_index_free(user_index *ix);

/*
 * The index of s (built with it, freed with it; never NULL for a built
 * snapshot). user_index_put() and user_index_cache_clear() are no-ops kept
 * for callers written when the index was built lazily and cached.
 */
user_index *user_index_get(snapshot *s);
void user_index_put(user_index *ix);
void user_index_cache_clear(void);

/*
 * Keep, in order, the model indices of idx[0..n) that pass rules (NULL = no
 * rules) with the host region host_region (KEYS_REGION_* bits, 0 = none).
 * Returns the new count.
 */
size_t user_rules_filter(const user_index *ix, const keys_rules *rules, unsigned host_region,
			 uint32_t *idx, size_t n);

/* Does model i pass? (one model of the same filter). */
int user_rules_model_passes(const user_index *ix, const keys_rules *rules, unsigned host_region,
			    size_t i);

/* ---- regional host names ------------------------------------------------ */

#define USER_REGION_HOSTS_MAX 32

/*
 * Add a mapping "HOST=REGION" (from `serve --region-host`): requests whose Host
 * (port stripped, case-insensitive) equals HOST get REGION (eu or us). Once
 * any mapping is added, the default prefix rule (eu.* -> eu, us.* -> us) is
 * off. Call before the server starts; returns 0 or -1 with err.
 */
int user_region_host_add(const char *spec, char *err, size_t errlen);
/* Forget the configured mappings (tests). */
void user_region_hosts_reset(void);
/* The region bit for a Host header value (NULL = none), or 0. */
unsigned user_region_for_host(const char *host);
/* "eu" / "us" / NULL for a region bit. */
const char *user_region_name(unsigned region);

#endif

/* ---- GET /api/v1/models/user ------------------------------------------- */

struct request;
struct query;

/* Authenticate, select (output_modalities), apply the key's rules and the
 * Host's region, page (offset/limit) and answer like GET /models. */
enum MHD_Result user_models_answer(struct request *r, const struct query *q);
