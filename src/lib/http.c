/* http.c - one API call over libcurl: headers, timeout, the size-capped body,
 * the retry loop of the official SDKs, and HTTP status -> error code. */
#include "lib/lib.h"
#include "util/pct.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* What one attempt saw besides the body. */
typedef struct attempt {
	or_client *c;
	long retry_after_ms;  /* -1: no header */
	int json;             /* Content-Type is JSON */
} attempt;

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	or_client *c = ud;

	if (buf_append(&c->body, data, size * n) < 0)
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	return size * n;
}

/* Header value after "name:" when line is that header, else NULL. */
static const char *header_value(const char *line, size_t len, const char *name, char *out,
				size_t outsz)
{
	size_t n = strlen(name), i, j = 0;

	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	for (i = n + 1; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	while (i < len && line[i] != '\r' && line[i] != '\n' && j + 1 < outsz)
		out[j++] = line[i++];
	out[j] = '\0';
	return out;
}

static long parse_retry_after(const char *v)
{
	char *end;
	long long secs;
	time_t t;

	if (isdigit((unsigned char)*v)) {
		errno = 0;
		secs = strtoll(v, &end, 10);
		if (errno || secs < 0 || secs > 86400L * 365)
			return -1;
		return (long)(secs * 1000);
	}
	t = curl_getdate(v, NULL);
	if (t < 0)
		return -1;
	t -= time(NULL);
	return t > 0 ? (long)t * 1000 : 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	attempt *a = ud;
	size_t len = size * n;
	char v[256];
	char *end;
	long ms;

	if (header_value(data, len, "retry-after-ms", v, sizeof(v))) {
		errno = 0;
		ms = strtol(v, &end, 10);
		if (!errno && end != v && ms >= 0)
			a->retry_after_ms = ms;
	} else if (header_value(data, len, "retry-after", v, sizeof(v))) {
		if (a->retry_after_ms < 0)
			a->retry_after_ms = parse_retry_after(v);
	} else if (header_value(data, len, "content-type", v, sizeof(v))) {
		a->json = strstr(v, "json") != NULL;
	} else if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* a new response (after a redirect or 100-continue): start over */
		a->retry_after_ms = -1;
		a->json = 0;
	}
	return len;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
	char line[2048];
	struct curl_slist *l;

	if (!value)
		return 0;
	if ((size_t)snprintf(line, sizeof(line), "%s: %s", name, value) >= sizeof(line))
		return -1;
	l = curl_slist_append(*list, line);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

static int build_headers(const or_client *c, const or_call_options *o, struct curl_slist **out)
{
	const char *key = o && o->bearer ? o->bearer : c->api_key;
	struct curl_slist *h = NULL;
	char auth[1024];
	int rc = 0;

	if (key && *key) {
		if (!strncasecmp(key, "bearer ", 7))
			snprintf(auth, sizeof(auth), "%s", key);
		else
			snprintf(auth, sizeof(auth), "Bearer %s", key);
		rc |= add_header(&h, "Authorization", auth);
	}
	rc |= add_header(&h, "Accept", "application/json");
	rc |= add_header(&h, "HTTP-Referer", o && o->http_referer ? o->http_referer : c->http_referer);
	rc |= add_header(&h, "X-OpenRouter-Title", o && o->app_title ? o->app_title : c->app_title);
	rc |= add_header(&h, "X-OpenRouter-Categories",
			 o && o->app_categories ? o->app_categories : c->app_categories);
	rc |= add_header(&h, "Expect", "");
	*out = h;
	if (rc) {
		curl_slist_free_all(h);
		*out = NULL;
		return OR_E_NOMEM;
	}
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static uint64_t next_random(or_client *c)
{
	uint64_t x = c->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c->rng = x;
	return x;
}

/* Backoff before retry n (0-based): initial * exponent^n + jitter, capped. */
static uint64_t backoff_ms(or_client *c, const or_retry_policy *p, unsigned int n)
{
	double d = (double)p->initial_interval_ms;
	unsigned int i;

	/* exponent^n by multiplication (no libm); stop once past the cap */
	for (i = 0; i < n && d <= (double)p->max_interval_ms; i++)
		d *= p->exponent;

	if (p->jitter_ms)
		d += (double)(next_random(c) % (p->jitter_ms + 1));
	if (d > (double)p->max_interval_ms)
		d = (double)p->max_interval_ms;
	return d < 0 ? 0 : (uint64_t)d;
}

static int status_code(long status)
{
	switch (status) {
	case 400: return OR_E_BAD_REQUEST;
	case 401: return OR_E_UNAUTHORIZED;
	case 403: return OR_E_FORBIDDEN;
	case 404: return OR_E_NOT_FOUND;
	case 429: return OR_E_RATE_LIMITED;
	case 500: return OR_E_SERVER;
	}
	return OR_E_HTTP_OTHER;
}

/* Keep error.message of a JSON error body on the client. */
static void take_api_message(or_client *c)
{
	cJSON *root = cat_parse(c->body.data ? c->body.data : "", c->body.len, NULL);
	const char *msg = cat_str(cJSON_GetObjectItemCaseSensitive(root, "error"), "message");

	if (msg)
		c->api_message = strdup(msg);
	cJSON_Delete(root);
}

static int transport_code(CURLcode cc, const or_client *c)
{
	switch (cc) {
	case CURLE_WRITE_ERROR:
		return c->body.overflow ? OR_E_TOO_LARGE : OR_E_CONNECTION;
	case CURLE_FILESIZE_EXCEEDED:
		return OR_E_TOO_LARGE;
	case CURLE_OPERATION_TIMEDOUT:
		return OR_E_TIMEOUT;
	case CURLE_OUT_OF_MEMORY:
		return OR_E_NOMEM;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return OR_E_INVALID_ARG;
	default:
		return OR_E_CONNECTION;
	}
}

static int setup(or_client *c, const char *url, long timeout_ms, struct curl_slist *hdrs,
		 attempt *a)
{
	CURL *h = c->curl;
	CURLcode rc = CURLE_OK;

	rc |= curl_easy_setopt(h, CURLOPT_URL, url);
	rc |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	rc |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	rc |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	rc |= curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	rc |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	rc |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	rc |= curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
	rc |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	rc |= curl_easy_setopt(h, CURLOPT_HEADERDATA, a);
	rc |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 0L);
	rc |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	rc |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	rc |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	return rc == CURLE_OK ? 0 : OR_E_INVALID_ARG;
}

int or__get(or_client *c, const or_call_options *o, const char *path)
{
	const or_retry_policy *p = o && o->retry ? o->retry : &c->retry;
	long timeout = o && o->timeout_ms != OR_TIMEOUT_INHERIT ? o->timeout_ms : c->timeout_ms;
	const char *base = o && o->base_url ? o->base_url : c->base_url;
	struct curl_slist *hdrs = NULL;
	buf url = BUF_INIT(16384);
	uint64_t start = now_ms(), delay;
	size_t blen = strlen(base);
	attempt a;
	int rc, retryable;
	long status = 0;
	CURLcode cc = CURLE_OK;

	or__reset_error(c);
	if (o && (o->version < 1 || o->version > OR_CALL_OPTIONS_VERSION))
		return or__fail(c, OR_E_INVALID_ARG, "bad or_call_options version %u", o->version);
	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	if (buf_append(&url, base, blen) < 0 || buf_puts(&url, path) < 0) {
		rc = or__fail(c, OR_E_INVALID_ARG, "request URL too long");
		goto out;
	}
	if ((rc = build_headers(c, o, &hdrs)) < 0) {
		or__fail(c, rc, "out of memory");
		goto out;
	}
	for (;;) {
		a.c = c;
		a.retry_after_ms = -1;
		a.json = 0;
		buf_reset(&c->body);
		c->status = 0;
		if ((rc = setup(c, url.data, timeout, hdrs, &a)) < 0) {
			or__fail(c, rc, "cannot set up request for %s", url.data);
			goto out;
		}
		c->attempts++;
		cc = curl_easy_perform(c->curl);
		status = 0;
		if (cc == CURLE_OK) {
			curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
			c->status = (int)status;
			if (status >= 200 && status < 300) {
				rc = OR_OK;
				goto out;
			}
			rc = status_code(status);
			retryable = status >= 500 && status <= 599;
		} else {
			rc = transport_code(cc, c);
			retryable = p->retry_connection_errors &&
				    (rc == OR_E_CONNECTION || rc == OR_E_TIMEOUT);
		}
		if (!retryable || p->strategy == OR_RETRY_NONE)
			break;
		delay = a.retry_after_ms >= 0 ? (uint64_t)a.retry_after_ms
					      : backoff_ms(c, p, c->attempts - 1);
		if (now_ms() - start + delay > p->max_elapsed_ms)
			break;
		sleep_ms(delay);
	}
	if (cc != CURLE_OK) {
		if (rc == OR_E_TOO_LARGE)
			or__fail(c, rc, "response larger than %zu bytes (%s)", c->max_body, url.data);
		else
			or__fail(c, rc, "%s (%s)", curl_easy_strerror(cc), url.data);
		if (rc == OR_E_TOO_LARGE)
			buf_reset(&c->body);
	} else {
		if (a.json)
			take_api_message(c);
		if (c->api_message)
			or__fail(c, rc, "HTTP %ld: %s", status, c->api_message);
		else
			or__fail(c, rc, "HTTP %ld: %.*s", status,
				 (int)(c->body.len > 200 ? 200 : c->body.len),
				 c->body.data ? c->body.data : "");
	}
out:
	curl_slist_free_all(hdrs);
	buf_free(&url);
	return rc;
}

int or__escape(buf *b, const char *s)
{
	return pct_encode(b, s, "-_.!~*'()");
}

int or__path_id(buf *b, const char *author, const char *slug)
{
	if (or__escape(b, author) < 0 || buf_putc(b, '/') < 0 || or__escape(b, slug) < 0)
		return -1;
	return 0;
}
