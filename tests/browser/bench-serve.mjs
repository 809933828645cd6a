// Measures `plansite serve` as an author feels it: the time from saving an
// item file to the `load` event of the page reloaded in the browser, over
// several edits of the item's title, on a copy of a site (the original is
// never touched).
//
//   node tests/browser/bench-serve.mjs --bin target/release/plansite --root . [--edits 7] [--item content/mine/reform/10.md]
//
// Prints each edit's time, the median, and the rebuild times the preview
// reported. Chromium from PLANSITE_CHROMIUM or /usr/bin/chromium.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    bin: { type: "string" },
    root: { type: "string" },
    edits: { type: "string", default: "7" },
    item: { type: "string" },
  },
});
if (!args.bin || !args.root) throw new Error("usage: bench-serve.mjs --bin PLANSITE --root SITE [--edits N] [--item content/…/NN.md]");
const BROWSER = process.env.PLANSITE_CHROMIUM || "/usr/bin/chromium";
if (!existsSync(BROWSER)) throw new Error(`Chromium not found at ${BROWSER}`);

/** The first item file of the site, in path order. */
async function firstItem(dir) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isFile() && e.name.endsWith(".md") && e.name !== "_index.md") return path;
    if (e.isDirectory()) {
      const found = await firstItem(path);
      if (found) return found;
    }
  }
  return null;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const work = await mkdtemp(join(tmpdir(), "plansite-bench-serve-"));
let proc, chrome;
try {
  const site = join(work, "site");
  for (const part of ["site.toml", "content", "templates", "static"]) {
    if (existsSync(join(args.root, part))) await cp(join(args.root, part), join(site, part), { recursive: true });
  }
  const item = args.item ? join(site, args.item) : await firstItem(join(site, "content"));
  const rel = relative(site, item);
  const text = await readFile(item, "utf8");
  const title = /^title = "(.*)"$/m.exec(text);
  if (!title) throw new Error(`no title line in ${rel}`);

  let stderr = "";
  const started = performance.now();
  proc = spawn(args.bin, ["serve", "--port", "0", "--root", site], {
    env: { ...process.env, PLANSITE_LANG: "en", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stderr.on("data", (d) => { stderr += d; });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once("line", resolve);
    proc.once("exit", () => reject(new Error(`serve exited:\n${stderr}`)));
  });
  const base = /http:\/\/[^ ]+\//.exec(line)[0];
  console.log(`site: ${args.root} (${rel}); first build and start: ${((performance.now() - started) / 1000).toFixed(2)} s`);

  chrome = await chromium.launch({ executablePath: BROWSER, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const page = await chrome.newPage();
  // The item's page: the one whose title is the item's, found from its plan's page.
  const [, city, plan] = rel.split(/[\\/]/);
  await page.goto(`${base}${city}/${plan}/`);
  const href = await page.evaluate((t) => [...document.querySelectorAll("a")].find((a) => a.textContent.includes(t))?.getAttribute("href"), title[1]);
  if (!href) throw new Error(`no link to "${title[1]}" on ${city}/${plan}/`);
  await page.goto(new URL(href, `${base}${city}/${plan}/`).href);
  await page.waitForFunction(() => window.WebSocket && document.readyState === "complete");
  // Let the page's socket connect before the first save.
  await new Promise((r) => setTimeout(r, 500));

  const times = [];
  for (let i = 1; i <= Number(args.edits); i++) {
    const want = `${title[1]} (edit ${i})`;
    const loaded = page.waitForEvent("load", { timeout: 120_000 });
    const t0 = performance.now();
    await writeFile(item, text.replace(title[0], `title = "${want}"`));
    await loaded;
    const ms = performance.now() - t0;
    const h1 = await page.textContent("h1");
    if (!h1.includes(want)) throw new Error(`edit ${i}: the reloaded page shows "${h1}"`);
    times.push(ms);
    console.log(`edit ${i}: ${ms.toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const rebuilds = [...stderr.matchAll(/; ([\d.]+) s$/gm)].map((m) => Number(m[1])).slice(1);
  console.log(`median from save to reloaded page: ${median(times).toFixed(0)} ms over ${times.length} edits (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  if (rebuilds.length) console.log(`median rebuild reported by serve: ${median(rebuilds).toFixed(3)} s`);
} finally {
  await chrome?.close();
  if (proc && proc.exitCode === null) {
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
  }
  await rm(work, { recursive: true, force: true });
}
