#!/usr/bin/env bash
# crash_kill_import.sh - kill -9 in the middle of an import: the database
# keeps the previous catalog (SQLite transaction + WAL), passes
# `PRAGMA integrity_check`, and the next start serves exactly that catalog.
# Several rounds at random moments; at least 3 must really interrupt one.
source "$(dirname "$0")/lib/reliability.bash"

db="$WORK/crash.db"
small_models "$(ls "$OR_DATA_DIR"/models-*.json | sort | tail -1)" 40 "$WORK/small.json"
"$OPENROUTERD" import --db "$db" "$WORK/small.json" >/dev/null || fail "first import"
want_version=1 want_count=40

# a slow import: every real models snapshot six times, every endpoints file
mapfile -t big < <(for i in 1 2 3 4 5 6; do ls "$OR_DATA_DIR"/models-*.json; done; ls "$OR_DATA_DIR"/endpoints/*.json)
# how long a whole import takes here, to kill at 5..80 % of it
cp "$db" "$WORK/probe.db"
t0=$(date +%s%N)
"$OPENROUTERD" import --db "$WORK/probe.db" "${big[@]}" >/dev/null || fail "probe import"
dur_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
note "a whole import takes ${dur_ms} ms"
interrupted=0
for round in 1 2 3 4 5 6 7 8; do
	"$OPENROUTERD" import --db "$db" "${big[@]}" >"$WORK/import.out" 2>&1 &
	ipid=$!
	delay=$(( dur_ms * (5 + RANDOM % 75) / 100 ))
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 "$ipid" 2>/dev/null || true
	rc=0; wait "$ipid" 2>/dev/null || rc=$?
	if [ "$rc" = 137 ]; then
		interrupted=$((interrupted + 1))
	elif [ "$rc" = 0 ]; then
		# finished before the kill: that catalog is the one to serve now
		want_version=$((want_version + 1))
		want_count=$(sed -n 's/.* files* into .*: \([0-9]*\) models.*/\1/p' "$WORK/import.out")
		# back to a small catalog so the next round has something to lose
		"$OPENROUTERD" import --db "$db" "$WORK/small.json" >/dev/null || fail "re-import"
		want_version=$((want_version + 1)) want_count=40
	else
		cat "$WORK/import.out" >&2
		fail "import exited $rc"
	fi
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "round $round: integrity_check"
	start_server "round$round" --db "$db" --poll 0
	v=$(served_version) c=$(count_all)
	stop_server "$SERVER_PID" || fail "round $round: server exit"
	[ "$v" = "$want_version" ] && [ "$c" = "$want_count" ] ||
		fail "round $round (import exit $rc): serving version $v with $c models, want $want_version with $want_count"
	note "round $round: import exit $rc -> serving version $v, $c models"
done
[ "$interrupted" -ge 3 ] || fail "only $interrupted imports were interrupted (import too fast?)"
echo "ok: $interrupted imports killed mid-way, previous catalog served each time"
