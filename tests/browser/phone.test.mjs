// Every kind of page on a phone (360 px) and on a desktop (1280 px): nothing
// wider than the screen, tables included (every element's box is checked,
// not only the page's scroll width, since a table in its own scrolling box
// hides its overflow from the page), no text cut off, and on a phone the
// report year of every KPI table in view without scrolling sideways.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { useSite, plans, eventually } from "./support.mjs";
import { overflows, yearTables } from "./checks.mjs";

const site = useSite();
const WIDTHS = [360, 1280];

/** The page's paths, one or more of each kind. */
async function pagePaths() {
  const paths = ["", "mine/", "arao/", "mine/reform/status/b/", "ube/reform/status/none/", "no-such-page/"];
  for (const plan of await plans()) paths.push(`${plan}/`);
  // An item of each plan with a KPI, and the print view of a plan.
  paths.push("mine/reform/10/", "mine/comprehensive/001/", "sanyo-onoda/reform/05/", "arao/reform/01/", "ube/reform/01/");
  paths.push("sanyo-onoda/reform/print/");
  return paths;
}

for (const width of WIDTHS) {
  test(`at ${width} px nothing is wider than the screen and no text is cut off`, async () => {
    const page = await site.chrome.newPage({ viewport: { width, height: 800 } });
    for (const path of await pagePaths()) {
      await page.goto(`${site.server.base}/${path}`);
      if (path.endsWith("print/")) {
        // Paged.js lays out A4 sheets on a wide screen; a phone gets the flowing document.
        await page.waitForSelector(width < 800 ? "html[data-paged=narrow]" : "html[data-paged=done]", { timeout: 120_000 });
      }
      const bad = await page.evaluate(overflows);
      assert.deepEqual(bad, [], `/${path} at ${width} px`);
    }
    await page.close();
  });
}

test("at 360 px every KPI table shows the report year without scrolling sideways, and no row label breaks", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  let checked = 0;
  for (const plan of await plans()) {
    await page.goto(`${site.server.base}/${plan}/`);
    const year = (await page.textContent(".meta div:nth-child(2) dd")).trim();
    const items = await page.$$eval("#items-table tbody th a", (as) => as.map((a) => a.getAttribute("href")));
    // A few items of each plan, its first and last among them.
    for (const href of [items[0], items[Math.floor(items.length / 2)], items[items.length - 1]]) {
      await page.goto(new URL(href, `${site.server.base}/${plan}/`).href);
      const tables = await yearTables(page, year);
      for (const t of tables) {
        assert.equal(t.scrolls, false, `${href}: a ${t.cls} table scrolls sideways at 360 px`);
        if (t.has) {
          assert.ok(t.inView, `${href}: ${year} is out of view in a ${t.cls} table`);
          checked++;
        }
        for (const l of t.labels) assert.ok(l.lines <= 1, `${href}: the row label ${l.text} breaks over ${l.lines} lines`);
      }
    }
  }
  assert.ok(checked >= 5, `the report year was found in ${checked} tables`);
  await page.close();
});

test("on a phone the lists are stacked rows; on a desktop they are tables with headers", async () => {
  for (const [width, stacked] of [[360, true], [1280, false]]) {
    const page = await site.chrome.newPage({ viewport: { width, height: 800 } });
    for (const [path, table] of [["mine/reform/", "#items-table"], ["mine/reform/status/b/", "#items-table"], ["mine/", "table.plans"]]) {
      await page.goto(`${site.server.base}/${path}`);
      const got = await page.$eval(table, (t) => ({
        head: getComputedStyle(t.tHead).display !== "none",
        row: getComputedStyle(t.tBodies[0].rows[0]).display,
        labels: [...t.tBodies[0].rows[0].querySelectorAll("td[data-label]")].map((td) => getComputedStyle(td, "::before").content),
      }));
      assert.equal(got.head, !stacked, `${path} at ${width}: column headers`);
      assert.equal(got.row === "table-row", !stacked, `${path} at ${width}: rows are ${got.row}`);
      if (stacked) assert.ok(got.labels.every((c) => c.length > 2 && c !== "none"), `${path}: each cell is labelled (${got.labels})`);
    }
    await page.close();
  }
});

