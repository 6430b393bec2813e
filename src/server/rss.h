/*
 * rss.h - RSS 2.0 rendering of a model selection (GET /models?use_rss=true).
 *
 * OWNER of the body: the query-language work (issue 3) may replace rss.c; the
 * signature below is the contract with routes.c.
 */
#ifndef OR_SERVER_RSS_H
#define OR_SERVER_RSS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/buf.h"

/*
 * Append an RSS 2.0 document to out: one <item> per model in models[0..n)
 * (borrowed normalised model objects, in answer order). site_url is the base
 * of item links (no trailing slash, e.g. "https://openrouter.ai"); with
 * chat_links the links point at the chat page instead of the model page.
 * Returns 0, or -1 when out runs out of room.
 */
int rss_render(const cJSON *const *models, size_t n, const char *site_url, int chat_links,
	       buf *out);

/*
 * The same document in pieces, for a caller that holds one model tree at a
 * time: rss_begin() with the largest "created" of the models (the value
 * itself, or -1 when none has a number there: rss_created()), one
 * rss_item() per model, rss_end(). rss_render() is exactly these calls.
 */
double rss_created(const cJSON *model);
/* Dates from this many seconds on (year 10000) are left out. */
#define RSS_CREATED_MAX 253402300800.0
int rss_begin(buf *out, const char *site_url, double newest);
int rss_item(buf *out, const cJSON *model, const char *site_url, int chat_links);
int rss_end(buf *out);

#endif
