#!/usr/bin/env bash
# pilotti show: a region's model as it is now, or as it was at each
# workshop, from a working tree or a bare repository.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done

for tp in tp1 tp2 tp3; do
  test_case "show at workshop $tp, in a bare repository, matches that snapshot's files"
  expect_status 0 pilotti -C central.git show lappi/etsiva-sosiaalityo --at $tp && {
    expect_out "Lappi – Etsivä sosiaalityö"
    expect_out "lappi/etsiva-sosiaalityo at refs/tags/workshop/$tp ("
    # Every core element of the snapshot appears, and the program theory verbatim.
    for id in $(grep -o '"id": "[^"]*"' "$EXAMPLES/$tp/regions/lappi/etsiva-sosiaalityo/logic-model.json" | cut -d'"' -f4); do
      grep -q -- "- $id: " "$TRASH/out" || fail "$tp: $id missing"
    done
    sed -n '/^PROGRAM THEORY$/,$p' "$TRASH/out" | tail -n +3 >theory.txt
    cmp -s theory.txt "$EXAMPLES/$tp/regions/lappi/etsiva-sosiaalityo/program-theory.md" || fail "$tp: program theory differs"
  }
  pass
done

test_case "the change between workshops shows: as-is at tp1, adapted at tp2"
pilotti -C central.git show lappi/etsiva-sosiaalityo --at tp1 | grep -q 'sama-tyontekija: .*\[as is: sama-tyontekija\]' || fail "tp1 not as is"
pilotti -C central.git show lappi/etsiva-sosiaalityo --at tp2 | grep -q 'sama-tyontekija: .*\[adapted: sama-tyontekija\]' || fail "tp2 not adapted"
pass

test_case "--format json gives the data, equal to the files at that workshop"
expect_status 0 pilotti -C central.git show helsinki/etsiva-sosiaalityo --at tp2 --format json && {
  expect_out '"series": "thl-2022"'
  expect_out '"logic_model": {'
  expect_out '"program_theory": "'
  node -e '
    const fs = require("fs");
    const got = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const lm = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    const ev = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
    const pt = fs.readFileSync(process.argv[4], "utf8");
    delete lm["$schema"]; delete ev["$schema"];
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(got.logic_model, lm) || !same(got.evaluation, ev) || got.program_theory !== pt) process.exit(1);
  ' "$TRASH/out" "$EXAMPLES/tp2/regions/helsinki/etsiva-sosiaalityo/logic-model.json" \
    "$EXAMPLES/tp2/regions/helsinki/etsiva-sosiaalityo/evaluation.json" \
    "$EXAMPLES/tp2/regions/helsinki/etsiva-sosiaalityo/program-theory.md" || fail "JSON differs from the files"
}
pass

test_case "show by revision id and in a bare repository without --at (main)"
expect_status 0 pilotti -C central.git show pohjanmaa/sosiaalinen-kuntoutus --at "$(git -C central.git rev-parse workshop/tp1^{commit})" && expect_out "Österbotten"
expect_status 0 pilotti -C central.git show pohjanmaa/sosiaalinen-kuntoutus && expect_out "at main ("
pass

test_case "show in a working tree shows the files as they are now"
git clone -q central.git work
sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
(cd work/regions && expect_status 0 pilotti show lappi/etsiva-sosiaalityo && expect_out "Kaksi autoa")
(cd work && expect_status 0 pilotti show lappi/etsiva-sosiaalityo --at tp3 && grep -q "Kaksi autoa" "$TRASH/out" && fail "--at showed the work tree")
pass

test_case "unknown region, model not piloted, bad arguments: plain messages"
expect_status 2 pilotti -C central.git show kainuu/etsiva-sosiaalityo && expect_err "there is no region 'kainuu'"
expect_status 2 pilotti -C central.git show lappi/sosiaalinen-kuntoutus && expect_err "region 'lappi' does not pilot 'sosiaalinen-kuntoutus'"
expect_status 2 pilotti -C central.git show lappi && expect_err "REGION/MODEL"
expect_status 2 pilotti -C central.git show lappi/etsiva-sosiaalityo --at tp9 && expect_err "cannot find revision 'tp9'"
expect_status 2 pilotti -C central.git show Kainuu/etsiva && expect_err "is not a region and model"
pass

test_case "a broken file is reported, not shown half"
echo '{' > work/regions/lappi/etsiva-sosiaalityo/evaluation.json
(cd work && expect_status 1 pilotti show lappi/etsiva-sosiaalityo && expect_err "'pilotti validate' tells why")
pass

finish
