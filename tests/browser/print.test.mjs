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
