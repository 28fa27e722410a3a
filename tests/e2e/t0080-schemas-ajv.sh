#!/usr/bin/env bash
# The shipped JSON Schemas, checked with an independent validator (ajv, the
# one VS Code-like editors and CI tools use): every example file validates,
# and ajv agrees with pilotti on broken files.
. "$(dirname "$0")/lib.sh"
AJV=$PILOTTI_SRC/tests/node_modules/.bin/ajv
SCHEMAS=$PILOTTI_SRC/templates/schemas

test_case "ajv is installed (make deps installs it)"
[ -x "$AJV" ] || { fail "no $AJV: run 'make deps'"; finish; }
pass

ajv_check() { # SCHEMA FILE...
  local schema=$1
  shift
  "$AJV" validate --spec=draft2020 -c ajv-formats --strict=true --all-errors \
    -s "$SCHEMAS/$schema.schema.json" $(printf -- '-d %s ' "$@")
}

test_case "the schemas themselves compile under ajv's strict mode"
for s in pilot model logic-model evaluation diff; do
  "$AJV" compile --spec=draft2020 -c ajv-formats --strict=true -s "$SCHEMAS/$s.schema.json" >"$TRASH/out" 2>&1 ||
    { fail "$s.schema.json does not compile"; sed 's/^/    /' "$TRASH/out"; }
done
pass

for tp in tp1 tp2 tp3; do
  test_case "examples/thl-2022/$tp validates under ajv"
  d=$EXAMPLES/$tp
  ajv_check pilot "$d/pilot.json" >"$TRASH/out" 2>&1 || { fail "pilot.json"; sed 's/^/    /' "$TRASH/out" | head; }
  ajv_check model "$d"/models/*/model.json >"$TRASH/out" 2>&1 || { fail "model.json"; sed 's/^/    /' "$TRASH/out" | head; }
  ajv_check logic-model "$d"/regions/*/*/logic-model.json >"$TRASH/out" 2>&1 || { fail "logic-model.json"; sed 's/^/    /' "$TRASH/out" | head; }
  ajv_check evaluation "$d"/regions/*/*/evaluation.json >"$TRASH/out" 2>&1 || { fail "evaluation.json"; sed 's/^/    /' "$TRASH/out" | head; }
  n=$(grep -c ' valid$' "$TRASH/out")
  [ "$n" -eq 19 ] || fail "ajv reported $n valid evaluation files, expected 19"
  pass
done

test_case "what init writes validates under ajv"
cd "$TRASH" && pilotti init s >/dev/null
ajv_check pilot s/pilot.json >"$TRASH/out" 2>&1 || fail "init's pilot.json"
pass

# Schema-level breakage from the catalogue: ajv must reject the same files
# pilotti rejects.
reject() { # NAME SCHEMA FILE SED
  test_case "ajv also rejects: $1"
  cp "$DATA/mini/$3" "$TRASH/$1.json"
  sed -i "$4" "$TRASH/$1.json"
  cmp -s "$DATA/mini/$3" "$TRASH/$1.json" && fail "the edit changed nothing"
  ajv_check "$2" "$TRASH/$1.json" >"$TRASH/out" 2>&1 && fail "ajv accepted it"
  (cd "$TRASH" && mkdir -p "r-$1" && cp -R "$DATA/mini/." "r-$1/" && cp "$1.json" "r-$1/$3" &&
    expect_status 1 pilotti -C "r-$1" validate -q)
  pass
}
LM=regions/kainuu/etsiva-sosiaalityo/logic-model.json
EV=regions/kainuu/etsiva-sosiaalityo/evaluation.json
reject bad-id pilot pilot.json 's/"id": "kainuu"/"id": "..\/x"/'
reject bad-date pilot pilot.json 's/"date": "2022-09-20"/"date": "2022-09-31"/'
reject bad-email pilot pilot.json 's/"email": "paula.kemppainen@example.org"/"email": "paula"/'
reject unknown-field logic-model $LM 's/"adaptation": "adapted"/"adaptation": "adapted", "titel": "x"/'
reject bad-enum logic-model $LM '0,/"adaptation": "as-is"/s//"adaptation": "asis"/'
reject id-too-long logic-model $LM "s/\"id\": \"ruoka-apu\"/\"id\": \"$(printf 'a%.0s' $(seq 65))\"/"
reject bad-rating evaluation $EV '0,/"rating": 2$/s//"rating": 3/'
reject wrong-type evaluation $EV 's/"worker_group_interviews": \([0-9]*\)/"worker_group_interviews": "\1"/'

finish
