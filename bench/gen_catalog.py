#!/usr/bin/env python3
"""gen_catalog.py - a models list of N models made from real records.

    gen_catalog.py SHARED_DATA_DIR N OUT.json

Every model of every real capture (models-*.json, newest capture first, one
record per id) is a template; copies beyond the first round get distinct ids,
canonical slugs and names ("vendor/model-r2", "Name #2"), so the catalog has N
distinct models with real shapes, prices and text. Output is compact JSON
({"data":[...]}), the same document `openrouterd import` takes.
"""
import glob
import json
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seen, recs = set(), []
    for f in sorted(glob.glob(os.path.join(src, "models-*.json")), reverse=True):
        for m in json.load(open(f, encoding="utf-8"))["data"]:
            if m["id"] not in seen:
                seen.add(m["id"])
                recs.append(m)
    if not recs:
        sys.exit("gen_catalog: no models-*.json in %s" % src)
    data = []
    for i in range(n):
        m = dict(recs[i % len(recs)])
        r = i // len(recs)
        if r:
            m["id"] = "%s-r%d" % (m["id"], r + 1)
            if m.get("canonical_slug"):
                m["canonical_slug"] = "%s-r%d" % (m["canonical_slug"], r + 1)
            m["name"] = "%s #%d" % (m.get("name") or m["id"], r + 1)
            m.pop("links", None)
        data.append(m)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"data": data}, f, separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    main()
