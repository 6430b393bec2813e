/* main.c - openrouter: the command-line door to the Models API. Dispatches
 * to the command files, holds global options, maps SDK codes to exit codes. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: openrouter [global options] COMMAND [options]\n"
	"\n"
	"Commands:\n"
	"  models list            list models (every /models filter as a flag)\n"
	"  models count           count models\n"
	"  models get ID          one model, e.g. openai/gpt-4o\n"
	"  models endpoints ID    the provider endpoints of a model\n"
	"  models user            models available to your API key\n"
	"  providers              list providers\n"
	"  endpoints zdr          zero-data-retention endpoints\n"
	"\n" CLI_GLOBAL_HELP
	"\n"
	"Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication.\n"
	"Run 'openrouter COMMAND --help' for a command's options.\n";

int cli_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("openrouter: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, "--", 2) || strncmp(a + 2, name, n))
		return 0;
	if (a[2 + n] == '=') {
		*val = a + 3 + n;
		(*i)++;
		return 1;
	}
	if (a[2 + n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_usage("option '--%s' needs a value", name);
		return -1;
	}
	*val = argv[*i + 1];
	*i += 2;
	return 1;
}

int cli_parse_int(const char *opt, const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || end == s || *end) {
		cli_usage("option '--%s' wants an integer, not '%s'", opt, s);
		return -1;
	}
	return 0;
}

int cli_parse_num(const char *opt, const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end) {
		cli_usage("option '--%s' wants a number, not '%s'", opt, s);
		return -1;
	}
	return 0;
}

int cli_global(cli *g, int argc, char **argv, int *i)
{
	const char *v;
	long long n;
	int r;

	if ((r = cli_opt_value(argc, argv, i, "base-url", &g->base_url)) != 0)
		return r;
	if ((r = cli_opt_value(argc, argv, i, "api-key", &g->api_key)) != 0)
		return r;
	if ((r = cli_opt_value(argc, argv, i, "format", &v)) != 0) {
		if (r < 0)
			return r;
		if (!strcmp(v, "table"))
			g->format = FMT_TABLE;
		else if (!strcmp(v, "json"))
			g->format = FMT_JSON;
		else if (!strcmp(v, "jsonl"))
			g->format = FMT_JSONL;
		else if (!strcmp(v, "csv"))
			g->format = FMT_CSV;
		else
			return cli_usage("unknown format '%s' (table, json, jsonl, csv)", v), -1;
		return 1;
	}
	if ((r = cli_opt_value(argc, argv, i, "timeout", &v)) != 0) {
		if (r < 0 || cli_parse_int("timeout", v, &n) < 0)
			return -1;
		if (n < 0)
			return cli_usage("option '--timeout' must be >= 0"), -1;
		g->timeout_ms = (long)n;
		return 1;
	}
	if ((r = cli_opt_value(argc, argv, i, "retry-time", &v)) != 0) {
		if (r < 0 || cli_parse_int("retry-time", v, &n) < 0)
			return -1;
		if (n < 0)
			return cli_usage("option '--retry-time' must be >= 0"), -1;
		g->retry_time_s = (long)n;
		return 1;
	}
	if (!strcmp(argv[*i], "--no-retry")) {
		g->no_retry = 1;
		(*i)++;
		return 1;
	}
	return 0;
}

out_format cli_format(const cli *g)
{
	if (g->format != FMT_AUTO)
		return g->format;
	return isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_JSON;
}

int cli_connect(cli *g)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	int rc;

	o.base_url = g->base_url;
	o.api_key = g->api_key;
	o.timeout_ms = g->timeout_ms;
	/* The SDK keeps the official one-hour retry budget; a command someone
	 * waits for at a prompt gives up sooner (--retry-time). */
	o.retry.max_elapsed_ms = (unsigned long)(g->retry_time_s >= 0 ? g->retry_time_s : 30) * 1000;
	if (g->no_retry || g->retry_time_s == 0)
		o.retry.strategy = OR_RETRY_NONE;
	rc = or_client_new(&g->client, &o);
	if (rc == OR_E_INVALID_ARG)
		return cli_usage("invalid base URL '%s'", g->base_url ? g->base_url : "");
	if (rc < 0) {
		fprintf(stderr, "openrouter: %s\n", or_strerror(rc));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int cli_fail(cli *g, int rc, const char *subject)
{
	const char *api = or_client_api_message(g->client);

	switch (rc) {
	case OR_E_NOT_FOUND:
		if (subject)
			fprintf(stderr, "openrouter: no model '%s'\n", subject);
		else
			fprintf(stderr, "openrouter: not found: %s\n", api ? api : or_client_errmsg(g->client));
		return EXIT_NOT_FOUND;
	case OR_E_UNAUTHORIZED:
	case OR_E_FORBIDDEN:
		fprintf(stderr, "openrouter: %s: %s (set OPENROUTER_API_KEY or --api-key)\n",
			rc == OR_E_UNAUTHORIZED ? "not authenticated" : "forbidden",
			api ? api : or_client_errmsg(g->client));
		return EXIT_AUTH;
	case OR_E_BAD_REQUEST:
		fprintf(stderr, "openrouter: bad request: %s\n", api ? api : or_client_errmsg(g->client));
		return EXIT_ERROR;
	default:
		fprintf(stderr, "openrouter: %s\n",
			*or_client_errmsg(g->client) ? or_client_errmsg(g->client) : or_strerror(rc));
		return EXIT_ERROR;
	}
}

int main(int argc, char **argv)
{
	cli g = { NULL, NULL, FMT_AUTO, 0, 0, -1, NULL };
	int i = 1, r, rc;
	const char *cmd = NULL;

	/* global options before the command */
	while (i < argc && argv[i][0] == '-') {
		if (cli_is_help(argv[i])) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("openrouter %s (libopenrouter %s)\n", OR_VERSION, or_version());
			return EXIT_OK;
		}
		if ((r = cli_global(&g, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage("unknown option '%s' (see --help)", argv[i]);
	}
	if (i >= argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[i++];
	if (!strcmp(cmd, "models"))
		rc = cmd_models(&g, argc - i, argv + i);
	else if (!strcmp(cmd, "providers"))
		rc = cmd_providers(&g, argc - i, argv + i);
	else if (!strcmp(cmd, "endpoints"))
		rc = cmd_endpoints(&g, argc - i, argv + i);
	else if (!strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		rc = EXIT_OK;
	} else
		rc = cli_usage("unknown command '%s' (see --help)", cmd);
	or_client_free(g.client);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "openrouter: cannot write output\n");
		rc = EXIT_ERROR;
	}
	return rc;
}
