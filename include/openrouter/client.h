/*
 * openrouter/client.h - libopenrouter: a client for the OpenRouter Models API.
 *
 * One or_client holds the configuration (API key, base URL, attribution,
 * timeout, retry policy), one reusable HTTP connection and the detail of its
 * last failure. Every operation returns 0 or a negative code from
 * openrouter/errors.h; on failure or_client_errmsg() and friends say why.
 *
 * Ownership: `T **out` parameters hand the caller a new object released with
 * the matching _free function (every _free accepts NULL). Strings inside a
 * result are borrowed from it. Strings passed in options and requests are
 * copied or used only during the call; the caller keeps ownership.
 *
 * Thread safety: the library keeps no global state apart from libcurl's,
 * which or_global_init() sets up (call it once before starting threads; if you
 * do not, the first or_client_new() does it, which is then not thread-safe).
 * A client is NOT safe for concurrent use: use one client per thread (clients
 * are cheap) or serialise calls. Results are immutable and may be read from
 * any thread once the call that produced them has returned.
 *
 * The library never prints and never exits.
 */
#ifndef OPENROUTER_CLIENT_H
#define OPENROUTER_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "openrouter/errors.h"
#include "openrouter/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OR_DEFAULT_BASE_URL "https://openrouter.ai/api/v1"
#define OR_DEFAULT_MAX_BODY ((size_t)64 << 20) /* 64 MiB */

/* ---- retry policy -------------------------------------------------------- */

typedef enum or_retry_strategy {
	OR_RETRY_BACKOFF = 0, /* exponential backoff (the official SDKs' default) */
	OR_RETRY_NONE = 1     /* one attempt only */
} or_retry_strategy;

/*
 * When and how long to retry. The defaults (OR_RETRY_POLICY_DEFAULT) are those
 * of the official SDKs: retry HTTP 5XX and connection errors (timeouts
 * included), waiting initial_ms * exponent^n + U(0, jitter_ms) before retry n
 * (n = 0, 1, ...), at most max_interval_ms, giving up once max_elapsed_ms have
 * passed since the first attempt. A `retry-after-ms` (milliseconds) or
 * `Retry-After` (seconds or HTTP date) response header replaces the computed
 * delay. When the budget runs out on a retryable status, that last response is
 * what the call reports (e.g. OR_E_SERVER), not a timeout.
 */
typedef struct or_retry_policy {
	or_retry_strategy strategy;
	unsigned long initial_interval_ms;  /* 500 */
	unsigned long max_interval_ms;      /* 60000 */
	double exponent;                    /* 1.5 */
	unsigned long max_elapsed_ms;       /* 3600000 (1 h) */
	int retry_connection_errors;        /* 1 */
	unsigned long jitter_ms;            /* 1000: random extra wait, 0 = none */
} or_retry_policy;

#define OR_RETRY_POLICY_DEFAULT { OR_RETRY_BACKOFF, 500, 60000, 1.5, 3600000, 1, 1000 }
#define OR_RETRY_POLICY_NONE { OR_RETRY_NONE, 500, 60000, 1.5, 3600000, 1, 1000 }

/* ---- client --------------------------------------------------------------- */

typedef struct or_client or_client;

typedef enum or_client_flags {
	OR_CLIENT_NO_ENV = 1u << 0 /* ignore the OPENROUTER_* environment variables */
} or_client_flags;

#define OR_CLIENT_OPTIONS_VERSION 1

/*
 * Client configuration. Initialise with OR_CLIENT_OPTIONS_INIT and set only
 * what you need; new fields are only ever appended (version tells which).
 * A NULL string falls back to its environment variable (unless
 * OR_CLIENT_NO_ENV), then to the default:
 *   api_key         OPENROUTER_API_KEY                   (none: no Authorization)
 *   base_url        OPENROUTER_BASE_URL                  (OR_DEFAULT_BASE_URL)
 *   http_referer    OPENROUTER_HTTP_REFERER              (not sent)
 *   app_title       OPENROUTER_APP_TITLE or
 *                   OPENROUTER_X_OPEN_ROUTER_TITLE       (not sent)
 *   app_categories  OPENROUTER_APP_CATEGORIES or
 *                   OPENROUTER_X_OPEN_ROUTER_CATEGORIES  (not sent)
 */
