#!/usr/bin/env bash
# crash_reload_fail.sh - a reload that fails keeps the last good snapshot and
# says why in the log, by SIGHUP and by polling, while clients keep getting
# 200s; the next good import is picked up normally.
#   a) a catalog version whose model row is not JSON (load fails)
#   b) the database file overwritten with garbage under the running server
source "$(dirname "$0")/lib/reliability.bash"

snap=$(ls "$OR_DATA_DIR"/models-*.json | sort | tail -1)
small_models "$snap" 30 "$WORK/a.json"
small_models "$snap" 45 "$WORK/b.json"

# break_version DB : a new catalog version whose first model row is broken
break_version() {
	sqlite3 "$1" "UPDATE models SET json = '{broken' WHERE rowid = (SELECT min(rowid) FROM models);
		UPDATE meta SET value = value + 1 WHERE key = 'catalog_version';"
}

for mode in sighup poll; do
	db="$WORK/$mode.db"
	"$OPENROUTERD" import --db "$db" "$WORK/a.json" >/dev/null || fail "import"
	if [ "$mode" = poll ]; then start_server "$mode" --db "$db" --poll 1
	else start_server "$mode" --db "$db" --poll 0; fi
	python3 "$_rel_here/hammer.py" "$PORT" 60 4 - "$WORK/stop-$mode" >"$WORK/hammer-$mode.json" &
	hpid=$!
	BG_PIDS+=("$hpid")

	# a) a version that cannot be loaded
	break_version "$db"
	[ "$mode" = sighup ] && kill -HUP "$SERVER_PID"
	wait_for grep -q "reload failed, still serving version 1" "$WORK/$mode.err" ||
		{ cat "$WORK/$mode.err" >&2; fail "$mode: no log line for the failed reload"; }
	sleep 1.5
	[ "$(served_version)" = 1 ] && [ "$(count_all)" = 30 ] || fail "$mode: not serving the last good catalog"
	note "$mode: $(grep -m1 'reload failed' "$WORK/$mode.err")"
	# polling says it once per broken version, not at every poll
	[ "$(grep -c 'reload failed' "$WORK/$mode.err")" = 1 ] || fail "$mode: failed reload logged repeatedly"

	# the next good import is served
	"$OPENROUTERD" import --db "$db" "$WORK/b.json" >/dev/null || fail "import b"
	[ "$mode" = sighup ] && kill -HUP "$SERVER_PID"
	wait_for serving 3 || fail "$mode: good import after a failed reload not served"
	[ "$(count_all)" = 45 ] || fail "$mode: wrong catalog after recovery"

	# b) the file replaced by garbage under the running server
	before=$(wc -l <"$WORK/$mode.err")
	# (in place, after a checkpoint, so the server's open connection reads it)
	sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	head -c "$(stat -c %s "$db")" /dev/urandom | dd of="$db" conv=notrunc status=none
	[ "$mode" = sighup ] && kill -HUP "$SERVER_PID"
	sleep 2.5
	kill -0 "$SERVER_PID" || fail "$mode: server died on a garbage database"
	[ "$(served_version)" = 3 ] && [ "$(count_all)" = 45 ] || fail "$mode: not serving the last good catalog after garbage"
	tail -n +$((before + 1)) "$WORK/$mode.err" | grep -qE "reload failed|cannot check" ||
		{ cat "$WORK/$mode.err" >&2; fail "$mode: garbage database not logged"; }
	note "$mode: $(tail -n +$((before + 1)) "$WORK/$mode.err" | head -1)"

	touch "$WORK/stop-$mode"
	wait "$hpid" || { cat "$WORK/hammer-$mode.json" >&2; fail "$mode: clients saw failures"; }
	note "$mode clients: $(cat "$WORK/hammer-$mode.json" | head -c 160)"
	stop_server "$SERVER_PID" || fail "$mode: server exit"
done
echo ok
