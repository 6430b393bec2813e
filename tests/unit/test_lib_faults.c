/* test_lib_faults.c - libopenrouter's transport against the fault-injecting
 * server (tests/faultserver/faultserver.py): retries (500 then 200, 503 with
 * Retry-After / retry-after-ms, budget exhaustion, off), connection refused,
 * a stalled response (timeout), malformed JSON, a truncated body, a body over
 * the cap, 4XX/5XX bodies -> codes and messages, headers and query sent,
 * per-call overrides, environment, drift and both iterators. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "openrouter/openrouter.h"

static pid_t server_pid;
static char server[100]; /* http://127.0.0.1:PORT */
static int token_seq;

/* A fast policy so the suite stays quick: 10 ms x 1.5^n, no jitter. */
static const or_retry_policy fast = { OR_RETRY_BACKOFF, 10, 100, 1.5, 2000, 1, 0 };
static const or_retry_policy none = OR_RETRY_POLICY_NONE;

static int start_server(void **state)
{
	const char *src = getenv("OR_SOURCE_DIR");
	char script[512], line[256];
	int fds[2];
	FILE *f;

	(void)state;
	snprintf(script, sizeof(script), "%s/tests/faultserver/faultserver.py", src ? src : ".");
	if (pipe(fds) < 0)
		return -1;
	server_pid = fork();
	if (server_pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || strncmp(line, "listening on ", 13))
		return -1;
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(server, sizeof(server), "%.90s", line + 13);
	fclose(f);
	return 0;
}

static int stop_server(void **state)
{
	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	return 0;
}

/* A client for fault (a fresh token per client), with policy p. */
static or_client *client_for(const char *fault, const or_retry_policy *p, char *base, size_t bsz)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_client *c = NULL;
	char url[256];

	snprintf(url, sizeof(url), "%s/%s/t%d-%d", server, fault, (int)getpid(), ++token_seq);
	if (base)
		snprintf(base, bsz, "%s", url);
	o.base_url = url;
	o.flags = OR_CLIENT_NO_ENV;
	o.retry = *p;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	return c;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_ok_list(void **state)
{
	or_client *c = client_for("ok", &fast, NULL, 0);
	or_model_list *l = NULL;
	int64_t n = 0;
	or_model *m = NULL;

	(void)state;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	assert_int_equal(l->count, 7);
	assert_true(l->total_count.is_set);
	assert_int_equal(l->total_count.value, 7);
	assert_null(l->next);
	assert_string_equal(l->models[6].id, "test/model-6");
	assert_string_equal(or_client_errmsg(c), "");
	assert_int_equal(or_client_http_status(c), 200);
	or_model_list_free(l);
	assert_int_equal(or_models_count(c, NULL, NULL, &n), OR_OK);
	assert_int_equal(n, 7);
	assert_int_equal(or_models_get_id(c, "test/model-0", NULL, &m), OR_OK);
	assert_string_equal(m->id, "test/model-0");
	or_model_free(m);
	or_client_free(c);
}

static void test_fail_then_ok(void **state)
{
	or_client *c = client_for("fail-then-ok", &fast, NULL, 0);
	or_model_list *l = NULL;

	(void)state;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	assert_int_equal(or_client_attempts(c), 2);
	assert_int_equal(l->count, 7);
	or_model_list_free(l);
	or_client_free(c);
}

static void test_retry_after(void **state)
{
	or_client *c = client_for("retry-after", &fast, NULL, 0);
	or_model_list *l = NULL;
	double t0 = now_s(), dt;

	(void)state;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	dt = now_s() - t0;
	assert_int_equal(or_client_attempts(c), 2);
	assert_true(dt >= 0.9); /* Retry-After: 1 beats the 10 ms backoff */
	or_model_list_free(l);
	or_client_free(c);

	c = client_for("retry-after-ms", &fast, NULL, 0);
	t0 = now_s();
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	dt = now_s() - t0;
	assert_int_equal(or_client_attempts(c), 2);
	assert_true(dt >= 0.28 && dt < 5.0); /* waited 300 ms, not the 10 ms backoff */
	or_model_list_free(l);
	or_client_free(c);

	/* Retry-After as an HTTP date (whole seconds: 1 to 2 s ahead; the
	 * budget must allow that wait) */
	{
		or_retry_policy p = fast;
		p.max_elapsed_ms = 10000;
		c = client_for("retry-after-date", &p, NULL, 0);
	}
	t0 = now_s();
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	dt = now_s() - t0;
	assert_int_equal(or_client_attempts(c), 2);
	assert_true(dt >= 0.5 && dt < 8.0);
	or_model_list_free(l);
	or_client_free(c);
}