typedef struct or_client_options {
	unsigned int version;
	const char *api_key;        /* "sk-or-..." ("Bearer " is added unless present) */
	const char *base_url;       /* a trailing '/' is ignored */
	const char *http_referer;   /* HTTP-Referer: your app's URL */
	const char *app_title;      /* X-OpenRouter-Title: your app's name */
	const char *app_categories; /* X-OpenRouter-Categories: "cli-agent,..." */
	const char *user_agent;     /* NULL: "speakeasy-sdk/c <ver> ... openrouter-c" */
	long timeout_ms;            /* whole request; 0 = no timeout (the default) */
	long connect_timeout_ms;    /* 0 = libcurl's default (300 s) */
	or_retry_policy retry;
	size_t max_body_bytes;      /* response size cap; 0 = OR_DEFAULT_MAX_BODY */
	unsigned int flags;         /* or_client_flags */
} or_client_options;

#define OR_CLIENT_OPTIONS_INIT \
	{ OR_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, \
	  OR_RETRY_POLICY_DEFAULT, 0, 0 }

/* Set up libcurl's global state. Optional, idempotent; call before threads.
 * Returns 0 or OR_E_NOMEM. */
OR_EXTERN int or_global_init(void);

/* Create a client. opts may be NULL (all defaults). Strings are copied.
 * Returns 0, OR_E_NOMEM, or OR_E_INVALID_ARG (bad version or base URL). */
OR_EXTERN int or_client_new(or_client **out, const or_client_options *opts);

/* Release a client. NULL is a no-op. Results it produced stay valid. */
OR_EXTERN void or_client_free(or_client *c);

/* The base URL in use (after environment and default). Borrowed. */
OR_EXTERN const char *or_client_base_url(const or_client *c);

/*
 * Detail of the client's last failed call, kept until the next call on it:
 *   errmsg      one line for humans, e.g. "HTTP 404: Model not found" or
 *               "connection refused (http://127.0.0.1:1/models)"; "" after success
 *   http_status the last HTTP status received, 0 when none (connection error)
 *   api_message the API's error.message, NULL when the body had none
 *   error_body  the raw response body of the failed call (NULL when none);
 *               *len (may be NULL) receives its length
 *   attempts    how many HTTP attempts the last call made (retries + 1)
 * All strings are borrowed from the client. NULL c gives "" / 0 / NULL.
 */
OR_EXTERN const char *or_client_errmsg(const or_client *c);
OR_EXTERN int or_client_errcode(const or_client *c);
OR_EXTERN int or_client_http_status(const or_client *c);
OR_EXTERN const char *or_client_api_message(const or_client *c);
OR_EXTERN const char *or_client_error_body(const or_client *c, size_t *len);
OR_EXTERN unsigned int or_client_attempts(const or_client *c);

/* The library version, "0.1.0". */
OR_EXTERN const char *or_version(void);

/* ---- per-call options ------------------------------------------------------ */

#define OR_CALL_OPTIONS_VERSION 1
#define OR_TIMEOUT_INHERIT (-1L)

/*
 * Overrides for one call (as the official SDKs' per-call options). Pass NULL
 * for none. NULL fields and OR_TIMEOUT_INHERIT inherit from the client.
 */
typedef struct or_call_options {
	unsigned int version;
	const or_retry_policy *retry; /* NULL: the client's policy */
	long timeout_ms;              /* OR_TIMEOUT_INHERIT, 0 = none, >0 ms */
	const char *base_url;
	const char *http_referer;
	const char *app_title;
	const char *app_categories;
	const char *bearer;           /* API key for this call (e.g. /models/user) */
} or_call_options;

#define OR_CALL_OPTIONS_INIT \
	{ OR_CALL_OPTIONS_VERSION, NULL, OR_TIMEOUT_INHERIT, NULL, NULL, NULL, NULL, NULL }

/* ---- requests --------------------------------------------------------------- */

#define OR_MODELS_LIST_REQUEST_VERSION 1

/*
 * GET /models query parameters: every one of the API's 31, all optional.
 * Unset (is_set 0 / NULL / 0) parameters are not sent. If neither offset nor
 * limit is set the server returns the whole list in one response. Prices are
 * USD per million tokens. Enumerated values are plain strings (open enums):
 *   category  programming roleplay marketing marketing/seo technology science
 *             translation legal finance health trivia academia
 *   sort      pricing-low-to-high pricing-high-to-low context-high-to-low
 *             throughput-high-to-low latency-low-to-high most-popular
 *             top-weekly newest intelligence-high-to-low coding-high-to-low
 *             agentic-high-to-low design-arena-elo-high-to-low
 *   region    eu us
 * Comma lists: supported_parameters ("tools,tool_choice"), output_modalities
 * ("text", "image", ... or "all"; the server defaults to "text"),
 * input_modalities, model_authors ("openai,anthropic"), providers ("OpenAI").
 * use_rss / use_rss_chat_links only apply to or_models_list_rss().
 */
