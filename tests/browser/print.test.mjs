// The print view of every plan, printed to PDF by Chromium as a committee
// member would: the document must be clean on A4.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { serve, browser, plans, artifacts } from "./support.mjs";

const MM = 96 / 25.4; // CSS pixels per millimetre

test("every plan's print view lays out as a clean A4 document", async () => {
  const server = await serve();
  const chrome = await browser();
  const out = await artifacts();
  let continuedTables = 0;
  try {
    for (const plan of await plans()) {
      const page = await chrome.newPage();
      await page.goto(`${server.base}/${plan}/print/`);
      await page.waitForSelector("html[data-paged=done]", { timeout: 120_000 });

      const layout = await page.evaluate(() => {
        const pages = [...document.querySelectorAll(".pagedjs_page")];
        const tooWide = [];
        for (const p of pages) {
          const box = p.querySelector(".pagedjs_page_content").getBoundingClientRect();
          // Paged.js's own column wrapper and the split <main> may extend past the
          // page without anything visible there; the content inside them may not.
          for (const el of p.querySelectorAll(".pagedjs_page_content main *")) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > box.right + 1) tooWide.push(`${el.tagName}.${el.className} ${Math.round(r.right - box.right)}px`);
          }
        }
        const toc = [...document.querySelectorAll(".toc a")].map((a) => {
          const target = document.querySelector(a.getAttribute("href"));
          const onPage = target.closest(".pagedjs_page");
          return {
            href: a.getAttribute("href"),
            // Paged.js resolves target-counter() into a counter set on the link.
            listed: (/target-counter-\S+ (-?\d+)/.exec(getComputedStyle(a, "::after").counterReset) || [])[1],
            actual: onPage ? Number(onPage.dataset.pageNumber) : -1,
          };
        });
        const width = pages.length ? pages[0].getBoundingClientRect().width : 0;
        const continued = [...document.querySelectorAll("table[data-split-from]")];
        return {
          pages: pages.length, tooWide: tooWide.slice(0, 10), toc, width,
          continued: continued.length,
          continuedWithoutHeader: continued.filter((t) => !t.tHead).length,
          cut: document.querySelectorAll("tr[data-split-from], figure[data-split-from], svg[data-split-from]").length,
        };
      });
      assert.ok(layout.pages > 2, `${plan}: only ${layout.pages} pages`);
      assert.deepEqual(layout.tooWide, [], `${plan}: elements wider than the page`);
      assert.equal(layout.cut, 0, `${plan}: a table row or chart is cut across pages`);
      assert.equal(layout.continuedWithoutHeader, 0, `${plan}: a table continues without its header row`);
      continuedTables += layout.continued;
      assert.ok(Math.abs(layout.width - 210 * MM) < 2, `${plan}: page width ${layout.width}px is not A4`);
      // The contents name the page each entry starts on.
      for (const entry of layout.toc) {
        assert.equal(entry.listed, String(entry.actual), `${plan}: contents entry ${entry.href}`);
      }

      const pdf = join(out, `${plan.replace("/", "-")}.pdf`);
      await writeFile(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      const count = Number(/Pages:\s+(\d+)/.exec(info)[1]);
      assert.equal(count, layout.pages, `${plan}: the PDF has ${count} pages, the layout ${layout.pages}`);
      assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/, `${plan}: not A4: ${info}`);
      // Page numbers in the footer, and the appendix on the last pages.
      const last = execFileSync("pdftotext", ["-layout", "-f", String(count), "-l", String(count), pdf, "-"], { encoding: "utf8" });
      assert.match(last, new RegExp(`${count} / ${count}`), `${plan}: no page number on the last page`);
      await page.close();
    }
  } finally {
    await chrome.close();
    await server.close();
  }
  // The demo has tables long enough to continue on a next page, so the header check bites.
  assert.ok(continuedTables > 0, "no table of the demo continues across pages");
});