static void test_budget_exhausted(void **state)
{
	or_retry_policy p = fast;
	or_client *c;
	or_model_list *l = NULL;
	size_t len;

	(void)state;
	p.max_elapsed_ms = 300;
	c = client_for("always-500", &p, NULL, 0);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_SERVER);
	assert_null(l);
	assert_true(or_client_attempts(c) >= 2); /* how many fit in 300 ms depends on load */
	assert_int_equal(or_client_http_status(c), 500);
	assert_string_equal(or_client_api_message(c), "Internal Server Error");
	assert_string_equal(or_client_errmsg(c), "HTTP 500: Internal Server Error");
	assert_non_null(strstr(or_client_error_body(c, &len), "\"code\": 500"));
	assert_true(len > 10);
	or_client_free(c);

	/* off */
	c = client_for("always-503", &none, NULL, 0);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_HTTP_OTHER);
	assert_int_equal(or_client_attempts(c), 1);
	assert_int_equal(or_client_http_status(c), 503);
	or_client_free(c);

	/* per-call override of the retry policy */
	c = client_for("fail-then-ok", &none, NULL, 0);
	{
		or_call_options co = OR_CALL_OPTIONS_INIT;
		co.retry = &fast;
		assert_int_equal(or_models_list(c, NULL, &co, &l), OR_OK);
		assert_int_equal(or_client_attempts(c), 2);
		or_model_list_free(l);
	}
	or_client_free(c);
}

static void test_connection_refused(void **state)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	or_client *c = NULL;
	or_model_list *l = NULL;
	char url[128];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	close(fd); /* nobody listens there now */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1", ntohs(sa.sin_port));
	o.base_url = url;
	o.flags = OR_CLIENT_NO_ENV;
	o.retry = fast;
	o.retry.max_elapsed_ms = 200;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_CONNECTION);
	assert_true(or_client_attempts(c) > 1); /* connection errors are retried */
	assert_int_equal(or_client_http_status(c), 0);
	assert_non_null(strstr(or_client_errmsg(c), url));
	assert_null(or_client_error_body(c, NULL));
	o.retry.retry_connection_errors = 0;
	or_client_free(c);
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_CONNECTION);
	assert_int_equal(or_client_attempts(c), 1);
	or_client_free(c);
}

static void test_stall_timeout(void **state)
{
	or_client *c = client_for("stall", &none, NULL, 0);
	or_call_options co = OR_CALL_OPTIONS_INIT;
	or_model_list *l = NULL;
	double t0 = now_s();

	(void)state;
	co.timeout_ms = 300;
	assert_int_equal(or_models_list(c, NULL, &co, &l), OR_E_TIMEOUT);
	assert_true(now_s() - t0 < 5.0); /* the server stalls 30 s */
	assert_int_equal(or_client_errcode(c), OR_E_TIMEOUT);
	or_client_free(c);
}

static void test_bad_bodies(void **state)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_client *c = client_for("malformed", &none, NULL, 0);
	or_model_list *l = NULL;
	char url[256];

	(void)state;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_INVALID_RESPONSE);
	assert_non_null(strstr(or_client_errmsg(c), "not JSON"));
	assert_non_null(or_client_error_body(c, NULL));
	or_client_free(c);

	c = client_for("truncated", &none, NULL, 0);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_CONNECTION);
	or_client_free(c);

	/* 2 MiB body: fine by default, too large with a 1 MiB cap */
	c = client_for("huge", &none, url, sizeof(url));
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	or_model_list_free(l);
	or_client_free(c);
	o.base_url = url;
	o.flags = OR_CLIENT_NO_ENV;
	o.retry = none;
	o.max_body_bytes = 1 << 20;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_E_TOO_LARGE);
	assert_null(l);
	assert_non_null(strstr(or_client_errmsg(c), "larger than 1048576"));
	or_client_free(c);
}