typedef struct or_models_list_request {
	unsigned int version;
	or_opt_int offset;
	or_opt_int limit;                /* 1..1000 */
	const char *category;
	const char *supported_parameters;
	const char *output_modalities;
	const char *sort;
	const char *q;                   /* search in name or id */
	const char *input_modalities;
	or_opt_int context;              /* minimum context length */
	or_opt_num min_price, max_price; /* prompt, USD per 1M tokens */
	or_opt_num min_output_price, max_output_price;
	const char *arch;                /* model family (tokenizer), e.g. "GPT" */
	const char *model_authors;
	const char *providers;
	or_opt_bool distillable;
	int zdr;                         /* 1: only models with a ZDR endpoint */
	const char *region;
	or_opt_int min_age_days, max_age_days;
	or_opt_num min_intelligence_index, max_intelligence_index;
	or_opt_num min_coding_index, max_coding_index;
	or_opt_num min_agentic_index, max_agentic_index;
	or_opt_num min_tool_success_rate, max_tool_success_rate; /* 0..1 */
	int use_rss;
	int use_rss_chat_links;
} or_models_list_request;

#define OR_MODELS_LIST_REQUEST_INIT { .version = OR_MODELS_LIST_REQUEST_VERSION }

#define OR_MODELS_USER_REQUEST_VERSION 1

/* GET /models/user: paging plus output_modalities (sent by the TS SDK). */
typedef struct or_models_user_request {
	unsigned int version;
	or_opt_int offset;
	or_opt_int limit;
	const char *output_modalities;
} or_models_user_request;

#define OR_MODELS_USER_REQUEST_INIT { .version = OR_MODELS_USER_REQUEST_VERSION }

/*
 * The /models parameters as data: one row per parameter (API name, type, the
 * field's offset in or_models_list_request, a one-line description). Drives
 * query building, the CLI's flags and its --help. Static; never NULL.
 */
typedef enum or_param_type {
	OR_PARAM_INT,  /* or_opt_int */
	OR_PARAM_NUM,  /* or_opt_num */
	OR_PARAM_STR,  /* const char * */
	OR_PARAM_BOOL, /* or_opt_bool, sent as true/false */
	OR_PARAM_FLAG  /* int, sent as "true" when non-zero */
} or_param_type;

typedef struct or_param_info {
	const char *name;
	or_param_type type;
	size_t offset;
	const char *help;
} or_param_info;

OR_EXTERN const or_param_info *or_models_list_params(size_t *count);

/* Build the query string ("?a=1&b=x", or "" when nothing is set) that
 * or_models_list() would send. Caller frees *out with free(). Returns 0,
 * OR_E_NOMEM or OR_E_INVALID_ARG. Useful for logging and tests. */
OR_EXTERN int or_models_list_query(const or_models_list_request *req, char **out);

/* ---- results ---------------------------------------------------------------- */

/* A page of models (or the whole list). Owns its JSON; models[i] and every
 * string in it live until or_model_list_free(). Never pass models[i] to
 * or_model_free(). */
typedef struct or_model_list {
	or_model *models;
	size_t count;
	or_opt_int total_count;  /* models matching the filters, if the server said */
	const char *next;        /* links.next, NULL on the last page */
	void *internal;
} or_model_list;

/* The per-provider endpoints of one model (GET /models/{a}/{s}/endpoints). */
typedef struct or_endpoints {
	const char *id;
	const char *name;
	int64_t created;
	const char *description;
	or_architecture architecture;
	or_endpoint *endpoints;
	size_t count;
	void *internal;
} or_endpoints;

/* A list of endpoints (GET /endpoints/zdr). */
typedef struct or_endpoint_list {
	or_endpoint *endpoints;
	size_t count;
	void *internal;
} or_endpoint_list;

/* A list of providers (GET /providers). */
typedef struct or_provider_list {
	or_provider *providers;
	size_t count;
	void *internal;
} or_provider_list;

OR_EXTERN void or_model_list_free(or_model_list *l);
OR_EXTERN void or_endpoints_free(or_endpoints *e);
OR_EXTERN void or_endpoint_list_free(or_endpoint_list *l);
OR_EXTERN void or_provider_list_free(or_provider_list *l);

/* The whole response a result was decoded from, as compact JSON, unknown
 * fields included. Caller frees with free(); NULL on NULL or no memory. */
OR_EXTERN char *or_model_list_json(const or_model_list *l);
OR_EXTERN char *or_endpoints_json(const or_endpoints *e);
OR_EXTERN char *or_endpoint_list_json(const or_endpoint_list *l);
OR_EXTERN char *or_provider_list_json(const or_provider_list *l);

/*
 * Decode response bodies you already hold (a saved capture, a cache). The
 * operations below use the same decoders. Tolerant of drift: unknown fields,
 * nulls, wrong-typed and non-object items never fail (bad items are skipped).
 * Returns 0, OR_E_NOMEM, or OR_E_INVALID_RESPONSE when the text is not JSON
 * or lacks the `data` member of the right type.
 */
