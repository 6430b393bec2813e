/* cmd_models.c - `openrouter models list|count|get|endpoints|user`. The list
 * flags come from the SDK's parameter table (or_models_list_params): one flag
 * per API parameter, named with '-' for '_'. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char models_usage[] =
	"usage: openrouter models list [filters] [--all-pages]\n"
	"       openrouter models count [--output-modalities LIST]\n"
	"       openrouter models get AUTHOR/SLUG\n"
	"       openrouter models endpoints AUTHOR/SLUG\n"
	"       openrouter models user [--offset N] [--limit N] [--output-modalities LIST] [--all-pages]\n"
	"Run 'openrouter models SUBCOMMAND --help' for its options.\n";

static void flag_name(const char *param, char *dst, size_t size)
{
	size_t i;

	for (i = 0; param[i] && i + 1 < size; i++)
		dst[i] = param[i] == '_' ? '-' : param[i];
	dst[i] = '\0';
}

static void list_help(void)
{
	size_t n, i;
	const or_param_info *p = or_models_list_params(&n);
	char name[64], left[96];

	fputs("usage: openrouter models list [options]\n\n"
	      "List models (GET /models). Without --offset/--limit the whole list comes in one\n"
	      "response; with them, one page; --all-pages pages through everything (page size\n"
	      "--limit, default 500). Prices are USD per million tokens.\n\nFilters:\n", stdout);
	for (i = 0; i < n; i++) {
		static const char *arg[] = { " N", " X", " TEXT", " true|false", "" };
		flag_name(p[i].name, name, sizeof(name));
		snprintf(left, sizeof(left), "--%s%s", name, arg[p[i].type]);
		printf("  %-34s %s\n", left, p[i].help);
	}
	fputs("  --all-pages                        follow pages until the last one\n\n", stdout);
	fputs(CLI_GLOBAL_HELP, stdout);
}

/* Try argv[*i] against every parameter flag; 1 matched, 0 not, -1 error. */
static int param_flag(or_models_list_request *req, int argc, char **argv, int *i)
{
	size_t n, k;
	const or_param_info *p = or_models_list_params(&n);
	char name[64];
	const char *v;
	long long iv;
	double dv;
	int r;

	for (k = 0; k < n; k++) {
		void *field = (char *)req + p[k].offset;

		flag_name(p[k].name, name, sizeof(name));
		if (p[k].type == OR_PARAM_FLAG) {
			if (strncmp(argv[*i], "--", 2) || strcmp(argv[*i] + 2, name))
				continue;
			*(int *)field = 1;
			(*i)++;
			return 1;
		}
		if ((r = cli_opt_value(argc, argv, i, name, &v)) == 0)
			continue;
		if (r < 0)
			return -1;
		switch (p[k].type) {
		case OR_PARAM_INT:
			if (cli_parse_int(name, v, &iv) < 0)
				return -1;
			((or_opt_int *)field)->value = iv;
			((or_opt_int *)field)->is_set = 1;
			break;
		case OR_PARAM_NUM:
			if (cli_parse_num(name, v, &dv) < 0)
				return -1;
			((or_opt_num *)field)->value = dv;
			((or_opt_num *)field)->is_set = 1;
			break;
		case OR_PARAM_BOOL:
			if (strcmp(v, "true") && strcmp(v, "false")) {
				cli_usage("option '--%s' wants true or false, not '%s'", name, v);
				return -1;
			}
			((or_opt_bool *)field)->value = !strcmp(v, "true");
			((or_opt_bool *)field)->is_set = 1;
			break;
		default:
			*(const char **)field = v;
		}
		return 1;
	}
	return 0;
}

/* Print a list result, or page through with the iterator. */
static int print_pages(cli *g, or_page_iter *it)
{
	const or_model_list *page;
	out_sink o;
	size_t i;
	int rc;

	out_begin(&o, cli_format(g), OUT_MODELS);
	while ((rc = or_page_iter_next(it, &page)) == OR_OK)
		for (i = 0; i < page->count; i++)
			out_model(&o, &page->models[i]);
	out_end(&o);
	or_page_iter_free(it);
	return rc == OR_E_ITER_END ? EXIT_OK : cli_fail(g, rc, NULL);
}

