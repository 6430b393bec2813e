/*
 * openrouter/model.h - the one definition of a model, endpoint and provider.
 *
 * These are the typed views that libopenrouter returns and that openrouterd
 * serves from. Each value is decoded from, and owned together with, the JSON it
 * came from: every string is borrowed from that JSON and lives as long as the
 * object that holds it (an or_model, an or_endpoints, an or_provider_list ...).
 * Unknown fields are never lost: or_model_json() gives back the whole object,
 * new upstream fields included, and or_model_field_json() any single field.
 *
 * Nullable values are distinguishable from zero: each optional scalar carries
 * an `is_set` flag (0 when the field was absent or null).
 */
#ifndef OPENROUTER_MODEL_H
#define OPENROUTER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef OR_EXTERN
#define OR_EXTERN __attribute__((visibility("default")))
#endif

/* An integer that may be absent or null. */
typedef struct or_opt_int {
	int64_t value;
	int is_set;
} or_opt_int;

/* A number that may be absent or null. */
typedef struct or_opt_num {
	double value;
	int is_set;
} or_opt_num;

/* A boolean that may be absent or null. */
typedef struct or_opt_bool {
	int value;
	int is_set;
} or_opt_bool;

/* A list of strings. is_null is set when the JSON value was null (or absent
 * where the schema allows null); otherwise items[0..count) are valid. */
typedef struct or_str_list {
	const char **items;
	size_t count;
	int is_null;
} or_str_list;

/*
 * A price: the exact decimal string the API sent (USD, per token unless the
 * field says otherwise) and its value as a number. The API marks prices
 * decided at routing time (routers such as openrouter/auto) with "-1": those
 * have is_variable set and value 0, never a negative price.
 */
typedef struct or_price {
	const char *text;  /* NULL when absent or null */
	double value;      /* parsed text; 0 when absent or variable */
	int is_variable;
} or_price;

typedef struct or_pricing {
	or_price prompt, completion, request, image, image_token, image_output;
	or_price audio, audio_output, input_audio_cache, web_search;
	or_price internal_reasoning, input_cache_read, input_cache_write;
	or_price input_cache_write_1h;
	or_opt_num discount;      /* 0..1 */
	size_t override_count;    /* conditional prices; see or_pricing_override */
	struct or_pricing_override *overrides;
} or_pricing;

/* A conditional price: applies when every set condition holds. */
typedef struct or_pricing_override {
	or_opt_num min_prompt_tokens; /* applies when prompt tokens exceed it */
	or_opt_int utc_start;         /* HHMM, inclusive */
	or_opt_int utc_end;           /* HHMM, exclusive; may wrap midnight */
	or_price prompt, completion, audio, input_audio_cache;
	or_price input_cache_read, input_cache_write, input_cache_write_1h;
} or_pricing_override;

typedef struct or_architecture {
	const char *modality;       /* "text+image->text"; NULL when null */
	or_str_list input_modalities;
	or_str_list output_modalities;
	const char *tokenizer;      /* model family (ModelGroup); open enum */
	const char *instruct_type;  /* NULL when null or absent */
} or_architecture;

typedef struct or_top_provider {
	int is_moderated;
	or_opt_int context_length;
	or_opt_int max_completion_tokens;
} or_top_provider;

typedef struct or_per_request_limits {
	int is_set;
	double prompt_tokens, completion_tokens;
} or_per_request_limits;

typedef struct or_default_parameters {
	int is_set; /* 0 when the whole object is null or absent */
	or_opt_num temperature, top_p, top_k, frequency_penalty;
	or_opt_num presence_penalty, repetition_penalty;
} or_default_parameters;

typedef struct or_reasoning {
	int is_set;               /* 0: the model does not reason */
	int mandatory;
	or_opt_bool default_enabled;
	const char *default_effort;   /* NULL when null or absent */
	or_str_list supported_efforts; /* is_null: any effort */
	int supports_max_tokens;
} or_reasoning;

