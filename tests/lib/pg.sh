# pg.sh - start a throwaway PostgreSQL cluster for one test (sourced, not run).
# Sets PG_CONN (a libpq URI) and registers cleanup with pg_cleanup. The cluster
# listens only on a Unix socket inside its own temporary directory.

pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL server binaries not found (scripts/install-deps.sh test installs them)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/or-pg-XXXXXX)
  chmod 755 "$PG_DIR"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  PG_RUN=("${run[@]}")
  PG_BIN=$bindir
  "${run[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U postgres -A trust >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -p 5432 -c fsync=off" start >/dev/null || {
    cat "$PG_DIR/server.log" >&2; return 1; }
  PG_CONN="postgresql:///postgres?host=$PG_DIR&port=5432&user=postgres"
}

pg_cleanup() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
