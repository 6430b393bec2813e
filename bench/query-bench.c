/*
 * query-bench.c - the query engine alone, over a catalog bundle
 * {"models":[...], "endpoints":{id: data}, "extension":{...}}.
 *
 *   query-bench BUNDLE bench [ITER]   time query_select for typical queries
 *   query-bench BUNDLE select NOW     read query strings (one a line) on stdin,
 *                                     print "200 id,id,..." or "400 message"
 *   query-bench params                the parameter table as the Markdown rows
 *                                     of docs/query.md (from query_params())
 *
 * The select mode lets tests/differential compare the engine with the Node
 * reference without a server. Built by bench/query-bench.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/query.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		d = malloc((size_t)n + 1);
		if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
			free(d);
			d = NULL;
		}
		if (d) {
			d[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return d;
}

static double clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const char *const typical[] = {
	"",
	"output_modalities=all",
	"q=gpt",
	"q=llama+instruct",
	"sort=pricing-low-to-high",
	"max_price=0&supported_parameters=tools&context=128000&sort=pricing-low-to-high",
	"supported_parameters=tools,tool_choice&input_modalities=text,image",
	"category=programming",
	"min_age_days=0&max_age_days=30&sort=newest",
	"region=eu&zdr=true",
	"providers=OpenAI,Google%20Vertex,Groq&sort=throughput-high-to-low",
	"model_authors=openai,anthropic,google&sort=intelligence-high-to-low",
	"arch=llama&min_tool_success_rate=0.8&sort=latency-low-to-high",
	"offset=100&limit=50&sort=top-weekly",
};

/* Wall time p50/p99 and mean thread CPU time of parse + select; the CPU
 * figure ignores preemption by other processes on a busy machine. */
static int bench(query_facts *f, size_t n, int iters)
{
	uint32_t *idx = malloc((n + 1) * sizeof(*idx));
	double *wall = malloc((size_t)iters * sizeof(*wall));
	char err[256];

	if (!idx || !wall || iters < 1)
		return 1;
	printf("%-84s %7s %8s %8s %8s\n", "query", "matches", "p50_us", "p99_us", "cpu_us");
	for (size_t t = 0; t < sizeof(typical) / sizeof(*typical); t++) {
		const char *qs = typical[t];
		double cpu = 0;
		size_t got = 0;

		for (int i = 0; i < iters; i++) {
			arena a = { 0 };
			query *q;
			double t0 = now_ns(), c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);

			if (query_parse(qs, strlen(qs), QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)) < 0) {
				fprintf(stderr, "400 %s: %s\n", qs, err);
				return 1;
			}
			got = query_select(f, q, 1780000000, idx);
			wall[i] = now_ns() - t0;
			cpu += clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
			arena_free(&a);
		}
		qsort(wall, (size_t)iters, sizeof(*wall), cmp_double);
		printf("%-84s %7zu %8.1f %8.1f %8.1f\n", qs[0] ? qs : "(default)", got,
		       wall[iters / 2] / 1e3, wall[(size_t)((iters - 1) * 0.99)] / 1e3, cpu / iters / 1e3);
	}
	free(wall);
	free(idx);
	return 0;
}

static int select_mode(const cJSON *models, query_facts *f, size_t n, int64_t now)
{
	uint32_t *idx = malloc((n + 1) * sizeof(*idx));
	char line[65536], err[256];

	if (!idx)
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strcspn(line, "\r\n");
		arena a = { 0 };
		query *q;

		line[len] = '\0';
		if (query_parse(line, len, QUERY_ROUTE_MODELS, &a, &q, err, sizeof(err)) < 0) {
			printf("400 %s\n", err);
		} else {
			size_t k = query_select(f, q, now, idx);

			fputs("200 ", stdout);
			for (size_t i = 0; i < k; i++) {
				const cJSON *m = cJSON_GetArrayItem(models, (int)idx[i]);

				printf("%s%s", i ? "," : "", cJSON_GetObjectItem(m, "id")->valuestring);
			}
			putchar('\n');
		}
		arena_free(&a);
		fflush(stdout);
	}
	free(idx);
	return 0;
}

static const char *type_text(const query_param *p, char *out, size_t n)
{
	size_t used = 0;

	switch (p->type) {
	case QUERY_T_INT:
	case QUERY_T_NUMBER:
		if (p->max >= 9e15)
			snprintf(out, n, "%s >= %g", p->type == QUERY_T_INT ? "integer" : "number", p->min);
		else
			snprintf(out, n, "%s %g..%g", p->type == QUERY_T_INT ? "integer" : "number",
				 p->min, p->max);
		return out;
	case QUERY_T_BOOL:
		return "`true` \\| `false`";
	case QUERY_T_TEXT:
		return "text";
	case QUERY_T_ENUM:
	case QUERY_T_LIST:
		used = (size_t)snprintf(out, n, "%s", p->type == QUERY_T_LIST ? "comma list" : "one of");
		if (!p->values)
			snprintf(out + used, n - used, " of names");
		for (size_t i = 0; p->values && p->values[i] && used < n; i++)
			used += (size_t)snprintf(out + used, n - used, "%s`%s`", i ? ", " : ": ",
						 p->values[i]);
		return out;
	}
	return "";
}

static int print_params(void)
{
	size_t n;
	const query_param *t = query_params(&n);
	char type[512];

	for (size_t i = 0; i < n; i++) {
		unsigned r = t[i].routes;

		printf("| `%s` | %s | %s%s%s | %s | `%s` |\n", t[i].name, type_text(&t[i], type, sizeof(type)),
		       "models", r & QUERY_ON(QUERY_ROUTE_COUNT) ? ", count" : "",
		       r & QUERY_ON(QUERY_ROUTE_USER) ? ", user" : "", t[i].doc, t[i].example);
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t len, n;
	char *text;
	cJSON *root, *models;
	query_facts *f;
	double t0;
	int rc;

	if (argc == 2 && !strcmp(argv[1], "params"))
		return print_params();
	if (argc < 3) {
		fprintf(stderr, "usage: query-bench BUNDLE bench [ITER] | select NOW\n");
		return 2;
	}
	text = slurp(argv[1], &len);
	root = text ? cJSON_ParseWithLength(text, len) : NULL;
	free(text);
	models = cJSON_GetObjectItem(root, "models");
	if (!cJSON_IsArray(models)) {
		fprintf(stderr, "query-bench: '%s' is not a catalog bundle\n", argv[1]);
		return 1;
	}
	n = (size_t)cJSON_GetArraySize(models);
	t0 = now_ns();
	f = query_facts_build(models, cJSON_GetObjectItem(root, "endpoints"),
			      cJSON_GetObjectItem(root, "extension"), NULL);
	if (!f)
		return 1;
	if (!strcmp(argv[2], "bench")) {
		printf("models: %zu, facts built in %.1f ms\n", n, (now_ns() - t0) / 1e6);
		rc = bench(f, n, argc > 3 ? (int)strtol(argv[3], NULL, 10) : 200);
	} else {
		rc = select_mode(models, f, n, argc > 3 ? strtoll(argv[3], NULL, 10) : 0);
	}
	query_facts_free(f);
	cJSON_Delete(root);
	return rc;
}
