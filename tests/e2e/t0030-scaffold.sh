#!/usr/bin/env bash
# Building a series with the scaffolding commands, without writing JSON by
# hand; refused changes write nothing.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
pilotti init --title "Testisarja" sarja >/dev/null || fail "init failed"
cd sarja

test_case "model add creates the reference model and lists it in pilot.json"
expect_status 0 pilotti model add etsiva-sosiaalityo --title "Etsivä sosiaalityö" --title-sv "Uppsökande socialt arbete" && {
  expect_out "models/etsiva-sosiaalityo/model.json"
  expect_out "models/etsiva-sosiaalityo/theory.md"
  grep -q '"sv": "Uppsökande socialt arbete"' pilot.json || fail "Swedish title missing"
  grep -qx '## Mikä toimii' models/etsiva-sosiaalityo/theory.md || fail "theory.md lacks the required sections"
}
pass

test_case "the reference model can be filled in and regions start from it"
cat > models/etsiva-sosiaalityo/model.json <<'JSON'
{
  "$schema": "../../schemas/model.schema.json",
  "model": "etsiva-sosiaalityo",
  "core_elements": [
    {"id": "jalkautuminen", "title": "Jalkautuminen", "description": "Työntekijät menevät sinne, missä ihmiset ovat."},
    {"id": "luottamus", "title": "Luottamuksen rakentaminen", "description": "Sama työntekijä joka kerta."}
  ],
  "mechanisms": [
    {"id": "kohdatuksi-tuleminen", "title": "Kohdatuksi tuleminen", "description": "", "elements": ["jalkautuminen", "luottamus"]}
  ],
  "outcomes": [
    {"id": "palveluihin-kiinnittyminen", "title": "Palveluihin kiinnittyminen", "description": "", "mechanisms": ["kohdatuksi-tuleminen"], "horizon": "medium"}
  ]
}
JSON
expect_status 0 pilotti region add kainuu --name Kainuu --model etsiva-sosiaalityo \
  --maintainer "Maija Meikäläinen <maija.meikalainen@kainuu.example>" && {
  expect_out "regions/kainuu/etsiva-sosiaalityo/logic-model.json"
  expect_out "regions/kainuu/etsiva-sosiaalityo/program-theory.md"
  expect_out "regions/kainuu/etsiva-sosiaalityo/evaluation.json"
  lm=regions/kainuu/etsiva-sosiaalityo/logic-model.json
  grep -q '"reference": "jalkautuminen"' $lm || fail "reference element not copied"
  grep -q '"adaptation": "as-is"' $lm || fail "copied elements are not as-is"
  grep -q '"status": "not-assessed"' regions/kainuu/etsiva-sosiaalityo/evaluation.json || fail "outcome status not set"
  grep -q '"rating": null' regions/kainuu/etsiva-sosiaalityo/evaluation.json || fail "fidelity not pending"
}
pass

test_case "workshop and facilitator add"
expect_status 0 pilotti workshop add tp1 --date 2022-05-18 --title "1. työpaja"
expect_status 0 pilotti workshop add tp2 --date 2022-09-21 --title "2. työpaja"
expect_status 0 pilotti facilitator add "Fasi Litaattori <fasi@thl.example>"
grep -q '"email": "fasi@thl.example"' pilot.json || fail "facilitator missing"
pass

test_case "the scaffolded series validates cleanly; fmt makes the hand-written file canonical"
expect_status 0 pilotti validate && expect_out "valid: no problems found"
expect_status 1 pilotti fmt --check && expect_out "not canonical: models/etsiva-sosiaalityo/model.json"
expect_status 0 pilotti fmt && expect_out "formatted models/etsiva-sosiaalityo/model.json"
expect_status 0 pilotti fmt --check
[ "$(wc -l < "$TRASH/out")" -eq 0 ] || fail "fmt --check still lists files"
expect_status 0 pilotti validate
pass

