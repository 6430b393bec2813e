/* out.c - the CLI's output sinks: fixed-width tables (prices per million
 * tokens), JSON arrays, JSON lines and CSV, streamed item by item. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXCOLS 8
#define CELL 256

typedef struct column {
	const char *title;
	int width; /* table width; the last column is not padded */
} column;

static const column model_cols[] = {
	{ "ID", 44 }, { "CONTEXT", 9 }, { "$/M IN", 10 }, { "$/M OUT", 10 }, { "NAME", 0 }
};
static const column endpoint_cols[] = {
	{ "PROVIDER", 22 }, { "TAG", 26 }, { "QUANT", 8 }, { "CONTEXT", 9 },
	{ "$/M IN", 10 }, { "$/M OUT", 10 }, { "UPTIME", 7 }, { "MODEL", 0 }
};
static const column provider_cols[] = {
	{ "SLUG", 24 }, { "NAME", 28 }, { "HQ", 4 }, { "DATACENTERS", 0 }
};

static const column *cols_of(out_kind k, size_t *n)
{
	switch (k) {
	case OUT_MODELS: *n = sizeof(model_cols) / sizeof(model_cols[0]); return model_cols;
	case OUT_ENDPOINTS: *n = sizeof(endpoint_cols) / sizeof(endpoint_cols[0]); return endpoint_cols;
	case OUT_PROVIDERS: break;
	}
	*n = sizeof(provider_cols) / sizeof(provider_cols[0]);
	return provider_cols;
}

void out_price_per_m(const or_price *p, char *buf, size_t size)
{
	if (p->is_variable)
		snprintf(buf, size, "var");
	else if (!p->text)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.6g", p->value * 1e6);
}

static void opt_int_text(or_opt_int v, char *buf, size_t size)
{
	if (v.is_set)
		snprintf(buf, size, "%lld", (long long)v.value);
	else
		snprintf(buf, size, "-");
}

