#!/usr/bin/env bash
# mirror.sh - `openrouterd mirror` against a real upstream openrouterd: the
# mirrored database serves /models?output_modalities=all, /providers and
# endpoints listings (a dated canonical slug's path, a :free model's
# links.details) byte-identically; a dead upstream exits 1 and changes
# nothing; --interval picks up a new upstream catalog.
set -euo pipefail
source "$(dirname "$0")/../lib/server.sh"

D=$OR_DATA
OD=$OR_BIN_DIR/openrouterd
T=$(mktemp -d /tmp/or-mirror-XXXXXX)
mirror_pid=
cleanup() {
  [ -n "$mirror_pid" ] && kill "$mirror_pid" 2>/dev/null && wait "$mirror_pid" 2>/dev/null
  stop_servers
  rm -rf "$T"
}
trap cleanup EXIT

version() { sqlite3 "$1" "SELECT value FROM meta WHERE key = 'catalog_version'"; }

# same PATH...: each path answers the same bytes (and status) from both servers
same() {
  local p
  for p in "$@"; do
    curl -s -o "$T/a" -w '%{http_code}\n' "$UP$p" >"$T/a.code"
    curl -s -o "$T/b" -w '%{http_code}\n' "$MI$p" >"$T/b.code"
    cmp -s "$T/a.code" "$T/b.code" || fail "$p: status $(cat "$T/a.code") upstream, $(cat "$T/b.code") mirror"
    cmp -s "$T/a" "$T/b" || fail "$p: the mirror's answer differs from the upstream's"
  done
}

"$OD" import --db "$T/up.db" "$D/models-2026-05-29.json" "$D/endpoints-bundle-2026-05-31.json" \
  "$D/providers-2026-05-07.json" >/dev/null
start_server UP "$T/up.db" --poll 1

# --- one run ---------------------------------------------------------------------
"$OD" mirror --db "$T/mi.db" --upstream "$UP/api/v1" --concurrency 8 >"$T/out" 2>"$T/err" \
  || { cat "$T/err" >&2; fail "mirror exited $?"; }
grep -Eq '^mirrored 357 models, [0-9]+ endpoint listings, 81 providers \(catalog version 1\)$' "$T/out" \
  || fail "summary: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "warnings against a healthy upstream: $(cat "$T/err")"
start_server MI "$T/mi.db" --poll 1

same '/api/v1/models?output_modalities=all' /api/v1/models /api/v1/providers \
  /api/v1/models/count /api/v1/endpoints/zdr

# a sample of listings: every 25th model's links.details, a dated canonical
# slug (!= id), a :free model's details path, and its own id
curl -s "$UP/api/v1/models?output_modalities=all" >"$T/models.json"
mapfile -t paths < <(jq -r '
  [.data[] | select(.canonical_slug != .id and (.id | test(":") | not))][0] |
    .links.details, "/api/v1/models/\(.canonical_slug)/endpoints", "/api/v1/models/\(.id)/endpoints"' "$T/models.json"
  jq -r '[.data[] | select(.id | endswith(":free"))][0] |
    .links.details, "/api/v1/models/\(.id)/endpoints"' "$T/models.json"
  jq -r '.data | to_entries[] | select(.key % 25 == 0) | .value.links.details' "$T/models.json")
[ "${#paths[@]}" -ge 10 ] || fail "too few sample paths (${#paths[@]})"
case "${paths[1]}" in *-20[0-9][0-9]*) ;; *) fail "no dated canonical slug in ${paths[1]}" ;; esac
same "${paths[@]}"

# --- a dead upstream: exit 1, catalog version unchanged ----------------------------
v=$(version "$T/mi.db")
rc=0
"$OD" mirror --db "$T/mi.db" --upstream http://127.0.0.1:1/api/v1 --retry-budget 0 \
  >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "dead upstream: exit $rc"
grep -q 'models list' "$T/err" || fail "dead upstream: stderr: $(cat "$T/err")"
[ "$(version "$T/mi.db")" = "$v" ] || fail "dead upstream changed the catalog version"
"$OD" mirror --db "$T/mi.db" --upstream 'not a url' >/dev/null 2>&1 && fail "a bad --upstream succeeded"
"$OD" mirror --concurrency 0 >/dev/null 2>&1 && fail "--concurrency 0 accepted"

# --- --interval picks up a change ------------------------------------------------
"$OD" mirror --db "$T/mi.db" --upstream "$UP/api/v1" --interval 1 >"$T/loop" 2>"$T/loop.err" &
mirror_pid=$!
for _ in $(seq 1 100); do grep -q '^mirrored' "$T/loop" && break; sleep 0.1; done
grep -q '^mirrored' "$T/loop" || fail "--interval: no first run: $(cat "$T/loop.err")"
"$OD" import --db "$T/up.db" "$D/models-2026-06-16.json" >/dev/null
target=$(( $(version "$T/up.db") ))
# the upstream reloads (X-Catalog-Version), the mirror imports, the mirror's server reloads
ok=
for _ in $(seq 1 100); do
  a=$(curl -s -D - -o "$T/a" "$UP/api/v1/models?output_modalities=all" | tr -d '\r' |
      sed -n 's/^x-catalog-version: //Ip')
  curl -s -o "$T/b" "$MI/api/v1/models?output_modalities=all"
  if [ "$a" = "$target" ] && cmp -s "$T/a" "$T/b"; then ok=1; break; fi
  sleep 0.2
done
[ -n "$ok" ] || fail "--interval: the mirror did not pick up the new upstream catalog"
[ "$(jq '.data | length' "$T/b")" = "$(jq '.data | length' "$D/models-2026-06-16.json")" ] ||
  fail "--interval: not the new catalog"
same /api/v1/models /api/v1/providers "${paths[@]:0:3}"
# an unchanged upstream is not imported again
sleep 2.5
tail -n 1 "$T/loop" | grep -q ', unchanged)$' || fail "--interval: $(tail -n 1 "$T/loop")"
kill -TERM "$mirror_pid"
rc=0; wait "$mirror_pid" || rc=$?
mirror_pid=
[ "$rc" = 0 ] || fail "--interval: SIGTERM gave exit $rc"
echo ok
