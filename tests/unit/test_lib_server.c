/* test_lib_server.c - libopenrouter against a real openrouterd
 * ($OR_BIN_DIR/openrouterd, a temporary SQLite file with a real catalog):
 * every operation and every /models parameter through the SDK, each result
 * compared with the same request made as raw HTTP (libcurl, no SDK). Skipped
 * when openrouterd has not been built. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "openrouter/openrouter.h"

static pid_t server_pid;
static char base[128];      /* http://127.0.0.1:PORT/api/v1 */
static char tmpdir[64];
static char api_key[128];
static or_client *client;

/* ---- server ---- */

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int start(void **state)
{
	const char *bin = getenv("OR_BIN_DIR"), *shared = getenv("OR_SHARED_DIR");
	char cmd[4096], db[128], line[256], daemon[512];
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	int fds[2];
	FILE *f;

	(void)state;
	snprintf(daemon, sizeof(daemon), "%s/openrouterd", bin ? bin : ".");
	if (access(daemon, X_OK) != 0) {
		fprintf(stderr, "skip: no %s\n", daemon);
		return 0;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/or-sdk-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db, sizeof(db), "%s/t.db", tmpdir);
	snprintf(cmd, sizeof(cmd),
		 "'%s' import --db '%s' '%s/data/openrouter/models-2026-06-16.json' "
		 "'%s/data/openrouter/providers-2026-05-07.json' '%s/data/openrouter/endpoints/'*.json >/dev/null",
		 daemon, db, shared, shared, shared);
	if (run(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "'%s' keys create --db '%s' --label sdk-test > '%s/key'", daemon, db, tmpdir);
	if (run(cmd) == 0) {
		snprintf(cmd, sizeof(cmd), "%s/key", tmpdir);
		if ((f = fopen(cmd, "r"))) {
			if (fgets(api_key, sizeof(api_key), f))
				api_key[strcspn(api_key, "\r\n")] = '\0';
			fclose(f);
		}
	}
	if (pipe(fds) < 0)
		return -1;
	server_pid = fork();
	if (server_pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(daemon, daemon, "serve", "--db", db, "--listen", "127.0.0.1:0", "--poll", "0",
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || strncmp(line, "listening on ", 13))
		return -1;
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(base, sizeof(base), "%.100s/api/v1", line + 13);
	o.base_url = base;
	o.flags = OR_CLIENT_NO_ENV;
	o.retry.strategy = OR_RETRY_NONE;
	return or_client_new(&client, &o) == OR_OK ? 0 : -1;
}

static int stop(void **state)
{
	char cmd[128];

	(void)state;
	or_client_free(client);
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		run(cmd);
	}
	return 0;
}

#define NEED_SERVER() \
	do { \
		if (!client) \
			skip(); \
	} while (0)

/* ---- raw HTTP ---- */

static size_t grow(char *d, size_t s, size_t n, void *ud)
{
	char **buf = ((char ***)ud)[0];
	size_t *len = ((size_t **)ud)[1];
	char *p = realloc(*buf, *len + s * n + 1);

	if (!p)
		return 0;
	memcpy(p + *len, d, s * n);
	*len += s * n;
	p[*len] = '\0';
	*buf = p;
	return s * n;
}

/* GET base + path with curl alone; returns the body (free()) and status. */
static char *raw_get(const char *path, long *status, const char *bearer)
{
	CURL *h = curl_easy_init();
	char url[4096], auth[256];
	char *body = NULL;
	size_t len = 0;
	void *ud[2] = { &body, &len };
	struct curl_slist *hd = NULL;

	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, grow);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, ud);
	if (bearer) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", bearer);
		hd = curl_slist_append(hd, auth);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	}
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(h);
	curl_slist_free_all(hd);
	if (!body)
		body = calloc(1, 1);
	return body;
}

static void assert_json_equal(const char *a, const char *b)
{
	cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);

	assert_non_null(x);
	assert_non_null(y);
	if (!cJSON_Compare(x, y, 1))
		fail_msg("JSON differs:\n%.300s\n---\n%.300s", a, b);
	cJSON_Delete(x);
	cJSON_Delete(y);
}

/* ---- /models with every parameter ---- */

/* Queries in the order of the parameter table, so that the SDK must build
 * exactly this string from the typed request. */
