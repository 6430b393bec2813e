/*
 * rss.c - RSS 2.0 feed of a model selection (GET /models?use_rss=true), see
 * rss.h. Layout follows the real OpenRouter feed (models-rss-2025-12-21.xml):
 * channel title/description/link/lastBuildDate/language/generator; per item
 * title, description, link, guid (isPermaLink="false"), pubDate.
 * Differences, on purpose: text is entity-escaped where the real feed uses
 * CDATA (the same characters to any XML parser); the channel title is "OpenRouter Models" (spec),
 * item title is the model name, guid is the model id (unique per row; the
 * real feed's canonical slug repeats for :free variants).
 *
 * Output is well-formed UTF-8 XML whatever the input: invalid UTF-8 becomes
 * U+FFFD, characters XML 1.0 forbids are dropped, & < > " ' are entities.
 */
#include "server/rss.h"
#include "util/pct.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"

/* Length of the valid UTF-8 sequence at s (n bytes left) that XML allows,
 * 0 when invalid; *drop set for a valid but XML-forbidden character. */
static size_t utf8_char(const unsigned char *s, size_t n, int *drop)
{
	unsigned cp = 0;
	size_t len = utf8_next(s, n, &cp);

	/* XML 1.0 forbids C0 controls other than tab/LF/CR, and U+FFFE/U+FFFF */
	*drop = len && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			cp == 0xFFFE || cp == 0xFFFF);
	return len;
}

/* Append s as XML character data. */
static int put_text(buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s), i = 0;
	int r = 0;

	while (i < n && !r) {
		int drop;
		size_t len = utf8_char(s + i, n - i, &drop);

		if (!len) {
			r = buf_puts(b, "\xEF\xBF\xBD");   /* U+FFFD */
			i++;
			continue;
		}
		if (drop) {
			i += len;
			continue;
		}
		switch (s[i]) {
		case '&': r = buf_puts(b, "&amp;"); break;
		case '<': r = buf_puts(b, "&lt;"); break;
		case '>': r = buf_puts(b, "&gt;"); break;
		case '"': r = buf_puts(b, "&quot;"); break;
		case '\'': r = buf_puts(b, "&apos;"); break;
		default: r = buf_append(b, s + i, len);
		}
		i += len;
	}
	return r;
}

/* A model id in a URL: unreserved and "/:~" kept, the rest %-encoded, then
 * entity-escaped (no '&' or '<' can remain). */
static int put_url_part(buf *b, const char *s)
{
	return pct_encode(b, s, "-._~/:");
}

/* RFC 822 date in GMT, locale-independent. */
static int put_date(buf *b, int64_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1)
		return 0;
	return buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
			  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * Items are laid out as OpenRouter's own feed is (models-rss-2025-12-21.xml):
 * title "Name (author/slug)", the model page of the id without its variant
 * suffix (":free" rows have no page of their own), guid = canonical slug. The
 * chat link keeps the full id so that the variant is the one chatted with.
 */
static int put_item(buf *b, const cJSON *m, const char *site, int chat_links)
{
	const char *id = cat_str(m, "id"), *name = cat_str(m, "name");
	const char *canon = cat_str(m, "canonical_slug");
	char base[512];
	double created;
	int r = 0;

	snprintf(base, sizeof(base), "%.*s", (int)strcspn(id ? id : "", ":"), id ? id : "");
	r |= buf_puts(b, "<item>\n<title>");
	if (name && *name) {
		r |= put_text(b, name);
		r |= buf_puts(b, " (");
		r |= put_text(b, base);
		r |= buf_puts(b, ")");
	} else {
		r |= put_text(b, id);
	}
	r |= buf_puts(b, "</title>\n<description>");
	r |= put_text(b, cat_str(m, "description"));
	r |= buf_puts(b, "</description>\n<link>");
	r |= put_text(b, site);
	r |= buf_puts(b, chat_links ? "/chat?models=" : "/");
	r |= put_url_part(b, chat_links ? id : base);
	r |= buf_puts(b, "</link>\n<guid isPermaLink=\"false\">");
	r |= put_text(b, canon && *canon ? canon : id);
	r |= buf_puts(b, "</guid>\n");
	if (cat_num(m, "created", &created) && created >= 0 && created < RSS_CREATED_MAX) {
		r |= buf_puts(b, "<pubDate>");
		r |= put_date(b, (int64_t)created);
		r |= buf_puts(b, "</pubDate>\n");
	}
	r |= buf_puts(b, "</item>\n");
	return r ? -1 : 0;
}

static const char *site_or_default(const char *site_url)
{
	return site_url && *site_url ? site_url : "https://openrouter.ai";
}

double rss_created(const cJSON *model)
{
	double c;

	return cat_num(model, "created", &c) ? c : -1;
}

int rss_begin(buf *out, const char *site_url, double newest)
{
	int r = 0;

	r |= buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<rss version=\"2.0\">\n<channel>\n<title>OpenRouter Models</title>\n"
			   "<description>Models available on OpenRouter</description>\n<link>");
	r |= put_text(out, site_or_default(site_url));
	r |= buf_puts(out, "</link>\n");
	if (newest >= 0) {
		/* the newest model's date: the feed changes only with the catalog */
		r |= buf_puts(out, "<lastBuildDate>");
		r |= put_date(out, (int64_t)newest);
		r |= buf_puts(out, "</lastBuildDate>\n");
	}
	r |= buf_puts(out, "<language>en-us</language>\n<generator>openrouterd</generator>\n");
	return r ? -1 : 0;
}

int rss_item(buf *out, const cJSON *model, const char *site_url, int chat_links)
{
	return put_item(out, model, site_or_default(site_url), chat_links);
}

int rss_end(buf *out)
{
	return buf_puts(out, "</channel>\n</rss>\n") ? -1 : 0;
}

int rss_render(const cJSON *const *models, size_t n, const char *site_url, int chat_links,
	       buf *out)
{
	double newest = -1, c;
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++)
		if ((c = rss_created(models[i])) > newest && c < RSS_CREATED_MAX)
			newest = c;
	r |= rss_begin(out, site_url, newest);
	for (i = 0; i < n && !r; i++)
		r |= rss_item(out, models[i], site_url, chat_links);
	r |= rss_end(out);
	return r ? -1 : 0;
}
