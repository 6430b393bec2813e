/*
 * import_cmd.c - `openrouterd import --db PATH FILE...`: one transaction.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "server/commands.h"
#include "store/store.h"

void cmd_error(const char *fmt, ...)
{
	va_list ap;

	fputs("openrouterd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char import_usage[] =
	"usage: openrouterd import [--db PATH] FILE...\n"
	"\n"
	"Import catalog files in one transaction: a models list ({\"data\":[...]}, a full\n"
	"catalog), endpoints responses, a providers list, an extension file. On any\n"
	"error nothing changes.\n"
	"\n"
	"  --db PATH   the database (default " DEFAULT_DB ")\n"
	"  -h, --help  this help\n";

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB;
	store *st = NULL;
	store_import_report rep;
	char err[1024];
	int c, rc = EXIT_RUNTIME;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(import_usage, stdout); return 0;
		default: fputs(import_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cmd_error("import: no files given");
		fputs(import_usage, stderr);
		return EXIT_USAGE;
	}
	if (store_open(db, &st, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		return EXIT_RUNTIME;
	}
	memset(&rep, 0, sizeof(rep));
	if (store_import_files(st, (const char *const *)argv + optind, (size_t)(argc - optind), &rep,
			       err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	printf("imported %zu file%s into %s: %zu models, %zu endpoints of %zu models, "
	       "%zu providers, extension data for %zu models, %zu endpoints, %zu providers\n",
	       rep.files, rep.files == 1 ? "" : "s", db, rep.models, rep.endpoints,
	       rep.endpoints_models, rep.providers, rep.extension_models, rep.extension_endpoints,
	       rep.extension_providers);
	rc = 0;
out:
	store_close(st);
	return rc;
}