typedef struct or_design_arena_entry {
	const char *arena;    /* "models", "builders", "agents", ... */
	const char *category; /* "website", "gamedev", ... */
	double elo, win_rate;
	int64_t rank;
} or_design_arena_entry;

typedef struct or_benchmarks {
	int is_set;
	size_t design_arena_count;
	or_design_arena_entry *design_arena;
	int has_artificial_analysis;
	or_opt_num intelligence_index, coding_index, agentic_index;
} or_benchmarks;

typedef struct or_model {
	const char *id;              /* "openai/gpt-4o", "~anthropic/claude-latest" */
	const char *canonical_slug;  /* permaslug, often dated */
	const char *name;
	int64_t created;             /* unix seconds */
	const char *description;     /* NULL when absent */
	or_pricing pricing;
	or_opt_int context_length;
	or_architecture architecture;
	or_top_provider top_provider;
	or_per_request_limits per_request_limits;
	or_str_list supported_parameters;
	or_default_parameters default_parameters;
	or_str_list supported_voices;
	const char *links_details;   /* relative path of the endpoints listing */
	const char *hugging_face_id; /* NULL when null, absent or empty */
	const char *expiration_date; /* YYYY-MM-DD or NULL */
	const char *knowledge_cutoff;
	or_reasoning reasoning;
	or_benchmarks benchmarks;
	const char *alias_target_slug; /* set only on ~author/...-latest aliases */
	const char *alias_target_name;
	void *internal;              /* the owning JSON; do not touch */
} or_model;

/* Percentile statistics (latency in ms, throughput in tokens/s). */
typedef struct or_percentiles {
	int is_set;
	double p50, p75, p90, p99;
} or_percentiles;

typedef struct or_endpoint {
	const char *name;
	const char *model_id;
	const char *model_name;
	or_opt_int context_length;
	or_pricing pricing;
	const char *provider_name;
	const char *tag;
	const char *quantization;     /* open enum; NULL when null */
	or_opt_int max_completion_tokens;
	or_opt_int max_prompt_tokens;
	or_str_list supported_parameters;
	or_opt_int status;
	or_opt_num uptime_last_5m, uptime_last_30m, uptime_last_1d;
	int supports_implicit_caching;
	or_percentiles latency_last_30m;
	or_percentiles throughput_last_30m;
	int supports_voice_cloning;
	struct {
		int is_set;
		int auto_, function, none, required;
	} supports_tool_choice;
	void *internal;
} or_endpoint;

typedef struct or_provider {
	const char *name;
	const char *slug;
	const char *privacy_policy_url;
	const char *terms_of_service_url;
	const char *status_page_url;
	const char *headquarters;
	or_str_list datacenters;
	void *internal;
} or_provider;

/* Decode one model from JSON text (len bytes, need not be NUL-terminated).
 * On success *out is a new model the caller frees with or_model_free().
 * Tolerant of drift: unknown fields, nulls and new enum values never fail.
 * Returns 0, or OR_E_INVALID_RESPONSE (see openrouter/errors.h) when the text
 * is not JSON or not an object. */
OR_EXTERN int or_model_parse(const char *json, size_t len, or_model **out);

/* Free a model from or_model_parse(). NULL is a no-op. */
OR_EXTERN void or_model_free(or_model *m);

/* The whole model as compact JSON, unknown fields included. The caller frees
 * the result with free(). NULL on allocation failure. */
OR_EXTERN char *or_model_json(const or_model *m);

/* One top-level field of the model as compact JSON (e.g. a field this
 * version does not know yet). Caller frees with free(); NULL when absent. */
OR_EXTERN char *or_model_field_json(const or_model *m, const char *field);

/* Same for endpoints and providers. */
OR_EXTERN char *or_endpoint_json(const or_endpoint *e);
OR_EXTERN char *or_provider_json(const or_provider *p);

/* The author part of an id ("openai" of "openai/gpt-4o") into buf; returns
 * the length, or 0 when the id has no '/'. Never writes more than size bytes. */
OR_EXTERN size_t or_model_author(const or_model *m, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
