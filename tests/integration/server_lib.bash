# server_lib.sh - helpers for integration tests that run a real openrouterd.
# Source it; it needs OR_BIN_DIR. Sets $tmp (removed on exit) and offers
# start_server ARGS... (sets $pid, $base) and stop_server (checks exit 0).
set -euo pipefail
bin=${OR_BIN_DIR:?OR_BIN_DIR not set}
shared=${OR_SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
tmp=$(mktemp -d)
pid=
base=
_cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap _cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# start_server ARGS...: openrouterd serve ARGS --listen 127.0.0.1:0; waits for
# the first stdout line and sets $base to http://127.0.0.1:PORT
start_server() {
	: >"$tmp/server.out"
	"$bin/openrouterd" serve --listen 127.0.0.1:0 "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
	pid=$!
	local i line
	for i in $(seq 200); do
		[ -s "$tmp/server.out" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	line=$(head -n1 "$tmp/server.out")
	case "$line" in
	"listening on http://127.0.0.1:"[0-9]*) base=${line#listening on } ;;
	*) cat "$tmp/server.err" >&2; fail "server did not start (first line: '$line')" ;;
	esac
}

# stop_server: SIGTERM, and the server must exit 0
stop_server() {
	local rc=0
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	pid=
	[ "$rc" -eq 0 ] || { cat "$tmp/server.err" >&2; fail "server exited $rc on SIGTERM"; }
}
