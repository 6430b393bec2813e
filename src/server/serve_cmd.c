/*
 * serve_cmd.c - `openrouterd serve`: load the catalog (or the bundled demo
 * when the database is empty), start the HTTP server, reload on SIGHUP or when
 * the database's catalog version changes, stop cleanly on SIGINT/SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/auth.h"
#include "server/commands.h"
#include "server/server.h"
#include "server/user_rules.h"
#include "store/store.h"

#ifndef OR_DEMO_DIR
#define OR_DEMO_DIR "data/demo"
#endif

static const char serve_usage[] =
	"usage: openrouterd serve [--db PATH] [--listen HOST:PORT] [--demo-dir DIR]\n"
	"                         [--site-url URL] [--threads N] [--poll SECONDS]\n"
	"                         [--max-age SECONDS]\n"
	"\n"
	"Serve the Models API from the catalog in the database. An empty database\n"
	"serves the bundled demo catalog (read into memory; the database is not\n"
	"written). The first line on stdout is `listening on http://HOST:PORT`.\n"
	"\n"
	"  --db PATH          the database (default " DEFAULT_DB ")\n"
	"  --listen HOST:PORT address to listen on (default " DEFAULT_LISTEN "; port 0 = any)\n"
	"  --demo-dir DIR     the demo catalog (default " OR_DEMO_DIR ")\n"
	"  --site-url URL     base of RSS item links (default https://openrouter.ai)\n"
	"  --threads N        worker threads (default 4)\n"
	"  --poll SECONDS     check the database for a new catalog this often (default 2;\n"
	"                     0 = only on SIGHUP)\n"
	"  --max-age SECONDS  Cache-Control max-age of answers (default 60; 0 = no-cache)\n"
	"  --region-host HOST=eu|us  requests with this Host see only models with an\n"
	"                     endpoint in that region (repeatable; default: eu.* -> eu,\n"
	"                     us.* -> us; docs/keys.md)\n"
	"  --max-connections N  answer 503 above N concurrent connections (default 1024)\n"
	"  --timeout SECONDS  close idle or slow connections after this (default 30)\n"
	"  -h, --help         this help\n"
	"\n"
	"Signals: SIGHUP reloads, SIGINT/SIGTERM stop.\n"
	"Environment: OPENROUTERD_NOW=UNIX_SECONDS fixes the clock of age filters (tests).\n";

/* Load the bundled demo catalog into an in-memory store. */
static int load_demo(const char *dir, store_catalog *cat, char *err, size_t errlen)
{
	char pattern[PATH_MAX];
	glob_t g;
	store *mem = NULL;
	store_import_report rep;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	if ((size_t)snprintf(pattern, sizeof(pattern), "%s/*.json", dir) >= sizeof(pattern)) {
		snprintf(err, errlen, "demo directory name too long");
		return -1;
	}
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		snprintf(err, errlen, "the database is empty and no demo catalog was found in '%s'", dir);
		goto out;
	}
	if (store_open(":memory:", &mem, err, errlen) < 0)
		goto out;
	if (store_import_files(mem, (const char *const *)g.gl_pathv, g.gl_pathc, &rep, err, errlen) < 0)
		goto out;
	if (store_load(mem, cat, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	store_close(mem);
	globfree(&g);
	return rc;
}

/*
 * Build the snapshot to serve: the database's catalog, or the demo when the
 * database has none. *db_version is the database version it reflects.
 */
static int load_snapshot(store *st, const char *demo_dir, snapshot **out, int64_t *db_version,
			 char *err, size_t errlen)
{
	store_catalog cat;
	int64_t v = store_version(st, err, errlen);
	int demo = 0;

	memset(&cat, 0, sizeof(cat));
	if (v < 0)
		return -1;
	if (v == 0) {
		if (load_demo(demo_dir, &cat, err, errlen) < 0)
			return -1;
		demo = 1;
	} else if (store_load(st, &cat, err, errlen) < 0) {
		return -1;
	}
	*db_version = v;
	return snapshot_build(&cat, demo, out, err, errlen);
}

static void report_snapshot(const char *what, const snapshot *s)
{
	fprintf(stderr, "openrouterd: %s catalog version %lld%s: %zu models, %zu endpoint listings\n",
		what, (long long)s->version, s->is_demo ? " (bundled demo)" : "", s->n, s->neps);
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "demo-dir", required_argument, NULL, 'D' },
		{ "site-url", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "poll", required_argument, NULL, 'p' },
		{ "max-age", required_argument, NULL, 'm' },
		{ "region-host", required_argument, NULL, 'R' },
		{ "max-connections", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB, *demo_dir = OR_DEMO_DIR;
	server_opts so = { DEFAULT_LISTEN, "https://openrouter.ai", 0, 0, 0, 0, 0 };
	unsigned poll_s = 2;
	server srv;
	store *st = NULL;
	snapshot *snap = NULL;
	int64_t db_version = 0;
	sigset_t sigs;
	char err[1024];
	const char *fake_now = getenv("OPENROUTERD_NOW");
	int c, rc = EXIT_RUNTIME, running = 1, poll_failed = 0;
	int64_t bad_version = -1; /* its load failed: polling does not retry it */

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': so.listen = optarg; break;
		case 'D': demo_dir = optarg; break;
		case 's': so.site_url = optarg; break;
		case 't':
			if (parse_uint(optarg, 256, &so.threads) < 0 || so.threads == 0) {
				cmd_error("serve: --threads wants 1..256, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'p':
			if (parse_uint(optarg, 86400, &poll_s) < 0) {
				cmd_error("serve: --poll wants seconds, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm': {
			unsigned age;
			if (parse_uint(optarg, 31536000, &age) < 0) {
				cmd_error("serve: --max-age wants seconds, got '%s'", optarg);
				return EXIT_USAGE;
			}
			so.cache_max_age = age ? (int)age : -1;
			break;
		}
		case 'R':
			if (user_region_host_add(optarg, err, sizeof(err)) < 0) {
				cmd_error("serve: %s", err);
				return EXIT_USAGE;
			}
			break;
		case 'c': /* limits: docs/reliability.md */
		case 'T':
			if (parse_uint(optarg, c == 'c' ? 100000 : 3600,
				       c == 'c' ? &so.max_connections : &so.timeout_s) < 0 ||
			    (c == 'c' ? so.max_connections : so.timeout_s) == 0) {
				cmd_error("serve: --%s wants a positive number, got '%s'",
					  c == 'c' ? "max-connections" : "timeout", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(serve_usage, stdout); return 0;
		default: fputs(serve_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cmd_error("serve: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (fake_now && *fake_now)
		so.fixed_now = strtoll(fake_now, NULL, 10);

	memset(&srv, 0, sizeof(srv));
	snapshot_slot_init(&srv.slot);
	if (store_open(db, &st, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	/* API keys live in the same SQLite file (docs/keys.md) */
	if (store_sqlite(st) && auth_open(db, NULL, &srv.auth, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	if (load_snapshot(st, demo_dir, &snap, &db_version, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	report_snapshot("serving", snap);
	snapshot_slot_swap(&srv.slot, snap);

	/* block the signals in every thread (libmicrohttpd's inherit the mask);
	 * this thread takes them synchronously with sigtimedwait() */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	if (server_start(&srv, &so, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	if (strchr(srv.host, ':'))
		printf("listening on http://[%s]:%u\n", srv.host, srv.port);
	else
		printf("listening on http://%s:%u\n", srv.host, srv.port);
	fflush(stdout);

	while (running) {
		struct timespec ts = { poll_s ? (time_t)poll_s : 3600, 0 };
		int sig = sigtimedwait(&sigs, NULL, &ts);
		int reload = 0;

		if (sig == SIGINT || sig == SIGTERM) {
			running = 0;
			break;
		}
		if (sig == SIGHUP) {
			reload = 1;
		} else if (sig < 0 && errno == EAGAIN && poll_s) {
			int64_t v = store_version(st, err, sizeof(err));
			reload = v >= 0 && v != db_version && v != bad_version;
			if (reload)
				bad_version = v; /* until it loads */
			if (v < 0 && !poll_failed) /* say it once; keep serving */
				cmd_error("cannot check the database for a new catalog, still serving version %lld: %s",
					  (long long)db_version, err);
			poll_failed = v < 0;
		}
		if (reload) {
			snapshot *fresh = NULL;
			int64_t nv = db_version;
			if (load_snapshot(st, demo_dir, &fresh, &nv, err, sizeof(err)) < 0) {
				cmd_error("reload failed, still serving version %lld: %s",
					  (long long)db_version, err);
				continue;
			}
			db_version = nv;
			bad_version = -1;
			report_snapshot("now serving", fresh);
			snapshot_slot_swap(&srv.slot, fresh);
		}
	}
	rc = 0;
out:
	server_stop(&srv);
	user_index_cache_clear();
	auth_close(srv.auth);
	store_close(st);
	return rc;
}
