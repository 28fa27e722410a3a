#!/usr/bin/env bash
# make demo's script: the example series' full history as a bare
# repository holding the three workshops as tags.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"

test_case "the demo builds the history and checks every workshop"
expect_status 0 sh "$PILOTTI_SRC/examples/demo.sh" "$PILOTTI" demo && {
  expect_out "Imported"
  expect_out "The example series with its history (a bare repository): $TRASH/demo/thl-2022.git"
  [ "$(grep -c 'valid: no problems found' "$TRASH/out")" -eq 3 ] || fail "not every workshop was valid"
  expect_out "The comparison report at the final seminar (tp3): $TRASH/demo/report-tp3.html"
  grep -q '<html lang="fi">' demo/report-tp3.html || fail "no HTML report"
}
pass

test_case "the demo repository holds the three workshops as annotated tags"
[ "$(git -C demo/thl-2022.git tag -l 'workshop/*' | tr '\n' ' ')" = "workshop/tp1 workshop/tp2 workshop/tp3 " ] || fail "tags: $(git -C demo/thl-2022.git tag -l)"
for tp in tp1 tp2 tp3; do
  [ "$(git -C demo/thl-2022.git cat-file -t workshop/$tp)" = tag ] || fail "workshop/$tp is not annotated"
  [ -s demo/validate-$tp.json ] || fail "no findings file for $tp"
done
fsck_clean demo/thl-2022.git
pass

test_case "running the demo again gives the same repository"
first=$(git -C demo/thl-2022.git rev-parse workshop/tp3)
expect_status 0 sh "$PILOTTI_SRC/examples/demo.sh" "$PILOTTI" demo
[ "$(git -C demo/thl-2022.git rev-parse workshop/tp3)" = "$first" ] || fail "a different history the second time"
pass

finish
