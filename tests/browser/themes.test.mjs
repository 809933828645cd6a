// Themes across cities (issue 19) in Chromium on the demo: every item on a
// theme (by data.json) is on its page and no other, grouped by city in code
// order; the comparison table holds exactly each city's figures of the
// indicator; pages link both ways; at 360 px and on a desktop the pages fit
// and axe finds no WCAG 2.1 AA violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { planData, useSite } from "./support.mjs";
import { overflows } from "./checks.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const site = useSite();

/** Every plan's data.json with its folder. */
const plans = planData;

/** The theme slugs, as the index links them. */
async function themes(page) {
  await page.goto(`${site.server.base}/themes/index.html`);
  const slugs = await page.$$eval(".theme-list h2 a", (as) => as.map((a) => a.getAttribute("href").split("/").at(-2)));
  assert.ok(slugs.length >= 8, `the demo's themes: ${slugs}`);
  return slugs;
}

test("every item on a theme is on its page, grouped by city in code order, and no other item is", async () => {
  const page = await site.chrome.newPage();
  const all = await plans();
  for (const slug of await themes(page)) {
    const want = new Set();
    for (const { dir, data } of all) {
      for (const item of data.items) if (item.themes.includes(slug)) want.add(`${dir}/${item.slug}/index.html`);
    }
    await page.goto(`${site.server.base}/themes/${slug}/index.html`);
    const got = await page.$$eval("#theme-items ~ .theme-city th a", (as) =>
      as.map((a) => new URL(a.href).pathname.replace(/^\//, "")));
    assert.deepEqual(new Set(got), want, slug);
    assert.equal(got.length, want.size, `${slug}: each item once`);
    // Cities in the order of their codes (Ube 352021, Mine 352136, Sanyo-Onoda 352161, Arao 432041).
    const order = await page.$$eval(".theme-city h3", (hs) => hs.map((h) => h.id));
    const codes = ["city-ube", "city-mine", "city-sanyo-onoda", "city-arao"];
    assert.deepEqual(order, codes.filter((c) => order.includes(c)), slug);
    // Each plan names its own scale; the page says grades are not compared.
    const scales = await page.$$eval(".theme-city h4 + p", (ps) => ps.map((p) => p.textContent));
    assert.ok(scales.length > 0 && scales.every((s) => s.includes("評価の区分")), `${slug}: ${scales}`);
    assert.match(await page.textContent("main"), /市の間で評価を比べることはできません/);
  }
  await page.close();
});

test("the comparison holds exactly each city's figures of the indicator, every year, gaps blank", async () => {
  const page = await site.chrome.newPage();
  const figures = {}; // city name -> year -> value
  for (const { data } of await plans()) {
    for (const item of data.items) {
      for (const kpi of item.kpis.filter((k) => k.indicator === "furusato-donations")) {
        const mine = (figures[data.city.name] ||= {});
        for (const [year, d] of Object.entries(kpi.actuals)) mine[year] ??= d.value;
        if (kpi.baseline && kpi.baseline.year) mine[kpi.baseline.year] ??= kpi.baseline.value;
      }
    }
  }
  assert.deepEqual(Object.keys(figures).sort(), ["山陽小野田市", "美祢市"], "two cities report the indicator");
  await page.goto(`${site.server.base}/themes/furusato/index.html`);
  const table = await page.$eval("#indicator-furusato-donations-table", (t) => ({
    cities: [...t.querySelectorAll("thead th")].slice(1).map((th) => th.textContent),
    rows: [...t.querySelectorAll("tbody tr")].map((tr) => ({
      year: tr.dataset.year,
      cells: [...tr.querySelectorAll("td")].map((td) =>
        td.classList.contains("empty") ? null : Number(td.firstChild.textContent.replace(/,/g, ""))),
    })),
  }));
  const years = Object.values(figures).flatMap((f) => Object.keys(f).map(Number));
  const span = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) span.push(String(y));
  assert.deepEqual(table.rows.map((r) => r.year), span, "every year from the first figure to the last");
  for (const row of table.rows) {
    const want = table.cities.map((c) => figures[c][row.year] ?? null);
    assert.deepEqual(row.cells, want, row.year);
  }
  assert.ok(table.rows.some((r) => r.cells.includes(null)), "the demo's years differ: gaps are shown");
  // The chart names both cities in its text alternative and its legend.
  const chart = await page.$eval("section[aria-labelledby=indicator-furusato-donations] svg.chart", (svg) => ({
    role: svg.getAttribute("role"),
    text: svg.getAttribute("aria-labelledby").split(" ").map((id) => document.getElementById(id).textContent).join(" "),
    legend: svg.closest("figure").querySelector("figcaption").textContent,
  }));
  assert.equal(chart.role, "img");
  for (const city of table.cities) {
    assert.ok(chart.text.includes(city) && chart.legend.includes(city), city);
  }
  assert.match(chart.text, /調整はしていません/);
  await page.close();
});

test("a city page lists its themes and an item page links the same theme in the other cities", async () => {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/sanyo-onoda/index.html`);
  await page.click("#themes + p + ul a:text('ふるさと納税・寄附')");
  await page.waitForURL(/themes\/furusato\//);
  assert.ok(await page.$("#city-sanyo-onoda"), "the theme page has the city's part");
  await page.click("#city-sanyo-onoda >> xpath=.. >> a:text('ふるさと納税の促進強化')");
  await page.waitForURL(/sanyo-onoda\/reform\/05\//);
  const others = await page.$$eval("#item-themes + p + ul li", (lis) => lis.map((li) => li.textContent));
  const furusato = others.find((t) => t.startsWith("ふるさと納税・寄附"));
  for (const city of ["美祢市", "宇部市", "荒尾市"]) assert.ok(furusato.includes(city), furusato);
  assert.ok(!furusato.includes("山陽小野田市"), "not its own city");
  await page.click("#item-themes + p + ul a:text('宇部市')");
  await page.waitForURL(/themes\/furusato\/index\.html#city-ube$/);
  await page.close();
});

test("theme pages fit a 360 px phone, and axe finds no WCAG 2.1 AA violation there or on a desktop", async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
    const context = await site.chrome.newContext({ viewport });
    const page = await context.newPage();
    const slugs = await themes(page);
    const paths = ["themes/index.html", ...slugs.map((s) => `themes/${s}/index.html`)];
    for (const path of paths) {
      await page.goto(`${site.server.base}/${path}`);
      assert.deepEqual(await page.evaluate(overflows), [], `${path} at ${viewport.width}`);
    }
    for (const path of ["themes/index.html", "themes/furusato/index.html", "themes/facilities/index.html"]) {
      await page.goto(`${site.server.base}/${path}`);
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(" ")}`), [], `${path} at ${viewport.width}`);
    }
    await context.close();
  }
});
