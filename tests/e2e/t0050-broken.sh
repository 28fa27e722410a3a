#!/usr/bin/env bash
# A catalogue of broken inputs: each case breaks one thing in a copy of a
# small valid series (tests/data/mini) and must give its own clear finding
# (compared with tests/data/broken/NAME.expect) and exit 1, without crashing.
# PILOTTI_UPDATE_GOLDEN=1 rewrites the .expect files (review them!).
. "$(dirname "$0")/lib.sh"
MINI=$DATA/mini
GOLDEN=$DATA/broken
LM=regions/kainuu/etsiva-sosiaalityo/logic-model.json
EV=regions/kainuu/etsiva-sosiaalityo/evaluation.json
PT=regions/kainuu/etsiva-sosiaalityo/program-theory.md
REF=models/etsiva-sosiaalityo/model.json

test_case "the unbroken series is valid"
copy_series "$MINI" "$TRASH/ok"
(cd "$TRASH/ok" && expect_status 0 pilotti validate --strict -q)
pass

# broken NAME [WANT_STATUS] <<'SH' ... SH: the script on stdin breaks the copy.
broken() {
  local name=$1 want=${2:-1} dir=$TRASH/$1
  test_case "broken: $name"
  copy_series "$MINI" "$dir"
  (cd "$dir" && bash -e) || { fail "the mutation script failed"; return; }
  cd "$dir" && run pilotti validate -q
  cd "$TRASH"
  if [ "$status" -ne "$want" ]; then
    fail "exit $status, expected $want"
  fi
  if [ -s "$TRASH/err" ]; then
    fail "unexpected stderr:"; sed 's/^/    /' "$TRASH/err" | head
  fi
  if [ "${PILOTTI_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$TRASH/out" "$GOLDEN/$name.expect"
  fi
  test_cmp "$GOLDEN/$name.expect" "$TRASH/out"
  pass
}

# --- syntax and encoding ---------------------------------------------------
broken syntax-error <<'SH'
sed -i 's/"language": "fi",/"language": "fi"/' pilot.json
SH
broken duplicate-key <<'SH'
sed -i 's/"format": 1,/"format": 1,\n  "id": "toinen",/' pilot.json
SH
broken empty-json <<'SH'
: > regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken whitespace-json <<'SH'
printf '  \n\n' > models/etsiva-sosiaalityo/model.json
SH
broken truncated-json <<'SH'
head -c 300 regions/kainuu/etsiva-sosiaalityo/logic-model.json > t && mv t regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken invalid-utf8-json <<'SH'
sed -i 's/Harvaan asuttu/Harvaan \xe4suttu/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken bom-json <<'SH'
printf '\xef\xbb\xbf' | cat - pilot.json > t && mv t pilot.json
SH
broken oversized-json <<'SH'
{ printf '{"x": "'; head -c 1100000 /dev/zero | tr '\0' a; printf '"}\n'; } > regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken not-an-object <<'SH'
echo '[1, 2, 3]' > regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken nul-in-json <<'SH'
printf '{"a": "\0"}' > regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH

# --- schema ----------------------------------------------------------------------
broken missing-field <<'SH'
sed -i '/"horizon": "long"/d; s/"palvelupolun-avautuminen"\n      \],/&/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
sed -i -z 's/"palvelupolun-avautuminen"\n      \],\n    }/"palvelupolun-avautuminen"\n      ]\n    }/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken unknown-field <<'SH'
sed -i 's/"adaptation": "adapted"/"adaptation": "adapted", "titel": "x"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken wrong-type <<'SH'
sed -i 's/"worker_group_interviews": \([0-9]*\)/"worker_group_interviews": "\1"/' regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken bad-enum <<'SH'
sed -i '0,/"adaptation": "as-is"/s//"adaptation": "asis"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken bad-rating <<'SH'
sed -i '0,/"rating": 2$/s//"rating": 3/' regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken bad-id-dotdot <<'SH'
sed -i 's/"id": "kainuu"/"id": "..\/x"/' pilot.json
SH
broken bad-id-uppercase <<'SH'
sed -i 's/"id": "harva-asutus"/"id": "Harva asutus"/; s/"harva-asutus"/"Harva asutus"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken id-too-long <<'SH'
long=$(printf 'a%.0s' $(seq 65))
sed -i "s/\"id\": \"ruoka-apu\"/\"id\": \"$long\"/" regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken bad-date <<'SH'
sed -i 's/"date": "2022-09-20"/"date": "2022-09-31"/' pilot.json
SH
broken bad-email <<'SH'
sed -i 's/"email": "paula.kemppainen@example.org"/"email": "paula.kemppainen"/' pilot.json
SH
broken wrong-format-version <<'SH'
sed -i 's/"format": 1,/"format": 2,/' pilot.json
SH
broken empty-title <<'SH'
sed -i 's/"title": "Kokemusasiantuntijat"/"title": ""/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH

# --- references and rules ----------------------------------------------------------
broken dangling-reference <<'SH'
sed -i 's/"reference": "luottamus"/"reference": "luotamus"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken dangling-mechanism-element <<'SH'
sed -i -z 's/"elements": \[\n        "jalkautuminen"/"elements": [\n        "jalkautumnen"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken dangling-outcome-mechanism <<'SH'
sed -i -z 's/"mechanisms": \[\n        "luottamuksen-syntyminen",\n        "palvelupolun-avautuminen"/"mechanisms": [\n        "luottamuksen-syntyminen",\n        "polku"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken dangling-fidelity <<'SH'
sed -i '0,/"element": "jalkautuminen"/s//"element": "jalkautumnen"/' regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken dangling-configuration <<'SH'
sed -i -z 's/"context": \[\n        "ruoka-apu"/"context": [\n        "ruoka-aputa"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken own-with-reference <<'SH'
sed -i 's/"reference": "luottamus",\(.*\)/"reference": "luottamus",\1/; 0,/"adaptation": "as-is"/s//"adaptation": "own"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken as-is-without-reference <<'SH'
sed -i 's/"reference": "luottamus"/"reference": null/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken omitted-and-implemented <<'SH'
sed -i -z 's/"omitted": \[/"omitted": [\n    {\n      "element": "luottamus",\n      "reason": "Ei resursseja."\n    },/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken reference-neither-implemented-nor-omitted 0 <<'SH'
sed -i 's/"reference": "palveluihin-ohjaus"/"reference": null/; s/"reference": null,\n      "adaptation": "as-is"/&/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
sed -i -z 's/"reference": null,\n      "adaptation": "as-is"/"reference": null,\n      "adaptation": "own"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken duplicate-element-id <<'SH'
sed -i 's/"id": "asiakkaan-osallisuus"/"id": "jalkautuminen"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken undeclared-model <<'SH'
sed -i -z 's/"models": \[\n        "etsiva-sosiaalityo"\n      \]/"models": [\n        "etsiva-sosiaalityo",\n        "sosiaalinen-kuntoutus"\n      ]/' pilot.json
SH
broken duplicate-workshop <<'SH'
sed -i 's/"id": "tyopaja-2"/"id": "tyopaja-1"/' pilot.json
SH
broken workshops-out-of-order <<'SH'
sed -i 's/"date": "2022-09-20"/"date": "2022-01-20"/' pilot.json
SH
broken missing-main-language <<'SH'
sed -i '/"fi": "2. työpaja: arviointisuunnitelma"/s/"fi"/"en"/' pilot.json
SH
broken folder-mismatch <<'SH'
sed -i 's/"region": "kainuu"/"region": "lappi"/' regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken undeclared-region-folder <<'SH'
mkdir -p regions/lappi/etsiva-sosiaalityo && cp regions/kainuu/etsiva-sosiaalityo/* regions/lappi/etsiva-sosiaalityo/
SH
broken unexpected-file 0 <<'SH'
echo "muistiinpanoja" > regions/kainuu/etsiva-sosiaalityo/muistio.txt
SH
broken missing-file <<'SH'
rm regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH
broken missing-reference-model <<'SH'
rm -r models/etsiva-sosiaalityo
SH

# --- Markdown ------------------------------------------------------------------------
broken missing-section <<'SH'
sed -i 's/^## Ydinelementit$/## Ydinelementtejä/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken section-at-wrong-level <<'SH'
sed -i 's/^## Ydinelementit$/### Ydinelementit/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken empty-markdown <<'SH'
: > regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken invalid-utf8-markdown <<'SH'
sed -i 's/harvaan asuttu/harvaan \xc3\x28suttu/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken oversized-markdown <<'SH'
for i in $(seq 4000); do echo "Kappale $i: etsivä työ vaatii aikaa, luottamusta ja pysyviä työntekijöitä."; done >> regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken nul-in-markdown <<'SH'
printf 'teksti\0lisää\n' >> regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken markdown-is-a-folder <<'SH'
rm regions/kainuu/etsiva-sosiaalityo/program-theory.md && mkdir regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
# --- personal data --------------------------------------------------------------------
broken personal-identity-code <<'SH'
sed -i 's/^Kainuu on harvaan asuttu/Asiakas 131052-308T kertoi, että Kainuu on harvaan asuttu/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken identity-code-wrong-checksum 0 <<'SH'
sed -i 's/^Kainuu on harvaan asuttu/Tunniste 131052-308U: Kainuu on harvaan asuttu/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken identity-code-in-json <<'SH'
sed -i 's/"title": "Kokemusasiantuntijat"/"title": "Kokemusasiantuntija 010203A1230"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
grep -q 010203A1230 regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken phone-number <<'SH'
sed -i 's/"title": "Kokemusasiantuntijat"/"title": "Kokemusasiantuntijat, soita 040 123 4567"/' regions/kainuu/etsiva-sosiaalityo/logic-model.json
SH
broken unknown-email <<'SH'
sed -i 's/^Kainuu on harvaan asuttu/Yhteys: matti.asiakas@gmail.com. Kainuu on harvaan asuttu/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
SH
broken known-email-and-public-contact 0 <<'SH'
sed -i 's/^Kainuu on harvaan asuttu/Yhteys: paula.kemppainen@example.org tai neuvonta 08 6156 2100. Kainuu on harvaan asuttu/' regions/kainuu/etsiva-sosiaalityo/program-theory.md
sed -i 's/^  "theory_sections": \[/  "public_contacts": [\n    "08 6156 2100"\n  ],\n  "theory_sections": [/' pilot.json
grep -q public_contacts pilot.json
SH

broken symlinked-region-folder <<'SH'
mv regions/kainuu ../kainuu-elsewhere-$$ && ln -s "$(cd .. && pwd)/kainuu-elsewhere-$$" regions/kainuu
SH
broken symlinked-file <<'SH'
mv regions/kainuu/etsiva-sosiaalityo/evaluation.json ../evaluation-$$.json && ln -s "$(cd .. && pwd)/evaluation-$$.json" regions/kainuu/etsiva-sosiaalityo/evaluation.json
SH

finish