static void expect_status(const char *fault, int code, int status, const char *api_msg)
{
	or_client *c = client_for(fault, &fast, NULL, 0);
	or_model *m = NULL;
	char want[256];

	assert_int_equal(or_models_get_id(c, "openai/gpt-9", NULL, &m), code);
	assert_null(m);
	assert_int_equal(or_client_http_status(c), status);
	if (api_msg) {
		assert_string_equal(or_client_api_message(c), api_msg);
		snprintf(want, sizeof(want), "HTTP %d: %s", status, api_msg);
		assert_string_equal(or_client_errmsg(c), want);
	} else {
		assert_null(or_client_api_message(c));
	}
	assert_non_null(or_client_error_body(c, NULL));
	or_client_free(c);
}

static void test_error_statuses(void **state)
{
	(void)state;
	expect_status("unauthorized", OR_E_UNAUTHORIZED, 401, "Missing Authentication header");
	expect_status("notfound", OR_E_NOT_FOUND, 404, "Model not found");
	expect_status("badrequest", OR_E_BAD_REQUEST, 400, "Invalid request parameters");
	expect_status("ratelimited", OR_E_RATE_LIMITED, 429, "Rate limit exceeded");
	expect_status("html-502", OR_E_HTTP_OTHER, 502, NULL);
	assert_string_equal(or_strerror(OR_E_NOT_FOUND), "not found (HTTP 404)");
}

/* The echo fault returns what it received: check headers, path and query. */
static cJSON *echo_of(or_client *c)
{
	size_t n;
	const char *body;
	char *json;
	or_model_list *l = NULL;
	cJSON *root, *echo;

	(void)body;
	(void)n;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	json = or_model_list_json(l);
	or_model_list_free(l);
	root = cJSON_Parse(json);
	free(json);
	echo = cJSON_DetachItemFromObject(root, "echo");
	cJSON_Delete(root);
	return echo;
}

static const char *hdr(const cJSON *echo, const char *name)
{
	const cJSON *h = cJSON_GetObjectItem(cJSON_GetObjectItem(echo, "headers"), name);

	return cJSON_IsString(h) ? h->valuestring : NULL;
}

static void test_headers_and_overrides(void **state)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_call_options co = OR_CALL_OPTIONS_INIT;
	or_client *c = NULL;
	or_model_list *l = NULL;
	char url[256], other[256];
	cJSON *e;

	(void)state;
	snprintf(url, sizeof(url), "%s/echo/h1/", server); /* trailing '/' is stripped */
	o.base_url = url;
	o.api_key = "sk-or-test";
	o.http_referer = "https://example.org/app";
	o.app_title = "My App";
	o.app_categories = "cli-agent";
	o.flags = OR_CLIENT_NO_ENV;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	e = echo_of(c);
	assert_string_equal(cJSON_GetObjectItem(e, "path")->valuestring, "/models");
	assert_string_equal(hdr(e, "authorization"), "Bearer sk-or-test");
	assert_string_equal(hdr(e, "accept"), "application/json");
	assert_string_equal(hdr(e, "http-referer"), "https://example.org/app");
	assert_string_equal(hdr(e, "x-openrouter-title"), "My App");
	assert_string_equal(hdr(e, "x-openrouter-categories"), "cli-agent");
	assert_non_null(strstr(hdr(e, "user-agent"), "speakeasy-sdk/c "));
	assert_non_null(strstr(hdr(e, "user-agent"), "openrouter-c"));
	cJSON_Delete(e);

	/* per-call: base URL, attribution and bearer override the client's */
	snprintf(other, sizeof(other), "%s/echo/h2", server);
	co.base_url = other;
	co.app_title = "Other";
	co.bearer = "Bearer sk-call";
	assert_int_equal(or_models_list(c, NULL, &co, &l), OR_OK);
	{
		char *json = or_model_list_json(l);
		assert_non_null(strstr(json, "\"x-openrouter-title\":\"Other\""));
		assert_non_null(strstr(json, "\"authorization\":\"Bearer sk-call\""));
		assert_non_null(strstr(json, "\"http-referer\":\"https://example.org/app\""));
		free(json);
	}
	or_model_list_free(l);
	or_client_free(c);

	/* no key: no Authorization header */
	o.api_key = NULL;
	o.http_referer = o.app_title = o.app_categories = NULL;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	e = echo_of(c);
	assert_null(hdr(e, "authorization"));
	assert_null(hdr(e, "x-openrouter-title"));
	cJSON_Delete(e);
	or_client_free(c);
}