test("columns empty for the whole plan are left out", async () => {
  const page = await site.chrome.newPage();
  const heads = async (path) => {
    await page.goto(`${site.server.base}/${path}`);
    return page.$$eval("#items-table thead th", (ths) => ths.map((th) => th.textContent.trim()));
  };
  // 美祢市 reform names no departments; 荒尾市 has no KPIs; 宇部市 has no grades yet.
  assert.ok(!(await heads("mine/reform/")).includes("担当課"));
  assert.ok(!(await heads("arao/reform/")).some((h) => h.startsWith("主な成果指標")));
  assert.ok(!(await heads("ube/reform/")).includes("評価"));
  assert.ok((await heads("sanyo-onoda/reform/")).includes("担当課"));
  // The filter of a left-out column goes with it; the others still work.
  await page.goto(`${site.server.base}/mine/reform/`);
  assert.equal(await page.$("#f-department"), null);
  await page.selectOption("#f-status", "b");
  assert.equal(await page.textContent("#shown-count"), "36件中21件を表示");
  await page.close();
});

test("the plan and city pages say in a sentence how the plan is doing; the item list comes before the plan's structure", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(`${site.server.base}/sanyo-onoda/reform/`);
  assert.equal(await page.textContent("h1 + p.lead"), "令和2年度の評価では、25項目のうち、B以上は12項目(48.0%)、C以下は9項目(36.0%)、評価なしは4項目(16.0%)です。");
  const order = await page.evaluate(() => {
    const top = (s) => document.querySelector(s).getBoundingClientRect().top;
    const cats = [...document.querySelectorAll("h2")].find((h) => h.textContent === "計画の体系");
    return { items: top("#items-heading"), cats: cats.getBoundingClientRect().top };
  });
  assert.ok(order.items < order.cats, "the items come before the structure of the plan");
  // Reported and computed grades, counted over the same items.
  const cmp = await page.textContent("#comparison-heading + p + p + p + p");
  assert.equal(cmp, "両方の評価がある16項目で比べると、同じ評価が13項目、異なる評価が3項目です。");
  await page.goto(`${site.server.base}/mine/`);
  const sentences = await page.$$eval("ul.lead li", (lis) => lis.map((li) => li.textContent));
  assert.equal(sentences.length, 2);
  assert.match(sentences[1], /^美祢市行政改革 実施計画: 令和5年度の評価では、36項目のうち、S 1項目\(2\.8%\)、A 7項目/);
  await page.close();
});

test("an item page says what its grade means", async () => {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/sanyo-onoda/reform/05/`);
  const meaning = await page.textContent(".grade-meaning");
  assert.match(meaning, /^[A-D]: 達成率/);
  await page.close();
});

test("the README's phone screenshots come from the demo site", async () => {
  const dir = process.env.PLANSITE_SCREENSHOTS;
  assert.ok(dir, "PLANSITE_SCREENSHOTS names where the README's screenshots go");
  await mkdir(dir, { recursive: true });
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  // The plan page's item list as stacked rows, just below its filters.
  await page.goto(`${site.server.base}/sanyo-onoda/reform/`);
  await page.evaluate(() => window.scrollTo(0, document.querySelector("#items-table-caption").getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: join(dir, "plan-phone.png") });
  // An item's KPI: the table one year a row, then the chart.
  await page.goto(`${site.server.base}/mine/reform/10/`);
  await page.evaluate(() => window.scrollTo(0, document.querySelector("section.kpi").getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: join(dir, "item-phone.png") });
  await page.close();
});

test("on a phone the stacked list sorts from a select, kept in the address like the headers' order", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(`${site.server.base}/sanyo-onoda/reform/`);
  const numbers = () => page.$$eval("#items-table tbody tr:not([hidden])", (trs) => trs.map((tr) => tr.dataset.number));
  const first = await numbers();
  assert.ok(await page.isVisible("#f-sort"), "the sort select is shown on a phone");
  const options = await page.$$eval("#f-sort option", (os) => os.map((o) => o.textContent));
  assert.deepEqual(options.slice(0, 3), ["計画の順", "番号(昇順)", "番号(降順)"]);
  await page.selectOption("#f-sort", "number descending");
  await eventually(numbers, [...first].reverse(), "numbers in descending order");
  assert.match(page.url(), /sort=number&dir=descending/);
  // A reload keeps the order and the select says which.
  await page.reload();
  assert.equal(await page.inputValue("#f-sort"), "number descending");
  assert.deepEqual(await numbers(), [...first].reverse());
  await page.close();
  // On a desktop the column headers sort; the select is not shown.
  const wide = await site.chrome.newPage({ viewport: { width: 1280, height: 800 } });
  await wide.goto(`${site.server.base}/sanyo-onoda/reform/`);
  assert.equal(await wide.isVisible("#f-sort"), false);
  await wide.close();
});
