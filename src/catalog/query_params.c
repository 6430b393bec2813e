/*
 * query_params.c - the /models parameter table: one row per parameter
 * (name, type, range or enum, routes, doc, example). Parsing, validation,
 * the 400 messages, docs/query.md and the CLI all read this table.
 */
#include "catalog/query_int.h"

#define ALL_LIST QUERY_ON(QUERY_ROUTE_MODELS)
#define PAGING (QUERY_ON(QUERY_ROUTE_MODELS) | QUERY_ON(QUERY_ROUTE_USER))
#define OUTMOD (QUERY_ON(QUERY_ROUTE_MODELS) | QUERY_ON(QUERY_ROUTE_COUNT) | \
		QUERY_ON(QUERY_ROUTE_USER))
#define BIG 9007199254740991.0   /* 2^53 - 1 */

const char *const query_categories[] = {
	"programming", "roleplay", "marketing", "marketing/seo", "technology",
	"science", "translation", "legal", "finance", "health", "trivia",
	"academia", NULL
};

const char *const query_sorts[] = {
	"pricing-low-to-high", "pricing-high-to-low", "context-high-to-low",
	"throughput-high-to-low", "latency-low-to-high", "most-popular",
	"top-weekly", "newest", "intelligence-high-to-low", "coding-high-to-low",
	"agentic-high-to-low", "design-arena-elo-high-to-low", NULL
};

const char *const query_regions[] = { "eu", "us", NULL };

static const char *const output_modalities[] = {
	"text", "image", "embeddings", "audio", "video", "rerank", "speech",
	"transcription", "decisions", NULL
};
static const char *const input_modalities[] = {
	"text", "image", "file", "audio", "video", NULL
};
static const char *const only_true[] = { "true", NULL };

#define NUM(nm, lo, hi, doc, ex) { nm, QUERY_T_NUMBER, lo, hi, NULL, ALL_LIST, doc, ex }

static const query_param table[QP_COUNT] = {
	{ "offset", QUERY_T_INT, 0, BIG, NULL, PAGING,
	  "Records to skip (default 0). With neither offset nor limit the whole list is returned.",
	  "offset=500" },
	{ "limit", QUERY_T_INT, 1, 1000, NULL, PAGING,
	  "Page size, 1 to 1000 (default 500 when offset is given).", "limit=50" },
	{ "category", QUERY_T_ENUM, 0, 0, query_categories, ALL_LIST,
	  "Only models used in this category, most to least used unless sort is given.",
	  "category=programming" },
	{ "supported_parameters", QUERY_T_LIST, 0, 0, NULL, ALL_LIST,
	  "Comma list; the model supports ALL of them.",
	  "supported_parameters=tools,tool_choice" },
	{ "output_modalities", QUERY_T_LIST, 0, 0, output_modalities, OUTMOD,
	  "Comma list; the model outputs ANY of them (default text); `all` for every model.",
	  "output_modalities=text,image" },
	{ "sort", QUERY_T_ENUM, 0, 0, query_sorts, ALL_LIST,
	  "Order of the answer; models without the sort key come last, ties keep the default order.",
	  "sort=pricing-low-to-high" },
	{ "use_rss", QUERY_T_BOOL, 0, 0, NULL, ALL_LIST,
	  "true: answer with an RSS 2.0 feed of the selected models.", "use_rss=true" },
	{ "use_rss_chat_links", QUERY_T_BOOL, 0, 0, NULL, ALL_LIST,
	  "true: RSS item links go to the chat page instead of the model page.",
	  "use_rss=true&use_rss_chat_links=true" },
	{ "q", QUERY_T_TEXT, 0, 0, NULL, ALL_LIST,
	  "Search: every whitespace-separated term occurs in the name or id (ASCII case-insensitive).",
	  "q=claude+sonnet" },
	{ "input_modalities", QUERY_T_LIST, 0, 0, input_modalities, ALL_LIST,
	  "Comma list; the model accepts ALL of them.", "input_modalities=text,image" },
	{ "context", QUERY_T_INT, 1, BIG, NULL, ALL_LIST,
	  "Minimum context_length in tokens.", "context=128000" },
	NUM("min_price", 0, BIG, "Prompt price at least this, USD per million tokens.",
	    "min_price=0.5"),
	NUM("max_price", 0, BIG, "Prompt price at most this, USD per million tokens (max_price=0: free).",
	    "max_price=0"),
	NUM("min_output_price", 0, BIG, "Completion price at least this, USD per million tokens.",
	    "min_output_price=1"),
	NUM("max_output_price", 0, BIG, "Completion price at most this, USD per million tokens.",
	    "max_output_price=10"),
	{ "arch", QUERY_T_TEXT, 0, 0, NULL, ALL_LIST,
	  "Model family (architecture.tokenizer), case-insensitive prefix: Llama matches Llama3.",
	  "arch=llama" },
	{ "model_authors", QUERY_T_LIST, 0, 0, NULL, ALL_LIST,
	  "Comma list of authors (id part before '/'); ANY, case-insensitive.",
	  "model_authors=openai,anthropic" },
	{ "providers", QUERY_T_LIST, 0, 0, NULL, ALL_LIST,
	  "Comma list of provider names; the model has an endpoint at ANY of them (case-insensitive).",
	  "providers=OpenAI,Google%20Vertex" },
	{ "distillable", QUERY_T_BOOL, 0, 0, NULL, ALL_LIST,
	  "true: only distillable models; false: exclude distillable models.", "distillable=true" },
	{ "zdr", QUERY_T_ENUM, 0, 0, only_true, ALL_LIST,
	  "true: only models with at least one zero-data-retention endpoint.", "zdr=true" },
	{ "region", QUERY_T_ENUM, 0, 0, query_regions, ALL_LIST,
	  "Only models with an endpoint whose data stays in this region.", "region=eu" },
	{ "min_age_days", QUERY_T_INT, 0, BIG, NULL, ALL_LIST,
	  "Age (whole days since created) at least this.", "min_age_days=30" },
	{ "max_age_days", QUERY_T_INT, 0, BIG, NULL, ALL_LIST,
	  "Age (whole days since created) at most this.", "max_age_days=30" },
	NUM("min_intelligence_index", 0, BIG, "Artificial Analysis intelligence index at least this.",
	    "min_intelligence_index=50"),
	NUM("max_intelligence_index", 0, BIG, "Artificial Analysis intelligence index at most this.",
	    "max_intelligence_index=40"),
	NUM("min_coding_index", 0, BIG, "Artificial Analysis coding index at least this.",
	    "min_coding_index=45"),
	NUM("max_coding_index", 0, BIG, "Artificial Analysis coding index at most this.",
	    "max_coding_index=30"),
	NUM("min_agentic_index", 0, BIG, "Artificial Analysis agentic index at least this.",
	    "min_agentic_index=40"),
	NUM("max_agentic_index", 0, BIG, "Artificial Analysis agentic index at most this.",
	    "max_agentic_index=30"),
	NUM("min_tool_success_rate", 0, 1, "Share of tool requests ending in tool_calls at least this (0..1).",
	    "min_tool_success_rate=0.9"),
	NUM("max_tool_success_rate", 0, 1, "Share of tool requests ending in tool_calls at most this (0..1).",
	    "max_tool_success_rate=0.5"),
};

const query_param *query_params(size_t *n)
{
	if (n)
		*n = QP_COUNT;
	return table;
}