static void test_environment(void **state)
{
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_client *c = NULL;
	char url[256];
	cJSON *e;

	(void)state;
	snprintf(url, sizeof(url), "%s/echo/env", server);
	setenv("OPENROUTER_BASE_URL", url, 1);
	setenv("OPENROUTER_API_KEY", "sk-env", 1);
	setenv("OPENROUTER_APP_TITLE", "Env App", 1);
	assert_int_equal(or_client_new(&c, NULL), OR_OK);
	assert_string_equal(or_client_base_url(c), url);
	e = echo_of(c);
	assert_string_equal(hdr(e, "authorization"), "Bearer sk-env");
	assert_string_equal(hdr(e, "x-openrouter-title"), "Env App");
	cJSON_Delete(e);
	or_client_free(c);
	o.flags = OR_CLIENT_NO_ENV;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	assert_string_equal(or_client_base_url(c), OR_DEFAULT_BASE_URL);
	or_client_free(c);
	unsetenv("OPENROUTER_BASE_URL");
	unsetenv("OPENROUTER_API_KEY");
	unsetenv("OPENROUTER_APP_TITLE");
	o.base_url = "ftp://nope";
	assert_int_equal(or_client_new(&c, &o), OR_E_INVALID_ARG);
	assert_null(c);
	o.base_url = NULL;
	o.version = 99;
	assert_int_equal(or_client_new(&c, &o), OR_E_INVALID_ARG);
}

static void test_query_and_paths(void **state)
{
	or_models_list_request r = OR_MODELS_LIST_REQUEST_INIT;
	or_client *c;
	or_model *m = NULL;
	char *q = NULL, url[256];
	size_t n;

	(void)state;
	assert_int_equal(or_models_list_query(&r, &q), OR_OK);
	assert_string_equal(q, "");
	free(q);
	r.offset.is_set = 1;
	r.limit.is_set = 1;
	r.limit.value = 50;
	r.category = "marketing/seo";
	r.supported_parameters = "tools,tool_choice";
	r.q = "gpt 4&x";
	r.min_price.is_set = 1;
	r.min_price.value = 0.5;
	r.distillable.is_set = 1;
	r.zdr = 1;
	r.max_tool_success_rate.is_set = 1;
	r.max_tool_success_rate.value = 0.25;
	assert_int_equal(or_models_list_query(&r, &q), OR_OK);
	assert_string_equal(q, "?offset=0&limit=50&category=marketing%2Fseo"
			       "&supported_parameters=tools%2Ctool_choice&q=gpt%204%26x"
			       "&min_price=0.5&distillable=false&zdr=true&max_tool_success_rate=0.25");
	free(q);
	or_models_list_params(&n);
	assert_int_equal(n, 31);

	/* path segments are percent-encoded like encodeURIComponent */
	c = client_for("echo", &none, url, sizeof(url));
	assert_int_equal(or_models_get(c, "~x-ai", "grok:free", NULL, &m), OR_E_INVALID_RESPONSE);
	assert_non_null(strstr(or_client_error_body(c, NULL), "\"/model/~x-ai/grok%3Afree\""));
	assert_int_equal(or_models_get_id(c, "nope", NULL, &m), OR_E_INVALID_ARG);
	or_client_free(c);
}

static void test_drift(void **state)
{
	or_client *c = client_for("drift", &none, NULL, 0);
	or_model_list *l = NULL;
	char *f;

	(void)state;
	assert_int_equal(or_models_list(c, NULL, NULL, &l), OR_OK);
	assert_int_equal(l->count, 2);
	assert_false(l->total_count.is_set);
	assert_null(l->next);
	assert_true(l->models[0].pricing.prompt.is_variable);
	assert_true(l->models[0].pricing.prompt.value == 0);
	assert_false(l->models[0].context_length.is_set);
	f = or_model_field_json(&l->models[0], "brand_new_field");
	assert_string_equal(f, "{\"x\":[1,2]}");
	free(f);
	assert_string_equal(l->models[1].id, "test/model-1");
	or_model_list_free(l);
	or_client_free(c);
}

