/*
 * query.c - the raw query-string decoder and the table-driven parser of the
 * /models parameters, the accessors of a parsed query, links.next, and the
 * injectable server clock.
 *
 * Decoding: pairs split on '&' (empty pairs skipped), '+' is a space, %XX
 * must be two hex digits, %00 and invalid UTF-8 are refused. Known
 * parameters that apply to the route must appear once with a non-empty value
 * of at most QUERY_VALUE_MAX bytes; unknown ones (and those of other routes)
 * are ignored like the public API does.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/query_int.h"
#include "util/pct.h"
#include "util/utf8.h"

void query_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Percent-decode s[0..n) into a new arena string; *outlen its length.
 * Returns 0, -1 on a malformed encoding, -2 out of memory. */
static int decode(const char *s, size_t n, arena *a, char **out, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1);
	size_t j;
	long len;

	if (!d)
		return -2;
	len = pct_decode(s, n, d, 1);
	if (len < 0)
		return -1;
	j = (size_t)len;
	if (!utf8_valid((const unsigned char *)d, j))
		return -1;
	*out = d;
	*outlen = j;
	return 0;
}

static int find_param(const char *name)
{
	size_t n, i;
	const query_param *t = query_params(&n);

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return (int)i;
	return -1;
}

static int enum_index(const char *const *values, const char *v)
{
	int i;

	for (i = 0; values[i]; i++)
		if (!strcmp(values[i], v))
			return i;
	return -1;
}

static void enum_list(const char *const *values, char *out, size_t n)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; values[i] && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%s", i ? ", " : "", values[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Strict decimal grammar: -?digits[.digits][e[+-]digits] (or -?.digits). */
static int number_ok(const char *s, int integer)
{
	const char *p = s;
	int digits = 0;

	if (*p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (integer)
		return digits > 0 && *p == '\0';
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		int ed = 0;

		p++;
		if (*p == '+' || *p == '-')
			p++;
		while (*p >= '0' && *p <= '9')
			p++, ed++;
		if (!ed)
			return 0;
	}
	return *p == '\0';
}

static int fail_range(const query_param *p, char *err, size_t errlen)
{
	const char *what = p->type == QUERY_T_INT ? "an integer" : "a number";

	if (p->max >= 9e15)
		snprintf(err, errlen, "invalid value for '%s': expected %s >= %g", p->name, what,
			 p->min);
	else
		snprintf(err, errlen, "invalid value for '%s': expected %s from %g to %g", p->name,
			 what, p->min, p->max);
	return -1;
}

