#!/usr/bin/env bash
# cli_server.sh - the openrouter CLI against a real openrouterd: every command
# and every /models flag, output compared with raw HTTP (curl + jq); formats,
# exit codes, messages, --help everywhere, environment variables.
set -u
BIN=${OR_BIN_DIR:?}; SHARED=${OR_SHARED_DIR:?}
CLI=$BIN/openrouter; D=$BIN/openrouterd
for t in curl jq; do command -v $t >/dev/null || { echo "skip: no $t"; exit 0; }; done
[ -x "$D" ] && [ -x "$CLI" ] || { echo "skip: openrouterd or openrouter not built"; exit 0; }
T=$(mktemp -d); PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fails=0; checks=0
ok()   { checks=$((checks+1)); }
bad()  { checks=$((checks+1)); fails=$((fails+1)); echo "FAIL: $*"; }

"$D" import --db "$T/db" "$SHARED/data/openrouter/models-2026-06-16.json" \
	"$SHARED/data/openrouter/providers-2026-05-07.json" "$SHARED"/data/openrouter/endpoints/*.json >/dev/null || exit 1
KEY=$("$D" keys create --db "$T/db" --label cli-test 2>/dev/null | head -1)
"$D" serve --db "$T/db" --listen 127.0.0.1:0 --poll 0 >"$T/out" 2>"$T/err" & PID=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
URL=$(head -1 "$T/out" | sed 's/^listening on //')/api/v1
export OPENROUTER_BASE_URL=$URL
unset OPENROUTER_API_KEY

# same: CLI JSON (array) == raw body's .data; $1 = query, rest = CLI flags
same_list() {
	local q=$1; shift
	local a b
	a=$("$CLI" models list --format json "$@" | jq -S .) || { bad "cli failed: $*"; return; }
	b=$(curl -s "$URL/models$q" | jq -S .data)
	if [ "$a" == "$b" ]; then ok; else bad "models list $* != /models$q"; fi
}
same_list ""
same_list "?offset=3&limit=7" --offset 3 --limit 7
same_list "?category=programming" --category programming
same_list "?category=marketing%2Fseo" --category marketing/seo
same_list "?supported_parameters=tools%2Ctool_choice" --supported-parameters tools,tool_choice
same_list "?output_modalities=all" --output-modalities all
same_list "?output_modalities=image" --output-modalities=image
for s in pricing-low-to-high pricing-high-to-low context-high-to-low throughput-high-to-low \
	latency-low-to-high most-popular top-weekly newest intelligence-high-to-low coding-high-to-low \
	agentic-high-to-low design-arena-elo-high-to-low; do
	same_list "?sort=$s" --sort $s
done
same_list "?q=claude%20sonnet" --q "claude sonnet"
same_list "?input_modalities=image%2Cfile" --input-modalities image,file
same_list "?context=128000" --context 128000
same_list "?min_price=1&max_price=5" --min-price 1 --max-price 5
same_list "?min_output_price=0.5&max_output_price=10" --min-output-price 0.5 --max-output-price 10
same_list "?arch=GPT" --arch GPT
same_list "?model_authors=openai%2Canthropic" --model-authors openai,anthropic
same_list "?providers=OpenAI" --providers OpenAI
same_list "?distillable=true" --distillable true
same_list "?distillable=false" --distillable false
same_list "?zdr=true" --zdr
same_list "?region=eu" --region eu
same_list "?min_age_days=30&max_age_days=400" --min-age-days 30 --max-age-days 400
same_list "?min_intelligence_index=10&max_intelligence_index=60" --min-intelligence-index 10 --max-intelligence-index 60
same_list "?min_coding_index=5&max_coding_index=50" --min-coding-index 5 --max-coding-index 50
same_list "?min_agentic_index=5&max_agentic_index=50" --min-agentic-index 5 --max-agentic-index 50
same_list "?min_tool_success_rate=0.1&max_tool_success_rate=0.9" --min-tool-success-rate 0.1 --max-tool-success-rate 0.9

# --all-pages with a small page size == the full list
a=$("$CLI" models list --all-pages --limit 40 --output-modalities all --format json | jq -c '[.[].id]')
b=$(curl -s "$URL/models?output_modalities=all" | jq -c '[.data[].id]')
[ "$a" == "$b" ] && ok || bad "--all-pages differs"

# RSS is passed through unchanged
a=$("$CLI" models list --use-rss --q gpt | md5sum); b=$(curl -s "$URL/models?use_rss=true&q=gpt" | md5sum)
[ "$a" == "$b" ] && ok || bad "rss differs"
a=$("$CLI" models list --use-rss --use-rss-chat-links | md5sum)
b=$(curl -s "$URL/models?use_rss=true&use_rss_chat_links=true" | md5sum)
[ "$a" == "$b" ] && ok || bad "rss chat links differ"

# count
for m in "" text all image; do
	a=$("$CLI" models count ${m:+--output-modalities $m} --format json | jq .count)
	b=$(curl -s "$URL/models/count${m:+?output_modalities=$m}" | jq .data.count)
	[ "$a" == "$b" ] && ok || bad "count $m: $a != $b"
done
[ "$("$CLI" models count --format table)" == "$(curl -s "$URL/models/count" | jq .data.count)" ] && ok || bad "count table"

# get, endpoints (ids with ':' and '~' included)
for id in $(curl -s "$URL/models?output_modalities=all" | jq -r '.data[].id' | awk 'NR%15==1 || /:free$/ || /^~/' | head -40); do
	enc=$(jq -rn --arg s "${id#*/}" '$s|@uri'); au=$(jq -rn --arg s "${id%%/*}" '$s|@uri')
	a=$("$CLI" models get "$id" --format json | jq -S .)
	b=$(curl -s "$URL/model/$au/$enc" | jq -S .data)
	[ "$a" == "$b" ] && ok || bad "get $id"
	a=$("$CLI" models endpoints "$id" --format json | jq -S .)
	b=$(curl -s "$URL/models/$au/$enc/endpoints" | jq -S .data.endpoints)
	[ "$a" == "$b" ] && ok || bad "endpoints $id"
done

# providers, zdr
[ "$("$CLI" providers --format json | jq -S .)" == "$(curl -s "$URL/providers" | jq -S .data)" ] && ok || bad providers
[ "$("$CLI" endpoints zdr --format json | jq -S .)" == "$(curl -s "$URL/endpoints/zdr" | jq -S .data)" ] && ok || bad zdr

# user: 401 without a key (exit 4), the key's list with one
"$CLI" models user >/dev/null 2>"$T/e"; rc=$?
[ $rc -eq 4 ] && grep -q '^openrouter: not authenticated' "$T/e" && ok || bad "user without key: rc=$rc $(cat "$T/e")"
if [ -n "$KEY" ]; then
	a=$("$CLI" models user --api-key "$KEY" --format json | jq -S .)
	b=$(curl -s -H "Authorization: Bearer $KEY" "$URL/models/user" | jq -S .data)
	[ "$a" == "$b" ] && ok || bad "user with key"
	a=$(OPENROUTER_API_KEY=$KEY "$CLI" models user --offset 1 --limit 2 --format json | jq -c '[.[].id]')
	b=$(curl -s -H "Authorization: Bearer $KEY" "$URL/models/user?offset=1&limit=2" | jq -c '[.data[].id]')
	[ "$a" == "$b" ] && ok || bad "user paged via env key"
fi

# formats
n=$(curl -s "$URL/models" | jq '.data|length')
[ "$("$CLI" models list --format jsonl | wc -l)" -eq "$n" ] && ok || bad jsonl
[ "$("$CLI" models list --format jsonl | head -1 | jq -r .id)" == "$(curl -s "$URL/models" | jq -r '.data[0].id')" ] && ok || bad "jsonl item"
[ "$("$CLI" models list --format csv | wc -l)" -eq $((n+1)) ] && ok || bad csv
"$CLI" models list --format csv | head -1 | grep -q '^id,context,usd_per_m_in,usd_per_m_out,name$' && ok || bad "csv header"
"$CLI" models list --format table | head -1 | grep -q '^ID .*\$/M IN' && ok || bad "table header"
# price per million in tables: gpt-4o prompt 0.0000025/token -> 2.5
p=$(curl -s "$URL/model/openai/gpt-4o" | jq -r '.data.pricing.prompt')
if [ "$p" != null ]; then
	want=$(awk -v p="$p" 'BEGIN{printf "%.6g", p*1e6}')
	"$CLI" models list --format table --q gpt-4o | grep -E "^openai/gpt-4o +[0-9-]+ +$want " >/dev/null && ok || bad "table price per million ($want)"
fi
# not a TTY -> JSON by default
"$CLI" models list --limit 2 | jq -e 'type=="array"' >/dev/null && ok || bad "default json when piped"

# exit codes and messages
"$CLI" models get openai/gpt-9 >/dev/null 2>"$T/e"; rc=$?
[ $rc -eq 3 ] && [ "$(cat "$T/e")" == "openrouter: no model 'openai/gpt-9'" ] && ok || bad "not found: rc=$rc $(cat "$T/e")"
"$CLI" models endpoints openai/gpt-9 >/dev/null 2>&1; [ $? -eq 3 ] && ok || bad "endpoints not found rc"
"$CLI" models list --limit 0 >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (limit 0)"
"$CLI" models list --context abc >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (bad int)"
"$CLI" models list --bogus >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (unknown flag)"
"$CLI" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (unknown command)"
"$CLI" models get >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (no id)"
"$CLI" models list --format xml >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "usage rc (format)"
"$CLI" --base-url http://127.0.0.1:1/api/v1 --no-retry models count >/dev/null 2>&1; [ $? -eq 1 ] && ok || bad "connection rc"
"$CLI" models list --limit 5000 2>/dev/null; [ $? -eq 2 ] && ok || bad "limit range"
"$CLI" --format json models list --offset 0 --limit 1 --base-url "$URL" | jq -e 'length==1' >/dev/null && ok || bad "global flags anywhere"
# --base-url beats the environment
OPENROUTER_BASE_URL=http://127.0.0.1:1 "$CLI" --base-url "$URL" models count >/dev/null && ok || bad "--base-url over env"

# --help everywhere, --version
for c in "" "models" "models list" "models count" "models get" "models endpoints" "models user" \
	"providers" "endpoints" "endpoints zdr"; do
	out=$("$CLI" $c --help); rc=$?
	[ $rc -eq 0 ] && echo "$out" | grep -q usage && ok || bad "--help for '$c'"
done
"$CLI" models list --help | grep -q -- '--max-tool-success-rate' && ok || bad "list help lists every flag"
[ "$("$CLI" models list --help | grep -c '^  --')" -ge 32 ] && ok || bad "31 parameter flags + --all-pages"
"$CLI" --version | grep -q '^openrouter [0-9]' && ok || bad --version

echo "cli_server: $checks checks, $fails failed"
[ $fails -eq 0 ]
