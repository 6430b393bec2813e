#!/usr/bin/env bash
# server_robust.sh - hostile requests against a real openrouterd: raw bytes in
# paths and queries, bad escapes, huge and numerous parameters, odd methods,
# oversized headers, truncated requests. Every answer must be a well-formed
# HTTP error (JSON when it comes from our routes) and the server must keep
# serving; under the ASan build this is also a memory-safety check.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
fx=$(cd "$here/../golden/fixture" && pwd)
"$bin/openrouterd" import --db "$tmp/db" "$fx"/*.json >/dev/null
start_server --db "$tmp/db" --poll 0
python3 - "$base" <<'PY'
import json, random, socket, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
rnd = random.Random(7)
fails = 0

def raw(data, timeout=5):
    s = socket.create_connection((u.hostname, u.port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer (and close) before reading it all
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()

def status_of(resp):
    try:
        return int(resp.split(b" ", 2)[1])
    except Exception:
        return None

def check(target, method=b"GET", want=None, extra=b""):
    global fails
    resp = raw(method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra + b"\r\n")
    st = status_of(resp)
    head, _, body = resp.partition(b"\r\n\r\n")
    if st is None and resp == b"" and want is not None and 0 in want:
        return  # closed without an answer: allowed where 0 is listed
    ok = st is not None and (want is None or st in want)
    if ok and st in (400, 401, 404, 405) and b"application/json" in head:
        try:
            e = json.loads(body)["error"]
            ok = e["code"] == st and isinstance(e["message"], str)
        except Exception:
            ok = False
    if not ok:
        fails += 1
        print("FAIL:", method, target[:120], "->", resp[:200])

alphabet = b"abc/%~:?&=+#;,. \x00\x01\x7f\x80\xff\xc3\xa9" + bytes(range(0x21, 0x7f))
# random paths and queries
for i in range(300):
    n = rnd.randint(0, 60)
    junk = bytes(rnd.choice(alphabet) for _ in range(n)).replace(b" ", b"").replace(b"\r", b"").replace(b"\n", b"")
    prefix = rnd.choice([b"/api/v1/models", b"/api/v1/model/", b"/api/v1/models/", b"/", b"/api/v1/"])
    check(prefix + junk)
# bad escapes and encodings, each 400
for t in [b"/api/v1/model/a%/b", b"/api/v1/model/a%4/b", b"/api/v1/model/a%zz/b", b"/api/v1/model/a%00b/c",
          b"/api/v1/models?limit=%", b"/api/v1/models?limit=%zz", b"/api/v1/models?q=%FF%FE"]:
    check(t)
# numbers and values out of range
for t in [b"/api/v1/models?limit=99999999999999999999999", b"/api/v1/models?offset=99999999999999999999",
          b"/api/v1/models?offset=18446744073709551615&limit=1000", b"/api/v1/models?limit=1e3",
          b"/api/v1/models?limit=+5", b"/api/v1/models?limit=0x10", b"/api/v1/models?limit=&offset=",
          b"/api/v1/models?limit=1&limit=2", b"/api/v1/models?output_modalities=" + b"text," * 500]:
    check(t, want=(200, 400))
# many and long parameters (bounded by the connection memory limit)
check(b"/api/v1/models?" + b"&".join(b"p%d=x" % i for i in range(2000)), want=(200, 400, 414, 431))
check(b"/api/v1/models?q=" + b"a" * 60000, want=(200, 400, 414, 431))
check(b"/api/v1/models?q=" + b"a" * 200000, want=(400, 414, 431))
check(b"/api/v1/models", extra=b"X-Big: " + b"b" * 100000 + b"\r\n", want=(400, 431))
# methods
for m in [b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"BREW", b"get"]:
    check(b"/api/v1/models", method=m, want=(400, 405, 501))
# a body on a GET, and a POST with a body
check(b"/api/v1/models/count", extra=b"Content-Length: 3\r\n\r\nhello", want=(200, 400))
check(b"/api/v1/models", method=b"POST", extra=b"Content-Length: 5\r\n\r\nhello", want=(405,))
# a body over the limit: the connection is closed (0), or 413
check(b"/api/v1/models", method=b"POST", extra=b"Content-Length: 100000\r\n\r\n" + b"x" * 99998, want=(0, 405, 413))
# truncated and garbage request lines
for g in [b"GET", b"GET /api/v1/models", b"\x00\x01\x02\r\n\r\n", b"GET /api/v1/models HTTP/9.9\r\n\r\n",
          b"GET http://x/api/v1/models HTTP/1.1\r\nHost: x\r\n\r\n", b"  \r\n\r\n", b"GET  HTTP/1.1\r\n\r\n"]:
    try:
        raw(g, timeout=3)
    except socket.timeout:
        pass
# still serving
resp = raw(b"GET /api/v1/models/count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
if status_of(resp) != 200:
    fails += 1
    print("FAIL: server no longer serving:", resp[:200])
print("robust: %d failure(s)" % fails)
sys.exit(1 if fails else 0)
PY
stop_server
echo "server_robust: ok"
