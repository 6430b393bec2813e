#!/usr/bin/env bash
# soak.sh - bounded soak of openrouterd on loopback (issue 7): wrk drives a
# mix of routes (bench/soak.lua) at high concurrency for SOAK_SECONDS while
# the server's resident memory and open file descriptors are sampled every
# second. Passes when no request failed (connect/read/write/timeout errors,
# unexpected statuses) and RSS and fds are flat from start to end.
#
# usage: bench/soak.sh            env: SOAK_SECONDS (120), SOAK_CONNECTIONS (256),
#        SOAK_THREADS (2), SOAK_DB (a database to serve; default: the demo),
#        OR_BIN_DIR (build/bin), SOAK_RSS_SLACK_KB (4096)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SOAK_SECONDS:-120}
conns=${SOAK_CONNECTIONS:-256}
threads=${SOAK_THREADS:-2}
bin=${OR_BIN_DIR:-build/bin}
slack=${SOAK_RSS_SLACK_KB:-4096}
command -v wrk >/dev/null || { echo "soak: wrk is needed (Debian package wrk)" >&2; exit 2; }
[ -x "$bin/openrouterd" ] || { echo "soak: no $bin/openrouterd (run make first)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/or-soak.XXXXXX")
spid=
cleanup() { [ -n "$spid" ] && kill "$spid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db=${SOAK_DB:-$work/soak.db}
"$bin/openrouterd" serve --db "$db" --listen 127.0.0.1:0 --poll 0 \
	--max-connections $((conns + 64)) >"$work/out" 2>"$work/err" &
spid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$work/out")
[ -n "$base" ] || { cat "$work/err" >&2; exit 1; }

sample() { # rss_kb fds
	echo "$(awk '/^VmRSS/ {print $2}' "/proc/$spid/status") $(ls "/proc/$spid/fd" | wc -l)"
}
# warm up (snapshot pages, thread stacks, allocator arenas) before the baseline
wrk -t "$threads" -c "$conns" -d 5s -s bench/soak.lua "$base" >/dev/null 2>&1 || true
sleep 1
read -r rss0 fd0 < <(sample)
: >"$work/samples"
( while kill -0 "$spid" 2>/dev/null; do sample >>"$work/samples"; sleep 1; done ) &
sampler=$!
wrk -t "$threads" -c "$conns" -d "${secs}s" --timeout 10s --latency -s bench/soak.lua "$base" >"$work/wrk" 2>&1 || true
kill "$sampler" 2>/dev/null || true
sleep 1
read -r rss1 fd1 < <(sample)
kill -0 "$spid" || { echo "soak: server died" >&2; exit 1; }

line=$(grep '^SOAK ' "$work/wrk" || true)
[ -n "$line" ] || { cat "$work/wrk" >&2; exit 1; }
eval "$(echo "${line#SOAK }" | tr ' ' '\n' | sed 's/^/s_/')"
rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk")
n=$(wc -l <"$work/samples")
# in-run RSS: mean of the first and of the last quarter of the samples
read -r rss_first rss_last rss_max fd_max < <(awk -v n="$n" '
	{ r[NR] = $1; f[NR] = $2; if ($1 > mr) mr = $1; if ($2 > mf) mf = $2 }
	END { q = int(n / 4); if (q < 1) q = 1
	      for (i = 1; i <= q; i++) a += r[i]; for (i = n - q + 1; i <= n; i++) b += r[i]
	      printf "%d %d %d %d\n", a / q, b / q, mr, mf }' "$work/samples")
failed=$((s_errors_connect + s_errors_read + s_errors_write + s_errors_timeout + s_bad_answers))

cat <<REPORT
soak: ${secs} s, ${conns} connections, ${threads} wrk threads, loopback $base
  requests        $s_requests ($rps/s), failed $failed (connect $s_errors_connect, read $s_errors_read, write $s_errors_write, timeout $s_errors_timeout, bad status $s_bad_answers)
  latency         p50 ${s_p50_us} us, p99 ${s_p99_us} us, max ${s_max_us} us
  RSS (KiB)       idle before $rss0, first quarter $rss_first, last quarter $rss_last, peak $rss_max, idle after $rss1
  open fds        idle before $fd0, peak $fd_max, idle after $fd1
REPORT
status=0
[ "$failed" -eq 0 ] || { echo "soak: FAILED requests" >&2; status=1; }
[ "$rss_last" -le $((rss_first + slack + rss_first / 20)) ] || { echo "soak: RSS grew during the run" >&2; status=1; }
[ "$rss1" -le $((rss0 + slack + rss0 / 20)) ] || { echo "soak: RSS after the run above the baseline" >&2; status=1; }
[ "$fd1" -le $((fd0 + 2)) ] || { echo "soak: file descriptors leaked ($fd0 -> $fd1)" >&2; status=1; }
[ "$status" = 0 ] && echo "soak: ok"
exit $status
