#!/usr/bin/env bash
# store_postgres.sh - the PostgreSQL backend against a real PostgreSQL server:
# the same imports give byte-identical answers to the SQLite backend; a bad
# import changes nothing; concurrent imports serialise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/server.sh"
. "$here/../lib/pg.sh"
tmp=$(mktemp -d /tmp/or-pgtest-XXXXXX)
trap 'stop_servers; pg_cleanup; rm -rf "$tmp"' EXIT

pg_start
files=("$OR_DATA/models-2026-05-29.json" "$OR_DATA/endpoints-bundle-2026-05-31.json" "$OR_DATA/providers-2026-05-07.json")
"$OR_BIN_DIR/openrouterd" import --db "$tmp/lite.db" "${files[@]}" >/dev/null
"$OR_BIN_DIR/openrouterd" import --db "$PG_CONN" "${files[@]}" >/dev/null

start_server LITE "$tmp/lite.db"
start_server PG "$PG_CONN"

checked=0
for path in "/api/v1/models" "/api/v1/models?output_modalities=all" "/api/v1/models/count" \
            "/api/v1/models?offset=10&limit=7" "/api/v1/providers" \
            "/api/v1/model/anthropic/claude-3-haiku" "/api/v1/models/anthropic/claude-3-haiku/endpoints" \
            "/api/v1/model/nobody/nothing"; do
  a=$(curl -s -w '\n%{http_code}' "$LITE$path")
  b=$(curl -s -w '\n%{http_code}' "$PG$path")
  [ "$a" = "$b" ] || fail "$path differs between SQLite and PostgreSQL"
  checked=$((checked + 1))
done
n=$(curl -s "$PG/api/v1/models?output_modalities=all" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')
want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "${files[0]}")
[ "$n" = "$want" ] || fail "PostgreSQL serves $n models, the file has $want"

# A bad file in the batch: nothing changes, the error names the file.
printf '{"data":[{"id":"x/ok"},{"name":"no id"}]}' >"$tmp/bad.json"
if "$OR_BIN_DIR/openrouterd" import --db "$PG_CONN" "$OR_DATA/models-2025-06-10.json" "$tmp/bad.json" 2>"$tmp/err"; then
  fail "a bad import succeeded"
fi
grep -q "bad.json" "$tmp/err" || fail "error does not name the file: $(cat "$tmp/err")"
v_before=$(runuser -u postgres -- psql -qtA -h "$PG_DIR" -p 5432 -d postgres -c "select value from meta" 2>/dev/null || psql -qtA -h "$PG_DIR" -p 5432 -U postgres -d postgres -c "select value from meta")
[ "$v_before" = 1 ] || fail "catalog version is $v_before after one good and one bad import"

# Two imports at once from two processes (two replicas): both land, in turn.
"$OR_BIN_DIR/openrouterd" import --db "$PG_CONN" "$OR_DATA/models-2025-06-10.json" >/dev/null &
p1=$!
"$OR_BIN_DIR/openrouterd" import --db "$PG_CONN" "$OR_DATA/models-2025-06-17.json" >/dev/null &
p2=$!
wait $p1 || fail "first concurrent import failed"
wait $p2 || fail "second concurrent import failed"
v_after=$(runuser -u postgres -- psql -qtA -h "$PG_DIR" -p 5432 -d postgres -c "select value from meta" 2>/dev/null || psql -qtA -h "$PG_DIR" -p 5432 -U postgres -d postgres -c "select value from meta")
[ "$v_after" = 3 ] || fail "catalog version is $v_after after two more imports"
echo "store_postgres: $((checked + 3)) passed, 0 failed"
