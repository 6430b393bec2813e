/*
 * cli.h - shared pieces of the openrouter CLI: global options, the client,
 * option parsing helpers, exit codes and output sinks. The CLI uses only the
 * public SDK headers.
 */
#ifndef OR_CLI_H
#define OR_CLI_H

#include <stdio.h>

#include "openrouter/openrouter.h"

/* Documented exit codes (man/openrouter.1, docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_NOT_FOUND = 3,
	EXIT_AUTH = 4
};

typedef enum out_format { FMT_AUTO, FMT_TABLE, FMT_JSON, FMT_JSONL, FMT_CSV } out_format;

typedef struct cli {
	const char *base_url;
	const char *api_key;
	out_format format;
	long timeout_ms;
	int no_retry;
	long retry_time_s;    /* retry budget; -1 = the CLI default */
	or_client *client;
} cli;

/* Global options, accepted anywhere on the line. Text for --help. */
#define CLI_GLOBAL_HELP \
	"Global options:\n" \
	"  --base-url URL        API base URL (env OPENROUTER_BASE_URL; default " OR_DEFAULT_BASE_URL ")\n" \
	"  --api-key KEY         API key (env OPENROUTER_API_KEY)\n" \
	"  --format FMT          table, json, jsonl or csv (default: table on a terminal, else json)\n" \
	"  --timeout MS          request timeout in milliseconds (default: none)\n" \
	"  --retry-time S        give up retrying 5XX and connection errors after S\n" \
	"                        seconds (default 30; the SDK's own default is 1 h)\n" \
	"  --no-retry            do not retry 5XX and connection errors\n" \
	"  -h, --help            this help\n" \
	"  --version             print the version\n"

/*
 * Option parsing: argv[*i] is examined; on a match *i is advanced past the
 * option and its value. cli_opt_value() matches "--name VALUE" and
 * "--name=VALUE" (returns 1, 0 when argv[*i] is another option, -1 on a
 * missing value, already reported). cli_global() handles the global options
 * (1 consumed, 0 not global, -1 usage error, already reported).
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);
int cli_global(cli *g, int argc, char **argv, int *i);
int cli_is_help(const char *arg);

/* Print "openrouter: ..." to stderr and return EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse numbers strictly; return 0 or -1 (reported as usage errors). */
int cli_parse_int(const char *opt, const char *s, long long *out);
int cli_parse_num(const char *opt, const char *s, double *out);

/* Create g->client from the global options. Returns an exit code. */
int cli_connect(cli *g);

/* Report the failed call's error (subject: the model id or NULL) and map
 * its code to an exit code. */
int cli_fail(cli *g, int rc, const char *subject);

/* The format to use (FMT_AUTO resolved against isatty(stdout)). */
out_format cli_format(const cli *g);

/* ---- output sinks (out.c) ---- */
typedef enum out_kind { OUT_MODELS, OUT_ENDPOINTS, OUT_PROVIDERS } out_kind;

typedef struct out_sink {
	out_format fmt;
	out_kind kind;
	size_t n;
} out_sink;

void out_begin(out_sink *o, out_format fmt, out_kind kind);
void out_model(out_sink *o, const or_model *m);
void out_endpoint(out_sink *o, const or_endpoint *e);
void out_provider(out_sink *o, const or_provider *p);
void out_end(out_sink *o);

/* One model in detail (table) or as JSON. */
void out_model_detail(out_format fmt, const or_model *m);

/* USD per token price -> text per million tokens ("0.15", "var", "-"). */
void out_price_per_m(const or_price *p, char *buf, size_t size);

/* ---- commands ---- */
int cmd_models(cli *g, int argc, char **argv);
int cmd_providers(cli *g, int argc, char **argv);
int cmd_endpoints(cli *g, int argc, char **argv);

#endif
