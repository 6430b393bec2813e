/* query.c - the /models parameter table (one row per API parameter) and the
 * query string built from an or_models_list_request by walking it. */
#include "lib/lib.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define F(name, type, help) { #name, type, offsetof(or_models_list_request, name), help }

static const or_param_info params[] = {
	F(offset, OR_PARAM_INT, "models to skip (>= 0)"),
	F(limit, OR_PARAM_INT, "page size, 1..1000"),
	F(category, OR_PARAM_STR, "programming, roleplay, marketing, marketing/seo, technology, science, "
				  "translation, legal, finance, health, trivia, academia"),
	F(supported_parameters, OR_PARAM_STR, "comma list of parameters every model must support, e.g. tools"),
	F(output_modalities, OR_PARAM_STR, "comma list of output modalities, or all (default text)"),
	F(sort, OR_PARAM_STR, "pricing-low-to-high, pricing-high-to-low, context-high-to-low, "
			      "throughput-high-to-low, latency-low-to-high, most-popular, top-weekly, newest, "
			      "intelligence-high-to-low, coding-high-to-low, agentic-high-to-low, "
			      "design-arena-elo-high-to-low"),
	F(use_rss, OR_PARAM_FLAG, "RSS XML instead of JSON"),
	F(use_rss_chat_links, OR_PARAM_FLAG, "RSS item links point to the chat"),
	F(q, OR_PARAM_STR, "search text in model name or id"),
	F(input_modalities, OR_PARAM_STR, "comma list of input modalities: text, image, audio, file, video"),
	F(context, OR_PARAM_INT, "minimum context length in tokens"),
	F(min_price, OR_PARAM_NUM, "minimum prompt price, USD per 1M tokens"),
	F(max_price, OR_PARAM_NUM, "maximum prompt price, USD per 1M tokens"),
	F(min_output_price, OR_PARAM_NUM, "minimum completion price, USD per 1M tokens"),
	F(max_output_price, OR_PARAM_NUM, "maximum completion price, USD per 1M tokens"),
	F(arch, OR_PARAM_STR, "model family (tokenizer), e.g. GPT, Claude, Llama3"),
	F(model_authors, OR_PARAM_STR, "comma list of author slugs, e.g. openai,anthropic"),
	F(providers, OR_PARAM_STR, "comma list of provider names, e.g. OpenAI,Anthropic"),
	F(distillable, OR_PARAM_BOOL, "true: only distillable models; false: exclude them"),
	F(zdr, OR_PARAM_FLAG, "only models with a zero-data-retention endpoint"),
	F(region, OR_PARAM_STR, "only models with endpoints in this region: eu, us"),
	F(min_age_days, OR_PARAM_INT, "minimum days since the model was added"),
	F(max_age_days, OR_PARAM_INT, "maximum days since the model was added"),
	F(min_intelligence_index, OR_PARAM_NUM, "minimum Artificial Analysis intelligence index"),
	F(max_intelligence_index, OR_PARAM_NUM, "maximum Artificial Analysis intelligence index"),
	F(min_coding_index, OR_PARAM_NUM, "minimum Artificial Analysis coding index"),
	F(max_coding_index, OR_PARAM_NUM, "maximum Artificial Analysis coding index"),
	F(min_agentic_index, OR_PARAM_NUM, "minimum Artificial Analysis agentic index"),
	F(max_agentic_index, OR_PARAM_NUM, "maximum Artificial Analysis agentic index"),
	F(min_tool_success_rate, OR_PARAM_NUM, "minimum tool-call success rate, 0..1"),
	F(max_tool_success_rate, OR_PARAM_NUM, "maximum tool-call success rate, 0..1"),
};

const or_param_info *or_models_list_params(size_t *count)
{
	if (count)
		*count = sizeof(params) / sizeof(params[0]);
	return params;
}

static int put_key(buf *b, const char *name)
{
	if (buf_putc(b, b->len ? '&' : '?') < 0 || buf_puts(b, name) < 0 || buf_putc(b, '=') < 0)
		return -1;
	return 0;
}

/* Append one parameter (if set) to the query in b. */
static int put_param(buf *b, const or_param_info *p, const char *base)
{
	const void *field = base + p->offset;
	char num[64];

	switch (p->type) {
	case OR_PARAM_INT: {
		const or_opt_int *v = field;
		if (!v->is_set)
			return 0;
		snprintf(num, sizeof(num), "%lld", (long long)v->value);
		return put_key(b, p->name) < 0 ? -1 : buf_puts(b, num);
	}
	case OR_PARAM_NUM: {
		const or_opt_num *v = field;
		if (!v->is_set)
			return 0;
		snprintf(num, sizeof(num), "%.15g", v->value);
		return put_key(b, p->name) < 0 ? -1 : buf_puts(b, num);
	}
	case OR_PARAM_STR: {
		const char *const *v = field;
		if (!*v)
			return 0;
		return put_key(b, p->name) < 0 ? -1 : or__escape(b, *v);
	}
	case OR_PARAM_BOOL: {
		const or_opt_bool *v = field;
		if (!v->is_set)
			return 0;
		return put_key(b, p->name) < 0 ? -1 : buf_puts(b, v->value ? "true" : "false");
	}
	case OR_PARAM_FLAG: {
		const int *v = field;
		if (!*v)
			return 0;
		return put_key(b, p->name) < 0 ? -1 : buf_puts(b, "true");
	}
	}
	return 0;
}

/* The query for req into b, which must be empty (the first parameter gets
 * '?'); rss selects whether use_rss* are sent. */
int or__models_query(buf *b, const or_models_list_request *req, int rss)
{
	size_t i, n;
	const or_param_info *p = or_models_list_params(&n);

	if (!req)
		return 0;
	if (req->version < 1 || req->version > OR_MODELS_LIST_REQUEST_VERSION)
		return OR_E_INVALID_ARG;
	for (i = 0; i < n; i++) {
		if (!rss && p[i].type == OR_PARAM_FLAG && p[i].name[0] == 'u')
			continue; /* use_rss*: only or_models_list_rss() */
		if (put_param(b, &p[i], (const char *)req) < 0)
			return b->overflow ? OR_E_INVALID_ARG : OR_E_NOMEM;
	}
	return 0;
}

int or_models_list_query(const or_models_list_request *req, char **out)
{
	buf b = BUF_INIT(65536);
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	if ((rc = or__models_query(&b, req, 1)) < 0) {
		buf_free(&b);
		return rc;
	}
	*out = buf_detach(&b, NULL);
	return *out ? OR_OK : OR_E_NOMEM;
}