static int print_list(cli *g, or_model_list *l)
{
	out_sink o;
	size_t i;

	out_begin(&o, cli_format(g), OUT_MODELS);
	for (i = 0; i < l->count; i++)
		out_model(&o, &l->models[i]);
	out_end(&o);
	or_model_list_free(l);
	return EXIT_OK;
}

static int models_list(cli *g, int argc, char **argv)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_model_list *l = NULL;
	or_page_iter *it = NULL;
	int i = 0, r, all = 0, rc;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			list_help();
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--all-pages")) {
			all = 1;
			i++;
			continue;
		}
		if ((r = cli_global(g, argc, argv, &i)) < 0 || (!r && (r = param_flag(&req, argc, argv, &i)) < 0))
			return EXIT_USAGE;
		if (!r)
			return cli_usage("models list: unknown option '%s' (see --help)", argv[i]);
	}
	if (req.limit.is_set && (req.limit.value < 1 || req.limit.value > 1000))
		return cli_usage("option '--limit' must be 1..1000");
	if (req.offset.is_set && req.offset.value < 0)
		return cli_usage("option '--offset' must be >= 0");
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if (req.use_rss) {
		char *xml = NULL;
		size_t len = 0;
		if ((rc = or_models_list_rss(g->client, &req, NULL, &xml, &len)) < 0)
			return cli_fail(g, rc, NULL);
		fwrite(xml, 1, len, stdout);
		free(xml);
		return EXIT_OK;
	}
	if (all) {
		if ((rc = or_models_pages(g->client, &req, NULL, &it)) < 0)
			return cli_fail(g, rc, NULL);
		return print_pages(g, it);
	}
	if ((rc = or_models_list(g->client, &req, NULL, &l)) < 0)
		return cli_fail(g, rc, NULL);
	return print_list(g, l);
}