/* Split a comma list into items; validates each. */
static int parse_list(query *q, int id, const query_param *p, char *v, arena *a,
		      char *err, size_t errlen)
{
	const char **items = arena_alloc(a, sizeof(*items) * QUERY_LIST_MAX);
	size_t n = 0;
	char *s = v;
	char allowed[256];

	if (!items)
		goto oom;
	for (;;) {
		char *comma = strchr(s, ',');

		if (comma)
			*comma = '\0';
		if (!*s) {
			snprintf(err, errlen, "invalid value for '%s': empty item in the comma list", p->name);
			return -1;
		}
		if (n == QUERY_LIST_MAX) {
			snprintf(err, errlen, "invalid value for '%s': at most %d items", p->name,
				 QUERY_LIST_MAX);
			return -1;
		}
		if (id == QP_OUTPUT_MODALITIES && !strcmp(s, "all")) {
			if (n || comma) {
				snprintf(err, errlen, "invalid value for 'output_modalities': 'all' cannot be combined with other modalities");
				return -1;
			}
			q->out_all = 1;
		} else if (p->values && enum_index(p->values, s) < 0) {
			enum_list(p->values, allowed, sizeof(allowed));
			snprintf(err, errlen, "invalid value for '%s': expected a comma list of %s%s",
				 p->name, allowed, id == QP_OUTPUT_MODALITIES ? ", or all" : "");
			return -1;
		}
		if (id == QP_MODEL_AUTHORS || id == QP_PROVIDERS)
			query_lower(s);
		items[n++] = s;
		if (!comma)
			break;
		s = comma + 1;
	}
	q->items[id] = items;
	q->nitems[id] = n;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* q: lowercase whitespace-separated terms. */
static int parse_terms(query *q, char *v, arena *a, char *err, size_t errlen)
{
	const char **items = arena_alloc(a, sizeof(*items) * QUERY_LIST_MAX);
	size_t n = 0;
	char *s = v;

	if (!items) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	query_lower(v);
	for (;;) {
		while (*s && strchr(" \t\n\r\f\v", *s))
			*s++ = '\0';
		if (!*s)
			break;
		if (n == QUERY_LIST_MAX) {
			snprintf(err, errlen, "invalid value for 'q': at most %d terms", QUERY_LIST_MAX);
			return -1;
		}
		items[n++] = s;
		while (*s && !strchr(" \t\n\r\f\v", *s))
			s++;
	}
	q->items[QP_Q] = items;
	q->nitems[QP_Q] = n;
	return 0;
}

static int parse_value(query *q, int id, const char *value, size_t vlen, arena *a,
		       char *err, size_t errlen)
{
	const query_param *p = &query_params(NULL)[id];
	char *v = arena_strndup(a, value, vlen), allowed[512];
	double d;
	int e;

	if (!v) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	switch (p->type) {
	case QUERY_T_INT:
	case QUERY_T_NUMBER:
		if (!number_ok(v, p->type == QUERY_T_INT)) {
			snprintf(err, errlen, "invalid value for '%s': expected %s", p->name,
				 p->type == QUERY_T_INT ? "an integer" : "a number");
			return -1;
		}
		errno = 0;
		d = strtod(v, NULL);
		if (errno || !isfinite(d) || d < p->min || d > p->max)
			return fail_range(p, err, errlen);
		q->nval[id] = d;
		q->ival[id] = (int64_t)d;
		break;
	case QUERY_T_BOOL:
		if (strcmp(v, "true") && strcmp(v, "false")) {
			snprintf(err, errlen, "invalid value for '%s': expected true or false", p->name);
			return -1;
		}
		q->ival[id] = !strcmp(v, "true");
		break;
	case QUERY_T_ENUM:
		e = enum_index(p->values, v);
		if (e < 0) {
			enum_list(p->values, allowed, sizeof(allowed));
			snprintf(err, errlen, "invalid value for '%s': expected one of %s", p->name, allowed);
			return -1;
		}
		q->ival[id] = e;
		break;
	case QUERY_T_LIST:
		if (parse_list(q, id, p, v, a, err, errlen) < 0)
			return -1;
		break;
	case QUERY_T_TEXT:
		if (id == QP_Q)
			return parse_terms(q, v, a, err, errlen);
		query_lower(v);
		q->items[id] = arena_alloc(a, sizeof(char *));
		if (!q->items[id]) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		q->items[id][0] = v;
		q->nitems[id] = 1;
		break;
	}
	return 0;
}

int query_parse(const char *raw, size_t len, query_route route, arena *a,
		query **out, char *err, size_t errlen)
{
	query *q = arena_alloc(a, sizeof(*q));
	size_t pos = 0, pairs = 0;

	*out = NULL;
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	q->route = route;
	while (raw && pos < len) {
		const char *seg = raw + pos, *amp = memchr(seg, '&', len - pos), *eq;
		size_t slen = amp ? (size_t)(amp - seg) : len - pos, klen;
		char *key, *val;
		size_t kl, vl;
		int id, r;

		pos += slen + 1;
		if (!slen)
			continue;
		if (++pairs > QUERY_PAIRS_MAX) {
			snprintf(err, errlen, "too many query parameters (at most %d)", QUERY_PAIRS_MAX);
			return -1;
		}
		eq = memchr(seg, '=', slen);
		klen = eq ? (size_t)(eq - seg) : slen;
		r = decode(seg, klen, a, &key, &kl);
		if (!r)
			r = eq ? decode(eq + 1, slen - klen - 1, a, &val, &vl)
			       : decode("", 0, a, &val, &vl);
		if (r == -2) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (r) {
			snprintf(err, errlen, "malformed percent-encoding in the query string");
			return -1;
		}
		id = strlen(key) == kl ? find_param(key) : -1;
		if (id < 0 || !(query_params(NULL)[id].routes & QUERY_ON(route)))
			continue;    /* unknown or not for this route: ignored */
		if (QSET(q, id)) {
			snprintf(err, errlen, "parameter '%s' given more than once", key);
			return -1;
		}
		if (!vl) {
			snprintf(err, errlen, "parameter '%s' has an empty value", key);
			return -1;
		}
		if (vl > QUERY_VALUE_MAX) {
			snprintf(err, errlen, "value of '%s' is too long (at most %d bytes)", key,
				 QUERY_VALUE_MAX);
			return -1;
		}
		if (memchr(val, '\0', vl)) {
			snprintf(err, errlen, "malformed percent-encoding in the query string");
			return -1;
		}
		q->sval[id] = arena_strndup(a, val, vl);
		if (!q->sval[id] || parse_value(q, id, val, vl, a, err, errlen) < 0) {
			if (!q->sval[id])
				snprintf(err, errlen, "out of memory");
			return -1;
		}
		q->set |= (uint64_t)1 << id;
		q->order[q->norder++] = (unsigned char)id;
	}
	*out = q;
	return 0;
}

int query_is_paged(const query *q)
{
	return QSET(q, QP_OFFSET) || QSET(q, QP_LIMIT);
}

size_t query_offset(const query *q)
{
	return QSET(q, QP_OFFSET) ? (size_t)q->ival[QP_OFFSET] : 0;
}

size_t query_limit(const query *q)
{
	return QSET(q, QP_LIMIT) ? (size_t)q->ival[QP_LIMIT] : 500;
}

int query_use_rss(const query *q)
{
	return QSET(q, QP_USE_RSS) && q->ival[QP_USE_RSS];
}

int query_use_rss_chat_links(const query *q)
{
	return QSET(q, QP_USE_RSS_CHAT_LINKS) && q->ival[QP_USE_RSS_CHAT_LINKS];
}

/* Nothing set but output_modalities (and the host region unset). */
static int only_outmod(const query *q)
{
	return !(q->set & ~((uint64_t)1 << QP_OUTPUT_MODALITIES)) && !q->host_region &&
	       !q->host_region_bad;
}

int query_is_default(const query *q)
{
	if (!only_outmod(q))
		return 0;
	if (!QSET(q, QP_OUTPUT_MODALITIES))
		return 1;
	for (size_t i = 0; i < q->nitems[QP_OUTPUT_MODALITIES]; i++)
		if (strcmp(q->items[QP_OUTPUT_MODALITIES][i], "text"))
			return 0;
	return !q->out_all;
}

int query_is_all(const query *q)
{
	return only_outmod(q) && q->out_all;
}

void query_set_host_region(query *q, const char *region)
{
	q->host_region = 0;
	q->host_region_bad = 0;
	if (!region)
		return;
	if (!strcmp(region, "eu"))
		q->host_region = QREGION_EU;
	else if (!strcmp(region, "us"))
		q->host_region = QREGION_US;
	else
		q->host_region_bad = 1;
}

/* Percent-encode a value for a query string: unreserved, ',' and '/' kept. */
static int put_encoded(buf *out, const char *s)
{
	return pct_encode(out, s, "-._~,/");
}

int query_next_link(const query *q, const char *path, size_t total, buf *out)
{
	size_t off = query_offset(q), lim = query_limit(q), i;
	buf url = BUF_INIT(8192);
	int r = 0;

	if (!query_is_paged(q) || off >= total || lim >= total - off)
		return buf_puts(out, "null");
	r |= buf_printf(&url, "%s?offset=%zu&limit=%zu", path, off + lim, lim);
	for (i = 0; i < q->norder && !r; i++) {
		int id = q->order[i];

		if (id == QP_OFFSET || id == QP_LIMIT)
			continue;
		r |= buf_printf(&url, "&%s=", query_params(NULL)[id].name);
		r |= put_encoded(&url, q->sval[id]);
	}
	if (!r)
		r = buf_json_string(out, url.data);
	buf_free(&url);
	return r ? -1 : 0;
}

int64_t query_now(void)
{
	const char *s = getenv("OPENROUTERD_NOW");
	char *end;
	long long v;

	if (s && *s) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (!errno && !*end && v >= 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}
