/*
 * fuzz_rss.c - fuzz target: RSS 2.0 rendering and XML escaping (rss_render).
 *
 * Input: byte 0 bit 0 = chat links; then a site URL up to the first '\n';
 * then a JSON array of model objects (or one object). Oracle: the document is
 * well-formed XML 1.0 as a strict checker sees it: valid UTF-8, only
 * characters XML allows, balanced tags, no raw '<' or stray '&' in text or
 * attribute values.
 */
#include "fuzz.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "server/rss.h"
#include "util/buf.h"

/* Decode one UTF-8 sequence at s[0..n); returns its length, 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int xml_char(unsigned c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* At s[i] == '&': a known or numeric entity; returns its length or 0. */
static size_t entity(const char *s, size_t n)
{
	static const char *const names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	size_t k;

	for (k = 0; k < 5; k++)
		if (strlen(names[k]) <= n && !memcmp(s, names[k], strlen(names[k])))
			return strlen(names[k]);
	if (n > 3 && s[1] == '#') {
		for (k = 2; k < n && k < 12 && s[k] != ';'; k++)
			if (!((s[k] >= '0' && s[k] <= '9') || (k == 2 && s[k] == 'x') ||
			      (s[2] == 'x' && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f'))))
				return 0;
		return k < n && s[k] == ';' && k > 2 ? k + 1 : 0;
	}
	return 0;
}

static void check_xml(const char *s, size_t n)
{
	char stack[16][32];
	size_t depth = 0, i = 0, l;
	unsigned cp;

	/* characters first */
	while (i < n) {
		l = utf8_next((const unsigned char *)s + i, n - i, &cp);
		FUZZ_CHECK(l != 0);          /* valid UTF-8 */
		FUZZ_CHECK(xml_char(cp));     /* a character XML 1.0 allows */
		i += l;
	}
	FUZZ_CHECK(n > 6 && !memcmp(s, "<?xml ", 6));
	i = (size_t)((const char *)memchr(s, '>', n) - s) + 1;
	while (i < n) {
		if (s[i] == '<') {
			int closing = s[i + 1] == '/';
			size_t j = i + 1 + (size_t)closing, nl;
			char quote = 0;

			nl = j;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
				j++;
			nl = j - nl;
			FUZZ_CHECK(nl > 0 && nl < 32);
			/* attributes: up to '>' outside quotes; values escaped */
			for (; j < n && (quote || s[j] != '>'); j++) {
				if (quote) {
					if (s[j] == quote)
						quote = 0;
					else
						FUZZ_CHECK(s[j] != '<' && (s[j] != '&' || entity(s + j, n - j)));
				} else if (s[j] == '"' || s[j] == '\'') {
					quote = s[j];
				} else {
					FUZZ_CHECK(s[j] != '<' && s[j] != '&');
				}
			}
			FUZZ_CHECK(j < n);
			if (closing) {
				FUZZ_CHECK(depth > 0);
				depth--;
				FUZZ_CHECK(strlen(stack[depth]) == nl &&
					   !memcmp(stack[depth], s + i + 2, nl));
			} else if (s[j - 1] != '/') {
				FUZZ_CHECK(depth < 16);
				memcpy(stack[depth], s + i + 1, nl);
				stack[depth][nl] = '\0';
				depth++;
			}
			i = j + 1;
		} else if (s[i] == '&') {
			l = entity(s + i, n - i);
			FUZZ_CHECK(l != 0);
			i += l;
		} else {
			FUZZ_CHECK(depth > 0 || s[i] == '\n' || s[i] == ' ');
			i++;
		}
	}
	FUZZ_CHECK(depth == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text, *nl;
	char *site = NULL;
	cJSON *root, *item;
	const cJSON **models = NULL;
	size_t n = 0, len, i;
	buf out = BUF_INIT(1 << 24);

	if (size < 1)
		return 0;
	text = (const char *)data + 1;
	len = size - 1;
	nl = memchr(text, '\n', len);
	if (nl) {
		site = malloc((size_t)(nl - text) + 1);
		FUZZ_CHECK(site != NULL);
		memcpy(site, text, (size_t)(nl - text));
		site[nl - text] = '\0';
		/* the site URL is operator configuration, not request data: keep it
		 * printable ASCII so the oracle judges the escaping of model data */
		for (i = 0; site[i]; i++)
			if ((unsigned char)site[i] < 0x20 || (unsigned char)site[i] > 0x7e)
				site[i] = 'x';
		len -= (size_t)(nl - text) + 1;
		text = nl + 1;
	}
	root = cJSON_ParseWithLength(text, len);
	if (cJSON_IsArray(root)) {
		models = calloc((size_t)cJSON_GetArraySize(root) + 1, sizeof(*models));
		FUZZ_CHECK(models != NULL);
		cJSON_ArrayForEach(item, root)
			if (cJSON_IsObject(item))
				models[n++] = item;
	} else if (cJSON_IsObject(root)) {
		models = calloc(1, sizeof(*models));
		FUZZ_CHECK(models != NULL);
		models[n++] = root;
	}
	if (rss_render(models, n, site, data[0] & 1, &out) == 0)
		check_xml(out.data, out.len);
	for (i = 0; i < n; i++)
		models[i] = NULL;
	free(models);
	free(site);
	cJSON_Delete(root);
	buf_free(&out);
	return 0;
}
