#!/usr/bin/env bash
# run.sh - bench/sdk-vs-ts: listing all models through libopenrouter vs the
# official TypeScript SDK against the same local openrouterd (warm, same
# machine, one run each), plus `openrouter models count` wall time.
#
#   bench/sdk-vs-ts/run.sh [BUILD_DIR] [ITERATIONS]
#
# BUILD_DIR defaults to ./build (needs bin/openrouterd, bin/openrouter,
# lib/libopenrouter.a). The TS SDK comes from tests/conformance/node_modules
# (npm ci there). Catalog: the largest real snapshot in ../shared.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd); N=${2:-200}
SHARED=${OR_SHARED_DIR:-$SRC/../shared}
NM=$SRC/tests/conformance/node_modules
[ -d "$NM/@openrouter/sdk" ] || { echo "run 'npm ci' in tests/conformance first"; exit 1; }
T=$(mktemp -d); PID=
trap '[ -n "$PID" ] && kill $PID; rm -rf "$T"' EXIT

cc -O2 -I"$SRC/include" "$HERE/bench_list.c" "$BUILD/lib/libopenrouter.a" \
	$(pkg-config --libs libcurl libcjson) -o "$T/bench_list"
cp "$HERE/bench_list.mjs" "$T/"; ln -s "$NM" "$T/node_modules"

CATALOG=$(ls -S "$SHARED"/data/openrouter/models-*.json | head -1)
"$BUILD/bin/openrouterd" import --db "$T/db" "$CATALOG" >/dev/null
"$BUILD/bin/openrouterd" serve --db "$T/db" --listen 127.0.0.1:0 --poll 0 >"$T/out" 2>/dev/null & PID=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
URL=$(head -1 "$T/out" | sed 's/^listening on //')/api/v1
bytes=$(curl -s "$URL/models" | wc -c)

c=$("$T/bench_list" "$URL" "$N" 20)
ts=$(node "$T/bench_list.mjs" "$URL" "$N" 20)
read -r _ _ cm cms ccpu <<<"$c"; read -r _ _ tm tms tcpu <<<"$ts"
echo "catalog: $(basename "$CATALOG"), GET /models = $cm models, $bytes bytes"
printf "libopenrouter (C)   : %8.3f ms wall, %8.3f ms client CPU per list call (%s calls)\n" "$cms" "$ccpu" "$N"
printf "@openrouter/sdk (TS): %8.3f ms wall, %8.3f ms client CPU per list call (%s calls)\n" "$tms" "$tcpu" "$N"
awk -v a="$tms" -v b="$cms" -v x="$tcpu" -v y="$ccpu" \
	'BEGIN { printf "ratio TS/C          : %8.1fx wall, %.1fx client CPU (target >= 5x)\n", a / b, x / y }'

# CLI count: whole process, 100 runs; wall and CPU (user+sys) time, since
# wall time on a busy machine mostly measures the scheduler
TIMEFORMAT='%R %U %S'
t=$( { time (for _ in $(seq 100); do "$BUILD/bin/openrouter" --base-url "$URL" models count >/dev/null; done); } 2>&1 )
t0=$( { time (for _ in $(seq 100); do /bin/true; done); } 2>&1 )
read -r r u s <<<"$t"; read -r r0 _ _ <<<"$t0"
awk -v r="$r" -v u="$u" -v s="$s" -v r0="$r0" 'BEGIN {
	printf "openrouter models count: %.2f ms wall per run (%.2f ms for /bin/true), %.2f ms CPU per run (100 runs)\n",
		r * 10, r0 * 10, (u + s) * 10 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
