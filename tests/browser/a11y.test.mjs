// axe-core in Chromium on every page type of the demo site: no violation of
// the WCAG 2.1 A and AA rules (JIS X 8341-3:2016 AA asks for WCAG 2.0 AA).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { useSite } from "./support.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PAGES = {
  home: "",
  city: "mine/",
  plan: "mine/comprehensive/",
  "plan (filtered)": "mine/comprehensive/?status=worsened&category=3",
  status: "arao/reform/status/partly/",
  category: "mine/comprehensive/category/3/",
  "status (none)": "ube/reform/status/none/",
  "item with chart": "mine/reform/10/",
  "item with disagreement": "sanyo-onoda/reform/10/",
  "item without KPI": "arao/reform/14/",
  print: "sanyo-onoda/reform/print/",
  "not found": "no/such/page/",
};

const site = useSite();

for (const [name, path] of Object.entries(PAGES)) {
  test(`axe finds no WCAG 2.1 A/AA violation on the ${name} page`, async () => {
    const page = await site.chrome.newPage();
    await page.goto(`${site.server.base}/${path}`);
    if (path.endsWith("print/")) await page.waitForSelector("html[data-paged=done]", { timeout: 120_000 });
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    const violations = result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
    assert.deepEqual(violations, [], `/${path}`);
    assert.ok(result.passes.length > 3, `axe ran its rules (${result.passes.length} passed)`);
    await page.close();
  });
}
