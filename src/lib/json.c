/*
 * json.c - a JSON parser that builds a cJSON tree inside an arena.
 *
 * The catalog decoders read cJSON trees; cJSON's own parser mallocs every
 * node and string and cJSON_Delete frees them one by one, which was most of
 * the SDK's CPU time on a large models list. This parser produces the same
 * tree shape (types, valuestring, valuedouble/valueint, string keys, child/
 * next/prev with child->prev = last) with every node and string bump-allocated
 * in the result's arena, so a result is freed with one arena_free().
 *
 * Such a tree is read-only: never pass it (or any node) to cJSON_Delete or to
 * cJSON functions that add, detach or free items. Reading and printing
 * (cJSON_GetObjectItemCaseSensitive, cJSON_PrintUnformatted, ...) are fine.
 *
 * Grammar: RFC 8259; one value, surrounded by optional whitespace, nothing
 * after it. Nesting is limited like cJSON's (CJSON_NESTING_LIMIT).
 */
#include "lib/lib.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef CJSON_NESTING_LIMIT
#define CJSON_NESTING_LIMIT 1000
#endif

typedef struct parser {
	const char *p, *end, *start;
	arena *a;
	int depth;
	int nomem;
} parser;

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static cJSON *node(parser *ps, int type)
{
	cJSON *n = arena_alloc(ps->a, sizeof(cJSON));

	if (!n) {
		ps->nomem = 1;
		return NULL;
	}
	n->type = type;
	return n;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* ps->p at the opening quote; returns the decoded string in the arena. */
static char *parse_string(parser *ps)
{
	const char *s = ps->p + 1, *q = s, *e;
	int escapes = 0;
	char *out, *o;

	/* find the closing quote with memchr; an escaped quote restarts it */
	for (;;) {
		const char *quote = q < ps->end ? memchr(q, '"', (size_t)(ps->end - q)) : NULL;
		const char *bs;

		if (!quote)
			return NULL;
		bs = memchr(q, '\\', (size_t)(quote - q));
		if (!bs) {
			e = quote;
			break;
		}
		escapes = 1;
		q = bs + 2; /* past the escaped character */
	}
	ps->p = e + 1;
	/* decoded text is never longer than the escaped text */
	if (!(out = arena_alloc(ps->a, (size_t)(e - s) + 1))) {
		ps->nomem = 1;
		return NULL;
	}
	if (!escapes) {
		memcpy(out, s, (size_t)(e - s));
		out[e - s] = '\0';
		return out;
	}
	for (o = out; s < e; s++) {
		unsigned cp, lo;

		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (e - s < 5 || hex4(s + 1, &cp) < 0)
				goto bad;
			s += 4;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				goto bad; /* lone low surrogate */
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (e - s < 7 || s[1] != '\\' || s[2] != 'u' || hex4(s + 3, &lo) < 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					goto bad;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				s += 6;
			}
			if (cp == 0)
				goto bad; /* cJSON cannot hold NUL inside a string */
			o = put_utf8(o, cp);
			break;
		default:
			goto bad;
		}
	}
	*o = '\0';
	return out;
bad:
	ps->p = s;
	return NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static cJSON *parse_number(parser *ps)
{
	const char *s = ps->p, *q = s;
	char tmp[64], *num = tmp, *end;
	size_t n;
	double d;
	cJSON *it;

	if (q < ps->end && *q == '-')
		q++;
	if (q >= ps->end || !is_digit(*q))
		return NULL;
	if (*q == '0')
		q++;
	else
		while (q < ps->end && is_digit(*q))
			q++;
	if (q < ps->end && *q == '.') {
		q++;
		if (q >= ps->end || !is_digit(*q))
			return NULL;
		while (q < ps->end && is_digit(*q))
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= ps->end || !is_digit(*q))
			return NULL;
		while (q < ps->end && is_digit(*q))
			q++;
	}
	n = (size_t)(q - s);
	if (n >= sizeof(tmp) && !(num = arena_alloc(ps->a, n + 1))) {
		ps->nomem = 1;
		return NULL;
	}
	memcpy(num, s, n);
	num[n] = '\0';
	d = strtod(num, &end);
	if (end != num + n)
		return NULL;
	if (!(it = node(ps, cJSON_Number)))
		return NULL;
	it->valuedouble = d;
	/* as cJSON: saturate valueint */
	if (d >= INT_MAX)
		it->valueint = INT_MAX;
	else if (d <= (double)INT_MIN)
		it->valueint = INT_MIN;
	else
		it->valueint = (int)d;
	ps->p = q;
	return it;
}

static int literal(parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return 0;
	ps->p += n;
	return 1;
}

static cJSON *parse_value(parser *ps);

/* Append child to parent (keeps child->prev = last, as cJSON does). */
static void append(cJSON *parent, cJSON *child)
{
	cJSON *first = parent->child;

	if (!first) {
		parent->child = child;
		child->prev = child;
		return;
	}
	first->prev->next = child;
	child->prev = first->prev;
	first->prev = child;
}

static cJSON *parse_container(parser *ps, int object)
{
	char close = object ? '}' : ']';
	cJSON *c, *item;
	char *key = NULL;

	if (++ps->depth > CJSON_NESTING_LIMIT)
		return NULL;
	if (!(c = node(ps, object ? cJSON_Object : cJSON_Array)))
		return NULL;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return c;
	}
	for (;;) {
		if (object) {
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string(ps)))
				return NULL;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return NULL;
			ps->p++;
		}
		if (!(item = parse_value(ps)))
			return NULL;
		item->string = key;
		append(c, item);
		skip_ws(ps);
		if (ps->p >= ps->end)
			return NULL;
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != close)
			return NULL;
		ps->p++;
		ps->depth--;
		return c;
	}
}

static cJSON *parse_value(parser *ps)
{
	cJSON *it;
	char *s;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return NULL;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, 1);
	case '[':
		return parse_container(ps, 0);
	case '"':
		if (!(s = parse_string(ps)) || !(it = node(ps, cJSON_String)))
			return NULL;
		it->valuestring = s;
		return it;
	case 't':
		return literal(ps, "true", 4) ? node(ps, cJSON_True) : NULL;
	case 'f':
		return literal(ps, "false", 5) ? node(ps, cJSON_False) : NULL;
	case 'n':
		return literal(ps, "null", 4) ? node(ps, cJSON_NULL) : NULL;
	default:
		return parse_number(ps);
	}
}

cJSON *or__json_parse(arena *a, const char *text, size_t len, size_t *err_offset, int *nomem)
{
	parser ps = { text, text + len, text, a, 0, 0 };
	cJSON *root = text ? parse_value(&ps) : NULL;

	if (root) {
		skip_ws(&ps);
		if (ps.p != ps.end)
			root = NULL; /* trailing content */
	}
	if (!root && err_offset)
		*err_offset = text ? (size_t)(ps.p - text) : 0;
	if (nomem)
		*nomem = ps.nomem;
	return root;
}
