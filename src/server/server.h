/*
 * server.h - the openrouterd HTTP server: a libmicrohttpd daemon answering the
 * Models API from the current catalog snapshot.
 *
 * Threads: libmicrohttpd runs the requests on its own pool; the caller's thread
 * only starts, reloads (snapshot_slot_swap on srv->slot) and stops the server.
 */
#ifndef OR_SERVER_SERVER_H
#define OR_SERVER_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "server/snapshot.h"

typedef struct server_opts {
	const char *listen;        /* "HOST:PORT", "[v6]:PORT"; port 0 = any free one */
	const char *site_url;      /* base of RSS links */
	unsigned threads;          /* libmicrohttpd worker threads (0 = default 4) */
	unsigned max_connections;  /* 0 = default 1024 */
	unsigned timeout_s;        /* idle connection timeout, 0 = default 30 */
	int64_t fixed_now;         /* != 0: the clock for age filters (tests) */
	int cache_max_age;         /* Cache-Control max-age seconds; 0 = default (60), <0 = no-cache */
} server_opts;

typedef struct server {
	struct MHD_Daemon *daemon;
	snapshot_slot slot;        /* the snapshot requests are answered from */
	server_opts opts;
	char host[256];            /* as given in --listen, for the URL */
	unsigned port;             /* the bound port */
	struct auth *auth;         /* API keys (auth.h); NULL = every key is refused */
} server;

/* Start listening (the slot must hold a snapshot already, or requests get
 * 503). Returns 0, or -1 with a message in err. */
int server_start(server *srv, const server_opts *o, char *err, size_t errlen);
/* Stop the daemon (waits for running requests) and release the snapshot. */
void server_stop(server *srv);

#endif
