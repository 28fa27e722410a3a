#!/usr/bin/env bash
# Reading through the object database: validate --rev works on any
# revision, in bare repositories too, with history written by stock git.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"

# History made with the git command line: one commit and tag per workshop.
git init -q work
for tp in tp1 tp2 tp3; do
  find work -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  cp -R "$EXAMPLES/$tp/." work/
  git -C work add -A
  git -C work commit -q -m "Workshop $tp"
  git -C work tag -a "workshop/$tp" -m "Workshop $tp"
done
# A later revision that breaks the rules.
sed -i 's/"format": 1,/"format": 1,\n  "format": 2,/' work/pilot.json
git -C work commit -q -am "Broken revision"
git clone -q --bare work central.git

for tp in tp1 tp2 tp3; do
  test_case "validate --rev workshop/$tp in a bare repository"
  expect_status 0 pilotti -C central.git validate --rev "workshop/$tp" && {
    expect_out "pilot series 'thl-2022' in workshop/$tp ("
    expect_out "valid: no problems found"
  }
  pass
done

test_case "a broken revision is reported with its line, without a checkout"
expect_status 1 pilotti --repo central.git validate --rev main && {
  expect_out "pilot.json:4:"
  expect_out "the key 'format' appears twice in the same object"
}
expect_status 0 pilotti --repo central.git validate --rev main~1
expect_status 0 pilotti --repo=central.git validate --rev "$(git -C work rev-parse workshop/tp2)"
pass

test_case "the working tree is read when no revision is given"
expect_status 1 pilotti -C work validate
(cd work && git stash -q 2>/dev/null; git checkout -q workshop/tp3 && expect_status 0 pilotti validate)
pass

test_case "from a subfolder, the series is found upwards"
(cd work/regions/kainuu 2>/dev/null || cd work/regions/helsinki; expect_status 0 pilotti validate -q)
pass

test_case "named paths limit the report to those files and folders"
cp -R "$EXAMPLES/tp3" named
sed -i '0,/"rating": "[a-z-]*"/s//"rating": "medium"/' named/regions/helsinki/etsiva-sosiaalityo/evaluation.json
(cd named && expect_status 1 pilotti validate -q regions/helsinki && expect_out "regions/helsinki/etsiva-sosiaalityo/evaluation.json:")
(cd named/regions && expect_status 1 pilotti validate -q helsinki/etsiva-sosiaalityo/evaluation.json && expect_out "must be one of")
(cd named && expect_status 0 pilotti validate -q regions/lappi && [ ! -s "$TRASH/out" ] || fail "findings outside the named folder shown")
(cd named && expect_status 2 pilotti validate regions/ei-ole && expect_err "cannot find 'regions/ei-ole'")
(cd named && expect_status 2 pilotti validate / && expect_err "is outside the pilot series")
sed -i 's/"format": 1,/"format": "1",/' named/pilot.json
(cd named && expect_status 1 pilotti validate -q regions/lappi && expect_out "pilot.json:3:")
pass

test_case "validate --rev with an unknown revision: exit 2 and a plain message"
expect_status 2 pilotti -C central.git validate --rev workshop/tp9 && expect_err "cannot find revision 'workshop/tp9'"
pass

test_case "validate --rev outside any repository: exit 2"
mkdir -p empty
expect_status 2 pilotti -C empty validate --rev main && expect_err "is not in a git repository"
pass

test_case "a plain folder that is no repository at all validates"
cp -R "$EXAMPLES/tp2" plain
expect_status 0 pilotti -C plain validate
pass

test_case "git fsck stays clean (pilotti only read)"
fsck_clean central.git
pass

finish
