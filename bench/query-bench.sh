#!/usr/bin/env bash
# query-bench.sh - selection time of the query engine over a 10,000-model
# catalog (real records, distinct ids). Needs a build dir with libor_core.a.
#   bench/query-bench.sh [BUILD_DIR] [N_MODELS] [ITERATIONS]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
n=${2:-10000}
iters=${3:-200}
shared=${OR_SHARED_DIR:-$src/../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$build" --target or_core >/dev/null
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$src/src" -I"$src/include" \
	"$src/bench/query-bench.c" "$build/lib/libor_core.a" $(pkg-config --cflags --libs libcjson) -lm \
	-o "$tmp/query-bench"
node "$src/bench/query-bench-catalog.mjs" "$shared" "$tmp/catalog.json" "$n"
"$tmp/query-bench" "$tmp/catalog.json" bench "$iters"
