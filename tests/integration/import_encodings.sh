#!/usr/bin/env bash
# import_encodings.sh - captures as other tools save them import like the
# original: a UTF-8 BOM, UTF-16LE/BE with a BOM and CRLF line ends (PowerShell
# redirects), and the bare model array of `jq -c '.data | sort_by(.id)'`.
# Each is served JSON-equal to the plain import (same models, default order).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/server.sh"
tmp=$(mktemp -d /tmp/or-enc-XXXXXX)
trap 'stop_servers; rm -rf "$tmp"' EXIT

src="$OR_DATA/models-2026-06-16.json"
python3 - "$src" "$tmp" <<'PY'
import codecs, json, sys
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
assert any(ord(c) > 127 for c in text), "the capture should hold non-ASCII text"
crlf = text.replace("\n", "\r\n")
open(out + "/bom8.json", "wb").write(codecs.BOM_UTF8 + text.encode("utf-8"))
open(out + "/utf16le.json", "wb").write(codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"))
open(out + "/utf16be.json", "wb").write(codecs.BOM_UTF16_BE + crlf.encode("utf-16-be"))
models = sorted(json.loads(text)["data"], key=lambda m: m["id"])
open(out + "/bare.json", "w", encoding="utf-8").write(json.dumps(models, separators=(",", ":")))
PY

"$OR_BIN_DIR/openrouterd" import --db "$tmp/plain.db" "$src" >/dev/null
start_server PLAIN "$tmp/plain.db"
curl -sf "$PLAIN/api/v1/models?output_modalities=all" >"$tmp/plain.out"

passed=0
for f in bom8 utf16le utf16be bare; do
  "$OR_BIN_DIR/openrouterd" import --db "$tmp/$f.db" "$tmp/$f.json" >/dev/null ||
    fail "$f.json did not import"
  start_server URL "$tmp/$f.db"
  curl -sf "$URL/api/v1/models?output_modalities=all" >"$tmp/$f.out"
  if [ "$f" = bare ]; then
    # sorted by id on disk: the same models, served newest first again (ties
    # between equal `created` follow the file's order, here by id)
    python3 - "$tmp/plain.out" "$tmp/$f.out" <<'PY' || fail "bare.json is served differently"
import json, sys
a = json.load(open(sys.argv[1]))["data"]
b = json.load(open(sys.argv[2]))["data"]
assert sorted(a, key=lambda m: m["id"]) == sorted(b, key=lambda m: m["id"]), "models differ"
created = [m["created"] for m in b]
assert created == sorted(created, reverse=True), "not newest first"
PY
  else
    cmp -s "$tmp/plain.out" "$tmp/$f.out" || fail "$f.json is served differently from the UTF-8 original"
  fi
  passed=$((passed + 1))
done

# A broken UTF-16 file still says where it breaks.
printf '\xff\xfe{\x00"\x00d\x00' >"$tmp/broken16.json"
if "$OR_BIN_DIR/openrouterd" import --db "$tmp/x.db" "$tmp/broken16.json" 2>"$tmp/err"; then
  fail "a truncated UTF-16 file imported"
fi
grep -q "converted from UTF-16" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
passed=$((passed + 1))
echo "import_encodings: $passed passed, 0 failed"
