// Issue 16, points 4 and 5 in a browser: previous and next items, the
// category tree leading to items without JavaScript, the plan's print view
// and data from its top, the 404 page under a sub-path, long tokens at 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { useSite, SITE, eventually } from "./support.mjs";

const site = useSite();

test("item pages link the previous and next item in the plan's order", async () => {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/mine/reform/`);
  const order = await page.$$eval("#items-table tbody th a", (as) => as.map((a) => a.textContent));
  await page.click("#items-table tbody th a");
  assert.equal(await page.$("a[rel=prev]"), null, "the first item has no previous one");
  // Walk the first three items by their "next" links, and back once.
  for (const title of order.slice(1, 3)) {
    const next = await page.$eval("a[rel=next]", (a) => a.textContent);
    assert.match(next, new RegExp(`${title.replace(/[()]/g, ".")}$`), "the link names the next item's number and title");
    await page.click("a[rel=next]");
    assert.equal(await page.$eval("h1", (h) => h.textContent), title);
  }
  await page.click("a[rel=prev]");
  assert.equal(await page.$eval("h1", (h) => h.textContent), order[1]);
  // The plan's data, from the item page.
  for (const file of ["data.csv", "items.csv", "data.json"]) {
    const href = await page.$eval(`a[href$="mine/reform/${file}"]`, (a) => a.href);
    assert.equal((await fetch(href)).status, 200, href);
  }
  await page.close();
});

test("the category tree leads to each category's items without JavaScript", async () => {
  const context = await site.chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site.server.base}/mine/comprehensive/`);
  const entries = await page.$$eval(".category", (sections) => sections.map((s) => ({
    title: s.querySelector("a").textContent,
    count: Number(s.querySelector(".counts").textContent.match(/\d+/)[0]),
  })));
  assert.ok(entries.length > 3);
  for (const [i, entry] of entries.slice(0, 3).entries()) {
    await page.goto(`${site.server.base}/mine/comprehensive/`);
    await page.locator(".category a").nth(i).click();
    assert.match(await page.$eval("h1", (h) => h.textContent), new RegExp(`${entry.title}$`));
    const paths = await page.$$eval("#items-table tbody tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
    assert.equal(paths.length, entry.count, `${entry.title}: as many items as the tree counts`);
    for (const p of paths) assert.ok(p.includes(entry.title), `${p} is in ${entry.title}`);
  }
  await context.close();
});

test("the plan's print view and data files are reachable from its top", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${site.server.base}/mine/comprehensive/`);
  const links = await page.$$eval(".plan-links a", (as) => as.map((a) => [a.getAttribute("href"), a.getBoundingClientRect().top]));
  assert.deepEqual(links.map(([h]) => h), ["print/index.html", "data.csv", "items.csv", "data.json"]);
  const firstSection = await page.$eval("main h2", (h) => h.getBoundingClientRect().top);
  for (const [href, top] of links) assert.ok(top < firstSection, `${href} comes before the first section`);
  await page.close();
});

test("a summary bar names its hatched part in words", async () => {
  const page = await site.chrome.newPage();
  await page.goto(`${site.server.base}/`);
  // Plans with items not graded draw a hatched part, and say what it is.
  const keys = await page.$$eval(".bar-key", (ps) => ps.map((p) => p.textContent));
  assert.ok(keys.length > 0 && keys.every((k) => /^斜線の部分\(評価なし\): \d+$/.test(k)), keys.join(" | "));
  await page.close();
});

test("a long unbroken token in a title wraps at 360 px", async () => {
  const page = await site.chrome.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${site.server.base}/mine/reform/10/`);
  const url = "https://www.city.example.lg.jp/soshiki/gyoseikaikaku/keikaku/jisshi/r5/index.html";
  await page.evaluate((u) => {
    document.querySelector("h1").textContent = u;
    document.querySelector(".kpi-table td").textContent = u;
  }, url);
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 360);
  assert.ok(await page.$eval("h1", (h) => h.scrollWidth <= h.clientWidth), "the title wraps");
  await page.close();
});

// The site published below /sub/ of a server whose root is something else.
let sub;
before(async () => {
  const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!path.startsWith("/sub/")) { res.writeHead(404, { "content-type": "text/plain" }).end("not this site"); return; }
    let file = join(SITE, path.slice("/sub".length));
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(await readFile(file));
    } catch {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end(await readFile(join(SITE, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  sub = { base: `http://127.0.0.1:${server.address().port}/sub`, close: () => new Promise((r) => server.close(r)) };
});
after(() => sub.close());

test("the 404 page under a sub-path is styled at any depth and leads home", async () => {
  for (const js of [true, false]) {
    const context = await site.chrome.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    for (const path of ["/nothing", "/mine/reform/99/", "/gone/city/plan/item/index.html"]) {
      const response = await page.goto(`${sub.base}${path}`);
      assert.equal(response.status(), 404);
      // The stylesheet is inline, so the page is styled wherever it is served.
      const border = await page.$eval(".site-header", (h) => getComputedStyle(h).borderBottomWidth);
      assert.equal(border, "4px", `${path} is styled (JavaScript ${js ? "on" : "off"})`);
      if (!js) continue;
      // The script finds the site's folder and moves every link under it.
      await eventually(
        () => page.$$eval("a.site-title, main a", (as) => as.map((a) => new URL(a.href).pathname)),
        ["/sub/index.html", "/sub/index.html"],
        `${path}: links lead to the site's home`,
      );
      await page.click("main a");
      assert.equal(await page.title(), await page.$eval("a.site-title", (a) => a.textContent));
    }
    await context.close();
  }
});
