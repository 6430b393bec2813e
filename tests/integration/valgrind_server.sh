#!/usr/bin/env bash
# valgrind_server.sh - a representative scenario under valgrind
# (--leak-check=full --error-exitcode=1): import, serve every route (lists,
# selections, paging, RSS, gzip, get, endpoints, providers, errors, hostile
# requests), reload by SIGHUP onto a new import, stop by SIGTERM; the CLI and
# SDK against that server too. Any memory error or definite/indirect leak in
# any of those processes fails the test. Bounded: a few minutes at most.
source "$(dirname "$0")/lib/reliability.bash"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
# the sanitizer build (make test-asan) cannot run under valgrind
if ldd "$OPENROUTERD" | grep -q libasan; then echo "SKIP: sanitizer build"; exit 0; fi

VG="valgrind --leak-check=full --error-exitcode=99 --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --track-fds=no --num-callers=30 --quiet"
snap=$(ls "$OR_DATA_DIR"/models-*.json | sort | tail -1)
small_models "$snap" 60 "$WORK/a.json"
small_models "$snap" 80 "$WORK/b.json"
ep=$(ls "$OR_DATA_DIR"/endpoints/*.json | sed -n 1,3p)
prov="$OR_DATA_DIR/providers-2026-05-07.json"

# shellcheck disable=SC2086
$VG --log-file="$WORK/vg-import.log" "$OPENROUTERD" import --db "$WORK/vg.db" "$WORK/a.json" $ep "$prov" \
	>/dev/null || { cat "$WORK/vg-import.log" >&2; fail "import under valgrind"; }
# a failing import (rolled back) too
rc=0; $VG --log-file="$WORK/vg-badimport.log" "$OPENROUTERD" import --db "$WORK/vg.db" /dev/null \
	>/dev/null 2>&1 || rc=$?
[ "$rc" != 99 ] || { cat "$WORK/vg-badimport.log" >&2; fail "failed import: valgrind errors"; }

START_TIMEOUT=60 OR_WRAP="$VG --log-file=$WORK/vg-serve.log" start_server vg --db "$WORK/vg.db" --poll 0 --threads 2
for path in "/api/v1/models" "/api/v1/models?output_modalities=all" "/api/v1/models?limit=5&offset=2" \
	"/api/v1/models?q=gpt&sort=pricing-low-to-high&supported_parameters=tools" \
	"/api/v1/models?use_rss=true&limit=3" "/api/v1/models/count" "/api/v1/providers" \
	"/api/v1/endpoints/zdr" "/api/v1/models/user" "/api/v1/model/x/none" "/api/v1/models?limit=abc" \
	"/api/v1/model/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"][0]["id"])' "$WORK/a.json")" \
	"/api/v1/models/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["id"])' $(echo "$ep" | sed -n 1p))/endpoints"; do
	code=$(http_code "$BASE$path")
	[ "$code" != 000 ] && [ "$code" -lt 500 ] || fail "$path -> $code"
	code=$(http_code -H 'Accept-Encoding: gzip' "$BASE$path")
	[ "$code" != 000 ] && [ "$code" -lt 500 ] || fail "$path (gzip) -> $code"
done
etag=$(curl -s -D - -o /dev/null "$BASE/api/v1/models" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ -z "$etag" ] || http_code -H "If-None-Match: $etag" "$BASE/api/v1/models" >/dev/null
curl -s -X POST "$BASE/api/v1/models" -o /dev/null
curl -s "$BASE/api/v1/models?q=$(python3 -c 'print("a"*9000)')" -o /dev/null
# protocol-level junk
python3 - "$PORT" <<'PY'
import socket, sys
port = int(sys.argv[1])
for raw in [b"GET /api/v1/models HTTP/9.9\r\nHost: x\r\n\r\n", b"\x16\x03\x01\x00\x00\r\n\r\n",
            b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 20000 + b"\r\n\r\n",
            b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-Half"]:
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(raw)
    s.shutdown(socket.SHUT_WR)
    try:
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()
PY
# reload onto a new catalog
"$OPENROUTERD" import --db "$WORK/vg.db" "$WORK/b.json" >/dev/null
kill -HUP "$SERVER_PID"
wait_for serving 2 || fail "reload under valgrind"
[ "$(count_all)" = 80 ] || fail "wrong catalog after reload"

# the CLI and the SDK (through the CLI) against it, when built
if [ -x "$OR_BIN_DIR/openrouter" ]; then
	for args in "models count" "models list --limit 3" "models get no/such" "providers"; do
		rc=0
		# shellcheck disable=SC2086
		$VG --log-file="$WORK/vg-cli.log" "$OR_BIN_DIR/openrouter" --base-url "$BASE/api/v1" $args \
			--format json >/dev/null 2>&1 || rc=$?
		[ "$rc" != 99 ] || { cat "$WORK/vg-cli.log" >&2; fail "CLI '$args': valgrind errors"; }
	done
fi

rc=0
stop_server "$SERVER_PID" || rc=$?
if [ "$rc" != 0 ]; then
	cat "$WORK/vg-serve.log" >&2
	fail "server under valgrind exited $rc (99 = memory errors or leaks)"
fi
[ -s "$WORK/vg-serve.log" ] && { cat "$WORK/vg-serve.log" >&2; fail "valgrind reported something"; }
echo "ok: valgrind clean (import, serve, reload, CLI)"
