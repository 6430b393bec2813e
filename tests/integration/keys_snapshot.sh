#!/usr/bin/env bash
# keys_snapshot.sh - GET /api/v1/models/user over a real catalog: the models
# capture of 2026-05-29, every captured endpoints listing of the 2026-05-31
# bundle, the providers capture, and a generated extension file (ZDR, regions
# and latency per endpoint, a data policy per provider, some providers left
# without one). Keys come from the real `openrouterd keys create`; each rule
# alone and combined is compared with the reference evaluation (keys_ref.py).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
data=$shared/data/openrouter
db=$tmp/db
[ -d "$data/endpoints" ] || fail "no captures in $data"

# a deterministic extension for every captured endpoint
python3 - "$data" "$tmp/extension.json" <<'PY'
import glob, hashlib, json, os, sys
data, out = sys.argv[1], sys.argv[2]
def h(*parts):
    return int(hashlib.sha256("\0".join(parts).encode()).hexdigest()[:8], 16)
eps, provs = [], {}
for f in sorted(glob.glob(os.path.join(data, "endpoints", "*.json"))):
    d = json.load(open(f))["data"]
    for e in d["endpoints"]:
        r = h(d["id"], e["tag"])
        eps.append({"model": d["id"], "tag": e["tag"], "zdr": r % 3 == 0,
                    "regions": [["us"], ["eu"], ["us", "eu"], []][r % 4],
                    "latency_last_30m": {"p50": 100 + r % 900, "p75": 1200, "p90": 1500, "p99": 3000},
                    "throughput_last_30m": {"p50": 10 + r % 90, "p75": 8, "p90": 6, "p99": 2}})
        p = e["provider_name"]
        if p not in provs and h(p) % 7:      # about one provider in 7 has no known policy
            provs[p] = {"trains_on_data": h(p, "t") % 5 == 0, "retains_prompts": h(p, "r") % 2 == 0}
json.dump({"openrouter_c_extension": 1, "endpoints": eps, "providers": provs}, open(out, "w"))
PY
"$bin/openrouterd" import --db "$db" "$data/models-2026-05-29.json" "$data"/endpoints/*.json \
	"$data/providers-2026-05-07.json" "$tmp/extension.json" >/dev/null
start_server --db "$db" --poll 0

python3 - "$tmp/cases.json" <<'PY'
import json, sys
C = []
def case(name, flags, rules, **kw):
    C.append(dict(name=name, flags=flags, rules=rules, **kw))
case("none", [], {}, nontrivial=False)
case("only", ["--only", "deepinfra,Novita,google-vertex"], {"only": ["deepinfra", "Novita", "google-vertex"]})
case("ignore", ["--ignore", "OpenAI,azure"], {"ignore": ["OpenAI", "azure"]})
case("deny-training", ["--deny-training"], {"deny_training": True})
case("deny-retention", ["--deny-retention"], {"deny_retention": True})
case("zdr", ["--zdr"], {"zdr": True})
case("models", ["--models", "anthropic/*,openai/gpt-4o,mistralai/*"],
     {"models": ["anthropic/*", "openai/gpt-4o", "mistralai/*"]})
case("max-prompt", ["--max-prompt-price", "0.5"], {"max_prompt_price": 0.5})
case("max-completion", ["--max-completion-price", "1.1"], {"max_completion_price": 1.1})
case("region-eu", ["--region", "eu"], {"region": "eu"})
case("combined", ["--deny-data-collection", "--zdr", "--region", "us", "--max-prompt-price", "3",
                  "--ignore", "deepinfra"],
     {"ignore": ["deepinfra"], "deny_training": True, "deny_retention": True, "zdr": True,
      "max_prompt_price": 3, "region": "us"})
case("combined-models", ["--models", "qwen/*,meta-llama/*", "--only", "deepinfra,together,novita",
                         "--max-completion-price", "1"],
     {"only": ["deepinfra", "together", "novita"], "models": ["qwen/*", "meta-llama/*"],
      "max_completion_price": 1})
case("eu-host+deny", ["--deny-training"], {"deny_training": True}, host="eu.example.org",
     host_region="eu")
case("all+zdr", ["--zdr"], {"zdr": True}, query="output_modalities=all")
json.dump(C, open(sys.argv[1], "w"))
PY
python3 "$here/keys_ref.py" "$bin/openrouterd" "$db" "$base" "$tmp/extension.json" "$tmp/cases.json"
stop_server

# a configured regional host replaces the eu./us. prefix rule
start_server --db "$db" --poll 0 --region-host models.example.eu=eu
count() { curl -sf ${1:+-H "Host: $1"} "$base/api/v1/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])'; }
all=$(count "") eu=$(count models.example.eu) pre=$(count eu.example.com) reg=$(curl -sf "$base/api/v1/models?region=eu" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')
[ "$eu" = "$reg" ] && [ "$eu" -lt "$all" ] || fail "--region-host: $eu models (region=eu: $reg, all: $all)"
[ "$pre" = "$all" ] || fail "--region-host set: eu.* should no longer be regional ($pre of $all)"
stop_server
set +e
"$bin/openrouterd" serve --db "$db" --listen 127.0.0.1:0 --region-host bad.example=mars 2>/dev/null
[ $? = 2 ] || fail "--region-host HOST=mars is not a usage error"
set -e
echo "keys_snapshot: ok"
