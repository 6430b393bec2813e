#!/usr/bin/env bash
# golden.sh - data-driven golden tests: each tests/golden/cases/*.case holds one
# request and the exact expected response (status, Content-Type, body bytes),
# answered by a real openrouterd serving the small catalog in fixture/.
# GOLDEN_UPDATE=1 bash golden.sh rewrites the expectations (review the diff!).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${OR_BIN_DIR:?OR_BIN_DIR not set}
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$bin/openrouterd" import --db "$tmp/db" "$here"/fixture/models.json "$here"/fixture/endpoints.json \
	"$here"/fixture/providers.json "$here"/fixture/extension.json >/dev/null
# a fixed clock keeps age filters stable
OPENROUTERD_NOW=1761000000 "$bin/openrouterd" serve --db "$tmp/db" --listen 127.0.0.1:0 --poll 0 \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/out" ] && break; sleep 0.05; done
line=$(head -n1 "$tmp/out")
case "$line" in "listening on http://"*) ;; *) echo "server did not start: $line"; cat "$tmp/err"; exit 1;; esac
python3 "$here/golden.py" "${line#listening on }" "$here"/cases/*.case