static void csv_cell(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void header(const out_sink *o)
{
	size_t n, i;
	const column *c = cols_of(o->kind, &n);

	for (i = 0; i < n; i++) {
		if (o->fmt == FMT_CSV) {
			char low[64];
			size_t j;
			for (j = 0; c[i].title[j] && j + 1 < sizeof(low); j++)
				low[j] = c[i].title[j] == ' ' ? '_' :
					 (c[i].title[j] == '$' ? 'u' : (char)(c[i].title[j] | 0x20));
			low[j] = '\0';
			if (i)
				putchar(',');
			fputs(!strcmp(c[i].title, "$/M IN") ? "usd_per_m_in" :
			      !strcmp(c[i].title, "$/M OUT") ? "usd_per_m_out" : low, stdout);
		} else {
			if (i + 1 < n)
				printf("%-*s ", c[i].width, c[i].title);
			else
				fputs(c[i].title, stdout);
		}
	}
	putchar('\n');
}

void out_begin(out_sink *o, out_format fmt, out_kind kind)
{
	o->fmt = fmt;
	o->kind = kind;
	o->n = 0;
	if (fmt == FMT_TABLE || fmt == FMT_CSV)
		header(o);
	else if (fmt == FMT_JSON)
		putchar('[');
}

/* Emit one row of cells (table or CSV). */
static void row(const out_sink *o, char cells[][CELL])
{
	size_t n, i;
	const column *c = cols_of(o->kind, &n);

	for (i = 0; i < n; i++) {
		if (o->fmt == FMT_CSV) {
			if (i)
				putchar(',');
			csv_cell(cells[i]);
		} else if (i + 1 < n) {
			printf("%-*s ", c[i].width, cells[i]); /* never truncated */
		} else {
			fputs(cells[i], stdout);
		}
	}
	putchar('\n');
}

/* JSON item (array element or line); takes ownership of json. */
static void json_item(out_sink *o, char *json)
{
	if (o->fmt == FMT_JSON && o->n)
		putchar(',');
	fputs(json ? json : "null", stdout);
	if (o->fmt == FMT_JSONL)
		putchar('\n');
	free(json);
}

void out_model(out_sink *o, const or_model *m)
{
	char cells[MAXCOLS][CELL];

	if (o->fmt == FMT_JSON || o->fmt == FMT_JSONL) {
		json_item(o, or_model_json(m));
	} else {
		snprintf(cells[0], CELL, "%s", m->id ? m->id : "");
		opt_int_text(m->context_length, cells[1], CELL);
		out_price_per_m(&m->pricing.prompt, cells[2], CELL);
		out_price_per_m(&m->pricing.completion, cells[3], CELL);
		snprintf(cells[4], CELL, "%s", m->name ? m->name : "");
		row(o, cells);
	}
	o->n++;
}

void out_endpoint(out_sink *o, const or_endpoint *e)
{
	char cells[MAXCOLS][CELL];

	if (o->fmt == FMT_JSON || o->fmt == FMT_JSONL) {
		json_item(o, or_endpoint_json(e));
	} else {
		snprintf(cells[0], CELL, "%s", e->provider_name ? e->provider_name : "");
		snprintf(cells[1], CELL, "%s", e->tag ? e->tag : "");
		snprintf(cells[2], CELL, "%s", e->quantization ? e->quantization : "-");
		opt_int_text(e->context_length, cells[3], CELL);
		out_price_per_m(&e->pricing.prompt, cells[4], CELL);
		out_price_per_m(&e->pricing.completion, cells[5], CELL);
		if (e->uptime_last_30m.is_set)
			snprintf(cells[6], CELL, "%.1f%%", e->uptime_last_30m.value);
		else
			snprintf(cells[6], CELL, "-");
		snprintf(cells[7], CELL, "%s", e->model_id ? e->model_id : "");
		row(o, cells);
	}
	o->n++;
}

void out_provider(out_sink *o, const or_provider *p)
{
	char cells[MAXCOLS][CELL];
	size_t i, len = 0;

	if (o->fmt == FMT_JSON || o->fmt == FMT_JSONL) {
		json_item(o, or_provider_json(p));
	} else {
		snprintf(cells[0], CELL, "%s", p->slug ? p->slug : "");
		snprintf(cells[1], CELL, "%s", p->name ? p->name : "");
		snprintf(cells[2], CELL, "%s", p->headquarters ? p->headquarters : "-");
		cells[3][0] = '\0';
		for (i = 0; i < p->datacenters.count && len + 4 < CELL; i++)
			len += (size_t)snprintf(cells[3] + len, CELL - len, "%s%s", i ? " " : "",
						p->datacenters.items[i]);
		row(o, cells);
	}
	o->n++;
}

void out_end(out_sink *o)
{
	if (o->fmt == FMT_JSON)
		fputs("]\n", stdout);
}

static void list_line(const char *label, const or_str_list *l)
{
	size_t i;

	printf("%-20s", label);
	if (l->is_null)
		fputs("-", stdout);
	for (i = 0; i < l->count; i++)
		printf("%s%s", i ? ", " : "", l->items[i]);
	putchar('\n');
}

void out_model_detail(out_format fmt, const or_model *m)
{
	char a[64], b[64];
	char date[32] = "-";
	time_t t = (time_t)m->created;
	struct tm tm;

	if (fmt != FMT_TABLE) {
		char *json = or_model_json(m);
		if (fmt == FMT_CSV) {
			out_sink o;
			out_begin(&o, FMT_CSV, OUT_MODELS);
			out_model(&o, m);
		} else {
			puts(json ? json : "null");
		}
		free(json);
		return;
	}
	if (gmtime_r(&t, &tm))
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	printf("%-20s%s\n", "id", m->id ? m->id : "");
	printf("%-20s%s\n", "name", m->name ? m->name : "");
	printf("%-20s%s\n", "canonical slug", m->canonical_slug ? m->canonical_slug : "-");
	printf("%-20s%s\n", "created", date);
	opt_int_text(m->context_length, a, sizeof(a));
	printf("%-20s%s\n", "context", a);
	out_price_per_m(&m->pricing.prompt, a, sizeof(a));
	out_price_per_m(&m->pricing.completion, b, sizeof(b));
	printf("%-20s%s in, %s out (USD per 1M tokens)\n", "price", a, b);
	printf("%-20s%s\n", "modality", m->architecture.modality ? m->architecture.modality : "-");
	printf("%-20s%s\n", "tokenizer", m->architecture.tokenizer ? m->architecture.tokenizer : "-");
	list_line("supported params", &m->supported_parameters);
	if (m->knowledge_cutoff)
		printf("%-20s%s\n", "knowledge cutoff", m->knowledge_cutoff);
	if (m->expiration_date)
		printf("%-20s%s\n", "expires", m->expiration_date);
	if (m->alias_target_slug)
		printf("%-20s%s\n", "alias of", m->alias_target_slug);
	if (m->description)
		printf("\n%s\n", m->description);
}
