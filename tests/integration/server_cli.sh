#!/usr/bin/env bash
# server_cli.sh - openrouterd's command line: help, version, usage errors
# (exit 2), runtime errors (exit 1, `openrouterd: ...` on stderr), import.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
d=$bin/openrouterd
expect() { # expect RC CMD...
	local want=$1 rc=0; shift
	"$@" >"$tmp/o" 2>"$tmp/e" || rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, want $want: $(cat "$tmp/e")"
}
expect 0 "$d" --help;          grep -q 'serve' "$tmp/o" || fail "--help lists serve"
expect 0 "$d" --version;       grep -q '^openrouterd [0-9]' "$tmp/o" || fail "--version"
expect 0 "$d" serve --help;    grep -q -- '--listen' "$tmp/o" || fail "serve --help"
expect 0 "$d" import --help;   grep -q -- '--db' "$tmp/o" || fail "import --help"
expect 2 "$d"
expect 2 "$d" frobnicate;      grep -q "^openrouterd: unknown command 'frobnicate'" "$tmp/e" || fail "unknown command message"
expect 2 "$d" serve --bogus
expect 2 "$d" serve --threads 0
expect 2 "$d" serve extra-arg
expect 2 "$d" import --db "$tmp/db"
expect 1 "$d" serve --db "$tmp/x.db" --listen nonsense
grep -q "^openrouterd: bad --listen" "$tmp/e" || fail "bad --listen message"

# import: a summary line on success, exit 1 and nothing changed on a bad file
fx=$(cd "$here/../golden/fixture" && pwd)
expect 0 "$d" import --db "$tmp/db" "$fx/models.json" "$fx/providers.json"
grep -q '^imported 2 files' "$tmp/o" || fail "import summary: $(cat "$tmp/o")"
printf '{"data": [ {"id": "x/y"}, ' >"$tmp/bad.json"
expect 1 "$d" import --db "$tmp/db" "$fx/endpoints.json" "$tmp/bad.json"
grep -q '^openrouterd: .*bad.json' "$tmp/e" || fail "import error names the file: $(cat "$tmp/e")"
expect 1 "$d" import --db "$tmp/db" "$tmp/missing.json"

# a port in use is a clear error
start_server --db "$tmp/db" --poll 0
port=${base##*:}
expect 1 "$d" serve --db "$tmp/db" --listen "127.0.0.1:$port"
grep -q '^openrouterd: cannot listen' "$tmp/e" || fail "port in use message: $(cat "$tmp/e")"
# SIGINT stops as cleanly as SIGTERM
kill -INT "$pid"; rc=0; wait "$pid" || rc=$?; pid=
[ "$rc" = 0 ] || fail "SIGINT exit $rc"
echo "server_cli: ok"
