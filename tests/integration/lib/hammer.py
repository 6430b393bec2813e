#!/usr/bin/env python3
"""hammer.py - load clients for the reload/soak tests (issue 7).

usage: hammer.py PORT SECONDS THREADS EXPECT.json [STOPFILE]

Each thread loops over a mix of routes on keep-alive connections until
SECONDS pass (or STOPFILE appears). Every answer must be 200; with EXPECT
(a JSON map version -> {"ids": [...sorted ids of output_modalities=all...]},
re-read whenever it changes), every list/count answer must be wholly from the
catalog version named in its X-Catalog-Version header. Prints one JSON line
of figures; exits 1 on any failure.
"""
import http.client, json, os, sys, threading, time

port, seconds, nthreads = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
expect_path = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
stopfile = sys.argv[5] if len(sys.argv) > 5 else None

lock = threading.Lock()
stats = {"requests": 0, "failures": 0, "mixed": 0, "versions": {}, "errors": []}
expect_cache = {"mtime": None, "map": {}}


def expected(version):
    if not expect_path:
        return None
    with lock:
        try:
            m = os.stat(expect_path).st_mtime_ns
            if m != expect_cache["mtime"]:
                fresh = json.load(open(expect_path))
                for v in fresh.values():
                    v["set"] = set(v["ids"])
                expect_cache["map"] = fresh
                expect_cache["mtime"] = m
        except (OSError, ValueError):
            pass
        return expect_cache["map"].get(str(version))


ROUTES = ["/api/v1/models?output_modalities=all", "/api/v1/models/count?output_modalities=all",
          "/api/v1/models?output_modalities=all&limit=3&offset=1", "/api/v1/providers",
          "/api/v1/models", "/api/v1/models?q=a&sort=newest", "/api/v1/models?use_rss=true"]


def fail(msg):
    with lock:
        stats["failures"] += 1
        if len(stats["errors"]) < 10:
            stats["errors"].append(msg)


def check(path, status, version, body):
    if status != 200:
        fail("%s -> %d %r" % (path, status, body[:200]))
        return
    with lock:
        stats["versions"][version] = stats["versions"].get(version, 0) + 1
    exp = expected(version)
    if exp is None or "output_modalities=all" not in path:
        return
    doc = json.loads(body)
    ids = sorted(exp["ids"])
    if "/count" in path:
        ok = doc["data"]["count"] == len(ids)
    elif "limit=3" in path:
        ok = doc["total_count"] == len(ids) and all(m["id"] in exp["set"] for m in doc["data"])
    else:
        ok = sorted(m["id"] for m in doc["data"]) == ids
    if not ok:
        with lock:
            stats["mixed"] += 1
        fail("%s: answer not wholly from version %s" % (path, version))


def worker(i, deadline):
    conn = None
    n = i
    while time.time() < deadline and not (stopfile and os.path.exists(stopfile)):
        path = ROUTES[n % len(ROUTES)]
        n += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            version = r.getheader("X-Catalog-Version")
            with lock:
                stats["requests"] += 1
            check(path, r.status, version, body)
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception as e:  # noqa: BLE001 - every error is a failed request
            fail("%s: %s: %s" % (path, type(e).__name__, e))
            if conn:
                conn.close()
            conn = None
    if conn:
        conn.close()


def main():
    deadline = time.time() + seconds
    t0 = time.time()
    threads = [threading.Thread(target=worker, args=(i, deadline)) for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    el = time.time() - t0
    out = dict(stats, seconds=round(el, 2), rps=round(stats["requests"] / el, 1))
    print(json.dumps(out))
    sys.exit(1 if stats["failures"] or not stats["requests"] else 0)


if __name__ == "__main__":
    main()