static const char *list_cases[] = {
	"",
	"?offset=0&limit=500",
	"?offset=3&limit=7",
	"?category=programming",
	"?category=marketing%2Fseo",
	"?supported_parameters=tools%2Ctool_choice",
	"?output_modalities=all",
	"?output_modalities=image",
	"?sort=pricing-low-to-high",
	"?sort=pricing-high-to-low",
	"?sort=context-high-to-low",
	"?sort=throughput-high-to-low",
	"?sort=latency-low-to-high",
	"?sort=most-popular",
	"?sort=top-weekly",
	"?sort=newest",
	"?sort=intelligence-high-to-low",
	"?sort=coding-high-to-low",
	"?sort=agentic-high-to-low",
	"?sort=design-arena-elo-high-to-low",
	"?q=gpt",
	"?q=claude%20sonnet",
	"?input_modalities=image",
	"?input_modalities=image%2Cfile",
	"?context=128000",
	"?min_price=1&max_price=5",
	"?min_output_price=0.5&max_output_price=10",
	"?arch=GPT",
	"?model_authors=openai%2Canthropic",
	"?providers=OpenAI",
	"?distillable=true",
	"?distillable=false",
	"?zdr=true",
	"?region=eu",
	"?region=us",
	"?min_age_days=30&max_age_days=400",
	"?min_intelligence_index=10&max_intelligence_index=60",
	"?min_coding_index=5&max_coding_index=50",
	"?min_agentic_index=5&max_agentic_index=50",
	"?min_tool_success_rate=0.1&max_tool_success_rate=0.9",
	"?offset=0&limit=20&supported_parameters=tools&sort=pricing-low-to-high&context=100000"
	"&max_price=2&model_authors=openai%2Cgoogle",
	NULL
};

/* Build a request from "k=v&..." with the SDK's own parameter table. */
static void request_from_query(const char *query, or_models_list_request *req, char *scratch)
{
	size_t n, k;
	const or_param_info *p = or_models_list_params(&n);
	char *save = NULL, *kv;

	strcpy(scratch, *query == '?' ? query + 1 : query);
	for (kv = strtok_r(scratch, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *v = strchr(kv, '='), *src, *dst;
		*v++ = '\0';
		/* percent-decode in place */
		for (src = dst = v; *src; src++, dst++) {
			if (*src == '%' && src[1] && src[2]) {
				char hex[3] = { src[1], src[2], 0 };
				*dst = (char)strtol(hex, NULL, 16);
				src += 2;
			} else {
				*dst = *src;
			}
		}
		*dst = '\0';
		for (k = 0; k < n && strcmp(p[k].name, kv); k++)
			;
		assert_true(k < n);
		void *field = (char *)req + p[k].offset;
		switch (p[k].type) {
		case OR_PARAM_INT:
			((or_opt_int *)field)->is_set = 1;
			((or_opt_int *)field)->value = strtoll(v, NULL, 10);
			break;
		case OR_PARAM_NUM:
			((or_opt_num *)field)->is_set = 1;
			((or_opt_num *)field)->value = strtod(v, NULL);
			break;
		case OR_PARAM_BOOL:
			((or_opt_bool *)field)->is_set = 1;
			((or_opt_bool *)field)->value = !strcmp(v, "true");
			break;
		case OR_PARAM_FLAG:
			*(int *)field = 1;
			break;
		case OR_PARAM_STR:
			*(const char **)field = v;
			break;
		}
	}
}

static void test_models_list_every_param(void **state)
{
	size_t i;
	size_t nonempty = 0;

	(void)state;
	NEED_SERVER();
	for (i = 0; list_cases[i]; i++) {
		or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
		or_model_list *l = NULL;
		char scratch[1024], path[1100], *q = NULL, *raw, *mine;
		long status;

		request_from_query(list_cases[i], &req, scratch);
		assert_int_equal(or_models_list_query(&req, &q), OR_OK);
		assert_string_equal(q, list_cases[i]);
		free(q);
		snprintf(path, sizeof(path), "/models%s", list_cases[i]);
		raw = raw_get(path, &status, NULL);
		assert_int_equal(status, 200);
		if (or_models_list(client, &req, NULL, &l) != OR_OK)
			fail_msg("%s: %s", list_cases[i], or_client_errmsg(client));
		mine = or_model_list_json(l);
		assert_json_equal(mine, raw);
		if (l->count)
			nonempty++;
		free(mine);
		free(raw);
		or_model_list_free(l);
	}
	print_message("/models: %zu queries equal to raw HTTP (%zu non-empty)\n", i, nonempty);
	assert_true(nonempty > i / 2);
}

static void test_rss(void **state)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	char *xml = NULL, *raw;
	size_t len;
	long status;

	(void)state;
	NEED_SERVER();
	req.q = "gpt";
	assert_int_equal(or_models_list_rss(client, &req, NULL, &xml, &len), OR_OK);
	raw = raw_get("/models?q=gpt&use_rss=true", &status, NULL);
	assert_string_equal(xml, raw);
	assert_non_null(strstr(xml, "<rss"));
	free(xml);
	free(raw);
	req.use_rss = req.use_rss_chat_links = 1;
	assert_int_equal(or_models_list_rss(client, &req, NULL, &xml, &len), OR_OK);
	raw = raw_get("/models?use_rss=true&use_rss_chat_links=true&q=gpt", &status, NULL);
	assert_string_equal(xml, raw);
	free(xml);
	free(raw);
}