OR_EXTERN int or_model_list_parse(const char *json, size_t len, or_model_list **out);
OR_EXTERN int or_endpoints_parse(const char *json, size_t len, or_endpoints **out);
OR_EXTERN int or_endpoint_list_parse(const char *json, size_t len, or_endpoint_list **out);
OR_EXTERN int or_provider_list_parse(const char *json, size_t len, or_provider_list **out);

/* ---- operations --------------------------------------------------------------- */

/*
 * Each operation performs one API call (with retries), decodes the body and
 * stores the result in *out (set to NULL on failure). req and opts may be
 * NULL. Codes: OR_E_BAD_REQUEST (400), OR_E_UNAUTHORIZED (401),
 * OR_E_FORBIDDEN (403), OR_E_NOT_FOUND (404), OR_E_RATE_LIMITED (429),
 * OR_E_SERVER (500), OR_E_HTTP_OTHER (other 4XX/5XX), OR_E_CONNECTION,
 * OR_E_TIMEOUT, OR_E_INVALID_RESPONSE (not JSON / wrong shape),
 * OR_E_TOO_LARGE (over the body cap), OR_E_NOMEM, OR_E_INVALID_ARG.
 */

/* GET /models */
OR_EXTERN int or_models_list(or_client *c, const or_models_list_request *req,
			     const or_call_options *opts, or_model_list **out);

/* GET /models with use_rss=true: the RSS XML as sent. Caller frees *xml. */
OR_EXTERN int or_models_list_rss(or_client *c, const or_models_list_request *req,
				 const or_call_options *opts, char **xml, size_t *len);

/* GET /models/count; output_modalities may be NULL (server default "text"). */
OR_EXTERN int or_models_count(or_client *c, const char *output_modalities,
			      const or_call_options *opts, int64_t *count);

/* GET /model/{author}/{slug}: one model, freed with or_model_free(). */
OR_EXTERN int or_models_get(or_client *c, const char *author, const char *slug,
			    const or_call_options *opts, or_model **out);

/* Same, from a full id "author/slug" (split at the first '/'). */
OR_EXTERN int or_models_get_id(or_client *c, const char *id,
			       const or_call_options *opts, or_model **out);

/* GET /models/user (needs an API key: the client's or opts->bearer). */
OR_EXTERN int or_models_list_user(or_client *c, const or_models_user_request *req,
				  const or_call_options *opts, or_model_list **out);

/* GET /models/{author}/{slug}/endpoints */
OR_EXTERN int or_endpoints_list(or_client *c, const char *author, const char *slug,
				const or_call_options *opts, or_endpoints **out);
OR_EXTERN int or_endpoints_list_id(or_client *c, const char *id,
				   const or_call_options *opts, or_endpoints **out);

/* GET /endpoints/zdr */
OR_EXTERN int or_endpoints_list_zdr(or_client *c, const or_call_options *opts,
				    or_endpoint_list **out);

/* GET /providers */
OR_EXTERN int or_providers_list(or_client *c, const or_call_options *opts,
				or_provider_list **out);

/* ---- paging ------------------------------------------------------------------------ */

/*
 * Iterators follow the official SDKs' rule: request offset (default 0) and
 * limit (default 500); a page that is empty or shorter than limit is the last;
 * otherwise the next request has offset += the page's length. links.next and
 * total_count are not used. The iterator keeps pointers to c, req's strings
 * and opts (none are copied): they must outlive it. One iterator uses its
 * client like a call does (not concurrently with other calls on it).
 *
 * next() returns 0 with the next page/model, OR_E_ITER_END after the last, or
 * the failing call's code (detail on the client; calling next() again retries
 * the same page). A page or model is borrowed and valid until the following
 * next() or the iterator's free.
 */
typedef struct or_page_iter or_page_iter;

OR_EXTERN int or_models_pages(or_client *c, const or_models_list_request *req,
			      const or_call_options *opts, or_page_iter **out);
OR_EXTERN int or_models_user_pages(or_client *c, const or_models_user_request *req,
				   const or_call_options *opts, or_page_iter **out);
OR_EXTERN int or_page_iter_next(or_page_iter *it, const or_model_list **page);
OR_EXTERN void or_page_iter_free(or_page_iter *it);

typedef struct or_model_iter or_model_iter;

OR_EXTERN int or_models_iter(or_client *c, const or_models_list_request *req,
			     const or_call_options *opts, or_model_iter **out);
OR_EXTERN int or_model_iter_next(or_model_iter *it, const or_model **model);
OR_EXTERN void or_model_iter_free(or_model_iter *it);

#ifdef __cplusplus
}
#endif
#endif
