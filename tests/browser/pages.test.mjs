// Pages on a phone, in English, and the screenshots the README shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { useSite, plans, eventually } from "./support.mjs";

const site = useSite();

test("at 360 px wide no page scrolls sideways; tables scroll in their own box", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 740 } });
  const paths = ["", "mine/", "mine/reform/", "mine/reform/10/", "mine/reform/status/b/", "sanyo-onoda/reform/05/", "mine/comprehensive/"];
  for (const path of paths) {
    await page.goto(`${site.server.base}/${path}`);
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 360, `/${path} is ${width}px wide at a 360px viewport`);
  }
  await page.close();
});

test("each plan page links its print view and data, and each chart has a text alternative", async () => {
  const page = await site.chrome.newPage();
  for (const plan of await plans()) {
    await page.goto(`${site.server.base}/${plan}/`);
    for (const href of ["print/index.html", "data.csv", "items.csv", "data.json"]) {
      assert.ok(await page.$(`a[href="${href}"]`), `${plan} links ${href}`);
    }
  }
  // The home page links the whole site's data, and every link leads to a file.
  await page.goto(`${site.server.base}/`);
  const siteData = await page.$$eval("#open-data + p + ul a", (as) => as.map((a) => a.href));
  assert.equal(siteData.length, 3);
  for (const href of siteData) {
    assert.ok(/data\/items\.csv$|data\/kpis\.csv$|datapackage\.json$/.test(href), href);
    assert.equal((await fetch(href)).status, 200, href);
  }
  await page.goto(`${site.server.base}/mine/reform/10/`);
  const charts = await page.$$eval("svg.chart", (svgs) => svgs.map((s) => ({
    role: s.getAttribute("role"),
    labelledBy: (s.getAttribute("aria-labelledby") || "").split(" ").map((id) => document.getElementById(id)?.textContent),
    width: s.getBoundingClientRect().width,
  })));
  assert.equal(charts.length, 1);
  assert.equal(charts[0].role, "img");
  assert.ok(charts[0].width > 100, "the chart is drawn at a readable size");
  // The accessible name and description: what the chart shows, in words.
  assert.equal(charts[0].labelledBy[0], "マイナンバーカードの発行件数(累計枚数)");
  assert.match(charts[0].labelledBy[1], /^目標値は令和元年度 3,293枚から令和5年度 20,000枚。実績値は平成29年度 2,637枚から令和5年度 18,248枚\(増加\)/);
  await page.close();
});

test("the README's screenshots come from the demo site", async () => {
  const dir = process.env.PLANSITE_SCREENSHOTS;
  assert.ok(dir, "PLANSITE_SCREENSHOTS names where the README's screenshots go");
  await mkdir(dir, { recursive: true });
  const page = await site.chrome.newPage({ viewport: { width: 1100, height: 1400 } });
  await page.goto(`${site.server.base}/mine/comprehensive/?status=worsened&category=3`);
  // The filter from the URL is applied by the script: shoot once it has been.
  await eventually(() => page.textContent("#shown-count"), "130件中12件を表示", "the filtered plan page");
  await page.locator("#items-heading").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(dir, "plan.png") });
  await page.goto(`${site.server.base}/mine/reform/10/`);
  await page.screenshot({ path: join(dir, "item.png") });
  await page.goto(`${site.server.base}/sanyo-onoda/reform/print/`);
  await page.waitForSelector("html[data-paged=done]", { timeout: 120_000 });
  await page.locator('.pagedjs_page[data-page-number="5"]').screenshot({ path: join(dir, "print.png") });
  await page.goto(`${site.server.base}/themes/furusato/`);
  await page.locator("#comparisons").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(dir, "theme.png") });
  await page.close();
});