static int models_user(cli *g, int argc, char **argv)
{
	or_models_user_request req = OR_MODELS_USER_REQUEST_INIT;
	or_model_list *l = NULL;
	or_page_iter *it = NULL;
	const char *v;
	long long n;
	int i = 0, r, all = 0, rc;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs("usage: openrouter models user [--offset N] [--limit N] "
			      "[--output-modalities LIST] [--all-pages]\n\n"
			      "Models your API key may use (GET /models/user; needs --api-key or\n"
			      "OPENROUTER_API_KEY).\n\n" CLI_GLOBAL_HELP, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--all-pages")) {
			all = 1;
			i++;
			continue;
		}
		if ((r = cli_global(g, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if ((r = cli_opt_value(argc, argv, &i, "offset", &v)) != 0) {
			if (r < 0 || cli_parse_int("offset", v, &n) < 0)
				return EXIT_USAGE;
			req.offset.is_set = 1;
			req.offset.value = n;
		} else if ((r = cli_opt_value(argc, argv, &i, "limit", &v)) != 0) {
			if (r < 0 || cli_parse_int("limit", v, &n) < 0)
				return EXIT_USAGE;
			req.limit.is_set = 1;
			req.limit.value = n;
		} else if ((r = cli_opt_value(argc, argv, &i, "output-modalities", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			req.output_modalities = v;
		} else {
			return cli_usage("models user: unknown option '%s' (see --help)", argv[i]);
		}
	}
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if (all) {
		if ((rc = or_models_user_pages(g->client, &req, NULL, &it)) < 0)
			return cli_fail(g, rc, NULL);
		return print_pages(g, it);
	}
	if ((rc = or_models_list_user(g->client, &req, NULL, &l)) < 0)
		return cli_fail(g, rc, NULL);
	return print_list(g, l);
}

static int models_count(cli *g, int argc, char **argv)
{
	const char *mods = NULL;
	int64_t n = 0;
	int i = 0, r, rc;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs("usage: openrouter models count [--output-modalities LIST]\n\n"
			      "Count models (GET /models/count). LIST: comma list of output modalities\n"
			      "or 'all'; the server's default is text.\n\n" CLI_GLOBAL_HELP, stdout);
			return EXIT_OK;
		}
		if ((r = cli_global(g, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if ((r = cli_opt_value(argc, argv, &i, "output-modalities", &mods)) < 0)
			return EXIT_USAGE;
		if (!r)
			return cli_usage("models count: unknown option '%s' (see --help)", argv[i]);
	}
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if ((rc = or_models_count(g->client, mods, NULL, &n)) < 0)
		return cli_fail(g, rc, NULL);
	if (cli_format(g) == FMT_JSON || cli_format(g) == FMT_JSONL)
		printf("{\"count\":%lld}\n", (long long)n);
	else
		printf("%lld\n", (long long)n);
	return EXIT_OK;
}

/* Parse "[options] ID" for get/endpoints. Returns an exit code or -1 to go on. */
static int one_id(cli *g, int argc, char **argv, const char *help, const char **id)
{
	int i = 0, r;

	*id = NULL;
	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			fputs("\n" CLI_GLOBAL_HELP, stdout);
			return EXIT_OK;
		}
		if ((r = cli_global(g, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage("unknown option '%s' (see --help)", argv[i]);
		if (*id)
			return cli_usage("one model id only ('%s' and '%s')", *id, argv[i]);
		*id = argv[i++];
	}
	if (!*id)
		return cli_usage("a model id is needed, e.g. openai/gpt-4o (see --help)");
	if (!strchr(*id, '/') || (*id)[0] == '/' || (*id)[strlen(*id) - 1] == '/')
		return cli_usage("model id '%s' is not AUTHOR/SLUG", *id);
	return -1;
}

static int models_get(cli *g, int argc, char **argv)
{
	or_model *m = NULL;
	const char *id;
	int rc;

	if ((rc = one_id(g, argc, argv,
			 "usage: openrouter models get AUTHOR/SLUG\n\n"
			 "One model (GET /model/AUTHOR/SLUG), e.g. openai/gpt-4o or openai/gpt-oss-20b:free.\n",
			 &id)) >= 0)
		return rc;
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if ((rc = or_models_get_id(g->client, id, NULL, &m)) < 0)
		return cli_fail(g, rc, id);
	out_model_detail(cli_format(g), m);
	or_model_free(m);
	return EXIT_OK;
}

static int models_endpoints(cli *g, int argc, char **argv)
{
	or_endpoints *e = NULL;
	const char *id;
	out_format fmt;
	out_sink o;
	size_t i;
	int rc;

	if ((rc = one_id(g, argc, argv,
			 "usage: openrouter models endpoints AUTHOR/SLUG\n\n"
			 "The provider endpoints of a model (GET /models/AUTHOR/SLUG/endpoints); the\n"
			 "canonical (dated) slug works too. Prices are USD per million tokens.\n",
			 &id)) >= 0)
		return rc;
	if ((rc = cli_connect(g)) != EXIT_OK)
		return rc;
	if ((rc = or_endpoints_list_id(g->client, id, NULL, &e)) < 0)
		return cli_fail(g, rc, id);
	fmt = cli_format(g);
	if (fmt == FMT_TABLE)
		printf("%s (%s): %zu endpoint%s\n", e->name ? e->name : "", e->id ? e->id : "",
		       e->count, e->count == 1 ? "" : "s");
	out_begin(&o, fmt, OUT_ENDPOINTS);
	for (i = 0; i < e->count; i++)
		out_endpoint(&o, &e->endpoints[i]);
	out_end(&o);
	or_endpoints_free(e);
	return EXIT_OK;
}

int cmd_models(cli *g, int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : NULL;

	if (!sub || cli_is_help(sub)) {
		fputs(models_usage, sub ? stdout : stderr);
		return sub ? EXIT_OK : EXIT_USAGE;
	}
	if (!strcmp(sub, "list"))
		return models_list(g, argc - 1, argv + 1);
	if (!strcmp(sub, "count"))
		return models_count(g, argc - 1, argv + 1);
	if (!strcmp(sub, "get"))
		return models_get(g, argc - 1, argv + 1);
	if (!strcmp(sub, "endpoints"))
		return models_endpoints(g, argc - 1, argv + 1);
	if (!strcmp(sub, "user"))
		return models_user(g, argc - 1, argv + 1);
	return cli_usage("unknown command 'models %s' (see 'openrouter models --help')", sub);
}