static void test_bad_parameter(void **state)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_model_list *l = NULL;
	long status;
	char *raw;

	(void)state;
	NEED_SERVER();
	req.limit.is_set = 1;
	req.limit.value = 5000;
	assert_int_equal(or_models_list(client, &req, NULL, &l), OR_E_BAD_REQUEST);
	assert_int_equal(or_client_http_status(client), 400);
	raw = raw_get("/models?limit=5000", &status, NULL);
	assert_int_equal(status, 400);
	assert_string_equal(or_client_error_body(client, NULL), raw);
	assert_non_null(or_client_api_message(client));
	free(raw);
}

static void test_count(void **state)
{
	static const char *mods[] = { NULL, "text", "all", "image", "text,image" };
	size_t i;

	(void)state;
	NEED_SERVER();
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		int64_t n = -1;
		char path[128], *raw;
		long status;
		cJSON *j;

		assert_int_equal(or_models_count(client, mods[i], NULL, &n), OR_OK);
		snprintf(path, sizeof(path), "/models/count%s%s", mods[i] ? "?output_modalities=" : "",
			 mods[i] ? (strcmp(mods[i], "text,image") ? mods[i] : "text%2Cimage") : "");
		raw = raw_get(path, &status, NULL);
		j = cJSON_Parse(raw);
		assert_int_equal(n, (int64_t)cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "count")->valuedouble);
		cJSON_Delete(j);
		free(raw);
	}
}

static void test_get_and_endpoints(void **state)
{
	or_model_list *all = NULL;
	size_t i, got = 0, eps = 0;

	(void)state;
	NEED_SERVER();
	assert_int_equal(or_models_list(client, NULL, NULL, &all), OR_OK);
	for (i = 0; i < all->count; i += 7) {
		const or_model *m = &all->models[i];
		or_model *one = NULL;
		or_endpoints *e = NULL;
		char path[512], *raw, *mine, *data;
		long status;
		cJSON *j;

		assert_int_equal(or_models_get_id(client, m->id, NULL, &one), OR_OK);
		/* raw: encodeURIComponent of each segment */
		{
			CURL *h = curl_easy_init();
			char *slash = strchr(m->id, '/');
			char author[128];
			char *ea, *es;
			snprintf(author, sizeof(author), "%.*s", (int)(slash - m->id), m->id);
			ea = curl_easy_escape(h, author, 0);
			es = curl_easy_escape(h, slash + 1, 0);
			snprintf(path, sizeof(path), "/model/%s/%s", ea, es);
			raw = raw_get(path, &status, NULL);
			assert_int_equal(status, 200);
			j = cJSON_Parse(raw);
			data = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "data"));
			mine = or_model_json(one);
			assert_json_equal(mine, data);
			free(mine);
			free(data);
			cJSON_Delete(j);
			free(raw);

			snprintf(path, sizeof(path), "/models/%s/%s/endpoints", ea, es);
			raw = raw_get(path, &status, NULL);
			assert_int_equal(status, 200);
			assert_int_equal(or_endpoints_list_id(client, m->id, NULL, &e), OR_OK);
			mine = or_endpoints_json(e);
			assert_json_equal(mine, raw);
			eps += e->count;
			free(mine);
			free(raw);
			or_endpoints_free(e);
			curl_free(ea);
			curl_free(es);
			curl_easy_cleanup(h);
		}
		/* the links.details path (canonical slug) works too */
		if (m->links_details && !strncmp(m->links_details, "/api/v1/models/", 15)) {
			char id[256];
			snprintf(id, sizeof(id), "%s", m->links_details + 15);
			*strstr(id, "/endpoints") = '\0';
			assert_int_equal(or_endpoints_list_id(client, id, NULL, &e), OR_OK);
			or_endpoints_free(e);
		}
		or_model_free(one);
		got++;
	}
	or_model_list_free(all);
	print_message("get + endpoints: %zu models, %zu endpoints equal to raw HTTP\n", got, eps);
	assert_true(eps > 0);
}

