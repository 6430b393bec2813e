#!/usr/bin/env bash
# run.sh - the HTTP benchmark in one command: openrouterd side by side with
# nginx serving the same response bytes, and openrouterd over 1k/10k/100k
# model catalogs. Installs nginx and wrk from Debian when missing (without
# starting the packaged nginx service), builds a Release openrouterd, and
# prints Markdown tables (docs/performance.md explains them).
#
#   bench/run.sh                       everything (about 6 minutes)
#   BENCH_ARGS="--only 1" bench/run.sh table 1 only; see bench/http_bench.py -h
#
# Environment: OR_SHARED_DIR (default ../shared) for the real captures,
# BUILD (default build-bench). Loopback only; every load run is bounded.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${OR_SHARED_DIR:-$src/../shared}
build=${BUILD:-$src/build-bench}

missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing Debian packages: ${missing[*]}" >&2
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	# keep the package's own nginx service from starting (it would listen on :80)
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	$SUDO apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
	[ -z "$made_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi
"$src/scripts/install-deps.sh" build

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target openrouterd openrouter_static >/dev/null
sdk_bench="$build/sdk_bench"
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$src/include" "$src/bench/sdk_bench.c" \
	"$build/lib/libopenrouter.a" $(pkg-config --libs libcjson libcurl) -lpthread -lm -o "$sdk_bench"

echo "## Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "- machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2), libmicrohttpd $(pkg-config --modversion libmicrohttpd), openrouterd $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?') (Release)"
echo "- command: bench/run.sh ${BENCH_ARGS:-}"
echo
# shellcheck disable=SC2086
python3 "$src/bench/http_bench.py" --bin "$build/bin" --shared "$shared" --sdk-bench "$sdk_bench" ${BENCH_ARGS:-}
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
