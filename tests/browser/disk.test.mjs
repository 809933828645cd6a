// The built site opened from disk (file://), as a committee member opens it
// from a USB stick: every link to a page of the site, followed link by link
// from the home page, opens that page (never a folder listing), and every
// print view lays out its pages with the contents' page numbers resolved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { SITE, browser, serve, eventually } from "./support.mjs";

/** Every HTML file of the built site, relative to it, with `/`. */
async function htmlFiles(dir = SITE) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await htmlFiles(path));
    else if (entry.name.endsWith(".html")) out.push(relative(SITE, path).split(sep).join("/"));
  }
  return out;
}

test("opened from disk, every page is reached link by link and every print view lays out", async () => {
  const root = pathToFileURL(SITE + sep).href;
  const chrome = await browser();
  const page = await chrome.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`); });
  const seen = new Set([`${root}index.html`]);
  const queue = [`${root}index.html`];
  const from = new Map();
  const printed = new Map(); // print view → its layout from disk
  let filtered = false;
  try {
    while (queue.length) {
      const url = queue.shift();
      const response = await page.goto(url);
      const where = `${relative(SITE, fileURLToPath(url))} (linked from ${from.get(url) || "the start"})`;
      assert.ok(!response || response.ok(), `${where}: ${response && response.status()}`);
      // Paged.js replaces the print view's body while it lays it out: the
      // page is read once it is done.
      const print = url.endsWith("/print/index.html");
      if (print) {
        await page.waitForSelector("html[data-paged=done]", { timeout: 120_000 })
          .catch(() => assert.fail(`${where}: the print view was not laid out`));
      }
      // A folder opened from disk is Chrome's listing of it, not a page of the site.
      const state = await page.evaluate(() => ({
        main: !!document.querySelector("main"),
        listing: !!document.querySelector("#parentDirLinkBox, #listingParsingErrorBox") || /^Index of /.test(document.title),
        title: document.title,
        // A form leads to its page too: the header's search box is how a
        // reader reaches the search page.
        links: [...document.querySelectorAll("a[href]")].map((a) => a.href)
          .concat([...document.querySelectorAll("form[action]")].map((f) => f.action)),
      }));
      assert.ok(!state.listing && state.main && state.title, `${where} is not a page of the site: "${state.title}"`);
      if (print) {
        const layout = await page.evaluate(() => ({
          pages: document.querySelectorAll(".pagedjs_page").length,
          toc: [...document.querySelectorAll(".toc a")].map((a) => {
            const target = document.querySelector(a.getAttribute("href"));
            const onPage = target && target.closest(".pagedjs_page");
            return {
              listed: (/target-counter-\S+ (-?\d+)/.exec(getComputedStyle(a, "::after").counterReset) || [])[1],
              actual: onPage ? onPage.dataset.pageNumber : "none",
            };
          }),
        }));
        assert.ok(layout.pages > 2, `${where}: only ${layout.pages} pages laid out`);
        assert.ok(layout.toc.length > 2, `${where}: no contents`);
        for (const entry of layout.toc) assert.equal(entry.listed, entry.actual, `${where}: a contents entry's page number`);
        printed.set(relative(SITE, fileURLToPath(url)).split(sep).join("/"), layout);
      }
      // The filters keep their state in the address, which a page from disk may change too.
      if (!filtered && await page.$("#filters:not([hidden]) #f-status")) {
        filtered = true;
        const total = await page.$$eval("#items-table tbody tr", (rows) => rows.length);
        const value = await page.$eval("#f-status option:nth-child(2)", (o) => o.value);
        await page.selectOption("#f-status", value);
        await eventually(() => page.evaluate(() => new URL(location.href).searchParams.get("status")), value, `${where}: the filter in the address`);
        const shown = await page.$$eval("#items-table tbody tr:not([hidden])", (rows) => rows.length);
        assert.ok(shown < total, `${where}: filtering by status showed ${shown} of ${total}`);
      }
      for (const link of state.links) {
        const target = link.split("#")[0].split("?")[0];
        // Pages of this site only; data files are downloads, not pages.
        if (!target.startsWith(root) || /\.(csv|json)$/.test(target) || seen.has(target)) continue;
        seen.add(target);
        from.set(target, where);
        queue.push(target);
      }
    }
  } finally {
    await chrome.close();
  }
  assert.deepEqual(problems, [], "errors in the pages opened from disk");
  // Every link led to a page of the site, and every page is reached but the
  // 404 page (only a server shows it) and status pages no page links (a
  // plan without grades, Ube's, lists no statuses).
  const pages = (await htmlFiles()).filter((p) => p !== "404.html");
  const reached = [...seen].map((u) => relative(SITE, fileURLToPath(u)).split(sep).join("/"));
  assert.deepEqual(reached.filter((p) => !pages.includes(p)), [], "links to what is not a page");
  assert.deepEqual(pages.filter((p) => !reached.includes(p) && !p.includes("/status/")), [], "pages not reached");
  assert.ok(reached.filter((p) => p.includes("/status/")).length > 10, "status pages not reached");
  assert.ok(filtered, "no plan page with filters reached");
  assert.equal(printed.size, 5, `print views reached: ${[...printed.keys()]}`);

  // The same layout from a web server: as many pages, the same page numbers.
  const server = await serve();
  const again = await browser();
  try {
    const page = await again.newPage();
    for (const [path, fromDisk] of printed) {
      await page.goto(`${server.base}/${path}`);
      await page.waitForSelector("html[data-paged=done]", { timeout: 120_000 });
      const overHttp = await page.evaluate(() => ({
        pages: document.querySelectorAll(".pagedjs_page").length,
        numbers: [...document.querySelectorAll(".toc a")].map((a) => (/target-counter-\S+ (-?\d+)/.exec(getComputedStyle(a, "::after").counterReset) || [])[1]),
      }));
      assert.deepEqual(overHttp, { pages: fromDisk.pages, numbers: fromDisk.toc.map((e) => e.listed) }, `${path}: laid out differently over HTTP`);
    }
  } finally {
    await again.close();
    await server.close();
  }
});
