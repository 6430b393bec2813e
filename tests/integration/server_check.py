#!/usr/bin/env python3
"""server_check.py - HTTP checks of a running openrouterd against the files it
imported. Used by server_basic.sh; every check names what it proves.

usage: server_check.py BASE_URL MODELS_FILE PROVIDERS_FILE
"""
import http.client
import json
import sys
import urllib.parse

BASE = urllib.parse.urlsplit(sys.argv[1])
failures = 0


def req(method, target, headers=None):
    c = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=30)
    c.putrequest(method, target, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        c.putheader(k, v)
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, r, body


def get_json(target, status=200):
    st, r, body = req("GET", target)
    check(st == status, "GET %s -> %d (want %d): %.200r" % (target, st, status, body))
    check(r.getheader("Content-Type") == "application/json", "GET %s content-type %r" % (target, r.getheader("Content-Type")))
    return json.loads(body) if body else None


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def complete(m):
    """The model as the server must serve it: the imported object plus only the
    required keys it lacked (docs/catalog-format.md, Normalisation)."""
    m = json.loads(json.dumps(m))
    m.setdefault("canonical_slug", m["id"])
    m.setdefault("links", {"details": "/api/v1/models/%s/endpoints" % m["canonical_slug"]})
    for k in ("per_request_limits", "default_parameters", "supported_voices", "context_length"):
        m.setdefault(k, None)
    m.setdefault("supported_parameters", [])
    return m


def is_error(body, code):
    return isinstance(body, dict) and body.get("error", {}).get("code") == code and \
        isinstance(body["error"].get("message"), str) and body["error"]["message"]


models = [complete(m) for m in json.load(open(sys.argv[2]))["data"]]
providers = json.load(open(sys.argv[3]))["data"]
texts = [m for m in models if "text" in m["architecture"]["output_modalities"]]

# fidelity: output_modalities=all is the imported data, same order, same values
alld = get_json("/api/v1/models?output_modalities=all")
check(alld["data"] == models, "output_modalities=all equals the imported data (%d vs %d models)"
      % (len(alld["data"]), len(models)))
if alld["data"] != models:
    for a, b in zip(alld["data"], models):
        if a != b:
            print("  first difference at", b["id"], "served", a["id"])
            break
check(alld["total_count"] == len(models) and alld["links"] == {"next": None}, "all: total_count, links.next null")

# default: models whose outputs include text
d = get_json("/api/v1/models")
check(d["data"] == texts, "default list = text-output models in order")
check(d["total_count"] == len(texts) and d["links"]["next"] is None, "default total_count/links")
check(get_json("/api/v1/models/")["data"] == texts, "trailing slash")

# counts agree with total_count
check(get_json("/api/v1/models/count") == {"data": {"count": len(texts)}}, "count default")
check(get_json("/api/v1/models/count?output_modalities=all") == {"data": {"count": len(models)}}, "count all")
img = get_json("/api/v1/models?output_modalities=image")
check(get_json("/api/v1/models/count?output_modalities=image")["data"]["count"] == img["total_count"],
      "count image == total_count image")
check(all("image" in m["architecture"]["output_modalities"] for m in img["data"]), "image filter")

# paging: links.next keeps the other parameters; walking it yields the list
p = get_json("/api/v1/models?offset=3&limit=5&output_modalities=text")
check(p["data"] == texts[3:8] and p["total_count"] == len(texts), "page offset=3 limit=5")
nxt = p["links"]["next"]
check(nxt is not None and "offset=8" in nxt and "limit=5" in nxt and "output_modalities=text" in nxt,
      "links.next keeps parameters: %r" % nxt)
only_limit = get_json("/api/v1/models?limit=7")
check(only_limit["data"] == texts[:7], "limit alone: offset defaults to 0")
only_offset = get_json("/api/v1/models?offset=%d" % (len(texts) - 2))
check(only_offset["data"] == texts[-2:] and only_offset["links"]["next"] is None, "offset alone: limit 500, last page")
walked, target, pages = [], "/api/v1/models?limit=40&output_modalities=all", 0
while target and pages < 100:
    pg = get_json(target)
    walked += pg["data"]
    target = pg["links"]["next"]
    pages += 1
check(walked == models, "walking links.next returns every model once, in order (%d pages)" % pages)
check(get_json("/api/v1/models?offset=%d&limit=10" % (len(models) + 5))["data"] == [], "offset past the end")

# get: by id, variant, encoded variant, canonical slug, alias row
by_id = {m["id"]: m for m in models}
sample = texts[0]
check(get_json("/api/v1/model/" + sample["id"]) == {"data": sample}, "get by id")
free = [m for m in models if m["id"].endswith(":free")]
if free:
    f = free[0]
    a, s = f["id"].split("/", 1)
    check(get_json("/api/v1/model/%s/%s" % (a, s)) == {"data": f}, "get :free variant row")
    check(get_json("/api/v1/model/%s/%s" % (a, urllib.parse.quote(s, safe=""))) == {"data": f},
          "get %3A-encoded variant")
dated = [m for m in models if m["canonical_slug"] != m["id"] and m["canonical_slug"] not in by_id
         and ":" not in m["id"]]
if dated:
    m = dated[0]
    check(get_json("/api/v1/model/" + m["canonical_slug"]) == {"data": m}, "get by canonical slug")
alias = [m for m in models if m["id"].startswith("~")]
if alias:
    m = alias[0]
    got = get_json("/api/v1/model/" + m["id"])
    check(got == {"data": m}, "get alias row")
    check("alias_target" not in m or got["data"].get("alias_target") == m["alias_target"], "alias_target kept")
    check(get_json("/api/v1/model/%7E" + m["id"][1:]) == {"data": m}, "get %7E-encoded alias")
check(is_error(get_json("/api/v1/model/" + sample["id"] + ":nonexistent-variant", 404), 404),
      "missing variant row is 404")
check(is_error(get_json("/api/v1/model/nobody/nothing", 404), 404), "unknown model 404")

# endpoints by links.details (canonical slug) and by id
with_eps = 0
for m in models[:60]:
    st, r, body = req("GET", m["links"]["details"])
    check(st == 200, "endpoints via links.details %s -> %d" % (m["links"]["details"], st))
    if st != 200:
        continue
    e = json.loads(body)["data"]
    check(isinstance(e.get("endpoints"), list) and all(k in e for k in ("id", "name", "created", "description", "architecture")),
          "endpoints body shape for " + m["id"])
    for ep in e["endpoints"]:
        with_eps += 1
        check(ep["latency_last_30m"] is None and ep["throughput_last_30m"] is None,
              "no latency/throughput without a key")
        check(isinstance(ep.get("supports_tool_choice"), dict), "supports_tool_choice present")
check(with_eps > 0, "some models have endpoints")
check(get_json("/api/v1/models/" + sample["id"] + "/endpoints")["data"]["id"] in (sample["id"], sample["canonical_slug"]),
      "endpoints by id")
check(is_error(get_json("/api/v1/models/nobody/nothing/endpoints", 404), 404), "endpoints of unknown model 404")

# providers
pv = get_json("/api/v1/providers")["data"]
check([p["slug"] for p in pv] == [p["slug"] for p in providers], "providers in imported order")
check(all("privacy_policy_url" in p for p in pv), "providers carry privacy_policy_url")
check(isinstance(get_json("/api/v1/endpoints/zdr")["data"], list), "zdr list")

# errors
check(is_error(get_json("/api/v1/nothing", 404), 404), "unknown route 404")
for t in ("/api/v1/models?limit=0", "/api/v1/models?limit=1001", "/api/v1/models?offset=-1",
          "/api/v1/models?limit=abc", "/api/v1/models?output_modalities=smell",
          "/api/v1/models/count?output_modalities=", "/api/v1/model/a%zz/b"):
    b = get_json(t, 400)
    check(is_error(b, 400), "400 body for " + t)
msg = get_json("/api/v1/models?limit=0", 400)["error"]["message"]
check("limit" in msg, "400 message names the parameter: %r" % msg)
for meth in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
    st, r, body = req(meth, "/api/v1/models")
    check(st == 405 and "GET" in (r.getheader("Allow") or "") and is_error(json.loads(body), 405),
          "%s -> 405 with Allow" % meth)
st, r, body = req("GET", "/api/v1/models/user")
check(st == 401 and is_error(json.loads(body), 401), "/models/user without key -> 401")

# HEAD: same headers, no body
st, r, body = req("HEAD", "/api/v1/models")
st2, r2, body2 = req("GET", "/api/v1/models")
check(st == 200 and body == b"" and r.getheader("Content-Length") == str(len(body2)), "HEAD /models")

# keep-alive: several requests on one connection
c = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=10)
for t in ("/api/v1/models/count", "/api/v1/providers", "/api/v1/model/" + sample["id"]):
    c.request("GET", t)
    rr = c.getresponse()
    rr.read()
    check(rr.status == 200, "keep-alive " + t)
c.close()

print("%s: %d failure(s)" % ("FAIL" if failures else "ok", failures))
sys.exit(1 if failures else 0)