test_case "region add-model lets a region pilot another model"
expect_status 0 pilotti model add sosiaalinen-kuntoutus --title "Sosiaalinen kuntoutus"
expect_status 0 pilotti region add-model kainuu sosiaalinen-kuntoutus && {
  grep -A3 '"models"' pilot.json | grep -q sosiaalinen-kuntoutus || fail "model not added to the region"
  [ -f regions/kainuu/sosiaalinen-kuntoutus/logic-model.json ] || fail "files not created"
}
expect_status 0 pilotti validate
pass

# Each refused change leaves every file as it was.
snapshot() { find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha1sum; }
refused() {
  local want=$1 msg=$2
  shift 2
  snapshot >"$TRASH/before"
  expect_status "$want" "$@" && expect_err "$msg"
  snapshot >"$TRASH/after"
  cmp -s "$TRASH/before" "$TRASH/after" || fail "files changed by a refused '$*'"
}

test_case "refusals: duplicates, bad ids and dates, unknown models; nothing written"
refused 1 "region 'kainuu' is already in pilot.json" pilotti region add kainuu --name Kainuu
refused 1 "operating model 'etsiva-sosiaalityo' is already in pilot.json" pilotti model add etsiva-sosiaalityo --title X
refused 1 "workshop 'tp1' is already in pilot.json" pilotti workshop add tp1 --date 2022-05-18 --title X
refused 1 "is not an id: lowercase letters" pilotti region add ../x --name X
refused 1 "is not an id: lowercase letters" pilotti model add Etsiva --title X
refused 1 "is not a valid date" pilotti workshop add tp9 --date 2023-02-29 --title X
refused 1 "dated before 'tp2'" pilotti workshop add tp0 --date 2022-01-01 --title X
refused 1 "which is not an operating model of this series" pilotti region add lappi --name Lappi --model tuntematon
refused 1 "is not a valid e-mail address" pilotti region add lappi --name Lappi --maintainer "Nimi <ei-osoite>"
refused 1 "already a facilitator" pilotti facilitator add "Fasi Litaattori <fasi@thl.example>"
refused 2 "there is no region 'lappi'" pilotti region add-model lappi etsiva-sosiaalityo
refused 1 "already exists" pilotti region add-model kainuu etsiva-sosiaalityo
refused 2 "needs a title" pilotti model add uusi
refused 2 "needs a date" pilotti workshop add tp3 --title X
refused 2 "is not of the form 'Name <e-mail>'" pilotti facilitator add "fasi@thl.example"
refused 2 "is not valid UTF-8 text" pilotti region add lappi --name $'\xff\xfe'
pass

test_case "scaffolding refuses to touch a pilot.json that does not parse"
cp pilot.json "$TRASH/pilot.good"
printf '{ "id": ' > pilot.json
refused 1 "pilot.json cannot be read; correct it first" pilotti workshop add tp3 --date 2023-05-24 --title X
expect_err "pilot.json:1:"
cp "$TRASH/pilot.good" pilot.json
pass

test_case "scaffolding from a subfolder finds the series upwards"
(cd regions/kainuu && expect_status 0 pilotti workshop add tp3 --date 2023-05-24 --title "Päätösseminaari")
grep -q '"id": "tp3"' pilot.json || fail "workshop not added from a subfolder"
pass

test_case "scaffolding never writes through a symbolic link out of the series"
mkdir -p "$TRASH/outside"
mv regions "$TRASH/outside/regions" && ln -s "$TRASH/outside/regions" regions
refused 1 "'regions' is a symbolic link" pilotti region add lappi --name Lappi --model etsiva-sosiaalityo
[ ! -e "$TRASH/outside/regions/lappi" ] || fail "files written through the link"
rm regions && mv "$TRASH/outside/regions" regions
pass

test_case "outside any series: exit 2 with a plain message"
(cd "$TRASH" && expect_status 2 pilotti workshop add tp4 --date 2023-06-01 --title X && expect_err "no pilot series here")
pass

finish
