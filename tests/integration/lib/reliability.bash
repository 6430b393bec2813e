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
BG_PIDS=()   # other background helpers (load clients) to stop on exit
cleanup() {
	local p
	for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
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

# expect_add MAP VERSION FILE : record the sorted ids of models list FILE as
# what catalog VERSION must answer (for hammer.py), written atomically.
expect_add() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys
path, version, src = sys.argv[1], sys.argv[2], sys.argv[3]
m = json.load(open(path)) if os.path.exists(path) else {}
m[version] = {"ids": sorted(x["id"] for x in json.load(open(src, encoding="utf-8"))["data"])}
json.dump(m, open(path + ".tmp", "w"))
os.replace(path + ".tmp", path)
PY
}

# served_version : the X-Catalog-Version of a /models/count answer.
served_version() {
	curl -s -D - -o /dev/null --max-time 5 "$BASE/api/v1/models/count" |
		tr -d '\r' | sed -n 's/^[Xx]-[Cc]atalog-[Vv]ersion: *//p'
}

# serving VERSION : true when the server answers with that catalog version.
serving() { [ "$(served_version)" = "$1" ]; }

# reload_scenario sighup|poll : import a series of catalogs into the database
# of a running server while hammer.py clients run; every answer must be 200
# and wholly from the version in its header; each new version must be served.
reload_scenario() {
	local mode=$1 db="$WORK/reload.db" i v snaps=() counts=(40 55 25 70 33) hpid
	mapfile -t snaps < <(ls "$OR_DATA_DIR"/models-*.json | sort | awk 'NR % 4 == 1' | head -5)
	[ ${#snaps[@]} -ge 3 ] || fail "need real snapshots in $OR_DATA_DIR"
	for i in "${!snaps[@]}"; do small_models "${snaps[$i]}" "${counts[$i]}" "$WORK/cat$((i + 1)).json"; done
	"$OPENROUTERD" import --db "$db" "$WORK/cat1.json" >/dev/null || fail "first import"
	expect_add "$WORK/expect.json" 1 "$WORK/cat1.json"
	if [ "$mode" = poll ]; then start_server reload --db "$db" --poll 1
	else start_server reload --db "$db" --poll 0; fi
	[ "$(served_version)" = 1 ] || fail "not serving version 1"
	python3 "$_rel_here/hammer.py" "$PORT" 120 8 "$WORK/expect.json" "$WORK/stop" >"$WORK/hammer.json" &
	hpid=$!
	BG_PIDS+=("$hpid")
	sleep 1
	for ((v = 2; v <= ${#snaps[@]}; v++)); do
		expect_add "$WORK/expect.json" "$v" "$WORK/cat$v.json"
		"$OPENROUTERD" import --db "$db" "$WORK/cat$v.json" >/dev/null || fail "import $v"
		[ "$mode" = sighup ] && kill -HUP "$SERVER_PID"
		wait_for serving "$v" || fail "version $v not served after $mode"
		note "$mode: now serving version $v"
		sleep 1
	done
	touch "$WORK/stop"
	wait "$hpid" || { cat "$WORK/hammer.json" >&2; fail "clients saw failures"; }
	python3 - "$WORK/hammer.json" "${#snaps[@]}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
seen = sorted(int(v) for v in r["versions"])
print("requests %d, failures %d, mixed %d, %.0f req/s, answers per version %s" %
      (r["requests"], r["failures"], r["mixed"], r["rps"], json.dumps(r["versions"], sort_keys=True)))
want = list(range(1, int(sys.argv[2]) + 1))
assert seen == want, "versions answered %s, want %s" % (seen, want)
assert r["failures"] == 0 and r["mixed"] == 0
PY
	kill -0 "$SERVER_PID" || fail "server died"
	stop_server "$SERVER_PID" || fail "server did not exit cleanly"
	grep -q "now serving catalog version ${#snaps[@]}" "$WORK/reload.err" || fail "no reload in the log"
}

# count_all : models in the served catalog (output_modalities=all).
count_all() {
	curl -s --max-time 5 "$BASE/api/v1/models/count?output_modalities=all" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["count"])'
}