// The committee's edition on screen: the print button waits for the layout,
// the overview table carries data.json's grades, and this year against last
// is on the plan page wherever the plan has two graded years.
test("the print button, the overview table and this year against last", async () => {
  const server = await serve();
  const chrome = await browser();
  try {
    for (const plan of await plans()) {
      const data = JSON.parse((await (await fetch(`${server.base}/${plan}/data.json`)).text()).replace(/^\uFEFF/, ""));
      const page = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
      // The button's state each time the progress message changes, recorded
      // from the page's start: while laying out it is shown but disabled.
      await page.addInitScript(() => {
        window.__states = [];
        let last = null;
        const look = () => {
          const b = document.getElementById("print-button");
          const s = document.getElementById("print-status");
          const now = b && s && s.isConnected ? `${s.textContent}|${b.hidden}|${b.disabled}` : null;
          if (now && now !== last) window.__states.push({ status: s.textContent, hidden: b.hidden, disabled: b.disabled });
          last = now;
          // The script runs before the document has its root element.
          const html = document.documentElement;
          if (!html || html.dataset.paged !== "done") setTimeout(look, 5);
        };
        look();
      });
      await page.goto(`${server.base}/${plan}/print/`);
      await page.waitForSelector("html[data-paged=done]", { state: "attached", timeout: 120_000 });
      const states = await page.evaluate(() => window.__states);
      const laying = states.filter((s) => s.status.startsWith("ページを組んでいます"));
      assert.ok(laying.length > 0, `${plan}: no progress message while laying out: ${JSON.stringify(states)}`);
      for (const s of laying) assert.deepEqual([s.hidden, s.disabled], [false, true], `${plan}: the button while laying out`);
      const after = await page.evaluate(() => {
        const b = document.getElementById("print-button");
        const status = document.getElementById("print-status");
        // The toolbar stays above the pages, out of what is printed.
        return {
          shown: b && !b.hidden && b.offsetParent !== null, disabled: b && b.disabled,
          label: b && b.textContent.trim(), status: status && status.textContent.trim(),
          inPages: !!document.querySelector(".pagedjs_pages #print-button"),
          back: !!document.querySelector("#print-toolbar a[href]"),
          rows: [...document.querySelectorAll(".pagedjs_pages .print-overview tbody tr")].map((tr) => ({ number: tr.dataset.number, current: tr.querySelector(".grade-current .tag")?.dataset.key ?? null })),
        };
      });
      assert.ok(after.shown && after.disabled === false, `${plan}: the print button is not ready after the layout`);
      assert.equal(after.label, "印刷・PDF保存");
      assert.match(after.status, /^\d+ページの準備ができました。$/, `${plan}: status ${after.status}`);
      assert.equal(after.inPages, false, `${plan}: the toolbar was laid out into the pages`);
      assert.ok(after.back, `${plan}: no link back to the plan`);
      // A row per item (a row split across pages is one row), this year's grade as data.json says.
      const rows = new Map();
      for (const r of after.rows) if (!rows.has(r.number)) rows.set(r.number, r.current);
      assert.equal(rows.size, data.items.length, `${plan}: overview rows`);
      const graded = [...new Set(data.items.flatMap((i) => Object.keys(i.status).map(Number)))]
        .filter((y) => y <= data.plan.report_year).sort();
      const current = graded.at(-1);
      for (const item of data.items) {
        const want = current === undefined ? null : item.status[String(current)] ?? null;
        assert.equal(rows.get(item.number), want, `${plan}: item ${item.number}'s grade in the overview`);
      }
      await page.close();

      // The plan page compares the last two graded years where there are two.
      const planPage = await chrome.newPage();
      await planPage.goto(`${server.base}/${plan}/`);
      const yoy = await planPage.evaluate(() => {
        const s = document.getElementById("year-on-year");
        if (!s) return null;
        const count = (c) => Number(s.querySelector(`tr[data-change=${c}] td`).textContent);
        return { rose: count("rose"), fell: count("fell"), same: count("same"),
          changed: [...s.querySelectorAll(".yoy-changed tbody tr")].map((tr) => [tr.dataset.number, tr.dataset.change]) };
      });
      if (graded.length < 2) {
        assert.equal(yoy, null, `${plan}: a comparison with one graded year`);
      } else {
        assert.ok(yoy, `${plan}: no comparison of ${graded.at(-2)} and ${current}`);
        const levels = data.plan.scale.levels.map((l) => l.key);
        const expected = { rose: 0, fell: 0, same: 0, changed: [] };
        for (const item of data.items) {
          const a = levels.indexOf(item.status[String(graded.at(-2))]);
          const b = levels.indexOf(item.status[String(current)]);
          if (a < 0 || b < 0) continue;
          const change = b < a ? "rose" : b > a ? "fell" : "same";
          expected[change] += 1;
          if (change !== "same") expected.changed.push([item.number, change]);
        }
        assert.deepEqual(yoy, expected, `${plan}: this year against last`);
      }
      await planPage.close();
    }
  } finally {
    await chrome.close();
    await server.close();
  }
});

test("on a phone the print view flows, and its print button is ready at once", async () => {
  const server = await serve();
  const chrome = await browser();
  try {
    const page = await chrome.newPage({ viewport: { width: 360, height: 800 } });
    await page.goto(`${server.base}/sanyo-onoda/reform/print/`);
    await page.waitForSelector("html[data-paged=narrow]", { state: "attached" });
    const state = await page.evaluate(() => {
      const b = document.getElementById("print-button");
      const r = b.getBoundingClientRect();
      return { disabled: b.disabled, status: document.getElementById("print-status").textContent, width: r.width, height: r.height };
    });
    assert.equal(state.disabled, false);
    assert.match(state.status, /印刷するとA4のページになります/);
    assert.ok(state.height >= 44 && state.width >= 44, `a target too small to tap: ${state.width}×${state.height}`);
  } finally {
    await chrome.close();
    await server.close();
  }
});
