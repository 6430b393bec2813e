/*
 * bench_list.c - time libopenrouter's models list (GET /models, the whole
 * catalog, decoded into typed models) against a server, warm, one client.
 *
 *   bench_list BASE_URL [ITERATIONS] [WARMUP]
 *
 * Prints one line: "c <iterations> <models> <wall ms per call> <CPU ms per call>"
 * (CPU: this process only, user + system; the server's share is not in it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <openrouter/openrouter.h>

static double now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_client *c = NULL;
	or_model_list *l = NULL;
	long iters = argc > 2 ? strtol(argv[2], NULL, 10) : 200;
	long warm = argc > 3 ? strtol(argv[3], NULL, 10) : 20;
	size_t models = 0;
	double t0 = 0, c0 = 0;
	long i;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_list BASE_URL [ITERATIONS] [WARMUP]\n");
		return 2;
	}
	o.base_url = argv[1];
	o.flags = OR_CLIENT_NO_ENV;
	if (or_client_new(&c, &o) < 0)
		return 1;
	for (i = 0; i < warm + iters; i++) {
		if (i == warm) {
			t0 = now_ms(CLOCK_MONOTONIC);
			c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		}
		if (or_models_list(c, NULL, NULL, &l) < 0) {
			fprintf(stderr, "bench_list: %s\n", or_client_errmsg(c));
			return 1;
		}
		models = l->count;
		or_model_list_free(l);
	}
	printf("c %ld %zu %.4f %.4f\n", iters, models, (now_ms(CLOCK_MONOTONIC) - t0) / (double)iters,
	       (now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0) / (double)iters);
	or_client_free(c);
	return 0;
}
