#!/usr/bin/env bash
# sdk_examples.sh - the examples/ programs, built with the suite, run against
# a real openrouterd; their results checked with curl + jq.
set -u
BIN=${OR_BIN_DIR:?}; SHARED=${OR_SHARED_DIR:?}; D=$BIN/openrouterd
for t in curl jq; do command -v $t >/dev/null || { echo "skip: no $t"; exit 0; }; done
[ -x "$D" ] && [ -x "$BIN/page_all" ] && [ -x "$BIN/cheapest_tools" ] || { echo "skip: not built"; exit 0; }
T=$(mktemp -d); PID=
trap '[ -n "$PID" ] && kill $PID; rm -rf "$T"' EXIT
"$D" import --db "$T/db" "$SHARED/data/openrouter/models-2026-06-16.json" >/dev/null || exit 1
"$D" serve --db "$T/db" --listen 127.0.0.1:0 --poll 0 >"$T/out" 2>/dev/null & PID=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
export OPENROUTER_BASE_URL=$(head -1 "$T/out" | sed 's/^listening on //')/api/v1
fails=0
n=$(curl -s "$OPENROUTER_BASE_URL/models?output_modalities=all" | jq '.data|length')
out=$("$BIN/page_all" 50) || { echo "FAIL: page_all"; fails=1; }
echo "$out" | tail -1
echo "$out" | tail -1 | grep -q "^$n models in $(( (n + 50) / 50 )) pages; $n one by one$" || { echo "FAIL: page_all count (want $n)"; fails=1; }
out=$("$BIN/cheapest_tools" 5) || { echo "FAIL: cheapest_tools"; fails=1; }
echo "$out"
want=$(curl -s "$OPENROUTER_BASE_URL/models?supported_parameters=tools&sort=pricing-low-to-high" |
	jq -r '[.data[] | select(.pricing.prompt != "-1" and .pricing.completion != "-1")][0].id')
echo "$out" | sed -n 2p | grep -q "^$want " || { echo "FAIL: cheapest is $want"; fails=1; }
[ $fails -eq 0 ]