static void test_not_found(void **state)
{
	or_model *m = NULL;
	or_endpoints *e = NULL;

	(void)state;
	NEED_SERVER();
	assert_int_equal(or_models_get_id(client, "openai/gpt-9", NULL, &m), OR_E_NOT_FOUND);
	assert_int_equal(or_client_http_status(client), 404);
	assert_non_null(or_client_api_message(client));
	assert_int_equal(or_endpoints_list_id(client, "openai/gpt-9", NULL, &e), OR_E_NOT_FOUND);
}

static void test_zdr_and_providers(void **state)
{
	or_endpoint_list *z = NULL;
	or_provider_list *p = NULL;
	char *raw, *mine;
	long status;
	cJSON *j, *it;
	size_t i = 0;

	(void)state;
	NEED_SERVER();
	assert_int_equal(or_endpoints_list_zdr(client, NULL, &z), OR_OK);
	raw = raw_get("/endpoints/zdr", &status, NULL);
	j = cJSON_Parse(raw);
	assert_int_equal(z->count, (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")));
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "data")) {
		char *one = cJSON_PrintUnformatted(it);
		mine = or_endpoint_json(&z->endpoints[i++]);
		assert_json_equal(mine, one);
		free(mine);
		free(one);
	}
	cJSON_Delete(j);
	free(raw);
	or_endpoint_list_free(z);

	assert_int_equal(or_providers_list(client, NULL, &p), OR_OK);
	raw = raw_get("/providers", &status, NULL);
	j = cJSON_Parse(raw);
	assert_int_equal(p->count, (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "data")));
	i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "data")) {
		char *one = cJSON_PrintUnformatted(it);
		mine = or_provider_json(&p->providers[i++]);
		assert_json_equal(mine, one);
		free(mine);
		free(one);
	}
	assert_true(p->count > 0);
	cJSON_Delete(j);
	free(raw);
	or_provider_list_free(p);
}

static void test_user(void **state)
{
	or_models_user_request req = OR_MODELS_USER_REQUEST_INIT;
	or_call_options co = OR_CALL_OPTIONS_INIT;
	or_model_list *l = NULL;
	char *raw, *mine;
	long status;

	(void)state;
	NEED_SERVER();
	assert_int_equal(or_models_list_user(client, NULL, NULL, &l), OR_E_UNAUTHORIZED);
	assert_int_equal(or_client_http_status(client), 401);
	if (!api_key[0])
		skip();
	co.bearer = api_key;
	assert_int_equal(or_models_list_user(client, NULL, &co, &l), OR_OK);
	raw = raw_get("/models/user", &status, api_key);
	mine = or_model_list_json(l);
	assert_json_equal(mine, raw);
	free(mine);
	free(raw);
	or_model_list_free(l);
	req.offset.is_set = req.limit.is_set = 1;
	req.offset.value = 2;
	req.limit.value = 3;
	assert_int_equal(or_models_list_user(client, &req, &co, &l), OR_OK);
	raw = raw_get("/models/user?offset=2&limit=3", &status, api_key);
	mine = or_model_list_json(l);
	assert_json_equal(mine, raw);
	assert_int_equal(l->count, 3);
	free(mine);
	free(raw);
	or_model_list_free(l);
}

static void test_iterators_cover_everything(void **state)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_model_list *all = NULL;
	or_model_iter *it = NULL;
	const or_model *m;
	size_t i = 0;
	int rc;

	(void)state;
	NEED_SERVER();
	req.output_modalities = "all";
	assert_int_equal(or_models_list(client, &req, NULL, &all), OR_OK);
	req.limit.is_set = 1;
	req.limit.value = 25;
	assert_int_equal(or_models_iter(client, &req, NULL, &it), OR_OK);
	while ((rc = or_model_iter_next(it, &m)) == OR_OK) {
		assert_true(i < all->count);
		assert_string_equal(m->id, all->models[i].id);
		i++;
	}
	assert_int_equal(rc, OR_E_ITER_END);
	assert_int_equal(i, all->count);
	or_model_iter_free(it);
	print_message("iterator: %zu models in pages of 25 = the full list\n", i);
	or_model_list_free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_list_every_param),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_bad_parameter),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_get_and_endpoints),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_zdr_and_providers),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_iterators_cover_everything),
	};

	return cmocka_run_group_tests(tests, start, stop);
}
