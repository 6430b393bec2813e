#!/usr/bin/env bash
# server_demo.sh - an empty database serves the bundled demo catalog from
# memory and is never written; --demo-dir overrides the bundle; importing into
# the database of a running demo server switches it to the real catalog.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
src=${OR_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
demo=$src/data/demo
[ -f "$demo/models.json" ] || fail "no demo catalog in $demo"
count_all() { curl -sf "$base/api/v1/models/count?output_modalities=all" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["count"])'; }
nmodels() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$1"; }

# 1. a database that does not exist yet: demo served
start_server --db "$tmp/empty.db" --poll 0
[ "$(count_all)" = "$(nmodels "$demo/models.json")" ] || fail "demo catalog not served"
curl -sf "$base/api/v1/providers" | python3 -c 'import json,sys; assert json.load(sys.stdin)["data"]' ||
	fail "demo providers"
grep -q "bundled demo" "$tmp/server.err" || fail "demo not reported on stderr"
# every model's links.details answers
curl -sf "$base/api/v1/models?output_modalities=all" | python3 -c '
import json, sys, urllib.request
base = sys.argv[1]
for m in json.load(sys.stdin)["data"]:
    urllib.request.urlopen(base + m["links"]["details"]).read()
    urllib.request.urlopen(base + "/api/v1/model/" + m["id"]).read()
' "$base" || fail "a demo model's details or get route fails"
stop_server

# 2. serving the demo does not modify the database file
sum1=$(sha256sum "$tmp/empty.db" | cut -d' ' -f1)
start_server --db "$tmp/empty.db" --poll 0
[ "$(count_all)" = "$(nmodels "$demo/models.json")" ] || fail "demo catalog not served (2nd run)"
stop_server
sum2=$(sha256sum "$tmp/empty.db" | cut -d' ' -f1)
[ "$sum1" = "$sum2" ] || fail "serving the demo modified the database file"

# 3. --demo-dir overrides the bundle
fixture=$src/tests/golden/fixture
start_server --db "$tmp/empty.db" --demo-dir "$fixture" --poll 0
[ "$(count_all)" = "$(nmodels "$fixture/models.json")" ] || fail "--demo-dir not honoured"
stop_server

# 4. no demo catalog and an empty database: a clear error, exit 1
rc=0
"$bin/openrouterd" serve --db "$tmp/empty.db" --demo-dir "$tmp/nowhere" --listen 127.0.0.1:0 \
	>"$tmp/o" 2>"$tmp/e" || rc=$?
[ "$rc" = 1 ] && grep -q '^openrouterd: ' "$tmp/e" || fail "missing demo dir: rc=$rc $(cat "$tmp/e")"

# 5. importing into the database of a running demo server switches it over
start_server --db "$tmp/empty.db" --poll 1
"$bin/openrouterd" import --db "$tmp/empty.db" "$fixture/models.json" >/dev/null
for _ in $(seq 100); do [ "$(count_all)" = "$(nmodels "$fixture/models.json")" ] && break; sleep 0.1; done
[ "$(count_all)" = "$(nmodels "$fixture/models.json")" ] || fail "no switch from demo to the imported catalog"
stop_server
echo "server_demo: ok"
