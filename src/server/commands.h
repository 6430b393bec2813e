/*
 * commands.h - the subcommands of openrouterd, one file each (*_cmd.c), and
 * their shared conventions.
 *
 * Each command gets argv starting at its own name (argv[0] = "serve") and
 * returns the process exit status: 0 success, 1 runtime failure (message
 * `openrouterd: <what>` on stderr), 2 usage error.
 */
#ifndef OR_SERVER_COMMANDS_H
#define OR_SERVER_COMMANDS_H

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

#define DEFAULT_DB "./openrouterd.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_keys(int argc, char **argv);    /* keys_cmd.c (issue 4) */
int cmd_mirror(int argc, char **argv);  /* mirror_cmd.c: upstream API -> store */

/* Print `openrouterd: <msg>` to stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
