#!/usr/bin/env bash
# bad_requests.sh - data-driven hostile-request test (issue 7): every row of
# bad_requests.tsv is sent over a raw socket to a real openrouterd; the status
# (and, where the row says so, the JSON error body) must match, and after
# every row the server must still answer GET /api/v1/models/count with 200.
# Row format and escapes: see the header of bad_requests.tsv.
source "$(dirname "$0")/lib/reliability.bash"

start_server bad --db "$WORK/bad.db"
python3 - "$(dirname "$0")/bad_requests.tsv" "$PORT" <<'PY'
import codecs, json, re, socket, sys, time

tsv, port = sys.argv[1], int(sys.argv[2])

def unescape(field):
    """\\xNN \\r \\n \\t \\\\ escapes, then {N*text} repeats (N bytes of text)."""
    raw = codecs.escape_decode(field.encode("utf-8"))[0]
    def rep(m):
        return m.group(2) * int(m.group(1))
    return re.sub(rb"\{(\d+)\*([^}]*)\}", rep, raw)

def exchange(data, timeout=10.0):
    """Send raw bytes, read until the server closes; (status, headers, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
                # a complete answer with Content-Length: stop there
                resp = b"".join(chunks)
                if b"\r\n\r\n" in resp:
                    head, _, body = resp.partition(b"\r\n\r\n")
                    m = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
                    if m and len(body) >= int(m.group(1)):
                        break
                    if head.startswith(b"HTTP/1.1 304") or b" 204 " in head[:16]:
                        break
        except ConnectionResetError:
            pass
    finally:
        s.close()
    resp = b"".join(chunks)
    if not resp:
        return 0, b"", b""
    head, _, body = resp.partition(b"\r\n\r\n")
    cl = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
    if cl:  # with keep-alive, a pipelined next answer may follow in the same read
        body = body[:int(cl.group(1))]
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return (int(m.group(1)) if m else -1), head, body

def alive():
    st, _, body = exchange(b"GET /api/v1/models/count HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    return st == 200 and b'"count"' in body

failures, rows = [], 0
for lineno, line in enumerate(open(tsv, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    cols = line.split("\t")
    if len(cols) != 7:
        failures.append("%d: want 7 tab-separated columns, got %d" % (lineno, len(cols)))
        continue
    want, check, method, target, headers, body, what = cols
    rows += 1
    if method == "RAW":
        req = unescape(target)
    else:
        hdrs = unescape(headers) if headers != "-" else b""
        bod = unescape(body) if body != "-" else b""
        req = unescape(method) + b" " + unescape(target) + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if hdrs:
            req += hdrs.rstrip(b"\r\n") + b"\r\n"
        if bod and b"content-length" not in hdrs.lower() and b"transfer-encoding" not in hdrs.lower():
            req += b"Content-Length: %d\r\n" % len(bod)
        req += b"Connection: close\r\n\r\n" + bod
    t0 = time.time()
    try:
        st, head, rbody = exchange(req)
    except OSError as e:
        failures.append("%d %s: %s" % (lineno, what, e))
        continue
    ms = (time.time() - t0) * 1000
    ok_status = [int(x) for x in want.split("|")]
    problem = None
    if st not in ok_status:
        problem = "status %d, want %s" % (st, want)
    elif check == "error":
        try:
            doc = json.loads(rbody)
            err = doc["error"]
            if err["code"] != st or not isinstance(err["message"], str) or not err["message"]:
                problem = "error body does not match the status: %r" % rbody[:200]
        except Exception:
            problem = "not a JSON error body: %r" % rbody[:200]
        if not problem and not re.search(rb"\r\ncontent-type: application/json", head, re.I):
            problem = "error without Content-Type: application/json"
    elif check == "json":
        try:
            json.loads(rbody)
        except Exception:
            problem = "body is not JSON: %r" % rbody[:200]
    elif check != "any":
        problem = "unknown check column %r" % check
    if problem:
        failures.append("line %d (%s): %s" % (lineno, what, problem))
    if not alive():
        failures.append("line %d (%s): server stopped answering afterwards" % (lineno, what))
        break
    if ms > 5000:
        failures.append("line %d (%s): took %.0f ms" % (lineno, what, ms))

print("bad_requests: %d rows, %d failures" % (rows, len(failures)))
for f in failures:
    print("  " + f)
if rows < 100:
    print("bad_requests: fewer than 100 rows")
    sys.exit(1)
sys.exit(1 if failures else 0)
PY
kill -0 "$SERVER_PID" 2>/dev/null || fail "server died"
stop_server "$SERVER_PID" || fail "server did not exit cleanly"
echo "ok: server kept serving"
