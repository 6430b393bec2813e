/*
 * main.c - openrouterd: dispatch to a subcommand from the command table.
 */
#include <stdio.h>
#include <string.h>

#include "server/commands.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "serve", cmd_serve, "serve the Models API over HTTP" },
	{ "import", cmd_import, "import catalog files into the database" },
	{ "keys", cmd_keys, "create, list, update and revoke API keys" },
	{ "mirror", cmd_mirror, "copy an upstream OpenRouter API into the database" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: openrouterd <command> [options]\n"
	      "       openrouterd --help | --version\n\ncommands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n`openrouterd <command> --help` describes a command's options.\n"
	      "Exit status: 0 success, 1 failure, 2 usage error.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("openrouterd %s\n", OR_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cmd_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
