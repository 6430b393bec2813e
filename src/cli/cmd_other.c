/* cmd_other.c - `openrouter providers` and `openrouter endpoints zdr`. */
#include "cli/cli.h"

#include <string.h>

/* Only global options and --help; returns an exit code, or -1 to go on. */
static int no_args(cli *g, int argc, char **argv, const char *help)
{
	int i = 0, r;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			fputs("\n" CLI_GLOBAL_HELP, stdout);
			return EXIT_OK;
		}
		if ((r = cli_global(g, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (!r)
			return cli_usage("unexpected argument '%s' (see --help)", argv[i]);
	}
	return -1;
}

int cmd_providers(cli *g, int argc, char **argv)
{
	or_provider_list *l = NULL;
	out_sink o;
	size_t i;
	int rc;

	if ((rc = no_args(g, argc, argv,
			  "usage: openrouter providers\n\nList providers (GET /providers).\n")) >= 0)
		return rc;
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if ((rc = or_providers_list(g->client, NULL, &l)) < 0)
		return cli_fail(g, rc, NULL);
	out_begin(&o, cli_format(g), OUT_PROVIDERS);
	for (i = 0; i < l->count; i++)
		out_provider(&o, &l->providers[i]);
	out_end(&o);
	or_provider_list_free(l);
	return EXIT_OK;
}

int cmd_endpoints(cli *g, int argc, char **argv)
{
	or_endpoint_list *l = NULL;
	out_sink o;
	size_t i;
	int rc;

	if (argc < 1 || cli_is_help(argv[0])) {
		fputs("usage: openrouter endpoints zdr\n\n"
		      "Endpoints with zero data retention (GET /endpoints/zdr).\n"
		      "For one model's endpoints see 'openrouter models endpoints'.\n", argc ? stdout : stderr);
		return argc ? EXIT_OK : EXIT_USAGE;
	}
	if (strcmp(argv[0], "zdr"))
		return cli_usage("unknown command 'endpoints %s' (see 'openrouter endpoints --help')", argv[0]);
	if ((rc = no_args(g, argc - 1, argv + 1,
			  "usage: openrouter endpoints zdr\n\n"
			  "Endpoints with zero data retention (GET /endpoints/zdr).\n"
			  "Prices are USD per million tokens.\n")) >= 0)
		return rc;
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if ((rc = or_endpoints_list_zdr(g->client, NULL, &l)) < 0)
		return cli_fail(g, rc, NULL);
	out_begin(&o, cli_format(g), OUT_ENDPOINTS);
	for (i = 0; i < l->count; i++)
		out_endpoint(&o, &l->endpoints[i]);
	out_end(&o);
	or_endpoint_list_free(l);
	return EXIT_OK;
}
