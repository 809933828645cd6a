// Site search (issue 18) in Chromium: the regression queries, exactness
// against the built pages, filters, the header's box, the page without
// JavaScript, from disk and over HTTP, on a phone, and axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { SITE, planData, useSite } from "./support.mjs";
import { overflows } from "./checks.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const site = useSite();
const DISK = pathToFileURL(SITE + sep).href;

/** What both sides compare: src/search/text.rs `normalize`, with 「・」 dropped. */
const norm = (s) => s.normalize("NFKC").toLowerCase().replace(/・/g, "");

/** Every plan's data.json with its folder. */
const plans = planData;

/** The fields of an item a reader finds it by, as src/search/records.rs takes them. */
function itemFields(item) {
  const f = [item.title, item.number, ...item.departments, ...item.tags, ...(item.category_path || []).map((c) => c.title || c)];
  for (const d of item.details) f.push(d.label, d.text);
  for (const a of item.actions) {
    f.push(a.title, ...a.notes);
    for (const d of [...Object.values(a.plan || {}), ...Object.values(a.actual || {})]) if (typeof d.value === "string") f.push(d.value);
  }
  f.push(...item.notes, item.body);
  return f;
}

/** The results a query gives, once they are shown (every page of them). */
async function results(page, base, params) {
  const query = new URLSearchParams(params).toString();
  await page.goto(`${base}search/index.html?${query}`);
  await page.waitForFunction(() => {
    const c = document.getElementById("search-count");
    return c && c.textContent && !c.textContent.endsWith("…") && !c.textContent.endsWith("...");
  });
  for (;;) {
    const more = await page.$("#search-more:not([hidden])");
    if (!more) break;
    const n = await page.$$eval("#search-list li", (l) => l.length);
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll("#search-list li").length > n, n);
  }
  return page.evaluate(() => ({
    count: document.getElementById("search-count").textContent,
    list: [...document.querySelectorAll("#search-list li")].map((li) => {
      const a = li.querySelector("a");
      const tag = li.querySelector(".tag");
      return {
        title: a.textContent,
        href: a.getAttribute("href"),
        kind: li.querySelector(".kind").textContent,
        place: li.querySelector(".result-meta").textContent,
        status: tag ? tag.textContent : null,
      };
    }),
  }));
}

