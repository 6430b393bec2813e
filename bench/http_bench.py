#!/usr/bin/env python3
"""http_bench.py - openrouterd side by side with nginx serving the same bytes.

    http_bench.py --bin BUILD/bin --shared SHARED_DIR [--duration 5] [--sizes 1000,10000,100000]

Driven by bench/run.sh (which installs nginx and wrk and builds). Everything
listens on 127.0.0.1 only; every load run is bounded (wrk -d).

Table 1, on the newest real capture (models + endpoints + providers): for each
request, the exact response bytes openrouterd sends are written to a static
file that nginx serves (a .gz next to it, the very bytes openrouterd sends for
gzip, for gzip_static), and wrk loads both with the same request headers. The
selections are compared with nginx serving a static file of the same size
(their own bytes). Table 2 scales a generated catalog (bench/gen_catalog.py):
requests per second and p50/p99 of a typical selection, resident memory after
the load, and the time from exec to the first answer. Prints Markdown.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURE = "models-2026-06-16.json"
PROVIDERS = "providers-2026-05-07.json"

SELECTIONS = [
    ("search `q=claude`", "/api/v1/models?q=claude"),
    ("filters: tools + image input + max_price", "/api/v1/models?supported_parameters=tools&input_modalities=image&max_price=5"),
    ("sort by price, first 50", "/api/v1/models?sort=pricing-low-to-high&limit=50"),
    ("page: offset 100, limit 50", "/api/v1/models?offset=100&limit=50"),
    ("search + filter + sort + page", "/api/v1/models?q=gpt&context=100000&sort=context-high-to-low&limit=20"),
]
TYPICAL = "/api/v1/models?supported_parameters=tools&sort=pricing-low-to-high&limit=50"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Server:
    def __init__(self, argv, **kw):
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(argv, **kw)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(20)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()

    def cpu_s(self):
        """CPU seconds (user + system) of the process and its children
        (nginx: the master and its workers)."""
        pids = [self.p.pid]
        try:
            with open("/proc/%d/task/%d/children" % (self.p.pid, self.p.pid)) as f:
                pids += [int(x) for x in f.read().split()]
        except OSError:
            pass
        t = 0
        for pid in pids:
            try:
                with open("/proc/%d/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                t += int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return t / os.sysconf("SC_CLK_TCK")

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def start_openrouterd(bindir, db, threads):
    s = Server([os.path.join(bindir, "openrouterd"), "serve", "--db", db, "--listen", "127.0.0.1:0",
                "--poll", "0", "--threads", str(threads)],
               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = s.p.stdout.readline().decode().strip()
    m = re.match(r"listening on (http://127\.0\.0\.1:\d+)$", line)
    if not m:
        s.stop()
        raise SystemExit("openrouterd did not start: %r" % line)
    s.base = m.group(1)
    # time to the first answer: exec -> a 200 for a one-model page
    while True:
        try:
            urllib.request.urlopen(s.base + "/api/v1/models?limit=1").read()
            break
        except OSError:
            time.sleep(0.002)
    s.first_answer = time.monotonic() - s.t0
    return s


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


NGINX_CONF = """
worker_processes auto;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx.err warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    gzip_static on;
    gzip_vary on;
    types {{ }}
    default_type application/json;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start_nginx(tmp, root):
    port = free_port()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=tmp, root=root, port=port))
    s = Server(["nginx", "-p", tmp, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s.base = "http://127.0.0.1:%d" % port
    for _ in range(500):
        try:
            urllib.request.urlopen(s.base + "/")
        except urllib.error.HTTPError:
            break  # 403/404: up
        except OSError:
            time.sleep(0.01)
            continue
        break
    return s


def wrk(url, duration, conns, threads, headers=(), server=None):
    argv = ["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % duration, "--latency"]
    for h in headers:
        argv += ["-H", h]
    cpu0 = server.cpu_s() if server else 0
    out = subprocess.run(argv + [url], capture_output=True, text=True, timeout=duration + 60).stdout
    cpu = server.cpu_s() - cpu0 if server else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    nreq = int(re.search(r"(\d+) requests in", out).group(1))
    lat = {}
    for pct, val, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        lat[pct] = float(val) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"), "nreq": nreq, "cpu": cpu,
            "bad": int(non2xx.group(1)) if non2xx else 0, "errors": errs.group(1) if errs else ""}


def ab(args, o_url, o_h, n_url, n_h, conns, o_srv, n_srv):
    """Both servers, alternately (A B A B ...) so that a change in the
    machine's load hits both alike; req/s summed, p99 the mean."""
    wrk(o_url, 1, conns, args.wrk_threads, o_h)  # warm-up
    wrk(n_url, 1, conns, args.wrk_threads, n_h)
    runs = {"o": [], "n": []}
    for _ in range(args.rounds):
        runs["o"].append(wrk(o_url, args.duration, conns, args.wrk_threads, o_h, o_srv))
        runs["n"].append(wrk(n_url, args.duration, conns, args.wrk_threads, n_h, n_srv))
    res = []
    for k in ("o", "n"):
        rr = runs[k]
        res.append({"rps": sum(r["rps"] for r in rr) / len(rr),
                    "p50": sum(r["p50"] or 0 for r in rr) / len(rr),
                    "p99": sum(r["p99"] or 0 for r in rr) / len(rr),
                    "bad": sum(r["bad"] for r in rr),
                    "us_req": 1e6 * sum(r["cpu"] for r in rr) / max(1, sum(r["nreq"] for r in rr)),
                    "errors": "; ".join(r["errors"] for r in rr if r["errors"])})
    return res


def fmt_ms(v):
    return "%.2f" % v if v is not None else "-"


def table1(args, tmp):
    data = os.path.join(args.shared, "data", "openrouter")
    db = os.path.join(tmp, "real.db")
    files = [os.path.join(data, CAPTURE), os.path.join(data, PROVIDERS)]
    files += sorted(os.path.join(data, "endpoints", f) for f in os.listdir(os.path.join(data, "endpoints")))
    subprocess.run([os.path.join(args.bin, "openrouterd"), "import", "--db", db] + files,
                   check=True, stdout=subprocess.DEVNULL)
    ord_ = start_openrouterd(args.bin, db, args.threads)
    root = os.path.join(tmp, "www")
    os.makedirs(root)
    try:
        first = json.loads(fetch(ord_.base + "/api/v1/models?limit=1")[2])["data"][0]["id"]
        rows = [("full list", "/api/v1/models", [], "same"),
                ("full list, gzip", "/api/v1/models", ["Accept-Encoding: gzip"], "same")]
        rows += [(name, path, [], "size") for name, path in SELECTIONS]
        rows += [("count", "/api/v1/models/count", [], "same"),
                 ("get one model", "/api/v1/model/" + first, [], "same"),
                 ("304 (If-None-Match, full list)", "/api/v1/models", [], "304")]
        plan = []
        for i, (name, path, hdrs, kind) in enumerate(rows):
            st, h, body = fetch(ord_.base + path, dict(x.split(": ", 1) for x in hdrs))
            if st != 200:
                raise SystemExit("openrouterd %s -> %d" % (path, st))
            fname = "r%d.json" % i
            if hdrs:  # gzip: nginx serves the same .gz bytes (gzip_static), identity alongside
                assert h.get("content-encoding") == "gzip", h
                ident = fetch(ord_.base + path)[2]
                with open(os.path.join(root, fname), "wb") as f:
                    f.write(ident)
                with open(os.path.join(root, fname + ".gz"), "wb") as f:
                    f.write(body)
            else:
                with open(os.path.join(root, fname), "wb") as f:
                    f.write(body)
            plan.append((name, path, hdrs, kind, fname, len(body), h.get("etag")))
        ngx = start_nginx(tmp, root)
        try:
            out = []
            for name, path, hdrs, kind, fname, size, etag in plan:
                o_h, n_h = list(hdrs), list(hdrs)
                if kind == "304":
                    n_etag = fetch(ngx.base + "/" + fname)[1]["etag"]
                    o_h.append("If-None-Match: " + etag)
                    n_h.append("If-None-Match: " + n_etag)
                    assert fetch(ngx.base + "/" + fname, {"If-None-Match": n_etag})[0] == 304
                    assert fetch(ord_.base + path, {"If-None-Match": etag})[0] == 304
                nst, nh, nbody = fetch(ngx.base + "/" + fname, dict(x.split(": ", 1) for x in hdrs))
                assert kind == "304" or len(nbody) == size, (name, len(nbody), size)
                log("table 1: %s ..." % name)
                conns = args.conns if size < 200000 or kind == "304" else max(4, args.conns // 4)
                o, n = ab(args, ord_.base + path, o_h, ngx.base + "/" + fname, n_h, conns, ord_, ngx)
                out.append((name, path, hdrs, kind, size, conns, o, n))
        finally:
            ngx.stop()
    finally:
        ord_.stop()
    print("### Table 1 - openrouterd vs nginx serving the same bytes (%s: real capture)\n" % CAPTURE)
    print("req/s: mean of %d alternating %d-second wrk runs per server (wrk -t%d). CPU us/req: the server's"
          " own CPU time (user+system, all threads/workers) per answered request; its ratio (nginx / openrouterd)"
          " is the efficiency comparison least disturbed by other load on the machine.\n"
          % (args.rounds, args.duration, args.wrk_threads))
    print("| request | body bytes | conns | openrouterd req/s | nginx req/s | ratio | openrouterd CPU us/req | nginx CPU us/req | CPU ratio | openrouterd p99 ms | nginx p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, path, hdrs, kind, size, conns, o, n in out:
        label = "%s<br>`%s`%s" % (name, path.replace("/api/v1", ""), " gzip" if hdrs else "")
        shown = "0 (304)" if kind == "304" else str(size)
        bad = " (errors: o=%d/%s n=%d/%s)" % (o["bad"], o["errors"], n["bad"], n["errors"]) if (
            o["errors"] or n["errors"] or (kind != "304" and (o["bad"] or n["bad"]))) else ""
        print("| %s | %s | %d | %.0f | %.0f | **%.2fx**%s | %.1f | %.1f | %.2fx | %s | %s |" % (
            label, shown, conns, o["rps"], n["rps"], o["rps"] / n["rps"], bad, o["us_req"], n["us_req"],
            n["us_req"] / o["us_req"] if o["us_req"] else 0, fmt_ms(o["p99"]), fmt_ms(n["p99"])))
    print()


def table2(args, tmp):
    rows = []
    for n in args.sizes:
        js = os.path.join(tmp, "cat%d.json" % n)
        db = os.path.join(tmp, "cat%d.db" % n)
        log("table 2: generating and importing %d models ..." % n)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_catalog.py"),
                        os.path.join(args.shared, "data", "openrouter"), str(n), js], check=True)
        t = time.monotonic()
        subprocess.run([os.path.join(args.bin, "openrouterd"), "import", "--db", db, js],
                       check=True, stdout=subprocess.DEVNULL)
        import_s = time.monotonic() - t
        size = os.path.getsize(js)
        s = start_openrouterd(args.bin, db, args.threads)
        try:
            st, h, body = fetch(s.base + TYPICAL)
            assert st == 200
            fetch(s.base + "/api/v1/models", {"Accept-Encoding": "gzip"})
            w = wrk(s.base + TYPICAL, args.duration, args.conns, args.wrk_threads)
            # latency at a moderate load (4 connections), not at saturation
            lat = wrk(s.base + TYPICAL, args.duration, 4, 1)
            # the full list too (how big bodies scale), briefly
            full = wrk(s.base + "/api/v1/models", max(2, args.duration // 2), 4, 1, ["Accept-Encoding: gzip"])
            rss = s.rss_kb()
        finally:
            s.stop()
        rows.append((n, size, import_s, s.first_answer, w, lat, full, rss))
        os.unlink(js)
        os.unlink(db)
    print("### Table 2 - scaling (generated catalogs of real records, distinct ids)\n")
    print("Typical selection: `%s`.\n" % TYPICAL.replace("/api/v1", ""))
    print("Selection req/s and its p99 at saturation (%d connections); p50/p99 at 4 connections." % args.conns)
    print("RSS after the load, against the size of the imported JSON.\n")
    print("| models | catalog JSON | import | start to first answer | selection req/s (p99 ms) | p50 ms @4 | p99 ms @4 | full list gzip req/s | RSS | RSS / JSON |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, imp, first, w, lat, full, rss in rows:
        print("| %d | %.1f MB | %.1f s | %.2f s | %.0f (%s) | %s | %s | %.0f | %.0f MB | %.1fx |" % (
            n, size / 1e6, imp, first, w["rps"], fmt_ms(w["p99"]), fmt_ms(lat["p50"]), fmt_ms(lat["p99"]),
            full["rps"], rss / 1024.0, rss * 1024.0 / size))
    print()


def table3(args, tmp):
    """The SDK list call: libopenrouter vs the official TypeScript SDK."""
    data = os.path.join(args.shared, "data", "openrouter")
    db = os.path.join(tmp, "sdk.db")
    sdk = os.path.join(HERE, "..", "tests", "conformance", "node_modules", "@openrouter", "sdk")
    if not args.sdk_bench or not shutil.which("node") or not os.path.isdir(sdk):
        print("### Table 3 - SDK list call: skipped (needs the C SDK bench binary, node and "
              "tests/conformance/node_modules: `make test-deps`)\n")
        return
    subprocess.run([os.path.join(args.bin, "openrouterd"), "import", "--db", db,
                    os.path.join(data, CAPTURE)], check=True, stdout=subprocess.DEVNULL)
    s = start_openrouterd(args.bin, db, args.threads)
    rows = []
    try:
        for name, argv in (("libopenrouter (C): `or_models_list()`", [args.sdk_bench, s.base + "/api/v1"]),
                           ("@openrouter/sdk (TypeScript, Node %s): `models.list()`"
                            % subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
                            ["node", os.path.join(HERE, "sdk_bench.mjs"), s.base])):
            log("table 3: %s ..." % name)
            subprocess.run(argv + ["20"], check=True, capture_output=True)  # warm-up
            out = subprocess.run(argv + [str(args.sdk_calls)], check=True, capture_output=True, text=True).stdout
            rows.append((name, json.loads(out.strip().splitlines()[-1])))
    finally:
        s.stop()
    print("### Table 3 - SDK list call against openrouterd (%s, full default list, sequential calls)\n" % CAPTURE)
    print("Each call: HTTP request, whole body, decoded into the SDK's model objects. CPU: the client process.\n")
    print("| client | calls | models per call | mean ms | p50 ms | p99 ms | client CPU ms per call |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f |" % (name, r["calls"], r["models"], r["mean_ms"],
                                                           r["p50_ms"], r["p99_ms"], r["cpu_ms_per_call"]))
    if len(rows) == 2 and rows[0][1]["mean_ms"]:
        print("\nlibopenrouter is %.1fx faster per call (mean).\n" % (rows[1][1]["mean_ms"] / rows[0][1]["mean_ms"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=2, help="A/B rounds per row of table 1")
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--only", choices=["1", "2", "3"], default=None)
    ap.add_argument("--sdk-bench", default=None, help="the built bench/sdk_bench.c (table 3)")
    ap.add_argument("--sdk-calls", type=int, default=200)
    args = ap.parse_args()
    args.sizes = [int(x) for x in args.sizes.split(",") if x]
    tmp = tempfile.mkdtemp(prefix="or-bench-")
    os.chmod(tmp, 0o755)  # nginx workers read the files
    try:
        if args.only in (None, "1"):
            table1(args, tmp)
        if args.only in (None, "2"):
            table2(args, tmp)
        if args.only in (None, "3"):
            table3(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
