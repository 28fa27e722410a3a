#!/usr/bin/env bash
# pilotti commit and status: validated revisions, who may change what.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done
git clone -q central.git work
cd work
SARI="Sari Ylitalo <sari.ylitalo@lappi.example>"
LAURA="Laura Hämäläinen <laura.hamalainen@helsinki.example>"
FASI="Riikka Lehtonen <riikka.lehtonen@thl.example>"
LM=regions/lappi/etsiva-sosiaalityo/logic-model.json
head_is() { [ "$(git rev-parse HEAD)" = "$1" ] || fail "HEAD moved: $2"; }

test_case "status groups changes by region and model, since the last revision and workshop"
sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' $LM
echo "Muistiinpanoja" > regions/lappi/muistio.md
expect_status 0 pilotti status && {
  expect_out "region lappi, model etsiva-sosiaalityo"
  expect_out "modified logic-model.json"
  expect_out "added    muistio.md"
  expect_out "Changed since workshop tp2 (2022-09-21):"
}
rm regions/lappi/muistio.md
pass

test_case "a maintainer commits a change to their own region"
before=$(git rev-parse HEAD)
expect_status 0 pilotti commit -m "Toinen auto käyttöön" --author "$SARI" && expect_out "Committed revision"
[ "$(git rev-parse HEAD~1)" = "$before" ] || fail "not on top of the last revision"
[ "$(git log -1 --format='%an <%ae>|%s')" = "$SARI|Toinen auto käyttöön" ] || fail "author or message wrong"
[ -z "$(git status --porcelain)" ] || { fail "git status not clean after commit"; git status --short; }
git show --stat HEAD | grep -q "regions/lappi/etsiva-sosiaalityo/logic-model.json" || fail "file not in the revision"
fsck_clean .
pass

test_case "a maintainer may not change another region's files; nothing is committed"
before=$(git rev-parse HEAD)
sed -i 's/"title": "Kaksi autoa"/"title": "Kolme autoa"/' $LM
expect_status 1 pilotti commit -m "Laura muuttaa Lappia" --author "$LAURA" && {
  expect_err "laura.hamalainen@helsinki.example may not change this file: only the maintainers of region 'lappi' (sari.ylitalo@lappi.example) and the facilitators"
  expect_err "nothing was committed"
}
head_is "$before" "refused change committed"
pass

test_case "a maintainer may not change the series' own files; a facilitator may change anything"
sed -i 's/"title": "Kolme autoa"/"title": "Kaksi autoa"/' $LM
sed -i 's/"fi": "2. työpaja"/"fi": "2. työpaja (syyskuu)"/' pilot.json
expect_status 1 pilotti commit -m "Nimi" --author "$SARI" && expect_err "only the series' facilitators may (riikka.lehtonen@thl.example"
head_is "$before" "refused change committed"
expect_status 0 pilotti commit -m "Työpajan nimi" --author "$FASI"
git show --stat HEAD | grep -q pilot.json || fail "pilot.json not committed"
pass

test_case "anyone else is refused with who may"
sed -i 's/"title": "Kaksi autoa"/"title": "Auto ja mopo"/' $LM
expect_status 1 pilotti commit -m "Vieras" && expect_err "testi@thl.example may not change this file"
pass

test_case "an invalid series is refused with the findings; nothing is committed"
before=$(git rev-parse HEAD)
sed -i '0,/"adaptation": "as-is"/s//"adaptation": "asis"/' $LM
expect_status 1 pilotti commit -m "Rikki" --author "$SARI" && {
  expect_err "$LM:"
  expect_err "must be one of 'as-is', 'adapted' or 'own', not 'asis'"
  expect_err "the series is not valid; nothing was committed"
}
head_is "$before" "an invalid series was committed"
git checkout -q -- $LM
pass

test_case "deleting and adding files of one's own region"
expect_status 0 pilotti commit -m "Auto ja mopo" --author "$SARI" 2>/dev/null || true
git checkout -q -- . 2>/dev/null
cp regions/lappi/etsiva-sosiaalityo/program-theory.md "$TRASH/pt.md"
printf '# Liite\n' > regions/lappi/liite.md
expect_status 0 pilotti commit -m "Liite" --author "$SARI" && expect_out "added     regions/lappi/liite.md"
rm regions/lappi/liite.md
expect_status 0 pilotti commit -m "Liite pois" --author "$SARI" && expect_out "removed   regions/lappi/liite.md"
git cat-file -e HEAD:regions/lappi/liite.md 2>/dev/null && fail "deleted file still in the revision"
[ -z "$(git status --porcelain)" ] || fail "git status not clean"
fsck_clean .
pass

test_case "the personal-data guard: a valid henkilötunnus is refused, the same digits with a wrong checksum pass"
before=$(git rev-parse HEAD)
PT=regions/lappi/etsiva-sosiaalityo/program-theory.md
printf '\nHaastateltu asiakas 131052-308T kertoi palveluista.\n' >> $PT
expect_status 1 pilotti commit -m "Haastattelu" --author "$SARI" && {
  expect_err "$PT:"
  expect_err "looks like a personal identity code (henkilötunnus): '13****-***T'"
  grep -q "131052-308T" "$TRASH/err" && fail "the code itself was printed"
}
head_is "$before" "personal data committed"
sed -i 's/131052-308T/131052-308U/' $PT
expect_status 0 pilotti commit -m "Tunniste ilman tarkistetta" --author "$SARI"
pass

test_case "phone numbers and e-mail addresses of nobody in pilot.json are refused; public contacts pass"
printf '\nSoita 040 765 4321 tai kirjoita asiakas@example.com.\n' >> $PT
expect_status 1 pilotti commit -m "Yhteystiedot" --author "$SARI" && {
  expect_err "phone number '*** *** **21' is not a public contact in pilot.json"
  expect_err "e-mail address 'a***@example.com' belongs to nobody in pilot.json"
}
sed -i 's/^  "theory_sections": \[/  "public_contacts": [\n    "040 765 4321",\n    "asiakas@example.com"\n  ],\n  "theory_sections": [/' pilot.json
expect_status 0 pilotti commit -m "Julkiset yhteystiedot" --author "$FASI"
pass

test_case "nothing to commit is said plainly"
expect_status 0 pilotti commit -m "Ei mitään" --author "$SARI" && expect_out "Nothing to commit"
pass

test_case "commit needs a message, a work tree and a branch"
expect_status 2 pilotti commit && expect_err "-m MESSAGE"
expect_status 2 pilotti -C "$TRASH/central.git" commit -m x && expect_err "a bare repository has no files to commit"
git checkout -q --detach
expect_status 2 pilotti commit -m x && expect_err "not on a branch"
git checkout -q main
pass

test_case "what pilotti commits, git reads; what git commits, pilotti builds on"
echo >> regions/lappi/etsiva-sosiaalityo/program-theory.md
git -c user.name="Sari Ylitalo" -c user.email=sari.ylitalo@lappi.example commit -qam "Tyhjä rivi gitillä"
sed -i 's/"title": "Auto ja mopo"/"title": "Auto"/' $LM 2>/dev/null
sed -i 's/"title": "Kaksi autoa"/"title": "Auto"/' $LM 2>/dev/null
expect_status 0 pilotti commit -m "Takaisin yhteen autoon" --author "$SARI"
git log -3 --format=%s | head -2 | grep -q "Tyhjä rivi gitillä" || fail "git's commit not the parent"
fsck_clean .
pass

finish
