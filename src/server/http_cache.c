/*
 * http_cache.c - content negotiation, ETags, conditional requests and cache
 * headers (http_cache.h).
 */
#include "server/http_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Accept-Encoding -------------------------------------------------- */

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* q-value (RFC 9110 12.4.2) in thousandths, or -1 when malformed. */
static int parse_q(const char *s, size_t len)
{
	int q = 0, scale = 100;
	size_t i;

	if (len == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (len == 1)
		return q;
	if (s[1] != '.' || len > 5)
		return -1;
	for (i = 2; i < len; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* The q of one list element's parameters "; q=0.5; x=y" (1000 if none). */
static int element_q(const char *p, const char *end)
{
	int q = 1000;

	while (p < end) {
		const char *name, *val;
		size_t nlen, vlen;

		while (p < end && (is_ows(*p) || *p == ';'))
			p++;
		name = p;
		while (p < end && *p != '=' && *p != ';' && !is_ows(*p))
			p++;
		nlen = (size_t)(p - name);
		while (p < end && is_ows(*p))
			p++;
		if (p >= end || *p != '=') {
			if (nlen)
				return 0; /* a parameter without a value: malformed */
			continue;
		}
		p++;
		while (p < end && is_ows(*p))
			p++;
		val = p;
		while (p < end && *p != ';' && !is_ows(*p))
			p++;
		vlen = (size_t)(p - val);
		if (nlen == 1 && (name[0] == 'q' || name[0] == 'Q')) {
			q = parse_q(val, vlen);
			if (q < 0)
				return 0;
		}
	}
	return q;
}

static int coding_is(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

http_enc http_negotiate_encoding(const char *ae, unsigned offered)
{
	/* q per coding in thousandths; -1 = not mentioned */
	int q[ENC_COUNT] = { -1, -1, -1 }, star = -1, best_q = 0, e;
	http_enc best = ENC_IDENTITY;
	const char *p = ae;

	offered |= ENC_BIT(ENC_IDENTITY);
	if (!ae)
		return ENC_IDENTITY;
	while (*p) {
		const char *tok, *el_end, *tok_end;
		int eq;

		while (*p == ',' || is_ows(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		el_end = strchr(p, ',');
		if (!el_end)
			el_end = p + strlen(p);
		tok_end = tok;
		while (tok_end < el_end && *tok_end != ';' && !is_ows(*tok_end))
			tok_end++;
		eq = element_q(tok_end, el_end);
		if (coding_is(tok, (size_t)(tok_end - tok), "gzip") ||
		    coding_is(tok, (size_t)(tok_end - tok), "x-gzip"))
			q[ENC_GZIP] = eq > q[ENC_GZIP] ? eq : q[ENC_GZIP];
		else if (coding_is(tok, (size_t)(tok_end - tok), "br"))
			q[ENC_BR] = eq;
		else if (coding_is(tok, (size_t)(tok_end - tok), "identity"))
			q[ENC_IDENTITY] = eq;
		else if (coding_is(tok, (size_t)(tok_end - tok), "*"))
			star = eq;
		p = el_end;
	}
	for (e = ENC_GZIP; e < ENC_COUNT; e++)
		if (q[e] < 0)
			q[e] = star < 0 ? 0 : star;
	if (q[ENC_IDENTITY] < 0)
		/* acceptable by default, but below any coding the client names */
		q[ENC_IDENTITY] = star == 0 ? 0 : 1;
	for (e = ENC_IDENTITY; e < ENC_COUNT; e++) {
		if (!(offered & ENC_BIT(e)) || q[e] <= 0)
			continue;
		if (q[e] >= best_q) { /* later (preferred) codings win ties */
			best_q = q[e];
			best = (http_enc)e;
		}
	}
	return best;
}

/* ---- ETag ------------------------------------------------------------- */

size_t http_etag_format(char out[HTTP_ETAG_MAX], int64_t version, uint64_t hash, http_enc enc)
{
	static const char hex[] = "0123456789abcdef";
	static const char *const suffix[ENC_COUNT] = { "", "-gz", "-br" };
	char digits[24];
	uint64_t v = version < 0 ? 0 - (uint64_t)version : (uint64_t)version;
	size_t n = 0, d = 0;
	int i;

	/* by hand, not snprintf: this runs for every 200 and 304 */
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out[n++] = '"';
	if (version < 0)
		out[n++] = '-';
	while (d)
		out[n++] = digits[--d];
	out[n++] = '-';
	for (i = 60; i >= 0; i -= 4)
		out[n++] = hex[(hash >> i) & 0xf];
	if (enc > ENC_IDENTITY && enc < ENC_COUNT) {
		memcpy(out + n, suffix[enc], 3);
		n += 3;
	}
	out[n++] = '"';
	out[n] = '\0';
	return n;
}

int http_etag_match(const char *inm, const char *etag)
{
	const char *p = inm;
	size_t elen = strlen(etag);

	if (!inm)
		return 0;
	while (*p) {
		const char *q;

		while (*p == ',' || is_ows(*p))
			p++;
		if (!*p)
			break;
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return 0;
		q = strchr(p + 1, '"');
		if (!q)
			return 0;
		if ((size_t)(q + 1 - p) == elen && memcmp(p, etag, elen) == 0)
			return 1;
		p = q + 1;
	}
	return 0;
}

/* ---- dates ------------------------------------------------------------ */

static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

size_t http_date_format(time_t t, char out[HTTP_DATE_MAX])
{
	struct tm tm;
	int n;

	if (!gmtime_r(&t, &tm))
		return 0;
	n = snprintf(out, HTTP_DATE_MAX, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
		     tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		     tm.tm_sec);
	return n > 0 && n < HTTP_DATE_MAX ? (size_t)n : 0;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int http_date_parse(const char *s, time_t *out)
{
	/* "Sun, 06 Nov 1994 08:49:37 GMT" */
	int day, year, hh, mm, ss, mon;

	if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	for (mon = 0; mon < 12; mon++)
		if (memcmp(s + 8, months[mon], 3) == 0)
			break;
	if (mon == 12 || digits(s + 5, 2, &day) < 0 || digits(s + 12, 4, &year) < 0 ||
	    digits(s + 17, 2, &hh) < 0 || digits(s + 20, 2, &mm) < 0 || digits(s + 23, 2, &ss) < 0)
		return -1;
	if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
		return -1;
	*out = (time_t)(days_from_civil(year, mon + 1, day) * 86400L + hh * 3600L + mm * 60L + ss);
	return 0;
}

/* ---- the response path ------------------------------------------------ */

void http_cache_prepare(struct MHD_Connection *conn, int64_t version, const compress_set *cs,
			const char *data, size_t len, const uint64_t *content_hash, http_body *out)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const compress_entry *e = compress_set_find(cs, data, len);
	unsigned offered;
	uint64_t hash;

	memset(out, 0, sizeof(*out));
	out->data = data;
	out->len = len;
	out->enc = ENC_IDENTITY;
	out->last_modified = compress_set_born(cs);
	out->authorized = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_AUTHORIZATION) != NULL;
	if (e) {
		offered = compress_entry_ready(e);
		hash = compress_entry_hash(e);
	} else {
		offered = len >= COMPRESS_MIN_SIZE ? compress_supported() : ENC_BIT(ENC_IDENTITY);
		hash = content_hash ? *content_hash : compress_hash(data, len);
	}
	out->enc = http_negotiate_encoding(ae, offered);
	http_etag_format(out->etag, version, hash, out->enc);

	if (inm) {
		out->not_modified = http_etag_match(inm, out->etag);
	} else if (out->last_modified) {
		const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
		time_t t;
		if (ims && http_date_parse(ims, &t) == 0 && out->last_modified <= t)
			out->not_modified = 1;
	}
	if (out->not_modified || out->enc == ENC_IDENTITY)
		return;
	if (e) {
		out->data = compress_entry_bytes(e, out->enc, &out->len);
		return;
	}
	if (compress_bytes(out->enc, COMPRESS_FAST, data, len, &out->owned, &out->len) == 0) {
		out->data = out->owned;
		return;
	}
	/* could not compress: identity, with its own tag */
	out->data = data;
	out->len = len;
	out->enc = ENC_IDENTITY;
	http_etag_format(out->etag, version, hash, ENC_IDENTITY);
}

enum MHD_Result http_cache_headers(struct MHD_Response *resp, const http_body *b, int max_age)
{
	/* per-thread caches of the formatted values, which rarely change */
	static _Thread_local int cc_age = -2;
	static _Thread_local char cc[2][48]; /* public, private */
	static _Thread_local time_t date_t = -1;
	static _Thread_local char date[HTTP_DATE_MAX];
	const char *name = compress_enc_name(b->enc);

	if (cc_age != max_age) {
		if (max_age < 0) {
			snprintf(cc[0], sizeof(cc[0]), "no-cache");
			snprintf(cc[1], sizeof(cc[1]), "private, no-cache");
		} else {
			snprintf(cc[0], sizeof(cc[0]), "public, max-age=%d", max_age);
			snprintf(cc[1], sizeof(cc[1]), "private, max-age=%d", max_age);
		}
		cc_age = max_age;
	}
	if (b->last_modified && b->last_modified != date_t) {
		if (!http_date_format(b->last_modified, date))
			date[0] = '\0';
		date_t = b->last_modified;
	}
	if ((name && !b->not_modified &&
	     MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, name) != MHD_YES) ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, b->etag) != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
				    b->authorized ? "Accept-Encoding, Authorization" : "Accept-Encoding") != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cc[b->authorized != 0]) != MHD_YES)
		return MHD_NO;
	if (b->last_modified && date[0] &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date) != MHD_YES)
		return MHD_NO;
	return MHD_YES;
}

struct MHD_Response *http_cache_304(const http_body *b, int max_age)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);

	if (resp && http_cache_headers(resp, b, max_age) != MHD_YES) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

void http_body_free(http_body *b)
{
	free(b->owned);
	b->owned = NULL;
}
