#!/usr/bin/env python3
"""keys_ref.py - reference check of GET /api/v1/models/user against a running
openrouterd: creates one key per case with the real `openrouterd keys create`,
checks the stored rules (`keys list --json`), and compares the server's answer
with an independent evaluation of the rules (docs/keys.md) over the public
/models list, each model's public endpoints listing, /providers and the
extension file.

usage: keys_ref.py BIN DB BASE EXTENSION_JSON CASES_JSON
CASES_JSON: [{"name", "flags": [...], "rules": {...stored form...},
              "host": "eu.example.com" | null, "host_region": "eu" | null,
              "query": "output_modalities=all" | "", "nontrivial": true}]
Prints one line per case; exits 1 on the first mismatch.
"""
import json
import subprocess
import sys
import urllib.parse
import urllib.request

BIN, DB, BASE, EXT, CASES = sys.argv[1:6]
ext = json.load(open(EXT))
cases = json.load(open(CASES))


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def get(path, key=None, host=None):
    req = urllib.request.Request(BASE + path)
    if key:
        req.add_header("Authorization", "Bearer " + key)
    if host:
        req.add_header("Host", host)
    with urllib.request.urlopen(req) as r:
        return json.load(r)


providers = get("/api/v1/providers")["data"]
all_ids = {m["id"] for m in get("/api/v1/models?output_modalities=all")["data"]}
slug_of = {p["name"].lower(): (p.get("slug") or "").lower() for p in providers}
ext_prov = ext.get("providers") or {}
ext_prov_ci = {k.lower(): v for k, v in ext_prov.items()}
ext_ep = {}
for e in ext.get("endpoints") or []:
    ext_ep[(e["model"], e["tag"].lower())] = e

listing_cache = {}


def endpoints_of(mid):
    if mid not in listing_cache:
        path = "/api/v1/models/%s/endpoints" % "/".join(
            urllib.parse.quote(p, safe="") for p in mid.split("/", 1))
        d = get(path)["data"]
        listing_cache[mid] = (d.get("id"), d.get("endpoints") or [])
    return listing_cache[mid]


def policy(name, field):
    p = ext_prov.get(name)
    if p is None:
        p = ext_prov_ci.get((name or "").lower())
    v = (p or {}).get(field)
    return v if isinstance(v, bool) else None


def names_of(ep):
    prov = (ep.get("provider_name") or "").lower()
    tag = (ep.get("tag") or "").lower()
    out = {prov, tag, tag.split("/", 1)[0]}
    if slug_of.get(prov):
        out.add(slug_of[prov])
    return out


def price(ep, key):
    t = (ep.get("pricing") or {}).get(key)
    if t is None:
        return None
    v = float(t)
    return None if v < 0 else v * 1e6


def ext_of(mid, listing_id, ep):
    tag = (ep.get("tag") or "").lower()
    return ext_ep.get((mid, tag)) or ext_ep.get((listing_id, tag)) or {}


def endpoint_ok(rules, host_region, mid, listing_id, ep):
    x = ext_of(mid, listing_id, ep)
    regions = set(x.get("regions") or [])
    if host_region and host_region not in regions:
        return False
    names = names_of(ep)
    if rules.get("only") and not names & {n.lower() for n in rules["only"]}:
        return False
    if rules.get("ignore") and names & {n.lower() for n in rules["ignore"]}:
        return False
    if rules.get("deny_training") and policy(ep.get("provider_name"), "trains_on_data") is not False:
        return False
    if rules.get("deny_retention") and policy(ep.get("provider_name"), "retains_prompts") is not False:
        return False
    if rules.get("zdr") and x.get("zdr") is not True:
        return False
    if rules.get("region") and rules["region"] not in regions:
        return False
    for rk, pk in (("max_prompt_price", "prompt"), ("max_completion_price", "completion")):
        if rk in rules:
            p = price(ep, pk)
            if p is None or p > rules[rk] * (1 + 1e-9) + 1e-12:
                return False
    return True


def model_ok(rules, host_region, m):
    allowed = rules.get("models")
    if allowed:
        ids = {m["id"], m.get("canonical_slug") or m["id"]}
        if not any((a.endswith("*") and any(i.startswith(a[:-1]) for i in ids)) or a in ids
                   for a in allowed):
            return False
    endpoint_level = any(k in rules for k in ("only", "ignore", "deny_training", "deny_retention",
                                              "zdr", "region", "max_prompt_price",
                                              "max_completion_price"))
    if not endpoint_level and not host_region:
        return True
    listing_id, eps = endpoints_of(m["id"])
    if listing_id != m["id"] and (listing_id != m.get("canonical_slug") or listing_id in all_ids):
        eps = []        # a variant shown its base model's listing has no endpoints of its own
    return any(endpoint_ok(rules, host_region, m["id"], listing_id, ep) for ep in eps)


for case in cases:
    r = subprocess.run([BIN, "keys", "create", "--db", DB, "--label", case["name"]] + case["flags"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s: keys create %s: %s" % (case["name"], case["flags"], r.stderr))
    key = r.stdout.strip()
    if not (key.startswith("sk-or-v1-") and len(key) == 73):
        fail("%s: key %r has the wrong shape" % (case["name"], key))
    rows = [json.loads(l) for l in subprocess.run(
        [BIN, "keys", "list", "--db", DB, "--json"], capture_output=True, text=True,
        check=True).stdout.splitlines()]
    row = [x for x in rows if x["id"] == key[9:17]]
    if len(row) != 1 or row[0]["label"] != case["name"]:
        fail("%s: keys list has no row for id %s" % (case["name"], key[9:17]))
    if row[0]["rules"] != case["rules"]:
        fail("%s: stored rules %s, expected %s" % (case["name"], row[0]["rules"], case["rules"]))
    q = case.get("query") or ""
    base_list = get("/api/v1/models" + ("?" + q if q else ""))["data"]
    want = [m["id"] for m in base_list if model_ok(case["rules"], case.get("host_region"), m)]
    got = get("/api/v1/models/user" + ("?" + q if q else ""), key=key, host=case.get("host"))
    ids = [m["id"] for m in got["data"]]
    if ids != want:
        fail("%s: server lists %d models, reference %d\n  only server: %s\n  only reference: %s"
             % (case["name"], len(ids), len(want), sorted(set(ids) - set(want))[:10],
                sorted(set(want) - set(ids))[:10]))
    if got["total_count"] != len(want) or got["links"]["next"] is not None:
        fail("%s: total_count %s / links %s" % (case["name"], got["total_count"], got["links"]))
    if case.get("nontrivial", True) and not 0 < len(want) < len(base_list):
        fail("%s: the rule should keep some but not all of %d models, keeps %d"
             % (case["name"], len(base_list), len(want)))
    # the bodies are the same model objects /models serves
    full = {m["id"]: m for m in base_list}
    for m in got["data"]:
        if m != full[m["id"]]:
            fail("%s: model %s differs from its /models object" % (case["name"], m["id"]))
    print("ok %-28s %3d of %3d models" % (case["name"], len(want), len(base_list)))
