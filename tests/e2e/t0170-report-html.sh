#!/usr/bin/env bash
# The HTML and Markdown reports: a real browser (headless Chromium driven by
# playwright-core) checks the content against the data model and runs
# axe-core for WCAG 2.1 A/AA; the Nu Html Checker finds no errors; hostile
# content stays text; --template lays out with the facilitator's own.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
NODE_DIR=$PILOTTI_SRC/tests
SHOT_DIR=${PILOTTI_TEST_TMP:-$TRASH}/..
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done

test_case "the HTML report of the example series: content, WCAG 2.1 A/AA (axe-core), screenshot"
expect_status 0 pilotti -C central.git report -o report.html && expect_out "to report.html"
pilotti -C central.git report --format json >report.json
if [ ! -x /usr/bin/chromium ] || [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
  fail "Chromium or playwright-core missing: run 'make deps'"
else
  (cd "$NODE_DIR" && node browser/report-check.mjs "$TRASH/report.html" "$TRASH/report.json" "$SHOT_DIR/report-screenshot.png") >browser.txt 2>&1 ||
    { fail "browser check failed"; sed 's/^/    /' browser.txt | head -30; }
  grep -q "axe: 0 violations" browser.txt || fail "axe violations"
  [ -s "$SHOT_DIR/report-screenshot.png" ] || fail "no screenshot"
fi
pass

test_case "the HTML passes the Nu Html Checker with no errors"
if ! command -v java >/dev/null; then fail "java missing: run 'make deps'"; else
  java -jar "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only report.html >vnu.txt 2>&1 ||
    { fail "vnu reports errors"; head -20 vnu.txt | sed 's/^/    /'; }
fi
pass

test_case "the HTML is self-contained and deterministic"
grep -qiE '<script|<link |src="http|href="http|@import' report.html && fail "the page loads or runs something"
pilotti -C central.git report -o again.html >/dev/null
cmp -s report.html again.html || fail "two runs differ"
grep -q "$(git -C central.git rev-parse workshop/tp3^{commit})" report.html || fail "no commit id in the provenance footer"
grep -q '<html lang="fi">' report.html || fail "no language attribute"
pilotti -C central.git report --lang sv -o sv.html >/dev/null && grep -q '<html lang="sv">' sv.html || fail "--lang sv"
grep -q 'Kärnelement per område' sv.html || fail "Swedish labels missing"
pass

test_case "hostile content appears only as text in HTML, Markdown and JSON"
git clone -q central.git work
LM=work/regions/lappi/etsiva-sosiaalityo/logic-model.json
sed -i 's/"title": "Auto"/"title": "<script>alert(1)<\/script> \\" onmouseover=\\"alert(2) <img src=x onerror=alert(3)> javascript:alert(4)"/' $LM
grep -q '<script>alert(1)' $LM || fail "set-up: hostile title not written"
sed -i 's/"fi": "Lappi"/"fi": "Lappi <b onclick=\\"x\\">\\u0026 \x27quoted\x27"/' work/pilot.json
git -C work commit -qam "Vihamielinen sisältö"
git -C work push -q origin main
pilotti -C central.git report --at main -o hostile.html >/dev/null || fail "html report failed"
pilotti -C central.git report --at main --format md -o hostile.md >/dev/null || fail "md report failed"
# A tag is raw when its '<' is not escaped (HTML: &lt;, Markdown: \<).
for f in hostile.html hostile.md; do
  grep -qE '(^|[^\\])<script>alert' $f && fail "$f: raw script tag"
  grep -qE '(^|[^\\])<img src=x' $f && fail "$f: raw img tag"
  grep -qE '(^|[^\\])<b onclick' $f && fail "$f: raw element from a region name"
done
grep -qF 'Lappi \<b onclick' hostile.md || fail "the hostile region name is not shown escaped in Markdown"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' hostile.html || fail "the hostile text is not shown escaped"
if command -v java >/dev/null; then
  java -jar "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only hostile.html >vnu2.txt 2>&1 || { fail "hostile page not valid HTML"; head vnu2.txt; }
fi
pass

test_case "the Markdown report and --template"
expect_status 0 pilotti -C central.git report --format md && {
  expect_out "# Vertailuraportti: Sosiaalityön vaikuttavat toimintamallit"
  expect_out "| Valtakunnallinen ydinelementti |"
}
printf '<p>{{series.title}}: {{#models}}[{{id}}]{{/models}}</p>\n' >own.html
expect_status 0 pilotti -C central.git report --template own.html && expect_out "<p>Sosiaalityön vaikuttavat toimintamallit: [sosiaalinen-kuntoutus][matalan-kynnyksen-sosiaalityo][etsiva-sosiaalityo]</p>"
printf '{{#models}}\n{{id}}\n' >bad.html
expect_status 1 pilotti -C central.git report --template bad.html && expect_err "bad.html:3:1: unclosed section '{{#models}}' opened at 1:1"
expect_status 2 pilotti -C central.git report --template own.html --format csv && expect_err "html or md"
pass

finish
