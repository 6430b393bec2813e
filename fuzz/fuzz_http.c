/*
 * fuzz_http.c - fuzz target: the whole request path of openrouterd (request
 * line and headers through libmicrohttpd, limits, path decoding, routing,
 * query parsing, selection, rendering, compression, caching headers, errors)
 * against an in-process server on 127.0.0.1 serving the bundled demo catalog.
 *
 * Input: the raw bytes a client sends on one connection (the write side is
 * then shut). Oracles: every answer starts with a valid HTTP/1.1 status line;
 * no answer is a 500; after every input the server still answers
 * GET /api/v1/models/count with 200 (it keeps serving).
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <glob.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "server/server.h"
#include "store/store.h"

#ifndef OR_DEMO_DIR
#define OR_DEMO_DIR "data/demo"
#endif

static server srv;
static int started;

static void start(void)
{
	char err[1024];
	glob_t g;
	store *st = NULL;
	store_catalog cat;
	snapshot *snap = NULL;
	server_opts o;

	memset(&o, 0, sizeof(o));
	o.listen = "127.0.0.1:0";
	o.site_url = "https://openrouter.ai";
	o.threads = 2;
	o.timeout_s = 2;
	o.fixed_now = 1767225600;
	FUZZ_CHECK(glob(OR_DEMO_DIR "/*.json", 0, NULL, &g) == 0);
	FUZZ_CHECK(store_open(":memory:", &st, err, sizeof(err)) == 0);
	if (store_import_files(st, (const char *const *)g.gl_pathv, g.gl_pathc, NULL, err,
			       sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_http: demo import: %s\n", err);
		abort();
	}
	FUZZ_CHECK(store_load(st, &cat, err, sizeof(err)) == 0);
	FUZZ_CHECK(snapshot_build(&cat, 1, &snap, err, sizeof(err)) == 0);
	store_catalog_free(&cat);
	store_close(st);
	globfree(&g);
	snapshot_slot_init(&srv.slot);
	snapshot_slot_swap(&srv.slot, snap);
	if (server_start(&srv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_http: %s\n", err);
		abort();
	}
	started = 1;
}

/* Send data on a fresh connection, shut the write side, read the answer
 * (up to cap bytes). Returns the bytes read, -1 on connect
 * failure. */
static long exchange(const uint8_t *data, size_t size, char *out, size_t cap)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t got = 0, sent = 0;
	struct pollfd p;

	FUZZ_CHECK(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)srv.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	while (sent < size) {
		ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may answer and close early */
		sent += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	p.fd = fd;
	p.events = POLLIN;
	/* up to 2 s for the first byte, then 5 ms of silence ends the answer
	 * (a kept-alive connection is not closed by the server at once) */
	while (got < cap && poll(&p, 1, got ? 5 : 2000) > 0) {
		ssize_t n = recv(fd, out + got, cap - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (long)got;
}

static void check_answers(const char *s, size_t n)
{
	/* the first status line exactly; then no 500 among pipelined answers
	 * (HEAD and 304 answers carry a Content-Length but no body, so later
	 * answers are found by their status line after a blank line) */
	const char *p = s, *end = s + n;

	if (n < 12)
		return;
	FUZZ_CHECK(!memcmp(s, "HTTP/1.1 ", 9) || !memcmp(s, "HTTP/1.0 ", 9));
	FUZZ_CHECK(s[9] >= '1' && s[9] <= '5' && s[10] >= '0' && s[10] <= '9' && s[11] >= '0' &&
		   s[11] <= '9');
	FUZZ_CHECK(memcmp(s + 9, "500", 3) != 0);
	while ((p = memmem(p, (size_t)(end - p), "\r\n\r\nHTTP/1.1 500", 17)) != NULL)
		FUZZ_CHECK(!"a pipelined answer is a 500");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[1 << 20];
	static const char probe[] =
		"GET /api/v1/models/count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	static unsigned runs;
	long n;

	if (!started)
		start();
	if (size > 64 * 1024)
		return 0;
	n = exchange(data, size, out, sizeof(out));
	FUZZ_CHECK(n >= 0);
	if (n > 0)
		check_answers(out, (size_t)n);
	if (++runs % 16 == 0 || n == 0) {
		n = exchange((const uint8_t *)probe, sizeof(probe) - 1, out, sizeof(out));
		FUZZ_CHECK(n > 12 && !memcmp(out, "HTTP/1.1 200", 12));
	}
	return 0;
}
