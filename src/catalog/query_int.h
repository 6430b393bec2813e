/*
 * query_int.h - private layout shared by the query engine's files:
 * query_params.c (the table), query.c (decoding, parsing, links),
 * query_facts.c (per-model facts) and query_select.c (filters, orders).
 */
#ifndef OR_CATALOG_QUERY_INT_H
#define OR_CATALOG_QUERY_INT_H

#include "catalog/query.h"

/* Parameter ids: the row index in the table (query_params.c). */
enum {
	QP_OFFSET, QP_LIMIT, QP_CATEGORY, QP_SUPPORTED_PARAMETERS,
	QP_OUTPUT_MODALITIES, QP_SORT, QP_USE_RSS, QP_USE_RSS_CHAT_LINKS, QP_Q,
	QP_INPUT_MODALITIES, QP_CONTEXT, QP_MIN_PRICE, QP_MAX_PRICE,
	QP_MIN_OUTPUT_PRICE, QP_MAX_OUTPUT_PRICE, QP_ARCH, QP_MODEL_AUTHORS,
	QP_PROVIDERS, QP_DISTILLABLE, QP_ZDR, QP_REGION, QP_MIN_AGE_DAYS,
	QP_MAX_AGE_DAYS, QP_MIN_INTELLIGENCE_INDEX, QP_MAX_INTELLIGENCE_INDEX,
	QP_MIN_CODING_INDEX, QP_MAX_CODING_INDEX, QP_MIN_AGENTIC_INDEX,
	QP_MAX_AGENTIC_INDEX, QP_MIN_TOOL_SUCCESS_RATE, QP_MAX_TOOL_SUCCESS_RATE,
	QP_COUNT
};

/* Sort values, in the order of the sort enum in the table. */
enum {
	QS_PRICE_LOW, QS_PRICE_HIGH, QS_CONTEXT_HIGH, QS_THROUGHPUT_HIGH,
	QS_LATENCY_LOW, QS_MOST_POPULAR, QS_TOP_WEEKLY, QS_NEWEST,
	QS_INTELLIGENCE_HIGH, QS_CODING_HIGH, QS_AGENTIC_HIGH, QS_DESIGN_ARENA_HIGH,
	QS_COUNT
};

#define QCAT_COUNT 12   /* categories, in the table's enum order */
#define QREGION_EU 1u
#define QREGION_US 2u

extern const char *const query_categories[];
extern const char *const query_sorts[];
extern const char *const query_regions[];

struct query {
	query_route route;
	uint64_t set;                     /* bit per parameter id given */
	int64_t ival[QP_COUNT];           /* INT, BOOL (0/1), ENUM (index) */
	double nval[QP_COUNT];            /* NUMBER (prices already per million) */
	const char *sval[QP_COUNT];       /* decoded value as given (for links) */
	const char **items[QP_COUNT];     /* LIST items / q terms (lowercased where
	                                     matching is case-insensitive) */
	size_t nitems[QP_COUNT];
	int out_all;                      /* output_modalities=all */
	unsigned host_region;             /* QREGION_* bits; 0 = none */
	int host_region_bad;              /* unknown regional host: no model */
	unsigned char order[QP_COUNT];    /* parameter ids in the order given */
	size_t norder;
};

#define QSET(q, id) (((q)->set >> (id)) & 1u)


/* A dictionary of names with one bitset per model (modalities, parameters,
 * providers): model i owns bits[i * words .. (i + 1) * words). */
typedef struct qset {
	const char **names;
	size_t n, cap, words;
	uint64_t *bits;
} qset;

/* Facts flags: which optional values a model has. */
enum {
	QF_CREATED = 1u << 0, QF_CONTEXT = 1u << 1, QF_PROMPT = 1u << 2,
	QF_COMPLETION = 1u << 3, QF_PRICE_KEY = 1u << 4, QF_INTEL = 1u << 5,
	QF_CODING = 1u << 6, QF_AGENTIC = 1u << 7, QF_ELO = 1u << 8,
	QF_WEEKLY = 1u << 9, QF_POPULAR = 1u << 10, QF_TOOL = 1u << 11,
	QF_THROUGHPUT = 1u << 12, QF_LATENCY = 1u << 13, QF_DISTILLABLE = 1u << 14,
	QF_ZDR = 1u << 15
};

typedef struct qmodel {
	const char *lsearch;              /* lowercase "name\nid" for q */
	const char *ltok;                 /* lowercase tokenizer or NULL */
	uint32_t author;                  /* index in query_facts.authors */
	uint32_t flags;
	unsigned regions;                 /* QREGION_* */
	int64_t created;
	double context;
	double prompt, completion;        /* USD per million tokens */
	double price_key;                 /* mean of prompt and completion */
	double aa[3];                     /* intelligence, coding, agentic */
	double elo, weekly, popularity, tool_rate, throughput, latency;
	double cat[QCAT_COUNT];           /* usage per category (0 = unused) */
} qmodel;

struct query_facts {
	arena mem;
	size_t n;
	qmodel *m;
	qset in_mods, out_mods, params, providers;
	qset authors;                     /* lowercase authors (names only) */
	uint32_t *order[QS_COUNT];        /* every model, in each sort's order */
	uint32_t *cat_order[QCAT_COUNT];  /* models used in a category, most first */
	size_t cat_n[QCAT_COUNT];
};

/* Index of name in the set, or -1. */
long qset_find(const qset *s, const char *name);
/* USD per token text -> USD per million tokens, exactly as the decimal
 * text * 10^6 rounds. Returns 1 for a price, 0 for none, -1 for variable. */
int query_per_million(const char *text, double *out);

/* ASCII lowercase in place. */
void query_lower(char *s);

#endif
