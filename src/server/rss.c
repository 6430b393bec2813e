/*
 * rss.c - minimal RSS 2.0 feed of selected models (see rss.h).
 */
#include "server/rss.h"

#include <string.h>
#include <time.h>

#include "catalog/catalog.h"

static int xml_escape(buf *b, const char *s)
{
	for (; s && *s; s++) {
		int rc;
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
