#!/usr/bin/env bash
# sdk_valgrind.sh - the SDK's fault, real-server and decode tests and a CLI
# run under valgrind: no leaks, no invalid reads or writes.
set -u
BIN=${OR_BIN_DIR:?}
command -v valgrind >/dev/null || { echo "skip: no valgrind"; exit 0; }
# the sanitizer build (make test-asan) cannot run under valgrind
if ldd "$BIN/openrouter" 2>/dev/null | grep -q libasan; then echo "SKIP: sanitizer build"; exit 0; fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
fails=0
for t in test_lib_faults test_lib_server test_lib_decode; do
	[ -x "$BIN/$t" ] || { echo "skip $t: not built"; continue; }
	if $VG "$BIN/$t" >/tmp/vg-$$.log 2>&1; then
		echo "ok: $t valgrind-clean"
	else
		echo "FAIL: $t under valgrind"; tail -40 /tmp/vg-$$.log; fails=$((fails+1))
	fi
done
# the CLI on the failure paths
if [ -x "$BIN/openrouter" ]; then
	$VG "$BIN/openrouter" --no-retry --base-url http://127.0.0.1:1/api/v1 models list >/dev/null 2>/tmp/vg-$$.log
	[ $? -eq 1 ] && echo "ok: openrouter (connection error) valgrind-clean" || { echo "FAIL: cli"; cat /tmp/vg-$$.log; fails=$((fails+1)); }
	$VG "$BIN/openrouter" models list --bogus >/dev/null 2>/tmp/vg-$$.log
	[ $? -eq 2 ] && echo "ok: openrouter (usage) valgrind-clean" || { echo "FAIL: cli usage"; cat /tmp/vg-$$.log; fails=$((fails+1)); }
fi
rm -f /tmp/vg-$$.log
[ $fails -eq 0 ]
