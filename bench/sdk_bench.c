/*
 * sdk_bench.c - the C SDK's list call, timed: N x or_models_list() (the full
 * default list, decoded into typed models) against BASE_URL; prints one JSON
 * line {"calls":N,"models":M,"mean_ms":..,"p50_ms":..,"p99_ms":..,"cpu_ms_per_call":..}.
 * Built and run by bench/http_bench.py (table 3), next to sdk_bench.mjs.
 *
 *   sdk_bench BASE_URL N
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <openrouter/openrouter.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
	       (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_client *c = NULL;
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0, i;
	double *t, c0, sum = 0;
	size_t models = 0;
	int rc;

	if (argc != 3 || n <= 0) {
		fprintf(stderr, "usage: sdk_bench BASE_URL N\n");
		return 2;
	}
	o.base_url = argv[1];
	if (!(t = calloc((size_t)n, sizeof(*t))) || (rc = or_client_new(&c, &o)) < 0) {
		fprintf(stderr, "sdk_bench: cannot create the client\n");
		return 1;
	}
	c0 = cpu_ms();
	for (i = 0; i < n; i++) {
		or_model_list *l = NULL;
		double s = now_ms();

		if ((rc = or_models_list(c, &req, NULL, &l)) < 0) {
			fprintf(stderr, "sdk_bench: %s\n", or_client_errmsg(c));
			return 1;
		}
		t[i] = now_ms() - s;
		sum += t[i];
		models = l->count;
		or_model_list_free(l);
	}
	c0 = cpu_ms() - c0;
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("{\"calls\":%ld,\"models\":%zu,\"mean_ms\":%.3f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
	       "\"cpu_ms_per_call\":%.3f}\n", n, models, sum / n, t[n / 2], t[(n * 99) / 100],
	       c0 / n);
	or_client_free(c);
	free(t);
	return 0;
}
