# server.sh - start a real openrouterd on a free port for a test (sourced).
# start_server VAR DB [args...]: starts `openrouterd serve`, waits for its
# "listening on" line, sets $VAR to the base URL and remembers the pid;
# stop_servers kills every server started (register it in an EXIT trap).

OR_BIN_DIR=${OR_BIN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/bin}
OR_SHARED_DIR=${OR_SHARED_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared}
OR_DATA=$OR_SHARED_DIR/data/openrouter
_or_pids=()

start_server() {
  local var=$1 db=$2; shift 2
  local out
  out=$(mktemp /tmp/or-serve-XXXXXX)
  "$OR_BIN_DIR/openrouterd" serve --db "$db" --listen 127.0.0.1:0 "$@" >"$out" 2>"$out.err" &
  local pid=$!
  _or_pids+=("$pid")
  local i
  for i in $(seq 1 200); do
    if grep -q '^listening on ' "$out"; then
      printf -v "$var" '%s' "$(sed -n 's/^listening on //p' "$out" | head -n 1)"
      rm -f "$out"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "openrouterd did not start:" >&2
  cat "$out" "$out.err" >&2
  return 1
}

stop_servers() {
  local p
  for p in "${_or_pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${_or_pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  _or_pids=()
}

# fail MESSAGE: print and exit non-zero.
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
