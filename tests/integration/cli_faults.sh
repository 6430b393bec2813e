#!/usr/bin/env bash
# cli_faults.sh - the openrouter CLI against the fault-injecting server:
# exit codes and one-line messages for 401, 404, 400, 5XX (with and without
# retries), connection refused, a stalled response with --timeout, bad JSON.
set -u
BIN=${OR_BIN_DIR:?}; SRC=${OR_SOURCE_DIR:?}; CLI=$BIN/openrouter
[ -x "$CLI" ] || { echo "skip: openrouter not built"; exit 0; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 0; }
T=$(mktemp -d); PID=
trap '[ -n "$PID" ] && kill $PID; rm -rf "$T"' EXIT
python3 "$SRC/tests/faultserver/faultserver.py" >"$T/out" 2>/dev/null & PID=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
S=$(head -1 "$T/out" | sed 's/^listening on //')
unset OPENROUTER_BASE_URL OPENROUTER_API_KEY
fails=0; n=0
# expect RC MESSAGE-REGEX -- CLI ARGS...
expect() {
	local want=$1 re=$2; shift 3
	"$CLI" "$@" >"$T/o" 2>"$T/e"; local rc=$?
	n=$((n+1))
	if [ $rc -ne "$want" ] || { [ "$re" == "-" ] && [ -s "$T/e" ]; } || { [ "$re" != "-" ] && ! grep -Eq "$re" "$T/e"; }; then
		echo "FAIL: openrouter $* -> rc=$rc (want $want): $(cat "$T/e")"; fails=$((fails+1))
	fi
}
expect 4 "^openrouter: not authenticated: Missing Authentication header" -- --base-url "$S/unauthorized/a" models user
expect 3 "^openrouter: no model 'openai/gpt-9'$" -- --base-url "$S/notfound/b" models get openai/gpt-9
expect 3 "^openrouter: no model 'x/y'$" -- --base-url "$S/notfound/c" models endpoints x/y
expect 1 "^openrouter: bad request: Invalid request parameters$" -- --base-url "$S/badrequest/d" models list
expect 1 "^openrouter: HTTP 500: Internal Server Error$" -- --no-retry --base-url "$S/always-500/e" models count
expect 1 "^openrouter: HTTP 502: <html>" -- --no-retry --base-url "$S/html-502/f" providers
expect 1 "^openrouter: invalid response: .*not JSON" -- --base-url "$S/malformed/g" models list
expect 1 "^openrouter: .*(timed out|Timeout).*" -- --no-retry --timeout 300 --base-url "$S/stall/h" endpoints zdr
expect 1 "^openrouter: .*onnect" -- --no-retry --base-url http://127.0.0.1:1/api/v1 models count
# a dead server: retried for the --retry-time budget only, then the connection error
expect 1 "^openrouter: .*onnect" -- --retry-time 1 --base-url http://127.0.0.1:1/api/v1 models count
expect 2 "^openrouter: option '--retry-time' must be >= 0" -- --retry-time -1 models count
# 500 always: the budget runs out and the last answer is reported
expect 1 "^openrouter: HTTP 500: Internal Server Error$" -- --retry-time 1 --base-url "$S/always-500/j" models count
# 500 then 200: the default policy retries (first wait 0.5-1.5 s) and succeeds
expect 0 - -- --base-url "$S/fail-then-ok/i" models count
[ "$(cat "$T/o")" == '{"count":7}' ] || { echo "FAIL: retried count output $(cat "$T/o")"; fails=$((fails+1)); }
echo "cli_faults: $n cases, $fails failed"
[ $fails -eq 0 ]
