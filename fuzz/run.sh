#!/usr/bin/env bash
# run.sh - `make fuzz`: build every fuzz target with clang and libFuzzer
# (-fsanitize=fuzzer,address,undefined) in build-fuzz/, then run each for a
# bounded time (FUZZ_SECONDS, default 60) over its committed seed corpus.
# New inputs go to build-fuzz/corpus/<target>/ (never into the repository);
# crashes are written to build-fuzz/crashes/ and fail the run.
# Usage: fuzz/run.sh [TARGET...]   env: FUZZ_SECONDS, FUZZ_JOBS, BUILD_FUZZ
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
bdir=${BUILD_FUZZ:-build-fuzz}
targets=${*:-query path import sdk rss http http_cache}

if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	clang -x c -fsanitize=fuzzer - -o /tmp/or-fuzz-probe.$$ 2>/dev/null; then
	echo "fuzz: clang with libFuzzer is needed (Debian: clang libclang-rt-14-dev)" >&2
	exit 2
fi
rm -f /tmp/or-fuzz-probe.$$
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DOR_SANITIZE=ON -DOR_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link >/dev/null || exit 1
for t in $targets; do
	cmake --build "$bdir" -j2 --target "fuzz_$t" >/dev/null || { echo "fuzz: build of fuzz_$t failed" >&2; exit 1; }
done

mkdir -p "$bdir/crashes"
status=0
printf '%-8s %12s %10s %8s %s\n' target executions exec/s corpus result
for t in $targets; do
	work="$bdir/corpus/$t"
	mkdir -p "$work"
	dict=(); [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
	log="$bdir/fuzz_$t.log"
	maxlen=8192
	[ "$t" = import ] && maxlen=65536
	[ "$t" = http ] && maxlen=16384
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$bdir/bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$maxlen" \
		-artifact_prefix="$bdir/crashes/$t-" -print_final_stats=1 "${dict[@]}" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	size=$(ls "$work" | wc -l)
	if [ $rc -eq 0 ]; then res=ok; else res="FAILED (see $log)"; status=1; fi
	printf '%-8s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$size" "$res"
done
exit $status
