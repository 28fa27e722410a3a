#!/usr/bin/env bash
# pilotti report: the data model (golden), the CSV read back, bare
# repositories, filters, languages and hostile content.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done
GOLDEN=$DATA/report/thl-2022-tp3.json

normalise() { # the commit id changes with every change to the shipped schemas
  sed -E 's/"commit": "[0-9a-f]{40}"/"commit": "COMMIT"/; s/"version": "[^"]*"/"version": "VERSION"/'
}

test_case "the report's data model on the example series equals the golden file"
expect_status 0 pilotti -C central.git report --at tp3 --format json && {
  normalise <"$TRASH/out" >report.json
  if [ "${PILOTTI_UPDATE_GOLDEN:-}" = 1 ]; then cp report.json "$GOLDEN"; fi
  test_cmp "$GOLDEN" report.json
}
pass

test_case "by default the last closed workshop, compared with the one before"
expect_status 0 pilotti -C central.git report --format json && {
  expect_out '"name": "workshop/tp3"'
  expect_out '"previous": "workshop/tp2"'
}
pass

test_case "every region and model of the series is in the report, matrix cells match the files"
node -e '
  const fs = require("fs"), path = require("path");
  const rep = JSON.parse(fs.readFileSync("report.json", "utf8"));
  const ex = process.argv[1];
  const pilot = JSON.parse(fs.readFileSync(path.join(ex, "pilot.json"), "utf8"));
  let fail = (m) => { console.error(m); process.exit(1); };
  for (const m of pilot.models) {
    const rm = rep.models.find(x => x.id === m.id); if (!rm) fail("model " + m.id);
    const regs = pilot.regions.filter(r => r.models.includes(m.id)).map(r => r.id);
    if (JSON.stringify(rm.regions.map(r => r.id)) !== JSON.stringify(regs)) fail("regions of " + m.id);
    for (const row of rm.matrix) row.cells.forEach((c) => {
      const lm = JSON.parse(fs.readFileSync(path.join(ex, "regions", c.region, m.id, "logic-model.json"), "utf8"));
      const ev = JSON.parse(fs.readFileSync(path.join(ex, "regions", c.region, m.id, "evaluation.json"), "utf8"));
      const impl = lm.core_elements.filter(e => e.reference === row.id);
      const om = lm.omitted.find(o => o.element === row.id);
      const want = om ? "omitted" : impl.length === 0 ? "missing" : impl.some(e => e.adaptation === "adapted") ? "adapted" : "as-is";
      if (c.state !== want) fail(c.region + "/" + row.id + ": " + c.state + " != " + want);
      const rs = impl.map(e => (ev.fidelity.find(f => f.element === e.id) || {}).rating).filter(r => Number.isInteger(r));
      const wantF = rs.length ? Math.min(...rs) : null;
      if (c.fidelity.rating !== wantF) fail(c.region + "/" + row.id + " fidelity " + c.fidelity.rating + " != " + wantF);
    });
  }
' "$EXAMPLES/tp3" || fail "the matrix does not match the data"
pass

test_case "the CSV reads back with Python's csv module to the rows the JSON holds"
expect_status 0 pilotti -C central.git report --at tp3 --format csv -o report.csv && expect_out "Wrote the report on workshop/tp3 to report.csv"
pilotti -C central.git report --at tp3 --format json >full.json
python3 - report.csv full.json <<'PY' || fail "CSV and JSON disagree"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
rep = json.load(open(sys.argv[2], encoding="utf-8"))
want = []
for m in rep["models"]:
    for j, det in enumerate(m["region_details"]):
        for row in m["matrix"]:
            c = row["cells"][j]
            f = c["fidelity"]["rating"]
            want.append((det["id"], m["id"], row["id"], c["state"], "" if f is None else str(f)))
        for o in m["own_elements"]:
            if o["region"] == det["id"]:
                f = o["fidelity"]["rating"]
                want.append((det["id"], m["id"], "", "own", "" if f is None else str(f)))
got = [(r["region"], r["model"], r["reference"], r["adaptation"], r["fidelity"]) for r in rows]
assert got == want, (len(got), len(want))
assert all(r["workshop"] == "tp3" for r in rows)
PY
head -c 3 report.csv | od -An -c | grep -q '"' || fail "CSV does not start with a quoted header"
grep -q $'\r$' report.csv || fail "CSV lines do not end in CRLF"
pass

test_case "filters and languages"
expect_status 0 pilotti -C central.git report --at tp3 --format json --model etsiva-sosiaalityo --region lappi --region helsinki && {
  grep -c '"id": "etsiva-sosiaalityo"' "$TRASH/out" | grep -qx 1 || fail "more than one model"
  expect_out '"region_models": 2'
}
expect_status 0 pilotti -C central.git report --format json --lang sv && expect_out '"core_element_matrix": "Kärnelement per område"'
expect_status 0 pilotti -C central.git report --format json --lang en && expect_out '"as_is": "as is"'
expect_status 2 pilotti -C central.git report --lang de && expect_err "fi, sv or en"
expect_status 2 pilotti -C central.git report --format pdf && expect_err "html, md, json or csv"
pass

test_case "hostile content stays text: the program theory HTML is safe"
git clone -q central.git work
LM=work/regions/lappi/etsiva-sosiaalityo/logic-model.json
PT=work/regions/lappi/etsiva-sosiaalityo/program-theory.md
printf '\n<script>alert(1)</script>\n\n[klikkaa](javascript:alert(1)) <img src=x onerror=alert(2)>\n' >> $PT
git -C work commit -qam "Vihamielinen sisältö"
git -C work push -q origin main
expect_status 0 pilotti -C central.git report --at main --format json --region lappi --model etsiva-sosiaalityo && {
  grep -q '<script>' "$TRASH/out" && fail "raw script tag in the program theory HTML"
  grep -q 'javascript:' "$TRASH/out" && fail "javascript: link kept"
  grep -q 'onerror=alert' "$TRASH/out" && grep -q '<img src=x onerror' "$TRASH/out" && fail "raw img tag kept"
}
pass

finish
