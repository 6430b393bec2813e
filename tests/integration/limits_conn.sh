#!/usr/bin/env bash
# limits_conn.sh - connection limits (docs/reliability.md): above
# --max-connections a request gets 503 with the JSON error body instead of a
# hang or a reset; an idle or stalled client is cut after --timeout; a client
# trickling headers cannot block anyone else; afterwards the server serves.
source "$(dirname "$0")/lib/reliability.bash"

start_server limits --db "$WORK/limits.db" --max-connections 8 --timeout 2 --threads 2
python3 - "$PORT" <<'PY'
import json, socket, sys, time
port = int(sys.argv[1])

def get(path="/api/v1/models/count", timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode())
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    get.head = head
    return int(head.split()[1]), body

# 1. hold 12 idle connections (limit 8): the next request is answered 503
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(12)]
time.sleep(0.3)
st, body = get()
assert st == 503, "want 503 over the connection limit, got %d" % st
err = json.loads(body)["error"]
assert err["code"] == 503 and "connections" in err["message"], body
assert b"\r\nRetry-After: 1" in get.head, get.head
print("over the limit: 503 %s" % err["message"])

# 2. idle connections are closed by the server after --timeout (2 s)
t0 = time.time()
closed = 0
for s in idle:
    s.settimeout(10)
    try:
        if s.recv(1) == b"":
            closed += 1
    except (ConnectionResetError, socket.timeout):
        closed += 1 if time.time() - t0 < 9 else 0
    s.close()
waited = time.time() - t0
assert closed == len(idle), "only %d of %d idle connections were closed" % (closed, len(idle))
assert waited < 8, "idle connections lived %.1f s with --timeout 2" % waited
print("idle connections closed after %.1f s" % waited)

# 3. a stalled half-sent request is cut too
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-Slow: ")
t0 = time.time()
s.settimeout(10)
try:
    got = s.recv(65536)
except ConnectionResetError:
    got = b""
s.close()
assert time.time() - t0 < 8, "stalled client not cut"
print("stalled request cut after %.1f s (%s)" % (time.time() - t0, got.split(b"\r\n")[0] or b"closed"))

# 4. a slowloris trickling one header byte at a time holds one connection,
#    while other clients are served normally
slow = socket.create_connection(("127.0.0.1", port))
slow.sendall(b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\n")
for i in range(5):
    slow.sendall(b"X")
    st, _ = get()
    assert st == 200, "served %d while a slow client trickles" % st
    time.sleep(0.3)
slow.close()

# 5. all back to normal
st, body = get()
assert st == 200 and b'"count"' in body
print("ok")
PY
kill -0 "$SERVER_PID" || fail "server died"
stop_server "$SERVER_PID" || fail "server did not exit cleanly"
