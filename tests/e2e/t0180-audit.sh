#!/usr/bin/env bash
# pilotti audit: existing history checked by commit author - who changed
# what, and that the series was valid and free of personal data at every
# revision.  The history is made with stock git, bypassing pilotti commit.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done

test_case "the imported history of the example series has no violations"
expect_status 0 pilotti -C central.git audit && expect_out "No violations"
expect_status 0 pilotti -C central.git audit tp1..tp3
pass

git clone -q central.git work
as_sari() { git -C work -c user.name="Sari Ylitalo" -c user.email=sari.ylitalo@lappi.example "$@"; }
as_laura() { git -C work -c user.name="Laura Hämäläinen" -c user.email=laura.hamalainen@helsinki.example "$@"; }

sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
as_sari commit -qam "Lappi: oma muutos"
ok_commit=$(git -C work rev-parse HEAD)
sed -i 's/"title": "Kaksi autoa"/"title": "Kolme autoa"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
as_laura commit -qam "Helsinki muuttaa Lappia"
bad_rights=$(git -C work rev-parse --short=7 HEAD)
sed -i '0,/"adaptation": "as-is"/s//"adaptation": "asis"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
as_sari commit -qam "Rikki"
bad_valid=$(git -C work rev-parse --short=7 HEAD)
sed -i '0,/"adaptation": "asis"/s//"adaptation": "as-is"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
printf '\nAsiakas 131052-308T.\n' >> work/regions/lappi/etsiva-sosiaalityo/program-theory.md
as_sari commit -qam "Henkilötunnus"
bad_hetu=$(git -C work rev-parse --short=7 HEAD)

test_case "a change to another region's files is listed with the revision, file and who may"
expect_status 1 pilotti -C work audit && {
  expect_out "$bad_rights regions/lappi/etsiva-sosiaalityo/logic-model.json: laura.hamalainen@helsinki.example may not change this file: only the maintainers of region 'lappi'"
}
grep -q "^$(git -C work rev-parse --short=7 "$ok_commit")" "$TRASH/out" && fail "an allowed revision was listed"
pass

test_case "a revision with an invalid series and one with personal data are listed"
expect_out "$bad_valid regions/lappi/etsiva-sosiaalityo/logic-model.json: line "
expect_out "must be one of 'as-is', 'adapted' or 'own', not 'asis'"
expect_out "$bad_hetu regions/lappi/etsiva-sosiaalityo/program-theory.md: line "
expect_out "looks like a personal identity code (henkilötunnus): '13****-***T'"
grep -q "131052-308T" "$TRASH/out" && fail "the code itself was printed"
pass

test_case "a range limits the audit; bad ranges are refused plainly"
expect_status 0 pilotti -C work audit "tp3..$ok_commit"
expect_status 1 pilotti -C work audit "$ok_commit..HEAD" && expect_out "3 violations" 
expect_status 2 pilotti -C work audit tp9..HEAD && expect_err "cannot find revision 'tp9'"
pass

finish
