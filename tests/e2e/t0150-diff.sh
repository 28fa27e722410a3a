#!/usr/bin/env bash
# pilotti diff on the example series: which region models changed, and how,
# against what git itself says changed.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done
AJV=$PILOTTI_SRC/tests/node_modules/.bin/ajv

git_region_models() { # FROM TO -> region/model per line, as git diff --stat names them
  git -C central.git diff --name-only "$1" "$2" -- regions/ | awk -F/ 'NF >= 4 { print $2 "/" $3 }' | sort -u
}
diff_region_models() { # the summary lines of pilotti diff -> region/model per line
  grep -oE '^[a-z0-9-]+ / [a-z0-9-]+' | tr -d ' ' | sort -u
}

for pair in "tp1 tp3" "tp1 tp2" "tp2 tp3"; do
  set -- $pair
  test_case "diff $1 $2 names exactly the region models git diff names"
  expect_status 0 pilotti -C central.git diff "$1" "$2" --color=never && {
    diff_region_models <"$TRASH/out" >got.txt
    git_region_models "workshop/$1" "workshop/$2" >want.txt
    [ -s want.txt ] || fail "git names nothing (test set-up)"
    cmp -s want.txt got.txt || { fail "region models differ from git's"; diff want.txt got.txt | head; }
  }
  pass
done

test_case "the JSON output validates against the shipped diff schema"
for pair in "tp1 tp3" "tp2 tp3"; do
  set -- $pair
  pilotti -C central.git diff "$1" "$2" --format json >"d-$1-$2.json" || fail "diff --format json"
  "$AJV" validate --spec=draft2020 -c ajv-formats --strict=true --all-errors \
    -s "$PILOTTI_SRC/templates/schemas/diff.schema.json" -d "d-$1-$2.json" >ajv.txt 2>&1 ||
    { fail "diff $1 $2 JSON invalid"; head -20 ajv.txt; }
done
pass

test_case "a renamed core element is reported as renamed, not removed and added"
pilotti -C central.git diff varsinais-suomi/etsiva-sosiaalityo tp2 tp3 --format json >ren.json
node -e '
  const d = JSON.parse(require("fs").readFileSync("ren.json", "utf8"));
  const ce = d.region_models[0].logic_model.core_elements;
  const r = ce.renamed.find(x => x.from === "ruoka-apujonot" && x.to === "jalkautuminen-ruoka-apuun");
  if (!r || ce.added.some(x => x.id === "jalkautuminen-ruoka-apuun") || ce.removed.some(x => x.id === "ruoka-apujonot")) process.exit(1);
' || fail "rename not recognised"
pilotti -C central.git diff varsinais-suomi/etsiva-sosiaalityo tp2 tp3 --color=never >ren.txt
grep -q "ruoka-apujonot -> jalkautuminen-ruoka-apuun" ren.txt || fail "text output lacks the rename"
pass

test_case "a pure reordering of core elements is no change to them"
pilotti -C central.git diff keski-suomi/matalan-kynnyksen-sosiaalityo tp2 tp3 --format json >ord.json
node -e '
  const d = JSON.parse(require("fs").readFileSync("ord.json", "utf8"));
  const ce = d.region_models[0].logic_model.core_elements;
  if (ce.added.length || ce.removed.length || ce.changed.length || ce.renamed.length) process.exit(1);
' || fail "reordering reported as a change"
pass

test_case "an adaptation change and a word diff in Finnish"
pilotti -C central.git diff lappi/etsiva-sosiaalityo tp1 tp2 --color=never >lap.txt
grep -q "adaptation: as-is -> adapted" lap.txt || { fail "adaptation change missing"; head -40 lap.txt; }
pass

test_case "the default compares the last closed workshop with the working tree"
git clone -q central.git work
sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
(cd work && expect_status 0 pilotti diff --color=never && {
  expect_out "Changes from workshop/tp3 to working tree"
  expect_out "lappi / etsiva-sosiaalityo"
})
(cd work && expect_status 0 pilotti diff lappi --color=never && expect_out "Kaksi")
pass

test_case "colour only when asked or on a terminal, never with NO_COLOR"
(cd work && pilotti diff lappi >plain.txt && ! grep -q $'\e\[' plain.txt) || fail "colour in a pipe"
(cd work && pilotti diff lappi --color=always | grep -q $'\e\[') || fail "no colour with --color=always"
pass

test_case "Markdown and HTML outputs escape what people wrote"
sed -i 's/"title": "Kaksi autoa"/"title": "<script>alert(1)<\/script> *kaksi* autoa"/' work/regions/lappi/etsiva-sosiaalityo/logic-model.json
(cd work && pilotti diff lappi --format html >h.html) || fail "html failed"
grep -q '<script>' work/h.html && fail "raw script tag in the HTML"
grep -q '&lt;script&gt;' work/h.html || fail "script not escaped in the HTML"
(cd work && pilotti diff lappi --format md >m.md) || fail "md failed"
grep -q '<script>' work/m.md && fail "raw script tag in the Markdown"
pass

test_case "bad arguments: plain messages"
expect_status 2 pilotti -C central.git diff tp1 tp9 && expect_err "cannot find revision 'tp9'"
expect_status 2 pilotti -C central.git diff --format xml && expect_err "text, md, html or json"
pass

finish
