// Opens a report in headless Chromium (Debian's package) with
// playwright-core, checks its content against the report's JSON data
// model, runs axe-core for WCAG 2.1 A/AA and saves a screenshot.
// Usage: node report-check.mjs REPORT.html REPORT.json SCREENSHOT.png
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [html, json, shot] = process.argv.slice(2);
const data = JSON.parse(readFileSync(json, "utf8"));
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const failures = [];
const fail = (m) => failures.push(m);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto("file://" + html);

  // Every model and region is present; every matrix cell says what the data says.
  for (const m of data.models) {
    const heading = page.locator(`#model-${m.id}`);
    if (await heading.count() !== 1) fail(`no heading for model ${m.id}`);
    const table = page.locator(`#model-${m.id} ~ table.matrix`).first();
    const headers = await table.locator("thead th").allInnerTexts();
    const names = m.regions.map((r) => r.name);
    if (JSON.stringify(headers.slice(1)) !== JSON.stringify(names)) fail(`matrix columns of ${m.id}: ${headers}`);
    const rows = table.locator("tbody tr");
    if (await rows.count() !== m.matrix.length) fail(`matrix rows of ${m.id}`);
    for (let i = 0; i < m.matrix.length; i++) {
      const cells = await rows.nth(i).locator("td").allInnerTexts();
      m.matrix[i].cells.forEach((c, j) => {
        const text = cells[j] || "";
        if (!text.includes(c.state_label) || !text.includes(c.fidelity.label) || !text.includes(c.fidelity.symbol))
          fail(`${m.id}/${m.matrix[i].id}/${c.region}: "${text}" lacks ${c.state_label}, ${c.fidelity.label}`);
      });
    }
    for (const r of m.regions)
      if (await page.locator(`#region-${r.id}-${m.id}`).count() !== 1) fail(`no section for ${r.id} in ${m.id}`);
  }
  if (requests.length) fail(`the page made requests: ${requests.join(", ")}`);
  if (await page.locator("script").count() !== 0) fail("the page holds a script element");

  // axe-core: WCAG 2.0/2.1 A and AA.
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of result.violations)
    fail(`axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target}`);
  await page.screenshot({ path: shot, fullPage: false });
  console.log(`checked ${data.models.length} models, ${data.summary.regions} regions; axe: ${result.violations.length} violations, ${result.passes.length} rules passed; screenshot ${shot}`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error("not ok: " + f);
  process.exit(1);
}
