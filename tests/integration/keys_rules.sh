#!/usr/bin/env bash
# keys_rules.sh - GET /api/v1/models/user against the demo catalog imported
# into a real database, with keys made by the real `openrouterd keys create`:
# every rule alone and in combination (compared with an independent reference
# evaluation, keys_ref.py), regional Host names on /models/user and /models,
# paging and output_modalities, `keys update` / `keys revoke` taking effect on
# a running server, latency/throughput on the endpoints route only with a key,
# keyed answers never cacheable by shared caches, and `keys list`.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
demo=${OR_SOURCE_DIR:-$here/../..}/data/demo
db=$tmp/db

"$bin/openrouterd" import --db "$db" "$demo"/*.json >/dev/null
start_server --db "$db" --poll 0

python3 - "$tmp/cases.json" <<'PY'
import json, sys
C = []
def case(name, flags, rules, **kw):
    C.append(dict(name=name, flags=flags, rules=rules, **kw))
case("none", [], {}, nontrivial=False)
case("only-deepinfra", ["--only", "deepinfra"], {"only": ["deepinfra"]})
case("only-names", ["--only", "OpenAI", "--only", "Google AI Studio,groq"],
     {"only": ["OpenAI", "Google AI Studio", "groq"]})
case("only-tag", ["--only", "google-vertex/europe"], {"only": ["google-vertex/europe"]})
case("ignore-chutes-deepinfra", ["--ignore", "chutes,DeepInfra"], {"ignore": ["chutes", "DeepInfra"]})
case("deny-training", ["--deny-training"], {"deny_training": True})
case("deny-retention", ["--deny-retention"], {"deny_retention": True})
case("deny-data-collection", ["--deny-data-collection"],
     {"deny_training": True, "deny_retention": True})
case("zdr", ["--zdr"], {"zdr": True})
case("models", ["--models", "openai/*,z-ai/glm-5.5,anthropic/claude-3-haiku"],
     {"models": ["openai/*", "z-ai/glm-5.5", "anthropic/claude-3-haiku"]})
case("max-prompt-1", ["--max-prompt-price", "1"], {"max_prompt_price": 1})
case("max-prompt-0", ["--max-prompt-price", "0"], {"max_prompt_price": 0})
# a variable ("-1") price fails any maximum, however high
case("max-prompt-huge", ["--max-prompt-price", "1000000"], {"max_prompt_price": 1000000})
case("max-completion-2.5", ["--max-completion-price", "2.5"], {"max_completion_price": 2.5})
case("region-eu", ["--region", "eu"], {"region": "eu"})
case("region-us", ["--region", "us"], {"region": "us"})
case("zdr+eu+price+ignore", ["--zdr", "--region", "eu", "--max-prompt-price", "5", "--ignore", "openai"],
     {"ignore": ["openai"], "zdr": True, "max_prompt_price": 5, "region": "eu"}, nontrivial=False)
case("only+deny+completion", ["--only", "deepinfra,together,groq", "--deny-data-collection",
                              "--max-completion-price", "1"],
     {"only": ["deepinfra", "together", "groq"], "deny_training": True, "deny_retention": True,
      "max_completion_price": 1})
case("models+region+ignore", ["--models", "meta-llama/*,qwen/*", "--region", "us", "--ignore", "novita"],
     {"ignore": ["novita"], "models": ["meta-llama/*", "qwen/*"], "region": "us"})
case("eu-host", [], {}, host="eu.example.com", host_region="eu")
case("us-host+deny", ["--deny-training"], {"deny_training": True}, host="US.example.com:8080",
     host_region="us")
case("us-key-on-eu-host", ["--region", "us"], {"region": "us"}, host="eu.example.com",
     host_region="eu")
case("all-modalities+zdr", ["--zdr"], {"zdr": True}, query="output_modalities=all")
case("image-modality", ["--deny-training"], {"deny_training": True}, query="output_modalities=image",
     nontrivial=False)
json.dump(C, open(sys.argv[1], "w"))
PY
python3 "$here/keys_ref.py" "$bin/openrouterd" "$db" "$base" "$demo/extension.json" "$tmp/cases.json"

# distinct rules give distinct lists (the demo data exercises each one)
key() { "$bin/openrouterd" keys create --db "$db" --label "$1" "${@:2}" 2>/dev/null; }
ids() { # KEY [QUERY] [HOST]: ids listed for KEY, one line
	curl -sf -H "Authorization: Bearer $1" ${3:+-H "Host: $3"} "$base/api/v1/models/user${2:+?$2}" |
		python3 -c 'import json,sys; print(" ".join(m["id"] for m in json.load(sys.stdin)["data"]))'
}
total() {
	curl -sf -H "Authorization: Bearer $1" ${3:+-H "Host: $3"} "$base/api/v1/models/user${2:+?$2}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])'
}

# ---- paging: same rules as /models ----------------------------------------
k=$(key paging --max-prompt-price 3)
all=$(ids "$k")
n=$(echo "$all" | wc -w)
[ "$n" -gt 8 ] || fail "paging: want more than 8 models, have $n"
page=$(ids "$k" "offset=3&limit=4")
[ "$page" = "$(echo "$all" | tr ' ' '\n' | sed -n 4,7p | tr '\n' ' ' | sed 's/ $//')" ] ||
	fail "paging: offset=3&limit=4 gave '$page'"
[ "$(total "$k" "offset=3&limit=4")" = "$n" ] || fail "paging: total_count"
next=$(curl -sf -H "Authorization: Bearer $k" "$base/api/v1/models/user?offset=3&limit=4" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["links"]["next"])')
[ "$next" = "/api/v1/models/user?offset=7&limit=4" ] || fail "paging: links.next '$next'"
last=$(curl -sf -H "Authorization: Bearer $k" "$base/api/v1/models/user?offset=$((n - 1))&limit=4" |
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["data"]), d["links"]["next"])')
[ "$last" = "1 None" ] || fail "paging: last page '$last'"
[ "$(ids "$k" "limit=500")" = "$all" ] || fail "paging: limit=500 differs from the full list"
[ -z "$(ids "$k" "offset=1000")" ] || fail "paging: offset past the end lists models"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $k" "$base/api/v1/models/user?limit=0")
[ "$code" = 400 ] || fail "limit=0 gives $code"

# ---- keyed answers are private ----------------------------------------------
curl -s -D "$tmp/h" -o /dev/null -H "Authorization: Bearer $k" "$base/api/v1/models/user"
tr -d '\r' <"$tmp/h" | grep -qi '^cache-control: private, no-store' || fail "/models/user Cache-Control: $(cat "$tmp/h")"
tr -d '\r' <"$tmp/h" | grep -qi '^vary: authorization' || fail "/models/user has no Vary: Authorization"

# ---- update and revoke take effect on the running server ----------------------
k=$(key updating --only deepinfra)
before=$(ids "$k")
"$bin/openrouterd" keys update --db "$db" updating --no-only --only openai 2>/dev/null
after=$(ids "$k")
[ "$before" != "$after" ] || fail "keys update: same list before and after"
echo "$after" | grep -q "openai/gpt-4o" || fail "keys update: --only openai does not list openai/gpt-4o: $after"
"$bin/openrouterd" keys update --db "$db" "${k:9:8}" --clear-rules 2>/dev/null
[ "$(ids "$k")" = "$(ids "$(key plain)")" ] || fail "keys update --clear-rules: not the unfiltered list"
"$bin/openrouterd" keys revoke --db "$db" "$k" 2>/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $k" "$base/api/v1/models/user")
[ "$code" = 401 ] || fail "revoked key gives $code"

# ---- regional hosts on /models too ---------------------------------------------
pub=$(curl -sf "$base/api/v1/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')
eu=$(curl -sf -H "Host: eu.example.com" "$base/api/v1/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')
eur=$(curl -sf "$base/api/v1/models?region=eu" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')
[ "$eu" -lt "$pub" ] && [ "$eu" = "$eur" ] || fail "/models on eu.*: $eu models; region=eu gives $eur; all $pub"
[ "$(total "$(key plain2)" "" eu.example.com)" -le "$eu" ] || fail "/models/user on eu.* lists more than /models there"

# ---- latency / throughput only with a valid key ---------------------------------
k=$(key figures)
lat() { # KEY: "p50-latency/p50-throughput TAG" per endpoint of z-ai/glm-5.5
	curl -sf ${1:+-H "Authorization: Bearer $1"} "$base/api/v1/models/z-ai/glm-5.5/endpoints" |
		python3 -c 'import json,sys; e=json.load(sys.stdin)["data"]["endpoints"]; print(" ".join("%s/%s@%s" % (x["latency_last_30m"] and x["latency_last_30m"]["p50"], x["throughput_last_30m"] and x["throughput_last_30m"]["p50"], x["tag"]) for x in e))'
}
want=$(python3 - "$demo/extension.json" "$(lat "")" <<'PY'
import json, sys
ext = {e["tag"]: e for e in json.load(open(sys.argv[1]))["endpoints"] if e["model"] == "z-ai/glm-5.5"}
tags = [w.split("@")[1] for w in sys.argv[2].split()]
print(" ".join("%s/%s@%s" % (ext[t]["latency_last_30m"]["p50"], ext[t]["throughput_last_30m"]["p50"], t)
               for t in tags))
PY
)
norm() { sed 's/\.0\([/@ ]\)/\1/g; s/\.0$//'; }
[ "$(lat "$k" | norm)" = "$(echo "$want" | norm)" ] || fail "keyed endpoints: $(lat "$k"), extension: $want"
[ "$(lat "" | sed 's/@[^ ]*//g')" = "None/None None/None None/None None/None" ] || fail "public endpoints carry figures: $(lat "")"
[ "$(lat "sk-or-v1-$(printf '%064d' 7)" | sed 's/@[^ ]*//g')" = "None/None None/None None/None None/None" ] ||
	fail "a wrong key gets figures"
curl -s -D "$tmp/h" -o /dev/null -H "Authorization: Bearer $k" "$base/api/v1/models/z-ai/glm-5.5/endpoints"
tr -d '\r' <"$tmp/h" | grep -qi '^cache-control: private, no-store' || fail "keyed endpoints Cache-Control"

# ---- keys list: never the key; last used is recorded ------------------------------
"$bin/openrouterd" keys list --db "$db" >"$tmp/list"
grep -q "${k:9:8}  figures" "$tmp/list" || fail "keys list lacks the key 'figures': $(cat "$tmp/list")"
grep "^${k:9:8}" "$tmp/list" | grep -q never && fail "keys list: 'figures' was used but shows never"
grep -q "${k:17}" "$tmp/list" && fail "keys list shows key material"
grep -q "revoked" "$tmp/list" || fail "keys list shows no revoked key"

stop_server
echo "keys_rules: ok"
