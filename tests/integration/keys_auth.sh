#!/usr/bin/env bash
# keys_auth.sh - authentication of GET /api/v1/models/user on a real server
# with keys from the real `openrouterd keys create`: the key's shape, every 401
# case (missing, malformed, other scheme, `Bearer` without token, unknown key,
# wrong secret behind a real id, revoked key, two Authorization headers) with
# one identical body; the database files never hold the key; the failed-attempt
# throttle (10 failures from one address -> 429 + Retry-After, other addresses
# and public routes unaffected).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server_lib.bash"
demo=${OR_SOURCE_DIR:-$here/../..}/data/demo
db=$tmp/db

"$bin/openrouterd" import --db "$db" "$demo"/*.json >/dev/null
key=$("$bin/openrouterd" keys create --db "$db" --label good --zdr 2>"$tmp/create.err")
[[ "$key" =~ ^sk-or-v1-[0-9a-f]{64}$ ]] || fail "key shape: '$key'"
grep -q "created key ${key:9:8}" "$tmp/create.err" || fail "create message: $(cat "$tmp/create.err")"
gone=$("$bin/openrouterd" keys create --db "$db" --label gone 2>/dev/null)
"$bin/openrouterd" keys revoke --db "$db" gone 2>/dev/null
other=$("$bin/openrouterd" keys create --db "$db" --label other 2>/dev/null)
[ "$key" != "$other" ] && [ "${key:9:8}" != "${other:9:8}" ] || fail "two keys alike"

# usage errors exit 2, unknown keys 1
set +e
"$bin/openrouterd" keys create --db "$db" 2>/dev/null; [ $? = 2 ] || fail "create without --label"
"$bin/openrouterd" keys create --db "$db" --label x --region mars 2>/dev/null; [ $? = 2 ] || fail "--region mars"
"$bin/openrouterd" keys create --db "$db" --label x --max-prompt-price -1 2>/dev/null; [ $? = 2 ] || fail "negative price"
"$bin/openrouterd" keys revoke --db "$db" deadbeef 2>/dev/null; [ $? = 1 ] || fail "revoke of an unknown id"
"$bin/openrouterd" keys frobnicate --db "$db" 2>/dev/null; [ $? = 2 ] || fail "unknown subcommand"
set -e
"$bin/openrouterd" keys --help | grep -q -- "--deny-data-collection" || fail "keys --help lacks the rules"

start_server --db "$db" --poll 0
url=$base/api/v1/models/user

code=$(curl -s -o "$tmp/ok" -w '%{http_code}' -H "Authorization: Bearer $key" "$url")
[ "$code" = 200 ] || fail "valid key gives $code: $(cat "$tmp/ok")"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: bearer   $key  " "$url")
[ "$code" = 200 ] || fail "scheme is case-insensitive, spaces are allowed: $code"

# ---- 401: one body, one message, whatever went wrong -----------------------------
want='{"error":{"code":401,"message":"Missing or invalid API key"}}'
wrong_secret="${key:0:17}$(printf '%056d' 0)"     # a real id, another secret
n=0
check401() { # NAME CURL-ARGS...
	local name=$1; shift
	local code
	code=$(curl -s -D "$tmp/h" -o "$tmp/body" -w '%{http_code}' "$@" "$url")
	n=$((n + 1))
	[ "$code" = 401 ] || fail "$name: status $code"
	[ "$(cat "$tmp/body")" = "$want" ] || fail "$name: body $(cat "$tmp/body")"
	tr -d '\r' <"$tmp/h" | grep -qi '^content-type: application/json' || fail "$name: content type"
	tr -d '\r' <"$tmp/h" | grep -qi '^www-authenticate: Bearer' || fail "$name: no WWW-Authenticate"
}
check401 missing
check401 empty -H "Authorization;"
check401 basic -H "Authorization: Basic dXNlcjpwYXNz"
check401 bearer-alone -H "Authorization: Bearer"
check401 bearer-space -H "Authorization: Bearer "
check401 key-without-scheme -H "Authorization: $key"
check401 unknown -H "Authorization: Bearer sk-or-v1-$(printf '%064d' 1)"
check401 wrong-secret -H "Authorization: Bearer $wrong_secret"
check401 malformed -H "Authorization: Bearer not-a-key"
[ $n -le 9 ] || fail "too many failures for the throttle budget"
n1=$n
# a fresh address for the rest: the throttle allows 10 failures per address
check401 revoked --interface 127.0.0.2 -H "Authorization: Bearer $gone"
check401 two-headers --interface 127.0.0.2 -H "Authorization: Bearer $key" -H "Authorization: Bearer $other"
check401 truncated --interface 127.0.0.2 -H "Authorization: Bearer ${key:0:72}"
check401 longer --interface 127.0.0.2 -H "Authorization: Bearer ${key}0"
check401 upper-hex --interface 127.0.0.2 -H "Authorization: Bearer $(echo "$key" | tr a-f A-F)"
check401 huge --interface 127.0.0.2 -H "Authorization: Bearer $(head -c 5000 /dev/zero | tr '\0' a)"

# ---- the database never holds the key ------------------------------------------------
for k in "$key" "$gone" "$other"; do
	for f in "$db" "$db-wal" "$db-shm"; do
		[ -f "$f" ] || continue
		grep -c -a -F "$k" "$f" >/dev/null && fail "$f holds the key $k"
		grep -c -a -F "${k:9}" "$f" >/dev/null && fail "$f holds the hex of key $k"
		grep -c -a -F "${k:17:40}" "$f" >/dev/null && fail "$f holds the secret part of key $k"
		# nor in binary form
		python3 - "$f" "${k:9}" <<'PY' || fail "$f holds the key's bytes"
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(1 if bytes.fromhex(sys.argv[2])[4:] in data else 0)
PY
	done
done
sqlite3 "$db" "SELECT id, length(salt), length(hash) FROM api_keys" >"$tmp/rows" 2>/dev/null ||
	python3 -c "import sqlite3,sys; [print('%s|%d|%d' % r) for r in sqlite3.connect(sys.argv[1]).execute('SELECT id, length(salt), length(hash) FROM api_keys')]" "$db" >"$tmp/rows"
grep -q "^${key:9:8}|16|32$" "$tmp/rows" || fail "stored row: $(cat "$tmp/rows")"

# ---- throttle: 10 failures from one address within 60 s -> 429 ----------------------
# 127.0.0.1 has $n1 failures so far; fill up to 10
while [ $n1 -lt 10 ]; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer sk-or-v1-$(printf '%064d' $n1)" "$url")
	[ "$code" = 401 ] || fail "failure $n1 gives $code"
	n1=$((n1 + 1))
done
code=$(curl -s -D "$tmp/h" -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer sk-or-v1-$(printf '%064d' 99)" "$url")
[ "$code" = 429 ] || fail "11th attempt gives $code"
retry=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Rr]etry-[Aa]fter: //p')
[[ "$retry" =~ ^[0-9]+$ ]] && [ "$retry" -ge 1 ] && [ "$retry" -le 60 ] || fail "Retry-After '$retry'"
grep -q '"code":429' "$tmp/body" || fail "429 body: $(cat "$tmp/body")"
# blocked: even the valid key; on the endpoints route a key is not looked at
# (public view, no figures), never 401/429
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "$url")
[ "$code" = 429 ] || fail "valid key from a blocked address gives $code"
code=$(curl -s -o "$tmp/ep" -w '%{http_code}' -H "Authorization: Bearer $key" "$base/api/v1/models/z-ai/glm-5.5/endpoints")
[ "$code" = 200 ] || fail "keyed endpoints from a blocked address gives $code"
grep -q '"latency_last_30m":null' "$tmp/ep" || fail "a blocked address gets keyed figures"
grep -q '"latency_last_30m":{' "$tmp/ep" && fail "a blocked address gets keyed figures"
# public routes stay open for the blocked address
for p in /api/v1/models /api/v1/models/z-ai/glm-5.5/endpoints /api/v1/providers; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
	[ "$code" = 200 ] || fail "public $p from a blocked address gives $code"
done
# other clients are unaffected
code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.3 -H "Authorization: Bearer $key" "$url")
[ "$code" = 200 ] || fail "valid key from another address gives $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 -H "Authorization: Bearer $key" "$url")
[ "$code" = 200 ] || fail "valid key from an address under the threshold gives $code"

# public routes: SDKs send their configured key on every call; tokens that
# cannot be keys never count, failed well-formed keys do (10 -> blocked)
for i in $(seq 30); do
	for p in /api/v1/models/z-ai/glm-5.5/endpoints /api/v1/models /api/v1/providers; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.4 -H "Authorization: Bearer sk-or-v1-unknown-$i" "$base$p")
		[ "$code" = 200 ] || fail "public $p with a foreign token gives $code"
	done
done
code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.4 -H "Authorization: Bearer $key" "$url")
[ "$code" = 200 ] || fail "foreign tokens on public routes blocked the address: $code"
for i in $(seq 10); do
	curl -s -o /dev/null --interface 127.0.0.5 -H "Authorization: Bearer sk-or-v1-$(printf '%064d' $i)" \
		"$base/api/v1/models/z-ai/glm-5.5/endpoints"
done
code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.5 -H "Authorization: Bearer $key" "$url")
[ "$code" = 429 ] || fail "10 wrong keys on the endpoints route do not block: $code"

stop_server
echo "keys_auth: ok"
