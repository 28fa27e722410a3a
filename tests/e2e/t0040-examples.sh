#!/usr/bin/env bash
# The bundled example series: every workshop snapshot validates with no
# findings and is already in the canonical layout.
. "$(dirname "$0")/lib.sh"

for tp in tp1 tp2 tp3; do
  test_case "examples/thl-2022/$tp validates with no findings"
  expect_status 0 pilotti -C "$EXAMPLES/$tp" validate --strict && {
    expect_out "pilot series 'thl-2022'"
    expect_out "14 regions"
    expect_out "valid: no problems found"
    [ "$(grep -c ': \(error\|warning\):' "$TRASH/out")" -eq 0 ] || fail "findings printed"
  }
  pass

  test_case "examples/thl-2022/$tp: JSON output reports zero findings"
  expect_status 0 pilotti -C "$EXAMPLES/$tp" validate --format json && {
    grep -q '"errors": 0' "$TRASH/out" || fail "errors not 0"
    grep -q '"warnings": 0' "$TRASH/out" || fail "warnings not 0"
  }
  pass

  test_case "examples/thl-2022/$tp is in the canonical layout"
  expect_status 0 pilotti -C "$EXAMPLES/$tp" fmt --check
  pass
done

test_case "the examples cover what later workshops compare: three models, 14 regions, one or two models each"
for tp in tp1 tp2 tp3; do
  n=$(find "$EXAMPLES/$tp/regions" -mindepth 1 -maxdepth 1 -type d | wc -l)
  [ "$n" -eq 14 ] || fail "$tp has $n regions"
  m=$(find "$EXAMPLES/$tp/models" -mindepth 1 -maxdepth 1 -type d | wc -l)
  [ "$m" -eq 3 ] || fail "$tp has $m models"
done
pass

test_case "the snapshots differ: regions revised their models between workshops"
changed=$(diff -rq "$EXAMPLES/tp1/regions" "$EXAMPLES/tp2/regions" | wc -l)
[ "$changed" -gt 5 ] || fail "only $changed files differ between tp1 and tp2"
pass

finish
