#!/usr/bin/env bash
# perf_http_cache.sh - content coding and HTTP caching against a real
# openrouterd over a real capture: gzip/br bodies equal to identity on every
# route (fixed bodies and selections), q-values, Vary, strong per-coding ETags,
# If-None-Match -> 304 without a body, If-Modified-Since, Cache-Control and
# --max-age, private caching of answers to requests with Authorization, HEAD; then a catalog big enough for background precompression:
# identity until ready, never the same ETag for different bytes. Functional
# only: no timing assertions.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
data=$shared/data/openrouter
[ -d "$data" ] || fail "no captures in $data"

"$bin/openrouterd" import --db "$tmp/db" "$data/models-2026-06-16.json" "$data"/endpoints/*.json \
	"$data/providers-2026-05-07.json" >/dev/null
start_server --db "$tmp/db" --poll 0

python3 - "$base" <<'PY' || fail "cache/coding checks (above)"
import ctypes, gzip, http.client, sys, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])
try:
    brdec = ctypes.CDLL("libbrotlidec.so.1")
except OSError:
    brdec = None

def unbr(b):
    out = ctypes.create_string_buffer(64 << 20)
    n = ctypes.c_size_t(len(out))
    ok = brdec.BrotliDecoderDecompress(ctypes.c_size_t(len(b)), b, ctypes.byref(n), out)
    assert ok == 1, "brotli body does not decode"
    return out.raw[:n.value]

conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
def get(path, method="GET", **headers):
    conn.request(method, path, headers=headers)
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()

errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

paths = ["/api/v1/models", "/api/v1/models?output_modalities=all", "/api/v1/models/count",
         "/api/v1/providers", "/api/v1/endpoints/zdr",
         "/api/v1/models?q=gpt", "/api/v1/models?sort=pricing-low-to-high&limit=20",
         "/api/v1/models?supported_parameters=tools&input_modalities=image",
         "/api/v1/model/openai/gpt-4o", "/api/v1/models/openai/gpt-4o/endpoints",
         "/api/v1/models?format=rss"]
for p in paths:
    st, h, ident = get(p)
    if st != 200:
        check(False, "%s: status %d" % (p, st)); continue
    check(h.get("vary", "").lower() == "accept-encoding", "%s: Vary %r" % (p, h.get("vary")))
    check(h.get("cache-control") == "public, max-age=60", "%s: Cache-Control %r" % (p, h.get("cache-control")))
    check("last-modified" in h, "%s: no Last-Modified" % p)
    et = h.get("etag", "")
    check(et.startswith('"') and et.endswith('"') and not et.startswith('W/'), "%s: ETag %r" % (p, et))
    check("content-encoding" not in h, "%s: identity answer has Content-Encoding" % p)

    st, hg, gz = get(p, **{"Accept-Encoding": "gzip"})
    if len(ident) >= 1024:
        check(hg.get("content-encoding") == "gzip", "%s: no gzip for %d bytes" % (p, len(ident)))
    if hg.get("content-encoding") == "gzip":
        check(gzip.decompress(gz) == ident, "%s: gunzip(body) != identity body" % p)
        check(len(gz) < len(ident), "%s: gzip not smaller" % p)
        check(hg["etag"] != et and hg["etag"].endswith('-gz"'), "%s: gzip ETag %r vs %r" % (p, hg["etag"], et))
        check(int(hg["content-length"]) == len(gz), "%s: Content-Length of gzip" % p)
    else:
        check(gz == ident and hg["etag"] == et, "%s: small body changed under gzip" % p)

    if brdec:
        st, hb, br = get(p, **{"Accept-Encoding": "gzip, deflate, br"})
        if hb.get("content-encoding") == "br":
            check(unbr(br) == ident, "%s: unbrotli(body) != identity body" % p)
            check(hb["etag"].endswith('-br"'), "%s: br ETag %r" % (p, hb["etag"]))
        elif len(ident) >= 1024:
            check(hb.get("content-encoding") == "gzip", "%s: neither br nor gzip" % p)

    # If-None-Match: the tag of the representation negotiated, weak or in a list
    for ae, tag in (("identity", et), ("gzip", hg["etag"])):
        for inm in (tag, "W/" + tag, '"nope", ' + tag, "*"):
            st, h3, body = get(p, **{"Accept-Encoding": ae, "If-None-Match": inm})
            check(st == 304 and body == b"", "%s: If-None-Match %s (AE %s) -> %d, %d bytes" % (p, inm, ae, st, len(body)))
            check(h3.get("etag") == tag, "%s: 304 ETag %r want %r" % (p, h3.get("etag"), tag))
            check(h3.get("vary", "").lower() == "accept-encoding" and "cache-control" in h3, "%s: 304 headers %r" % (p, h3))
            check("content-encoding" not in h3, "%s: 304 with Content-Encoding" % p)
    if len(ident) >= 1024:
        st, _, body = get(p, **{"If-None-Match": hg["etag"]})  # gzip tag, identity asked
        check(st == 200 and body == ident, "%s: gzip tag revalidated an identity request" % p)
    st, _, body = get(p, **{"If-None-Match": '"0-0000000000000000"'})
    check(st == 200 and body == ident, "%s: foreign tag -> %d" % (p, st))
    # If-Modified-Since, only without If-None-Match
    st, _, body = get(p, **{"If-Modified-Since": h["last-modified"]})
    check(st == 304 and body == b"", "%s: If-Modified-Since Last-Modified -> %d" % (p, st))
    st, _, _ = get(p, **{"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})
    check(st == 200, "%s: If-Modified-Since 1970 -> %d" % (p, st))
    st, _, _ = get(p, **{"If-Modified-Since": h["last-modified"], "If-None-Match": '"x"'})
    check(st == 200, "%s: If-None-Match must win over If-Modified-Since" % p)
    # HEAD: same headers, no body
    st, hh, body = get(p, "HEAD", **{"Accept-Encoding": "gzip"})
    check(st == 200 and body == b"" and hh.get("etag") == hg["etag"], "%s: HEAD %d etag %r" % (p, st, hh.get("etag")))

# q-values
st, h, _ = get("/api/v1/models", **{"Accept-Encoding": "gzip;q=0, identity"})
check("content-encoding" not in h, "gzip;q=0 still gzipped")
st, h, _ = get("/api/v1/models", **{"Accept-Encoding": "br;q=0.1, gzip;q=0.9"})
check(h.get("content-encoding") == "gzip", "q-values: gzip;q=0.9 over br;q=0.1 -> %r" % h.get("content-encoding"))
st, h, _ = get("/api/v1/models", **{"Accept-Encoding": "*"})
check(h.get("content-encoding") in ("br", "gzip"), "Accept-Encoding * -> %r" % h.get("content-encoding"))
# an answer to a request with Authorization must not land in a shared cache
st, h, _ = get("/api/v1/models", **{"Authorization": "Bearer sk-or-v1-nope"})
if st == 200:
    check(h.get("cache-control", "").startswith("private"), "Authorization: Cache-Control %r" % h.get("cache-control"))
    check("authorization" in h.get("vary", "").lower(), "Authorization: Vary %r" % h.get("vary"))
# errors are not cached
st, h, _ = get("/api/v1/model/nobody/nothing")
check(st == 404 and "etag" not in h, "404 with an ETag")

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
stop_server

# --max-age
start_server --db "$tmp/db" --poll 0 --max-age 3600
cc=$(curl -s -D - -o /dev/null "$base/api/v1/models" | tr -d '\r' | sed -n 's/^Cache-Control: //Ip')
[ "$cc" = "public, max-age=3600" ] || fail "--max-age 3600 gave Cache-Control '$cc'"
stop_server
start_server --db "$tmp/db" --poll 0 --max-age 0
cc=$(curl -s -D - -o /dev/null "$base/api/v1/models" | tr -d '\r' | sed -n 's/^Cache-Control: //Ip')
[ "$cc" = "no-cache" ] || fail "--max-age 0 gave Cache-Control '$cc'"
stop_server

# A catalog over the synchronous precompression limit: compressed in the
# background; every answer's ETag must name its own bytes throughout.
python3 - "$data" "$tmp/big.json" <<'PY'
import glob, json, sys
recs = []
for f in sorted(glob.glob(sys.argv[1] + "/models-*.json")):
    recs += json.load(open(f))["data"]
out = []
for i in range(4000):
    r = dict(recs[i % len(recs)])
    r["id"] = "%s-x%d" % (r["id"], i)
    r.pop("canonical_slug", None)
    out.append(r)
json.dump({"data": out}, open(sys.argv[2], "w"), separators=(",", ":"))
PY
"$bin/openrouterd" import --db "$tmp/big.db" "$tmp/big.json" >/dev/null
start_server --db "$tmp/big.db" --poll 0
python3 - "$base" <<'PY' || fail "background precompression checks (above)"
import gzip, http.client, sys, time, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
def get(path, **h):
    conn.request("GET", path, headers=h)
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
_, h, ident = get("/api/v1/models")
seen = {}
deadline = time.time() + 60
while time.time() < deadline:
    st, hg, body = get("/api/v1/models", **{"Accept-Encoding": "gzip"})
    plain = gzip.decompress(body) if hg.get("content-encoding") == "gzip" else body
    if plain != ident:
        print("FAIL: body differs from identity"); sys.exit(1)
    if seen.setdefault(hg["etag"], body) != body:
        print("FAIL: one ETag, two bodies:", hg["etag"]); sys.exit(1)
    if hg.get("content-encoding") == "gzip":
        break
    time.sleep(0.05)
else:
    print("FAIL: the big list never came gzipped"); sys.exit(1)
PY
stop_server
echo "perf_http_cache: ok"
