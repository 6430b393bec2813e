/*
 * rss.c - minimal RSS 2.0 feed of selected models (see rss.h).
 */
#include "server/rss.h"

#include <string.h>
#include <time.h>

#include "catalog/catalog.h"

/* Length of the valid UTF-8 sequence at s (1..4) that is an XML 1.0
 * character, or 0 (invalid UTF-8, a surrogate, U+FFFE or U+FFFF). */
static size_t xml_utf8_len(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t len, i;

	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

static int xml_escape(buf *b, const char *s)
{
	for (; s && *s; s++) {
		int rc;
		if ((unsigned char)*s >= 0x80) {
			/* the feed says UTF-8: pass valid characters, replace the rest
			 * (imported text is not validated) with U+FFFD */
			size_t n = xml_utf8_len((const unsigned char *)s);
			if (n ? buf_append(b, s, n) < 0 : buf_puts(b, "\xEF\xBF\xBD") < 0)
				return -1;
			if (n)
				s += n - 1;
			continue;
		}
		switch (*s) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&apos;"); break;
		default:
			/* XML 1.0 forbids most control characters */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				rc = 0;
			else
				rc = buf_putc(b, *s);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int rss_render(const cJSON *const *models, size_t n, const char *site_url, int chat_links,
	       buf *out)
{
	size_t i;

	if (!site_url)
		site_url = "https://openrouter.ai";
	if (buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<rss version=\"2.0\"><channel><title>OpenRouter Models</title><link>") < 0 ||
	    xml_escape(out, site_url) < 0 ||
	    buf_puts(out, "/models</link><description>Models available on OpenRouter</description>") < 0)
		return -1;
	for (i = 0; i < n; i++) {
		const cJSON *m = models[i];
		const char *id = cat_str(m, "id");
		double created = 0;
		char date[64] = "";
		time_t t;
		struct tm tm;

		if (cat_num(m, "created", &created) && created >= 0 && created < 1e12) {
			t = (time_t)created;
			if (gmtime_r(&t, &tm))
				strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		}
		if (buf_puts(out, "<item><title>") < 0 || xml_escape(out, cat_str(m, "name")) < 0 ||
		    buf_puts(out, "</title><link>") < 0 || xml_escape(out, site_url) < 0 ||
		    buf_puts(out, chat_links ? "/chat?models=" : "/") < 0 || xml_escape(out, id) < 0 ||
		    buf_puts(out, "</link><description>") < 0 ||
		    xml_escape(out, cat_str(m, "description")) < 0 ||
		    buf_puts(out, "</description><guid isPermaLink=\"false\">") < 0 ||
		    xml_escape(out, id) < 0 || buf_puts(out, "</guid>") < 0)
			return -1;
		if (date[0] && buf_printf(out, "<pubDate>%s</pubDate>", date) < 0)
			return -1;
		if (buf_puts(out, "</item>") < 0)
			return -1;
	}
	return buf_puts(out, "</channel></rss>\n");
}
