#!/usr/bin/env bash
# server_basic.sh - a real openrouterd on 127.0.0.1 port 0 over a real SQLite
# file, loaded with a real catalog capture, its endpoints and providers:
# list/all/paging/count/get/endpoints/providers, errors, HEAD, fidelity, and a
# reload (SIGHUP) to every other snapshot with the fidelity check on each.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
data=$shared/data/openrouter
[ -d "$data" ] || fail "no captures in $data"

"$bin/openrouterd" import --db "$tmp/db" "$data/models-2026-06-16.json" "$data"/endpoints/*.json \
	"$data/endpoints-bundle-2026-05-31.json" "$data/providers-2026-05-07.json" >"$tmp/import.out"
grep -q '^imported ' "$tmp/import.out" || fail "import summary line: $(cat "$tmp/import.out")"

start_server --db "$tmp/db" --poll 0
python3 "$here/server_check.py" "$base" "$data/models-2026-06-16.json" "$data/providers-2026-05-07.json"

# every other capture: import into the running server's database, SIGHUP,
# wait for the new catalog version, and check fidelity again
version() { curl -s -o /dev/null -D - "$base/api/v1/models/count" | tr -d '\r' | sed -n 's/^X-Catalog-Version: //p'; }
n=0
for f in "$data"/models-*.json; do
	n=$((n + 1))
	before=$(version)
	"$bin/openrouterd" import --db "$tmp/db" "$f" >/dev/null
	kill -HUP "$pid"
	for _ in $(seq 100); do [ "$(version)" != "$before" ] && break; sleep 0.05; done
	[ "$(version)" != "$before" ] || fail "no reload after importing $f"
	python3 - "$base" "$f" <<'PY'
import json, sys, urllib.request
base, f = sys.argv[1], sys.argv[2]
want = json.load(open(f))["data"]
for m in want:
    m.setdefault("canonical_slug", m["id"])
    m.setdefault("links", {"details": "/api/v1/models/%s/endpoints" % m["canonical_slug"]})
    for k in ("per_request_limits", "default_parameters", "supported_voices", "context_length"):
        m.setdefault(k, None)
    m.setdefault("supported_parameters", [])
got = json.load(urllib.request.urlopen(base + "/api/v1/models?output_modalities=all"))
if got["data"] != want:
    diff = next((i for i, (a, b) in enumerate(zip(got["data"], want)) if a != b), None)
    print("FAIL: fidelity of %s: %d served vs %d imported, first difference at %s"
          % (f, len(got["data"]), len(want), diff))
    if diff is not None:
        a, b = got["data"][diff], want[diff]
        print("  served", a["id"], "imported", b["id"],
              sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)))
    sys.exit(1)
PY
done
stop_server
echo "server_basic: ok (fidelity after reload for $n captures)"