/** The text of a result's page (its `main`), from the built file. */
async function pageText(href) {
  const path = href.replace(/^\.\.\//, "").replace(/#.*$/, "");
  const html = await readFile(join(SITE, path.endsWith("/") ? path + "index.html" : path), "utf8");
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return main.replace(/<[^>]*>/g, "\n").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#x27;|&#39;/g, "'");
}

const QUERIES = ["減災", "防災", "ふるさと納税", "協働", "収納率", "公共施設", "デジタル化", "職員研修", "ICT"];

test("every query finds exactly what contains it: each result's page has it, and every item and KPI that has it is a result", async () => {
  const page = await site.chrome.newPage();
  const all = await plans();
  for (const q of QUERIES) {
    const got = await results(page, DISK, { q });
    const hrefs = new Set(got.list.map((r) => r.href));
    if (got.list.length) assert.match(got.count, new RegExp(`: ${got.list.length}件( ${got.list.length}件を表示しています。)?$`), `${q}: the count says how many`);
    for (const r of got.list) {
      assert.ok(norm(await pageText(r.href)).includes(norm(q)), `${q}: the page of the result ${r.title} (${r.href}) does not contain it`);
    }
    let items = 0;
    for (const { dir, data } of all) {
      for (const item of data.items) {
        const url = `../${dir}/${item.slug}/index.html`;
        if (itemFields(item).some((f) => norm(f || "").includes(norm(q)))) {
          items++;
          assert.ok(hrefs.has(url), `${q}: the item ${dir}/${item.slug} 「${item.title}」 contains it but is not a result`);
        }
        item.kpis.forEach((k, n) => {
          if (norm(k.name).includes(norm(q))) {
            assert.ok(hrefs.has(`${url}#item-${item.slug}-kpi-${n + 1}`), `${q}: the KPI ${k.name} of ${dir}/${item.slug} is not a result`);
          }
        });
      }
    }
    assert.ok(got.list.length > 0, `${q} finds something`);
  }
  await page.close();
});

test("減災 finds the category of 防災・減災 and its items; written without 「・」 it finds the same", async () => {
  const page = await site.chrome.newPage();
  const got = await results(page, DISK, { q: "減災" });
  const category = got.list.find((r) => r.title === "安全・安心な「まちづくり」");
  assert.ok(category, `the category whose description says 防災・減災: ${JSON.stringify(got.list)}`);
  // Its page lists the items of 防災 (evacuation beds, help to evacuate).
  const mine = (await plans()).find((p) => p.dir === "mine/comprehensive").data.items;
  const text = await pageText(category.href);
  for (const slug of ["4-2-05", "4-2-07"]) {
    const title = mine.find((i) => i.slug === slug).title;
    assert.ok(text.includes(title), `the category's page lists ${slug} 「${title}」`);
  }
  const bousai = await results(page, DISK, { q: "防災" });
  const items = bousai.list.filter((r) => r.kind === "項目").map((r) => r.href);
  for (const item of ["mine/comprehensive/4-2-05", "mine/comprehensive/4-2-07"]) {
    assert.ok(items.includes(`../${item}/index.html`), `防災 finds ${item}: ${items}`);
  }
  const undotted = await results(page, DISK, { q: "防災減災" });
  assert.deepEqual(undotted.list.map((r) => r.href), got.list.map((r) => r.href));
  await page.close();
});

test("ふるさと納税 finds the items of Mine, Sanyo-Onoda and Ube, each with its grade", async () => {
  const page = await site.chrome.newPage();
  const got = await results(page, DISK, { q: "ふるさと納税" });
  const items = got.list.filter((r) => r.kind === "項目");
  for (const city of ["mine", "sanyo-onoda", "ube"]) {
    assert.ok(items.some((r) => r.href.startsWith(`../${city}/`)), `an item of ${city}: ${JSON.stringify(items)}`);
  }
  // An item's result shows its latest reported grade, as the plan's table does.
  const all = await plans();
  for (const r of items) {
    const [, city, plan, slug] = r.href.match(/^\.\.\/([^/]+)\/([^/]+)\/([^/]+)\//);
    const item = all.find((p) => p.dir === `${city}/${plan}`).data.items.find((i) => i.slug === slug);
    const years = Object.keys(item.status);
    assert.equal(r.status !== null, years.length > 0, `${r.href}: a grade is shown where the item has one`);
  }
  assert.ok(items.some((r) => r.status), "some have a grade");
  await page.close();
});

test("a compound word does not find records that only have its parts apart (pagefind #1237)", async () => {
  const page = await site.chrome.newPage();
  const all = await plans();
  let shown = 0;
  for (const [whole, a, b] of [["ふるさと納税", "ふるさと", "納税"], ["行政改革", "行政", "改革"], ["市民サービス", "市民", "サービス"], ["職員研修", "職員", "研修"], ["公共施設", "公共", "施設"], ["事務事業", "事務", "事業"]]) {
    const got = await results(page, DISK, { q: whole });
    const hrefs = new Set(got.list.map((r) => r.href));
    for (const { dir, data } of all) {
      for (const item of data.items) {
        const text = norm(itemFields(item).join("\n"));
        if (text.includes(a) && text.includes(b) && !text.includes(whole)) {
          shown++;
          assert.ok(!hrefs.has(`../${dir}/${item.slug}/index.html`), `${whole}: ${dir}/${item.slug} has only ${a} and ${b} apart`);
        }
      }
    }
  }
  assert.ok(shown >= 3, `the demo has items with the parts apart (${shown})`);
  await page.close();
});

test("a single kanji searches titles only and does not flood the results", async () => {
  const page = await site.chrome.newPage();
  const all = await plans();
  for (const q of ["市", "税", "化"]) {
    const got = await results(page, DISK, { q });
    assert.ok(got.list.length > 0, `${q} finds titles`);
    for (const r of got.list) assert.ok(norm(r.title).includes(q), `${q}: ${r.title} does not have it in its title`);
    const inText = all.flatMap((p) => p.data.items).filter((i) => norm(itemFields(i).join("\n")).includes(q)).length;
    const inTitles = got.list.filter((r) => r.kind === "項目").length;
    assert.ok(inTitles < inText, `${q}: ${inTitles} item titles, against ${inText} items that have it anywhere`);
  }
  await page.close();
});

test("filters narrow by city, plan, grade, year, department and theme, with or without words", async () => {
  const page = await site.chrome.newPage();
  const all = await plans();
  const item = (href) => {
    const [, city, plan, slug] = href.match(/^\.\.\/([^/]+)\/([^/]+)\/([^/#]+)\//);
    return all.find((p) => p.dir === `${city}/${plan}`).data.items.find((i) => i.slug === slug);
  };
  const mine = await results(page, DISK, { q: "ふるさと納税", city: "mine" });
  assert.ok(mine.list.length > 0 && mine.list.every((r) => r.href.startsWith("../mine/")), JSON.stringify(mine.list));
  const plan = await results(page, DISK, { plan: "arao/reform" });
  assert.ok(plan.list.length > 20 && plan.list.every((r) => r.href.startsWith("../arao/reform/")), plan.count);
  assert.match(plan.count, /絞り込みの結果/);
  // A grade on a scale: every item found is on that grade's own page of
  // its plan (the report year's reported grade, as the plan's lists file it).
  const options = await page.$$eval("#search-status option", (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(options.length >= 5 && options.includes("none"), "the scales' levels and 評価なし are offered");
  let graded = 0;
  for (const value of options) {
    const slug = value === "none" ? "none" : value.split(":")[1];
    const got = await results(page, DISK, { status: value });
    for (const r of got.list.filter((x) => x.kind === "項目")) {
      const [, dir, item] = r.href.match(/^\.\.\/([^/]+\/[^/]+)\/([^/]+)\//);
      const list = await readFile(join(SITE, dir, "status", slug, "index.html"), "utf8");
      assert.ok(list.includes(`href="../../../../${dir}/${item}/index.html"`), `${r.href} is on ${dir}/status/${slug}/`);
      graded++;
    }
  }
  assert.ok(graded > 200, `items found by grade: ${graded}`);
  const year = await results(page, DISK, { year: "2023", city: "mine" });
  for (const r of year.list.filter((x) => x.kind === "項目")) {
    const i = item(r.href);
    const years = new Set([...Object.keys(i.status), ...i.actions.flatMap((a) => Object.keys(a.actual || {})), ...i.kpis.flatMap((k) => Object.keys(k.actuals || {}))]);
    assert.ok(years.has("2023"), `${r.href} reports something for 2023`);
  }
  assert.ok(year.list.length > 0);
  const dept = (await plans())[0].data.items[0].departments[0];
  const byDept = await results(page, DISK, { dept });
  assert.ok(byDept.list.length > 0);
  for (const r of byDept.list) assert.ok(item(r.href).departments.includes(dept), `${r.href} is of ${dept}`);
  // A theme: exactly the items on it (data.json's themes), with their KPIs.
  const byTheme = await results(page, DISK, { theme: "furusato" });
  const onTheme = all.flatMap((p) => p.data.items.filter((i) => i.themes.includes("furusato")).map((i) => `../${p.dir}/${i.slug}/index.html`));
  const foundItems = byTheme.list.filter((r) => r.kind === "項目").map((r) => r.href);
  assert.deepEqual(new Set(foundItems), new Set(onTheme), "the theme's items");
  for (const r of byTheme.list) assert.ok(item(r.href).themes.includes("furusato"), `${r.href} is on the theme`);
  // The form shows the filters the address gave.
  assert.equal(await page.$eval("#search-theme", (s) => s.value), "furusato");
  await page.close();
});

test("words separated by a space must all be there; full-width, case and the half-width ･ are folded", async () => {
  const page = await site.chrome.newPage();
  const both = await results(page, DISK, { q: "ふるさと納税　推進" });
  const a = new Set((await results(page, DISK, { q: "ふるさと納税" })).list.map((r) => r.href));
  const b = new Set((await results(page, DISK, { q: "推進" })).list.map((r) => r.href));
  assert.ok(both.list.length > 0);
  for (const r of both.list) assert.ok(a.has(r.href) && b.has(r.href), `${r.href} has both words`);
  assert.ok(both.list.length < a.size, "fewer than either word alone");
  const hrefs = async (q) => (await results(page, DISK, { q })).list.map((r) => r.href);
  const ict = await hrefs("ICT");
  assert.ok(ict.length > 0);
  assert.deepEqual(await hrefs("ＩＣＴ"), ict);
  assert.deepEqual(await hrefs("ict"), ict);
  assert.deepEqual(await hrefs("防災･減災"), await hrefs("防災減災"));
  await page.close();
});

test("Back returns to the previous search, and a double click on さらに表示 shows each result once", async () => {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/search/index.html?q=${encodeURIComponent("協働")}`);
  await page.waitForFunction(() => /件/.test(document.getElementById("search-count").textContent));
  const first = await page.textContent("#search-count");
  await page.fill("#search-q", "ふるさと納税");
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => /ふるさと納税/.test(document.getElementById("search-count").textContent));
  await page.goBack();
  await page.waitForFunction((t) => document.getElementById("search-count").textContent === t, first);
  assert.equal(await page.$eval("#search-q", (i) => i.value), "協働");
  await page.dblclick("#search-more");
  await page.waitForFunction(() => document.querySelectorAll("#search-list li").length > 20);
  await new Promise((r) => setTimeout(r, 300));
  const hrefs = await page.$$eval("#search-list li a", (a) => a.map((x) => x.getAttribute("href")));
  assert.equal(new Set(hrefs).size, hrefs.length, "no result twice");
  // One click: the first new result takes the focus.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll("#search-list li").length === 20);
  await page.click("#search-more");
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest("li") === document.querySelectorAll("#search-list li")[20]);
  await page.close();
});

test("the header's box on every page leads to the results, from disk and over HTTP, with no request leaving the site", async () => {
  for (const base of [DISK, `${site.server.base}/`]) {
    const page = await site.chrome.newPage();
    const outside = [];
    page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text()); });
    // A browser asks any server for /favicon.ico; the site has none.
    page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`); });
    for (const start of ["index.html", "mine/reform/10/index.html"]) {
      await page.goto(`${base}${start}`);
      await page.fill("#site-search-q", "ふるさと納税");
      await page.press("#site-search-q", "Enter");
      await page.waitForURL(/search\/index\.html\?q=/);
      await page.waitForFunction(() => /件/.test(document.getElementById("search-count").textContent));
      const first = await page.$eval("#search-list li a", (a) => a.textContent);
      assert.match(first, /ふるさと納税/, `${base}${start}`);
      assert.equal(await page.$eval("#search-q", (i) => i.value), "ふるさと納税");
      // The result's link opens its page, from disk as over HTTP.
      await page.click("#search-list li a");
      await page.waitForLoadState();
      assert.match(await page.title(), /ふるさと納税/);
    }
    assert.deepEqual(outside, [], `requests outside ${base}`);
    assert.deepEqual(errors, [], `errors at ${base}`);
    await page.close();
  }
});

test("without JavaScript the search page says so and links every plan and its per-status pages", async () => {
  const context = await site.chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${DISK}search/index.html?q=ふるさと納税`);
  assert.match(await page.textContent("main"), /検索には JavaScript が必要です/);
  assert.equal(await page.isVisible("#search-form"), false, "the form that cannot work is not offered");
  const links = await page.$$eval("main a", (a) => a.map((x) => x.getAttribute("href")));
  for (const { dir } of await plans()) {
    assert.ok(links.includes(`../${dir}/index.html`), `links the plan ${dir}`);
    assert.ok(links.some((l) => l.startsWith(`../${dir}/status/`)), `links the status pages of ${dir}`);
  }
  for (const l of links) assert.ok(existsSync(join(SITE, l.replace(/^\.\.\//, ""))), `${l} exists`);
  await context.close();
});

test("on a 360 px phone the results fit the screen, and axe finds no WCAG 2.1 AA violation", async () => {
  const context = await site.chrome.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  for (const params of [{ q: "ふるさと納税" }, { q: "存在しない言葉" }, {}]) {
    await page.goto(`${site.server.base}/search/index.html?${new URLSearchParams(params)}`);
    await page.waitForFunction(() => !document.getElementById("search-form").hidden);
    if (params.q) await page.waitForFunction(() => /件|見つかりません/.test(document.getElementById("search-count").textContent));
    assert.deepEqual(await page.evaluate(overflows), [], JSON.stringify(params));
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(" ")}`), [], JSON.stringify(params));
  }
  await context.close();
});
