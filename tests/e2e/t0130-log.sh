#!/usr/bin/env bash
# pilotti log: the revisions that touched a region or region model, with
# the workshops between them; its commit set equals git log -- PATH.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done

# Merges made with stock git on top: two people work in parallel.
git clone -q central.git a
git clone -q central.git b
sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' a/regions/lappi/etsiva-sosiaalityo/logic-model.json
git -C a commit -qam "Lappi: toinen auto"
echo >> b/regions/helsinki/etsiva-sosiaalityo/program-theory.md
git -C b commit -qam "Helsinki: tyhjä rivi"
git -C b pull -q --no-rebase --no-edit ../a main 2>/dev/null || git -C b pull -q --no-rebase --no-edit "$TRASH/a" main
echo >> b/regions/lappi/etsiva-sosiaalityo/program-theory.md
git -C b commit -qam "Lappi: tyhjä rivi"
git -C b push -q origin main

commits_of() { # output of pilotti log -> one id per line (short ids expanded)
  grep -oE '^[0-9a-f]{7}  ' "$1" | tr -d ' ' | while read -r h; do git -C central.git rev-parse "$h"; done
}

test_case "the history holds a merge made with stock git"
[ -n "$(git -C central.git rev-list --merges main)" ] || fail "no merge commit was made"
pass

test_case "pilotti log's commit set equals git log -- PATH for every region and region model"
for p in "" lappi lappi/etsiva-sosiaalityo helsinki helsinki/etsiva-sosiaalityo helsinki/matalan-kynnyksen-sosiaalityo satakunta pohjanmaa/sosiaalinen-kuntoutus; do
  if [ -n "$p" ]; then
    pilotti -C central.git log "$p" >log.txt || fail "log $p failed"
    git -C central.git log --format=%H main -- "regions/$p" >want.txt
  else
    pilotti -C central.git log >log.txt || fail "log failed"
    git -C central.git log --format=%H main >want.txt
  fi
  commits_of log.txt >got.txt
  cmp -s want.txt got.txt || { fail "log '$p' differs from git log"; diff want.txt got.txt | head -5; }
done
pass

test_case "a merge that only brought in another region's change is not listed (git's simplification)"
pilotti -C central.git log helsinki/etsiva-sosiaalityo >log.txt
grep -q "Merge" log.txt && fail "a TREESAME merge was listed"
grep -q "Helsinki: tyhjä rivi" log.txt || fail "the Helsinki change is missing"
pass

test_case "--since and --until take workshop ids or revisions, like SINCE..UNTIL"
pilotti -C central.git log lappi --since tp1 --until tp3 >log.txt
commits_of log.txt >got.txt
git -C central.git log --format=%H workshop/tp1..workshop/tp3 -- regions/lappi >want.txt
cmp -s want.txt got.txt || fail "range by workshops differs from git"
pilotti -C central.git log --since "$(git -C central.git rev-parse workshop/tp3)" >log.txt
commits_of log.txt >got.txt
git -C central.git log --format=%H workshop/tp3..main >want.txt
cmp -s want.txt got.txt || fail "range by revision differs from git"
pass

test_case "workshops appear between the revisions, with author, date and message"
pilotti -C central.git log lappi/etsiva-sosiaalityo >log.txt
grep -q '^=== workshop tp2 (2022-09-21): 2. työpaja ===$' log.txt || fail "no tp2 marker"
grep -q 'Sari Ylitalo <sari.ylitalo@lappi.example>' log.txt || fail "no author"
grep -q '2022-09-21 12:' log.txt || fail "no date"
awk '/=== workshop tp3/{w=NR} /Lappi: toinen auto/{c=NR} END{exit !(c && w && c < w)}' log.txt || fail "the later revision is not above the tp3 marker"
pass

test_case "log works in a working clone, and refuses bad input plainly"
expect_status 0 pilotti -C b log lappi
expect_status 2 pilotti -C central.git log ../x && expect_err "is not a region or REGION/MODEL"
expect_status 2 pilotti -C central.git log --since tp9 && expect_err "cannot find revision 'tp9'"
expect_status 0 pilotti -C central.git log kainuu && expect_out "No revisions changed kainuu."
fsck_clean central.git
pass

finish
