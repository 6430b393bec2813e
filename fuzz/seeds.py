#!/usr/bin/env python3
"""seeds.py - (re)generate the committed seed corpora in fuzz/corpus/<target>/.

Seeds are small slices of the real captures in ../shared/data/openrouter (a
few models, endpoints or providers each, never a whole file), the 400 cases
of tests/unit/test_query.c, the parameter table's examples, and hand-written
hostile inputs. Run from anywhere: python3 fuzz/seeds.py [SHARED_DATA_DIR].
Input layouts match the targets: see the comment atop each fuzz_<name>.c.
"""
import hashlib, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "openrouter")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 24 * 1024


def put(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_SEED:
        return
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def shrink_model(m):
    """Keep a model small: cut long descriptions."""
    m = dict(m)
    if isinstance(m.get("description"), str):
        m["description"] = m["description"][:160]
    return m


def compact(v, pretty=False):
    return json.dumps(v, indent=2 if pretty else None, ensure_ascii=False)


def query_seeds():
    src = open(os.path.join(ROOT, "tests", "unit", "test_query.c"), encoding="utf-8").read()
    src += open(os.path.join(ROOT, "src", "catalog", "query_params.c"), encoding="utf-8").read()
    strings = sorted(set(re.findall(r'"((?:[a-z_%0-9A-F]+=[^"]*|[a-z_]+)(?:&[^"]*)?)"', src)))
    strings += ["", "&", "&&&", "=", "==", "q", "q=", "limit=1&offset=1000000", "offset=3&limit=2",
                "output_modalities=all&offset=1&limit=1", "q=%e9%20%E2%82%AC", "q=" + "a" * 600,
                "supported_parameters=" + ",".join(["tools"] * 70),
                "&".join("x%d=1" % i for i in range(300)), "sort=newest&category=programming",
                "providers=OpenAI,Google%20Vertex&region=eu&zdr=true", "q=%2B%2B&arch=Llama"]
    for i, s in enumerate(strings):
        for route in (0, 1, 2):
            if route and i % 3:
                continue
            put("query", bytes([route]) + s.encode("utf-8", "surrogatepass"))


def path_seeds():
    for t in ["/", "/api/v1/models", "/api/v1/models?output_modalities=all&limit=5",
              "/api/v1/models/count", "/api/v1/models/user?offset=1",
              "/api/v1/model/openai/gpt-4o", "/api/v1/model/openai/gpt-4o%3Afree",
              "/api/v1/model/~anthropic/claude-sonnet-latest",
              "/api/v1/models/openai/gpt-4o/endpoints", "/api/v1/providers",
              "/api/v1/endpoints/zdr", "/api/v1/models/", "//api", "/a//b", "/%", "/%4", "/%zz",
              "/%00", "/%2F%2f", "/a/b/c/d/e/f/g/h/i/j", "/api/v1/model/a%20b/c#frag",
              "/api/v1/models?#x", "?q=1", "", "/\x00x", "/%C3%A9/%FF", "/api/v1/../v1/models",
              "/api/v1/model/openai/gpt-4o?x=%", "/" + "a" * 2000]:
        put("path", t)


def import_seeds():
    files = sorted(f for f in os.listdir(DATA) if f.startswith("models-") and f.endswith(".json"))
    for f in (files[0], files[len(files) // 2], files[-1]):
        doc = load(f)
        models = [shrink_model(m) for m in doc["data"][:3]]
        body = dict(doc)
        body["data"] = models
        put("import", compact(body, pretty=(f == files[0])))
        put("import", compact({"data": models[:1]}))
    eps = sorted(os.listdir(os.path.join(DATA, "endpoints")))
    for f in eps[:2] + eps[-1:]:
        doc = load(os.path.join("endpoints", f))
        d = doc.get("data", doc)
        if isinstance(d, dict) and isinstance(d.get("endpoints"), list):
            d = dict(d)
            d["endpoints"] = d["endpoints"][:2]
            if isinstance(d.get("description"), str):
                d["description"] = d["description"][:120]
            put("import", compact({"data": d}))
            put("import", compact([{"data": d}]))
    bundle = load("endpoints-bundle-2026-05-31.json")
    items = []
    for it in bundle["data"][:2]:
        it = json.loads(json.dumps(it))
        d = it["response"]["data"]
        d["endpoints"] = d["endpoints"][:1]
        d["description"] = (d.get("description") or "")[:100]
        items.append(it)
    put("import", compact({"fetchedAt": bundle.get("fetchedAt"), "data": items}))
    prov = load("providers-2026-05-07.json")
    put("import", compact({"data": prov["data"][:4]}))
    ext = json.load(open(os.path.join(ROOT, "data", "demo", "extension.json"), encoding="utf-8"))
    small = {"openrouter_c_extension": 1,
             "models": dict(list(ext.get("models", {}).items())[:3]),
             "endpoints": ext.get("endpoints", [])[:3],
             "providers": dict(list(ext.get("providers", {}).items())[:3])}
    put("import", compact(small))
    # combined documents (0x01 separates them) and hostile ones
    m1 = load(files[-1])["data"][:2]
    m1 = [shrink_model(m) for m in m1]
    put("import", compact({"data": m1}) + "\x01" + compact({"data": prov["data"][:2]}) + "\x01" + compact(small))
    for bad in ['{"data":[{"name":"no id"}]}', '{"data":[{"id":42}]}', '{"data":[1,2]}', '{"data":{}}',
                '{"data":{"id":"x/y","endpoints":"no"}}', '{"data":[{"id":"a/b"},{"id":"a/b"}]}',
                '{"openrouter_c_extension":2}', '{"openrouter_c_extension":1,"models":[]}',
                '{"openrouter_c_extension":1,"models":{"a/b":{"popularity":-1}}}',
                '{"openrouter_c_extension":1,"endpoints":[{"model":"a/b","latency_last_30m":{"p50":"x"}}]}',
                '{"data":[{"id":"a/b","pricing":{"prompt":"-1"},"created":1e300}]}',
                '{"data":[{"id":"a\\u0000b"}]}', '{"data":[{"id":"\\ud800"}]}', '[]', '{}', 'null',
                '{"data":[', '\ufeff{"data":[]}', '{"data":[]}\x01{"data":[]}', '{"data":[{"id":""}]}']:
        put("import", bad)


def sdk_seeds():
    files = sorted(f for f in os.listdir(DATA) if f.startswith("models-") and f.endswith(".json"))
    doc = load(files[-1])
    models = [shrink_model(m) for m in doc["data"][:3]]
    put("sdk", b"\x00" + compact(models[0]).encode())
    put("sdk", b"\x00" + compact(shrink_model(load(files[0])["data"][0]), pretty=True).encode())
    put("sdk", b"\x01" + compact({"data": models, "total_count": 3, "links": {"next": "/api/v1/models?offset=3"}}).encode())
    put("sdk", b"\x01" + compact({"data": models[:1]}).encode())
    eps = sorted(os.listdir(os.path.join(DATA, "endpoints")))
    d = load(os.path.join("endpoints", eps[0]))
    d = d.get("data", d)
    d = dict(d)
    d["endpoints"] = d.get("endpoints", [])[:2]
    d["description"] = (d.get("description") or "")[:100]
    put("sdk", b"\x02" + compact({"data": d}).encode())
    put("sdk", b"\x03" + compact({"data": d["endpoints"]}).encode())
    prov = load("providers-2026-05-07.json")
    put("sdk", b"\x04" + compact({"data": prov["data"][:3]}).encode())
    for route in range(5):
        for bad in ['{"data":null}', '{"data":[null,1,"x",{}]}', '{"error":{"code":404,"message":"no"}}',
                    '{"data":{"endpoints":[{"pricing":{"prompt":"-1"}}]}}', '', '{', '[]',
                    '{"data":[{"id":"a/b","pricing":{"prompt":"abc","completion":1}}]}',
                    '{"id":"x","architecture":{"input_modalities":[1,null,"text"]},"top_provider":7}',
                    '{"id":"x","created":1e300,"context_length":-1e300,"top_provider":{"context_length":1e19},'
                    '"benchmarks":{"design_arena":[{"rank":1e300,"elo":1e999}]}}',
                    '{"data":[{"id":"y","created":-9.3e18}],"total_count":1e300}']:
            put("sdk", bytes([route]) + bad.encode())


def rss_seeds():
    files = sorted(f for f in os.listdir(DATA) if f.startswith("models-") and f.endswith(".json"))
    models = [shrink_model(m) for m in load(files[-1])["data"][:3]]
    put("rss", b"\x00https://openrouter.ai\n" + compact(models).encode())
    put("rss", b"\x01https://example.org/x?a=1&b=2\n" + compact(models[:1]).encode())
    put("rss", b"\x00" + compact([{"id": "a/<b>&\"c'", "name": "A & B <script>", "created": 1700000000,
                                   "description": "x]]>y\u00e9\u20ac\U0001F600\t\r\n"}]).encode())
    put("rss", b"\x00" + compact([{"id": "ctl/\u0001\u001f", "name": "\ufffe\uffff", "created": -5,
                                   "description": "\ud7ff\ue000"}]).encode())
    put("rss", b"\x00" + b'[{"id":"raw/\xff\xfe","name":"\xc3\x28","description":"\xed\xa0\x80","created":1e20}]')
    put("rss", b"\x00" + compact({"id": "one/object", "name": None, "created": "x"}).encode())


def http_seeds():
    import codecs
    def unescape(field):
        raw = codecs.escape_decode(field.encode("utf-8"))[0]
        return re.sub(rb"\{(\d+)\*([^}]*)\}", lambda m: m.group(2) * int(m.group(1)), raw)
    tsv = os.path.join(ROOT, "tests", "integration", "bad_requests.tsv")
    for line in open(tsv, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(cols) != 7:
            continue
        _, _, method, target, headers, body, _ = cols
        if method == "RAW":
            put("http", unescape(target))
            continue
        req = unescape(method) + b" " + unescape(target) + b" HTTP/1.1\r\nHost: x\r\n"
        if headers != "-":
            req += unescape(headers).rstrip(b"\r\n") + b"\r\n"
        bod = unescape(body) if body != "-" else b""
        if bod:
            req += b"Content-Length: %d\r\n" % len(bod)
        put("http", req + b"\r\n" + bod)
    for path in ["/api/v1/models", "/api/v1/models?output_modalities=all&limit=2&offset=1",
                 "/api/v1/models?q=gpt&sort=pricing-low-to-high&supported_parameters=tools",
                 "/api/v1/models?use_rss=true&use_rss_chat_links=true&limit=2",
                 "/api/v1/model/openai/gpt-5.5", "/api/v1/models/z-ai/glm-5.5/endpoints",
                 "/api/v1/providers", "/api/v1/endpoints/zdr", "/api/v1/models/count?output_modalities=all"]:
        put("http", "GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n" % path)
    put("http", b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"abc\", W/\"x\"\r\n"
                b"If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n"
                b"GET /api/v1/models/count HTTP/1.1\r\nHost: eu.example\r\n\r\n"
                b"HEAD /api/v1/providers HTTP/1.1\r\nHost: x\r\n\r\n")


if __name__ == "__main__":
    http_seeds()
    query_seeds()
    path_seeds()
    import_seeds()
    sdk_seeds()
    rss_seeds()
    for t in sorted(os.listdir(CORPUS)):
        n = len(os.listdir(os.path.join(CORPUS, t)))
        print("%s: %d seeds" % (t, n))
