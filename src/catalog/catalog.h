/*
 * catalog.h - internal interface of the catalog module: decoding JSON into the
 * typed views of openrouter/model.h, and normalising imported JSON so that
 * every object we emit satisfies the official schema.
 *
 * Decoders borrow strings from the cJSON tree they are given and allocate
 * their arrays in the caller's arena: the view is valid while both live.
 */
#ifndef OR_CATALOG_H
#define OR_CATALOG_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "openrouter/model.h"
#include "util/arena.h"
#include "util/buf.h"

/* Owner of a decoded view handed to SDK users (or_model.internal & co). */
typedef struct cat_owner {
	cJSON *root;
	arena mem;
} cat_owner;

/* Decode; never fails on drift (unknown fields, nulls, wrong types are
 * treated as absent). Returns 0, or -1 when obj is not an object or memory
 * runs out. */
int cat_decode_model(const cJSON *obj, arena *a, or_model *m);
int cat_decode_endpoint(const cJSON *obj, arena *a, or_endpoint *e);
int cat_decode_provider(const cJSON *obj, arena *a, or_provider *p);
void cat_decode_pricing(const cJSON *obj, arena *a, or_pricing *p);
void cat_decode_price(const cJSON *item, or_price *p);

/* Parse JSON text into a new tree (NULL-safe error out: byte offset of the
 * failure). Returns NULL on a parse error. */
cJSON *cat_parse(const char *text, size_t len, size_t *err_offset);

/*
 * Normalise a model object in place so it carries every field the official
 * schema requires (older captures lack canonical_slug, links, default_parameters,
 * supported_voices). Only adds what is missing, derived where possible
 * (canonical_slug = id; links.details from canonical_slug); never changes a
 * value that is there. Returns 0, or -1 with a message in err when the object
 * cannot be a model (no string id).
 */
int cat_normalize_model(cJSON *obj, char *err, size_t errlen);

/*
 * Normalise an endpoint: add missing required keys (nullable ones as null) and
 * derive supports_tool_choice from supported_parameters when absent:
 *   "tool_choice" listed          -> auto, none, required, function all true
 *   "tools" listed, no tool_choice -> auto true, the rest false
 *   neither                        -> all false
 */
int cat_normalize_endpoint(cJSON *obj, char *err, size_t errlen);

/* Normalise the `data` object of an endpoints response (model header +
 * endpoints): architecture.tokenizer/instruct_type and description present. */
int cat_normalize_endpoints_data(cJSON *data, char *err, size_t errlen);

/* Normalise a provider (nullable keys present). */
int cat_normalize_provider(cJSON *obj, char *err, size_t errlen);

/* Price text -> USD per token; returns 0 when not a number. *variable is set
 * for the "-1" sentinel (any negative price). */
double cat_price_value(const char *text, int *variable);

/*
 * Compact JSON of item with exact numbers (the shortest text that parses back
 * to the same double). cat_print appends to out; cat_print_alloc returns a
 * new string the caller frees with free() (NULL on failure), len optional.
 * Use these instead of cJSON_Print*: cJSON rounds to 15 digits.
 */
int cat_print(const cJSON *item, buf *out);
char *cat_print_alloc(const cJSON *item, size_t *len);

/* The author of an id ("openai" of "openai/gpt-4o") as [start,len). */
size_t cat_id_author_len(const char *id);

/* Small cJSON helpers that tolerate NULL and wrong types. */
const char *cat_str(const cJSON *obj, const char *key);
int cat_num(const cJSON *obj, const char *key, double *out);

#endif
