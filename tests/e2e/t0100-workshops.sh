#!/usr/bin/env bash
# Workshops as immutable snapshots, and import of complete series folders,
# on real repositories; stock git reads what pilotti writes and vice versa.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"

test_case "import builds the history of the example series in a new bare repository"
for tp in tp1 tp2 tp3; do
  expect_status 0 pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp &&
    expect_out "closed as tag workshop/$tp"
  fsck_clean central.git
done
[ "$(git -C central.git rev-parse --is-bare-repository)" = true ] || fail "not bare"
[ "$(git -C central.git symbolic-ref HEAD)" = refs/heads/main ] || fail "HEAD is not main"
for tp in tp1 tp2 tp3; do
  [ "$(git -C central.git cat-file -t workshop/$tp)" = tag ] || fail "workshop/$tp is not an annotated tag"
  # The snapshot holds exactly the folder's files (plus the schemas).
  git -C central.git archive "workshop/$tp" | tar -x -C "$TRASH" --one-top-level="snap-$tp"
  diff -r -x schemas -x .gitattributes "$EXAMPLES/$tp" "snap-$tp" >/dev/null || fail "workshop/$tp differs from examples/thl-2022/$tp"
done
pass

test_case "import splits each workshop into a revision for the series and one per changed region"
git -C central.git log --format='%an|%s' workshop/tp1..workshop/tp2 >log.txt
grep -q '|Update the series for workshop tp2' log.txt || fail "no series revision"
grep -q '^Laura Hämäläinen|Revise Helsinki for workshop tp2' log.txt || fail "no Helsinki revision by its maintainer"
grep -q 'Satakunta' log.txt && fail "Satakunta did not change tp1->tp2 but got a revision"
[ "$(git -C central.git log -1 --format=%ad --date=short workshop/tp2)" = 2022-09-21 ] || fail "not dated on the workshop's day"
pass

test_case "the same import gives the same revisions (deterministic)"
for tp in tp1 tp2; do pilotti -C again.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null; done
[ "$(git -C again.git rev-parse workshop/tp2^{commit})" = "$(git -C central.git rev-parse workshop/tp2^{commit})" ] || fail "revision ids differ"
pass

test_case "workshop list shows date, status, revision and changes"
expect_status 0 pilotti -C central.git workshop list && {
  expect_out "tp1          2022-05-18 closed   $(git -C central.git rev-parse --short=7 workshop/tp1^{commit})"
  expect_out "16 of 19 region models"
}
pass

test_case "a closed workshop is never closed again nor moved, by close or import"
before=$(git -C central.git rev-parse workshop/tp2)
expect_status 1 pilotti -C central.git workshop close tp2 && expect_err "workshop 'tp2' is already closed"
expect_status 1 pilotti -C central.git import "$EXAMPLES/tp3" --workshop tp2 && expect_err "already closed"
[ "$(git -C central.git rev-parse workshop/tp2)" = "$before" ] || fail "the tag moved"
fsck_clean central.git
pass

test_case "close in a working clone: planned -> closed, tag message sums up the snapshot"
git clone -q central.git work
git -C work tag -d workshop/tp3 >/dev/null
expect_status 0 pilotti -C work workshop list && expect_out "tp3          2023-05-24 planned"
expect_status 0 pilotti -C work workshop close tp3 && expect_out "Closed workshop 'tp3'"
git -C work cat-file -p workshop/tp3 >tag.txt
grep -q '^tagger Testi Käyttäjä <testi@thl.example>' tag.txt || fail "tagger not from git config"
grep -q '^Workshop tp3: ' tag.txt || fail "no summary line"
grep -q '3 operating models, 14 regions, 19 region models.' tag.txt || fail "no counts"
fsck_clean work
pass

test_case "closing refuses an invalid series, an unknown workshop, and needs a repository"
git -C work tag -d workshop/tp3 >/dev/null
sed -i 's/"format": 1,/"format": 2,/' work/pilot.json
git -C work commit -qam "Break the series"
expect_status 1 pilotti -C work workshop close tp3 && { expect_err "pilot.json:3:"; expect_err "correct it before closing"; }
git -C work rev-parse -q --verify workshop/tp3 >/dev/null && fail "an invalid series was closed"
expect_status 2 pilotti -C central.git workshop close tp9 && expect_err "there is no workshop 'tp9'"
mkdir -p plain
expect_status 2 pilotti -C plain workshop list && expect_err "is not in a git repository"
pass

test_case "workshops closed with stock git (annotated or lightweight tags) are read"
git clone -q central.git g
git -C g tag -d workshop/tp3 >/dev/null
git -C g tag workshop/tp3 HEAD
expect_status 0 pilotti -C g workshop list && expect_out "tp3          2023-05-24 closed"
git -C g tag -d workshop/tp3 >/dev/null
git -C g tag -a workshop/tp3 -m "Suljettu käsin" HEAD
expect_status 0 pilotti -C g workshop list && expect_out "tp3          2023-05-24 closed"
pass

test_case "import refuses an invalid folder and an unknown workshop; nothing changes"
copy_series "$EXAMPLES/tp3" broken
sed -i 's/"format": 1,/"format": 2,/' broken/pilot.json
tip=$(git -C central.git rev-parse main)
expect_status 1 pilotti -C central.git import broken --workshop tp3 && expect_err "is not a valid series"
expect_status 2 pilotti -C central.git import "$EXAMPLES/tp3" --workshop tp9 && expect_err "no workshop 'tp9'"
expect_status 2 pilotti -C central.git import "$EXAMPLES/tp3" && expect_err "--workshop ID"
[ "$(git -C central.git rev-parse main)" = "$tip" ] || fail "main moved"
pass

test_case "import into a clone with main checked out updates the work tree, or refuses if it has changes"
git clone -q central.git co
git -C co tag -d workshop/tp3 >/dev/null
git -C co reset -q --hard workshop/tp2
expect_status 0 pilotti -C co import "$EXAMPLES/tp3" --workshop tp3
[ -z "$(git -C co status --porcelain)" ] || fail "work tree not up to date after import"
cmp -s co/pilot.json "$EXAMPLES/tp3/pilot.json" || fail "work tree does not show the import"
git -C co tag -d workshop/tp3 >/dev/null
git -C co reset -q --hard workshop/tp2
echo "muutos" >> co/regions/lappi/etsiva-sosiaalityo/program-theory.md
expect_status 1 pilotti -C co import "$EXAMPLES/tp3" --workshop tp3 && expect_err "has changes that are not committed"
grep -q muutos co/regions/lappi/etsiva-sosiaalityo/program-theory.md || fail "local change lost"
fsck_clean co
pass

test_case "--one-revision makes a single revision by the given author"
expect_status 0 pilotti -C one.git import "$EXAMPLES/tp1" --workshop tp1 --one-revision --author "Fasi Litaattori <fasi@thl.example>"
[ "$(git -C one.git rev-list --count main)" = 1 ] || fail "not one revision"
[ "$(git -C one.git log -1 --format='%an <%ae>')" = "Fasi Litaattori <fasi@thl.example>" ] || fail "wrong author"
pass

finish
