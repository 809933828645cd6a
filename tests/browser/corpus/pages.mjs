// The phone and chart checks on a generated corpus (examples/corpus/generate.rs,
// built by tests/browser.rs), not only on the demo: every page of every kind
// at 360 and 1280 px — nothing wider than the screen, no text cut off, chart
// text at least 12 px and inside its chart, the report year of every KPI and
// schedule table in view on a phone, lists stacked on a phone, and the
// opening sentence on city and plan pages; search finds items by their
// titles and keeps to a city. The corpus has what the demo
// lacks in numbers: yen in the billions, decimals, estimates, gaps, titles
// with long URLs, a scale without colours, two graded years.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { SITE, useSite, plans } from "../support.mjs";
import { overflows, chartTexts, yearTables } from "../checks.mjs";

const site = useSite();

/** Every page of the site as a path below its root ("" for the home page). */
async function pages() {
  const out = [];
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== "vendor") await walk(join(dir, e.name));
      else if (e.name === "index.html") out.push(relative(SITE, dir).split(sep).join("/"));
    }
  };
  await walk(SITE);
  return out.sort().map((p) => (p ? `${p}/` : ""));
}

/** What kind of page a path is, from the corpus's layout (city/plan/item). */
function kind(path) {
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return "home";
  if (parts.length === 1 && parts[0] === "search") return "search";
  if (parts.length === 1) return "city";
  if (parts.length === 2) return "plan";
  if (parts[2] === "print") return "print";
  if (parts[2] === "status" || parts[2] === "category") return "list";
  return "item";
}

test("the corpus has every kind of page, charts with estimates and a scale without colours", async () => {
  const all = await pages();
  const kinds = new Set(all.map(kind));
  assert.deepEqual([...kinds].sort(), ["city", "home", "item", "list", "plan", "print", "search"]);
  assert.ok(all.filter((p) => kind(p) === "item").length >= 100, `${all.length} pages`);
  const items = await Promise.all(all.filter((p) => kind(p) === "item").map((p) => readFile(join(SITE, p, "index.html"), "utf8")));
  const descs = items.flatMap((html) => [...html.matchAll(/<desc[^>]*>([^<]*)<\/desc>/g)].map((m) => m[1]));
  assert.ok(descs.some((d) => d.includes("(見込)")), "a chart names an estimate");
  assert.ok(descs.some((d) => /\d{1,3}(,\d{3}){3}円/.test(d)), "a chart has yen in the billions");
  assert.ok(items.some((html) => html.includes("計画どおり進んでいる")), "a plan grades on the scale of words");
});

for (const width of [360, 1280]) {
  test(`at ${width} px on every page of the corpus nothing is wider than the screen, and chart text is at least 12 px and inside its chart`, async () => {
    const page = await site.chrome.newPage({ viewport: { width, height: 800 } });
    let charts = 0;
    let printed = 0;
    for (const path of await pages()) {
      if (kind(path) === "print") {
        // Paged.js lays out A4 sheets on a desktop: one plan is enough there
        // (tests/browser/print.test.mjs prints every demo plan).
        if (width >= 800 && printed++ > 0) continue;
        await page.goto(`${site.server.base}/${path}`);
        await page.waitForSelector(width < 800 ? "html[data-paged=narrow]" : "html[data-paged=done]", { timeout: 180_000 });
      } else {
        await page.goto(`${site.server.base}/${path}`);
      }
      assert.deepEqual(await page.evaluate(overflows), [], `/${path} at ${width} px`);
      if (kind(path) !== "item") continue;
      for (const t of await chartTexts(page)) {
        assert.ok(t.px >= 12, `/${path} at ${width}px: "${t.text}" in ${t.chart} is ${t.px.toFixed(2)}px`);
        assert.ok(t.inside, `/${path} at ${width}px: "${t.text}" in ${t.chart} sticks out of its chart (${t.box})`);
        charts++;
      }
    }
    assert.ok(charts > 1000, `only ${charts} chart texts checked`);
    await page.close();
  });
}

