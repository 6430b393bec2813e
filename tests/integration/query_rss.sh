#!/usr/bin/env bash
# query_rss.sh - GET /api/v1/models?use_rss=true from a real openrouterd:
# RSS 2.0 that xmllint accepts, application/rss+xml, one item per selected
# model in answer order (after every other filter, paging included), model or
# chat links, guid = id, RFC 822 pubDate; names full of XML specials, CDATA
# terminators and forbidden control characters still give well-formed XML.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
command -v xmllint >/dev/null || fail "xmllint is required (Debian: libxml2-utils)"
data=$shared/data/openrouter

# a capture plus a hostile catalog in one store: the capture is replaced by the
# hostile list after the first round
"$bin/openrouterd" import --db "$tmp/db" "$data/models-2026-06-16.json" >/dev/null
start_server --db "$tmp/db" --poll 0

check_feed() {  # QUERY: RSS of QUERY must list exactly the ids of the JSON answer
	local q=$1
	curl -s -D "$tmp/h" "$base/api/v1/models?$q&use_rss=true" >"$tmp/feed.xml"
	tr -d '\r' <"$tmp/h" | grep -qi '^content-type: application/rss+xml' ||
		fail "content type for ?$q: $(grep -i content-type "$tmp/h")"
	xmllint --noout "$tmp/feed.xml" || fail "feed for ?$q is not well-formed XML"
	[ "$(xmllint --xpath 'string(/rss/@version)' "$tmp/feed.xml")" = 2.0 ] || fail "rss version"
	[ "$(xmllint --xpath 'string(/rss/channel/title)' "$tmp/feed.xml")" = "OpenRouter Models" ] ||
		fail "channel title"
	curl -s "$base/api/v1/models?$q" >"$tmp/list.json"
	python3 - "$tmp/feed.xml" "$tmp/list.json" "$q" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
feed, lst, q = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
items = ET.parse(feed).getroot().find("channel").findall("item")
want = lst["data"]
def fail(msg):
    print("FAIL: ?%s: %s" % (q, msg)); sys.exit(1)
if len(items) != len(want):
    fail("%d items, JSON answer has %d models" % (len(items), len(want)))
chat = "use_rss_chat_links=true" in q
for it, m in zip(items, want):
    # layout of OpenRouter's own feed: guid = canonical slug, title "Name (id)"
    # and the model page without the variant suffix; chat links keep the id
    base = m["id"].split(":")[0]
    if it.findtext("guid") != (m.get("canonical_slug") or m["id"]):
        fail("guid %r, expected %r" % (it.findtext("guid"), m.get("canonical_slug")))
    if it.find("guid").get("isPermaLink") != "false":
        fail("guid isPermaLink")
    link = it.findtext("link")
    exp = ("https://openrouter.ai/chat?models=" if chat else "https://openrouter.ai/")
    if not link.startswith(exp):
        fail("link %r" % link)
    from urllib.parse import unquote
    if unquote(link[len(exp):]) != (m["id"] if chat else base):
        fail("link %r for %s" % (link, m["id"]))
    name = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", m["name"])
    if name:
        name = "%s (%s)" % (name, re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", base))
    else:
        name = m["id"]
    if it.findtext("title") != name:
        fail("title %r, expected %r" % (it.findtext("title"), name))
    desc = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", m.get("description") or "")
    if (it.findtext("description") or "") != desc:
        fail("description of %s differs" % m["id"])
    d = parsedate_to_datetime(it.findtext("pubDate"))
    if int(d.timestamp()) != int(m["created"]):
        fail("pubDate %s for created %s" % (it.findtext("pubDate"), m["created"]))
PY
}

for q in "" "sort=newest" "q=gpt&use_rss_chat_links=true" "output_modalities=all&limit=5&offset=3" \
	"max_price=0&sort=context-high-to-low" "q=no-such-model-anywhere" "use_rss_chat_links=false&arch=claude"; do
	check_feed "$q"
done

# bad booleans are 400s, like every other parameter
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/models?use_rss=yes")
[ "$code" = 400 ] || fail "use_rss=yes answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/models?use_rss=true&use_rss=true")
[ "$code" = 400 ] || fail "repeated use_rss answered $code"

# hostile names and descriptions
python3 - "$tmp/hostile.json" <<'PY'
import json, sys
bad = ["A & B <b>bold</b> \"q\" 'a'", "ends ]]> inside ]]]]> twice", "ctl \u0001\u0002\u001f tab\tnl\n",
       "non-char \ufffe\uffff end", "emoji \U0001F600 and \u00e9", "<![CDATA[ nested ]]>"]
models = []
for i, n in enumerate(bad):
    models.append({"id": "test/m%d&x=<y>" % i if i == 0 else "test/m%d" % i, "name": n,
                   "description": n + " / " + n, "created": 1700000000 + i,
                   "context_length": 1000, "architecture": {"modality": "text->text",
                   "input_modalities": ["text"], "output_modalities": ["text"], "tokenizer": "Other"},
                   "pricing": {"prompt": "0", "completion": "0"}, "top_provider": {"is_moderated": False},
                   "supported_parameters": []})
json.dump({"data": models}, open(sys.argv[1], "w"))
PY
before=$(curl -s -o /dev/null -D - "$base/api/v1/models/count" | tr -d '\r' | sed -n 's/^X-Catalog-Version: //p')
"$bin/openrouterd" import --db "$tmp/db" "$tmp/hostile.json" >/dev/null
kill -HUP "$pid"
for _ in $(seq 100); do
	now=$(curl -s -o /dev/null -D - "$base/api/v1/models/count" | tr -d '\r' | sed -n 's/^X-Catalog-Version: //p')
	[ "$now" != "$before" ] && break
	sleep 0.05
done
[ "$now" != "$before" ] || fail "no reload after importing the hostile catalog"
check_feed "q=test"
[ "$(xmllint --xpath 'count(//item)' "$tmp/feed.xml")" = 6 ] || fail "hostile feed: $(cat "$tmp/feed.xml")"
check_feed "q=test&use_rss_chat_links=true"
stop_server
echo "query_rss: ok"
