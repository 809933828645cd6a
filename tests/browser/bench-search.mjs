// Measures site search as a reader meets it: for each query, a fresh page
// of the built site opened from disk, the time from navigation to the
// results shown, how many results, and which index files (and how many
// bytes) the browser loaded for it; and the index's size on disk.
//
//   node tests/browser/bench-search.mjs --site /tmp/corpus-out [--query 推進 --query 市 ...]
//
// Chromium from PLANSITE_CHROMIUM or /usr/bin/chromium.
import { readdir, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: { site: { type: "string" }, query: { type: "string", multiple: true } },
});
if (!args.site) throw new Error("--site <built site> is required");
const queries = args.query || ["市", "推進", "協働", "収納率", "公共施設", "ふるさと納税", "市民サービス", "職員研修の実施"];

async function size(dir) {
  let bytes = 0, files = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const s = await size(p); bytes += s.bytes; files += s.files; }
    else { bytes += (await stat(p)).size; files++; }
  }
  return { bytes, files };
}

const index = await size(join(args.site, "search"));
console.log(`index: ${(index.bytes / 1e6).toFixed(1)} MB in ${index.files} files`);
const chrome = await chromium.launch({
  executablePath: process.env.PLANSITE_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const base = pathToFileURL(args.site + sep).href;
console.log("| query | results | ms to results (of which search) | shard files | display files | KB loaded (index + display) |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const q of queries) {
  const page = await chrome.newPage();
  const loaded = [];
  page.on("requestfinished", (r) => { if (/\/search\/(s|d)\//.test(r.url())) loaded.push(r.url()); });
  const start = Date.now();
  await page.goto(`${base}search/index.html?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /件|見つかりません/.test(document.getElementById("search-count").textContent), null, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll("#search-list li").length > 0 || /見つかりません/.test(document.getElementById("search-count").textContent));
  const ms = Date.now() - start;
  // From the page's parse being done (search.js starts then) to the results shown.
  await page.waitForFunction(() => performance.getEntriesByName("plansite-search-done").length > 0);
  const searchMs = await page.evaluate(() => Math.round(
    performance.getEntriesByName("plansite-search-done")[0].startTime - performance.getEntriesByName("plansite-search-start")[0].startTime));
  const count = await page.$eval("#search-count", (e) => e.textContent);
  let bytes = 0;
  for (const u of loaded) bytes += (await stat(fileURLToPath(u))).size;
  const shards = loaded.filter((u) => u.includes("/search/s/")).length;
  const blocks = loaded.filter((u) => u.includes("/search/d/")).length;
  console.log(`| ${q} | ${count.replace(/.*: /, "")} | ${ms} (${searchMs}) | ${shards} | ${blocks} | ${(bytes / 1024).toFixed(0)} |`);
  await page.close();
}
await chrome.close();