test("at 360 px every KPI and schedule table of the corpus shows the report year without scrolling sideways", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  let checked = 0;
  for (const plan of await plans()) {
    await page.goto(`${site.server.base}/${plan}/`);
    const year = (await page.textContent(".meta div:nth-child(2) dd")).trim();
    const items = await page.$$eval("#items-table tbody th a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(items.length > 0, plan);
    for (const href of items) {
      await page.goto(new URL(href, `${site.server.base}/${plan}/`).href);
      for (const t of await yearTables(page, year)) {
        assert.equal(t.scrolls, false, `${plan}/${href}: a ${t.cls} table scrolls sideways at 360 px`);
        if (t.has) {
          assert.ok(t.inView, `${plan}/${href}: ${year} is out of view in a ${t.cls} table`);
          checked++;
        }
        for (const l of t.labels) assert.ok(l.lines <= 1, `${plan}/${href}: the row label ${l.text} breaks over ${l.lines} lines`);
      }
    }
  }
  assert.ok(checked >= 100, `the report year was found in ${checked} tables`);
  await page.close();
});

test("on a phone the corpus's lists are stacked rows, and city and plan pages open with a sentence", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  let lists = 0;
  for (const path of await pages()) {
    const k = kind(path);
    if (!["city", "plan", "list"].includes(k)) continue;
    await page.goto(`${site.server.base}/${path}`);
    const table = k === "city" ? "table.plans" : "#items-table";
    const rows = await page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => getComputedStyle(tr).display));
    if (rows.length === 0) {
      // A category no item of the corpus landed in says so.
      assert.match(await page.textContent("main"), /この分類の項目はありません。/, `/${path}: no rows in ${table}`);
      continue;
    }
    assert.ok(rows.every((d) => d !== "table-row"), `/${path}: rows are ${rows[0]} at 360 px`);
    lists++;
    if (k === "plan") assert.match(await page.textContent("h1 + p.lead"), /項目のうち/, `/${path}`);
    if (k === "city") assert.ok((await page.$$("ul.lead li")).length >= 1, `/${path}: no opening sentence`);
  }
  assert.ok(lists >= 10, `${lists} lists checked`);
  await page.close();
});

test("axe finds no WCAG 2.1 A/AA violation on a page of each kind of the corpus, at 360 and 1280 px", async () => {
  const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  const all = await pages();
  // The first page of each kind, and the plan on the scale without colours
  // (its default palette) with its item and status pages.
  const chosen = new Set();
  for (const k of ["home", "city", "plan", "list", "item", "print", "search"]) chosen.add(all.find((p) => kind(p) === k));
  for (const p of all.filter((p) => p.startsWith("city0000/plan1/")).slice(0, 4)) chosen.add(p);
  for (const width of [360, 1280]) {
    const page = await site.chrome.newPage({ viewport: { width, height: 800 } });
    for (const path of chosen) {
      await page.goto(`${site.server.base}/${path}`);
      if (kind(path) === "print") await page.waitForSelector("html[data-paged]", { timeout: 180_000 });
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")})`);
      assert.deepEqual(violations, [], `/${path} at ${width} px`);
    }
    await page.close();
  }
});

test("search finds the corpus's items by their titles and keeps to a city when filtered", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  const all = await pages();
  const results = async (params) => {
    await page.goto(`${site.server.base}/search/index.html?${new URLSearchParams(params)}`);
    await page.waitForFunction(() => /件|見つかりません|ありません/.test(document.getElementById("search-count").textContent));
    return page.$$eval("#search-list li a", (a) => a.map((x) => x.getAttribute("href")));
  };
  // Every twentieth item, by the title its page shows (long URLs, digits and all).
  const items = all.filter((p) => kind(p) === "item").filter((_, n) => n % 20 === 0);
  assert.ok(items.length >= 5);
  for (const p of items) {
    const html = await readFile(join(SITE, p, "index.html"), "utf8");
    const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)[1].replace(/<[^>]*>/g, "")
      .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#x27;/g, "'").trim();
    const hrefs = await results({ q: title });
    assert.ok(hrefs.includes(`../${p}index.html`), `${p}: 「${title}」 finds it (${hrefs.slice(0, 3)})`);
  }
  const city = all.find((p) => kind(p) === "city").replace(/\/$/, "");
  const own = await results({ city });
  assert.ok(own.length >= 20 && own.every((h) => h.startsWith(`../${city}/`)), `${city}: ${own.length} results`);
  assert.deepEqual(await page.evaluate(overflows), [], "the results fit 360 px");
  await page.close();
});
