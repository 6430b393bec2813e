# reliability.bash - shared helpers of the issue-7 integration scripts
# (bad_requests, reload_*, crash_*, valgrind_*, bench/soak): start an
# openrouterd on 127.0.0.1 port 0, wait for its `listening on` line, stop it.
# Sourced, not run: tests/integration/*.sh only are ctest tests.
set -euo pipefail

: "${OR_BIN_DIR:?OR_BIN_DIR must point at the bin directory of a build}"
_rel_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OR_SOURCE_DIR=${OR_SOURCE_DIR:-$(cd "$_rel_here/../../.." && pwd)}
: "${OR_SHARED_DIR:=$OR_SOURCE_DIR/../shared}"
OR_DATA_DIR="$OR_SHARED_DIR/data/openrouter"
OPENROUTERD="$OR_BIN_DIR/openrouterd"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/or-rel.XXXXXX")
SERVER_PIDS=()
cleanup() {
	local p
	for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "work dir kept: $WORK" >&2; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

# start_server NAME ARGS... : runs `[$OR_WRAP] openrouterd serve ARGS --listen
# 127.0.0.1:0` in the background; sets SERVER_PID, PORT, BASE; logs in
# $WORK/NAME.out / NAME.err. Waits up to START_TIMEOUT seconds (default 20).
start_server() {
	local name=$1; shift
	local out="$WORK/$name.out" err="$WORK/$name.err" i line
	: >"$out"
	# shellcheck disable=SC2086
	${OR_WRAP:-} "$OPENROUTERD" serve "$@" --listen 127.0.0.1:0 >"$out" 2>"$err" &
	SERVER_PID=$!
	SERVER_PIDS+=("$SERVER_PID")
	for ((i = 0; i < ${START_TIMEOUT:-20} * 20; i++)); do
		line=$(head -n1 "$out" 2>/dev/null || true)
		if [[ $line == "listening on http://"* ]]; then
			BASE=${line#listening on }
			PORT=${BASE##*:}
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || { cat "$err" >&2; fail "$name: server exited at start"; }
		sleep 0.05
	done
	cat "$err" >&2
	fail "$name: no 'listening on' line"
}

# stop_server PID : SIGTERM and wait; returns the exit status.
stop_server() {
	local pid=$1 rc=0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" || rc=$?
	return $rc
}

# http_code URL : prints the status code (000 on connection failure).
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }

# wait_for COND_CMD... : retries a command for up to 15 s.
wait_for() {
	local i
	for ((i = 0; i < 150; i++)); do "$@" && return 0; sleep 0.1; done
	return 1
}

# small_models FILE N OUT : the first N models of a real snapshot, as a
# models list (for quick imports with distinct content).
small_models() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
doc["data"] = doc["data"][:int(sys.argv[2])]
json.dump(doc, open(sys.argv[3], "w", encoding="utf-8"))
PY
}
