/*
 * query.h - the /models query language: parameter table, parsing and
 * validation of a raw query string, selection, sorting and paging over the
 * facts of a catalog snapshot. Shared by openrouterd and (offline) the CLI.
 *
 * OWNER: query-engine work (issue 3). The functions below are the contract the
 * server codes against; fields may be added, signatures stay.
 *
 * Ownership: query_parse() allocates only inside the caller's arena.
 * query_facts_build() returns facts the caller frees with query_facts_free();
 * the facts keep their own copies of every string: the cJSON trees given to
 * query_facts_build() may be freed as soon as it returns.
 */
#ifndef OR_CATALOG_QUERY_H
#define OR_CATALOG_QUERY_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* Which route a query string belongs to: each accepts its own parameters. */
typedef enum query_route {
	QUERY_ROUTE_MODELS,      /* GET /models: every parameter */
	QUERY_ROUTE_COUNT,       /* GET /models/count: output_modalities */
	QUERY_ROUTE_USER,        /* GET /models/user: offset, limit, output_modalities */
	QUERY_ROUTE_NONE         /* routes without parameters */
} query_route;

typedef struct query query;        /* parsed parameters (opaque; in an arena) */

/* Limits on request data (a longer decoded value is a 400). */
#define QUERY_VALUE_MAX 512     /* bytes of one decoded value */
#define QUERY_PAIRS_MAX 256     /* key=value pairs in one query string */
#define QUERY_LIST_MAX 64       /* items in one comma list / terms in q */

/* The kind of value a parameter takes. */
typedef enum query_type {
	QUERY_T_INT,     /* decimal integer within [min, max] */
	QUERY_T_NUMBER,  /* decimal number within [min, max] */
	QUERY_T_BOOL,    /* true | false */
	QUERY_T_ENUM,    /* one of values[] */
	QUERY_T_LIST,    /* comma list; items from values[] when values != NULL */
	QUERY_T_TEXT     /* free text */
} query_type;

/* Bit of a route in query_param.routes. */
#define QUERY_ON(route) (1u << (route))

/*
 * One row of the parameter table: the single declaration of a parameter that
 * drives parsing, validation, the 400 messages, docs/query.md and the CLI.
 * values is NULL-terminated (NULL for open lists / non-enum types).
 */
typedef struct query_param {
	const char *name;
	query_type type;
	double min, max;             /* INT / NUMBER range, inclusive */
	const char *const *values;   /* ENUM / LIST allowed values */
	unsigned routes;             /* QUERY_ON(route) bits where it applies */
	const char *doc;             /* one-line semantics */
	const char *example;         /* e.g. "supported_parameters=tools,tool_choice" */
} query_param;

/* The table (31 rows, static, thread-safe); *n receives the row count. */
const query_param *query_params(size_t *n);

/* The server clock for age filters: env OPENROUTERD_NOW (unix seconds) when
 * set and valid, else time(NULL). */
int64_t query_now(void);
typedef struct query_facts query_facts;

/*
 * Parse the raw (still percent-encoded) query string, without the '?', of
 * length len. On error returns -1 and writes into err the message of the 400
 * answer: it names the parameter and what it accepts. *out is allocated in a.
 */
int query_parse(const char *raw, size_t len, query_route route, arena *a,
		query **out, char *err, size_t errlen);

/* Paging and output choices of a parsed query. */
int query_is_paged(const query *q);    /* offset or limit was given */
size_t query_offset(const query *q);
size_t query_limit(const query *q);    /* 500 when not given */
int query_use_rss(const query *q);
int query_use_rss_chat_links(const query *q);
/* True when no parameter other than output_modalities=text (or none) is set,
 * i.e. the answer is the pre-rendered default list. */
int query_is_default(const query *q);
/* True when output_modalities=all and nothing else is set. */
int query_is_all(const query *q);

/* Restrict selection to models with an endpoint in this data region (set by
 * the server from a regional Host such as eu.*); NULL for none. "eu" and "us"
 * are known; any other name selects no model. Makes query_is_default() and
 * query_is_all() false. */
void query_set_host_region(query *q, const char *region);

/*
 * Build the per-model facts of a snapshot. models: array of model objects in
 * default order; endpoints: object model-id -> endpoints `data` object (may be
 * NULL); extension: extension document (may be NULL); providers: array (may be
 * NULL). Returns NULL on allocation failure.
 */
query_facts *query_facts_build(const cJSON *models, const cJSON *endpoints,
			       const cJSON *extension, const cJSON *providers);
void query_facts_free(query_facts *f);

/*
 * Select and order the models matching q (ignoring offset/limit): writes up
 * to the number of models indices into the models array, in answer order,
 * into idx (caller-provided, sized for every model) and returns how many.
 * now = the server's clock (unix seconds) for age filters.
 */
size_t query_select(const query_facts *f, const query *q, int64_t now, uint32_t *idx);

/*
 * links.next for a page: appends a JSON value (a quoted relative URL keeping
 * every other parameter, with offset advanced; or null on the last page or an
 * unpaged call) to out. path is e.g. "/api/v1/models".
 */
int query_next_link(const query *q, const char *path, size_t total, buf *out);

#endif
