#!/usr/bin/env bash
# perf_http_conn.sh - connection handling against a real openrouterd:
# HTTP/1.1 keep-alive (many requests, one connection, no Connection: close),
# pipelining (requests written back to back before any answer is read, the
# answers in order and complete), a 304 and a gzip answer inside a pipeline,
# and Connection: close honoured. Functional only: no timing assertions.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
data=$shared/data/openrouter
[ -d "$data" ] || fail "no captures in $data"

"$bin/openrouterd" import --db "$tmp/db" "$data/models-2026-06-16.json" >/dev/null
start_server --db "$tmp/db" --poll 0

python3 - "$base" <<'PY' || fail "connection checks (above)"
import gzip, socket, sys, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])

def connect():
    return socket.create_connection((base.hostname, base.port), timeout=30)

class Reader:
    def __init__(self, s):
        self.s, self.buf = s, b""
    def fill(self):
        d = self.s.recv(1 << 16)
        if not d:
            raise EOFError("connection closed by the server")
        self.buf += d
    def response(self, head=False):
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        hdr, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = hdr.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        h = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            h[k.strip().lower()] = v.strip()
        n = 0 if head or status == 304 else int(h.get("content-length", "0"))
        while len(self.buf) < n:
            self.fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, h, body

def req(path, method="GET", extra=""):
    return ("%s %s HTTP/1.1\r\nHost: t\r\n%s\r\n" % (method, path, extra)).encode()

errors = []
def check(c, m):
    if not c:
        errors.append(m)

# keep-alive: 50 sequential requests on one socket
s = connect(); r = Reader(s)
first = None
for i in range(50):
    s.sendall(req("/api/v1/models/count" if i % 2 else "/api/v1/models?limit=5"))
    st, h, body = r.response()
    check(st == 200, "keep-alive request %d: status %d" % (i, st))
    check(h.get("connection", "").lower() != "close", "keep-alive request %d: Connection: close" % i)
s.close()

# pipelining: everything written first, then read in order
s = connect(); r = Reader(s)
s.sendall(req("/api/v1/models"))
st, h, full = r.response()
etag = h["etag"]
s.sendall(req("/api/v1/models", extra="Accept-Encoding: gzip\r\n"))
st, hg, _ = r.response()
gz_etag = hg["etag"]
batch = [("/api/v1/models/count", "", 200), ("/api/v1/models", "", 200),
         ("/api/v1/models", "If-None-Match: %s\r\n" % etag, 304),
         ("/api/v1/models", "Accept-Encoding: gzip\r\n", 200),
         ("/api/v1/model/nobody/nothing", "", 404),
         ("/api/v1/models", "Accept-Encoding: gzip\r\nIf-None-Match: %s\r\n" % gz_etag, 304),
         ("/api/v1/models?q=gpt&limit=3", "", 200)] * 5
s.sendall(b"".join(req(p, extra=e) for p, e, _ in batch) + req("/api/v1/models/count", "HEAD"))
for i, (p, e, want) in enumerate(batch):
    st, h, body = r.response()
    check(st == want, "pipelined #%d %s: status %d, want %d" % (i, p, st, want))
    if st == 200 and p == "/api/v1/models":
        got = gzip.decompress(body) if h.get("content-encoding") == "gzip" else body
        check(got == full, "pipelined #%d: body differs from the list" % i)
st, h, body = r.response(head=True)
check(st == 200 and body == b"", "pipelined HEAD: %d, %d bytes" % (st, len(body)))
s.sendall(req("/api/v1/models/count", extra="Connection: close\r\n"))
st, h, body = r.response()
check(st == 200 and h.get("connection", "").lower() == "close", "Connection: close not honoured: %r" % h)
try:
    s.settimeout(5)
    r.fill()
    check(False, "data after Connection: close")
except EOFError:
    pass
s.close()

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
stop_server
echo "perf_http_conn: ok"
