#!/usr/bin/env bash
# crash_bad_db.sh - a corrupt or unusable database gives a clear error at
# start (non-zero exit, a message naming the database), never a crash (a
# signal) or a hang; `import` into it fails the same way and changes nothing.
source "$(dirname "$0")/lib/reliability.bash"

small_models "$(ls "$OR_DATA_DIR"/models-*.json | sort | tail -1)" 30 "$WORK/small.json"
"$OPENROUTERD" import --db "$WORK/good.db" "$WORK/small.json" >/dev/null || fail "import"
sqlite3 "$WORK/good.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null

# expect_clean_failure NAME DB : serve must exit 1..127 within 10 s with a
# message on stderr that mentions the database.
expect_clean_failure() {
	local name=$1 db=$2 rc=0
	timeout 10 "$OPENROUTERD" serve --db "$db" --listen 127.0.0.1:0 --poll 0 \
		>"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	[ "$rc" = 124 ] && fail "$name: serve hung (or started) on a bad database"
	[ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] || { cat "$WORK/$name.err" >&2; fail "$name: serve exit $rc, want 1..127"; }
	grep -q "listening on" "$WORK/$name.out" && fail "$name: served a bad database"
	grep -qiE "database|$(basename "$db")" "$WORK/$name.err" || { cat "$WORK/$name.err" >&2; fail "$name: unclear message"; }
	note "$name: exit $rc: $(head -c 200 "$WORK/$name.err")"
	rc=0
	timeout 10 "$OPENROUTERD" import --db "$db" "$WORK/small.json" >/dev/null 2>"$WORK/$name.imp" || rc=$?
	[ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] || fail "$name: import exit $rc, want 1..127"
}

# 1. random bytes
head -c 65536 /dev/urandom >"$WORK/random.db"
expect_clean_failure random "$WORK/random.db"
# 2. a text file
printf '{"data":[]}\n' >"$WORK/text.db"
expect_clean_failure text "$WORK/text.db"
# 3. a real database with its header overwritten
cp "$WORK/good.db" "$WORK/header.db"
printf 'this is not the sqlite header!!!' | dd of="$WORK/header.db" bs=1 seek=0 conv=notrunc status=none
expect_clean_failure header "$WORK/header.db"
# 4. a directory where the file should be
mkdir "$WORK/dir.db"
expect_clean_failure directory "$WORK/dir.db"
# 5. a file in a directory that does not exist
expect_clean_failure missing-dir "$WORK/no/such/dir/x.db"
# 6. unreadable (only meaningful when not root)
if [ "$(id -u)" != 0 ]; then
	cp "$WORK/good.db" "$WORK/unreadable.db"
	chmod 000 "$WORK/unreadable.db"
	expect_clean_failure unreadable "$WORK/unreadable.db"
fi
# 7. a real database truncated to half, and one with its pages scrambled:
#    SQLite may or may not notice at start; either a clean failure or a
#    working server is acceptable, a crash or hang is not
size=$(stat -c %s "$WORK/good.db")
for kind in truncated scrambled; do
	cp "$WORK/good.db" "$WORK/$kind.db"
	if [ "$kind" = truncated ]; then
		truncate -s $((size / 2)) "$WORK/$kind.db"
	else
		head -c $((size - 8192)) /dev/urandom | dd of="$WORK/$kind.db" bs=1 seek=8192 conv=notrunc status=none
	fi
	rc=0
	timeout 10 "$OPENROUTERD" serve --db "$WORK/$kind.db" --listen 127.0.0.1:0 --poll 0 \
		>"$WORK/$kind.out" 2>"$WORK/$kind.err" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q "listening on" "$WORK/$kind.out" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if grep -q "listening on" "$WORK/$kind.out"; then
		BASE=$(sed -n 's/^listening on //p' "$WORK/$kind.out")
		code=$(http_code "$BASE/api/v1/models/count")
		[ "$code" = 200 ] || fail "$kind: serving but /models/count gives $code"
		kill -TERM "$pid"
		wait "$pid" || rc=$?
		[ "$rc" = 0 ] || fail "$kind: exit $rc after SIGTERM"
		note "$kind: started and served"
	else
		wait "$pid" || rc=$?
		[ "$rc" -ge 1 ] && [ "$rc" -lt 124 ] || fail "$kind: serve exit $rc"
		note "$kind: exit $rc: $(head -c 200 "$WORK/$kind.err")"
	fi
done

# the good database still works
start_server good --db "$WORK/good.db" --poll 0
[ "$(count_all)" = 30 ] || fail "good database not served"
stop_server "$SERVER_PID" || fail "server exit"
echo ok
