/* client.c - or_client: configuration from options and environment, the
 * reusable curl handle, and the last-call error detail. */
#include "lib/lib.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OR_USER_AGENT "speakeasy-sdk/c " OR_VERSION " libopenrouter 1.0.0 openrouter-c"

static int global_done;

int or_global_init(void)
{
	if (global_done)
		return OR_OK;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return OR_E_NOMEM;
	global_done = 1;
	return OR_OK;
}

const char *or_version(void)
{
	return OR_VERSION;
}

/* Copy s (or the first set environment variable, or NULL) into *dst.
 * Returns -1 only on allocation failure. */
static int pick(char **dst, const char *s, unsigned int flags, const char *env1,
		const char *env2)
{
	if (!s && !(flags & OR_CLIENT_NO_ENV)) {
		if (env1 && (s = getenv(env1)) && !*s)
			s = NULL;
		if (!s && env2 && (s = getenv(env2)) && !*s)
			s = NULL;
	}
	*dst = NULL;
	if (!s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : -1;
}

static void strip_slashes(char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
}

int or_client_new(or_client **out, const or_client_options *opts)
{
	static const or_client_options defaults = OR_CLIENT_OPTIONS_INIT;
	or_client *c;
	int rc = OR_E_NOMEM;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > OR_CLIENT_OPTIONS_VERSION)
		return OR_E_INVALID_ARG;
	if (opts->retry.strategy != OR_RETRY_BACKOFF && opts->retry.strategy != OR_RETRY_NONE)
		return OR_E_INVALID_ARG;
	if (or_global_init() < 0)
		return OR_E_NOMEM;
	c = calloc(1, sizeof(*c));
	if (!c)
		return OR_E_NOMEM;
	if (pick(&c->api_key, opts->api_key, opts->flags, "OPENROUTER_API_KEY", NULL) < 0 ||
	    pick(&c->base_url, opts->base_url, opts->flags, "OPENROUTER_BASE_URL", NULL) < 0 ||
	    pick(&c->http_referer, opts->http_referer, opts->flags, "OPENROUTER_HTTP_REFERER", NULL) < 0 ||
	    pick(&c->app_title, opts->app_title, opts->flags, "OPENROUTER_APP_TITLE",
		 "OPENROUTER_X_OPEN_ROUTER_TITLE") < 0 ||
	    pick(&c->app_categories, opts->app_categories, opts->flags, "OPENROUTER_APP_CATEGORIES",
		 "OPENROUTER_X_OPEN_ROUTER_CATEGORIES") < 0 ||
	    pick(&c->user_agent, opts->user_agent, OR_CLIENT_NO_ENV, NULL, NULL) < 0)
		goto fail;
	if (!c->base_url && !(c->base_url = strdup(OR_DEFAULT_BASE_URL)))
		goto fail;
	if (!c->user_agent && !(c->user_agent = strdup(OR_USER_AGENT)))
		goto fail;
	strip_slashes(c->base_url);
	if (strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) {
		rc = OR_E_INVALID_ARG;
		goto fail;
	}
	c->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : 0;
	c->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 0;
	c->retry = opts->retry;
	c->max_body = opts->max_body_bytes ? opts->max_body_bytes : OR_DEFAULT_MAX_BODY;
	c->flags = opts->flags;
	c->body.max = c->max_body;
	c->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)(uintptr_t)c ^ 0x9e3779b97f4a7c15ull;
	c->curl = curl_easy_init();
	if (!c->curl)
		goto fail;
	*out = c;
	return OR_OK;
fail:
	or_client_free(c);
	return rc;
}

void or_client_free(or_client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c->api_key);
	free(c->base_url);
	free(c->http_referer);
	free(c->app_title);
	free(c->app_categories);
	free(c->user_agent);
	free(c->api_message);
	buf_free(&c->body);
	free(c);
}

const char *or_client_base_url(const or_client *c)
{
	return c ? c->base_url : NULL;
}

void or__reset_error(or_client *c)
{
	c->err = OR_OK;
	c->status = 0;
	c->attempts = 0;
	c->errmsg[0] = '\0';
	free(c->api_message);
	c->api_message = NULL;
}

int or__fail(or_client *c, int code, const char *fmt, ...)
{
	va_list ap;

	c->err = code;
	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

const char *or_client_errmsg(const or_client *c)
{
	return c ? c->errmsg : "";
}

int or_client_errcode(const or_client *c)
{
	return c ? c->err : OR_OK;
}

int or_client_http_status(const or_client *c)
{
	return c ? c->status : 0;
}

const char *or_client_api_message(const or_client *c)
{
	return c ? c->api_message : NULL;
}

const char *or_client_error_body(const or_client *c, size_t *len)
{
	if (len)
		*len = 0;
	if (!c || c->err == OR_OK || !c->body.data || !c->body.len)
		return NULL;
	if (len)
		*len = c->body.len;
	return c->body.data;
}

unsigned int or_client_attempts(const or_client *c)
{
	return c ? c->attempts : 0;
}