static int count_requests(const char *base)
{
	/* base = server/ok/TOKEN */
	const char *tok = strrchr(base, '/') + 1;
	or_client_options o = OR_CLIENT_OPTIONS_INIT;
	or_client *c = NULL;
	or_model_list *l = NULL;
	char url[256];
	int n;

	(void)l;
	snprintf(url, sizeof(url), "%s/__count/%s", server, tok);
	o.base_url = url;
	o.flags = OR_CLIENT_NO_ENV;
	assert_int_equal(or_client_new(&c, &o), OR_OK);
	/* The count body is {"count": n}: read it through the error path. */
	assert_int_equal(or_models_count(c, NULL, NULL, &(int64_t){ 0 }), OR_E_INVALID_RESPONSE);
	n = (int)strtol(strchr(or_client_error_body(c, NULL), ':') + 1, NULL, 10);
	or_client_free(c);
	return n;
}

static void test_iterators(void **state)
{
	or_models_list_request r = OR_MODELS_LIST_REQUEST_INIT;
	char base[256];
	or_client *c = client_for("ok", &none, base, sizeof(base));
	or_page_iter *pi = NULL;
	or_model_iter *mi = NULL;
	const or_model_list *page;
	const or_model *m;
	size_t sizes[8], np = 0, nm = 0;
	int rc;

	(void)state;
	r.limit.is_set = 1;
	r.limit.value = 3;
	assert_int_equal(or_models_pages(c, &r, NULL, &pi), OR_OK);
	while ((rc = or_page_iter_next(pi, &page)) == OR_OK && np < 8)
		sizes[np++] = page->count;
	assert_int_equal(rc, OR_E_ITER_END);
	assert_int_equal(np, 3);
	assert_int_equal(sizes[0], 3);
	assert_int_equal(sizes[2], 1);
	assert_int_equal(or_page_iter_next(pi, &page), OR_E_ITER_END);
	or_page_iter_free(pi);
	assert_int_equal(count_requests(base), 3);
	or_client_free(c);

	/* an exact multiple needs one more, empty, page */
	c = client_for("ok", &none, base, sizeof(base));
	r.limit.value = 7;
	assert_int_equal(or_models_iter(c, &r, NULL, &mi), OR_OK);
	while ((rc = or_model_iter_next(mi, &m)) == OR_OK)
		nm++;
	assert_int_equal(rc, OR_E_ITER_END);
	assert_int_equal(nm, 7);
	or_model_iter_free(mi);
	assert_int_equal(count_requests(base), 2);
	or_client_free(c);

	/* an error stops the iteration with the call's code */
	c = client_for("notfound", &none, base, sizeof(base));
	assert_int_equal(or_models_iter(c, NULL, NULL, &mi), OR_OK);
	assert_int_equal(or_model_iter_next(mi, &m), OR_E_NOT_FOUND);
	or_model_iter_free(mi);
	or_client_free(c);

	or_page_iter_free(NULL);
	or_model_iter_free(NULL);
	or_client_free(NULL);
	or_model_list_free(NULL);
}

static void test_other_ops(void **state)
{
	or_client *c = client_for("ok", &none, NULL, 0);
	or_models_user_request ur = OR_MODELS_USER_REQUEST_INIT;
	or_model_list *l = NULL;
	or_endpoints *e = NULL;
	or_endpoint_list *z = NULL;
	or_provider_list *p = NULL;

	(void)state;
	ur.limit.is_set = 1;
	ur.limit.value = 2;
	assert_int_equal(or_models_list_user(c, &ur, NULL, &l), OR_OK);
	or_model_list_free(l);
	assert_int_equal(or_endpoints_list_id(c, "test/model-0", NULL, &e), OR_OK);
	assert_string_equal(e->id, "test/model-0");
	assert_int_equal(e->architecture.input_modalities.count, 1);
	assert_int_equal(e->count, 0);
	or_endpoints_free(e);
	assert_int_equal(or_endpoints_list_zdr(c, NULL, &z), OR_OK);
	assert_int_equal(z->count, 0);
	or_endpoint_list_free(z);
	assert_int_equal(or_providers_list(c, NULL, &p), OR_OK);
	assert_int_equal(p->count, 1);
	assert_string_equal(p->providers[0].slug, "p");
	or_provider_list_free(p);
	or_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_list),
		cmocka_unit_test(test_fail_then_ok),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_budget_exhausted),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_stall_timeout),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_error_statuses),
		cmocka_unit_test(test_headers_and_overrides),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_query_and_paths),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_iterators),
		cmocka_unit_test(test_other_ops),
	};

	return cmocka_run_group_tests(tests, start_server, stop_server);
}
