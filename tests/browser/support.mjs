// Shared by the browser tests: serve the built site on loopback and drive
// Debian's Chromium through playwright-core. Nothing here skips: a missing
// browser or site is an error.
import { createServer } from "node:http";
import { readFile, readdir, stat, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, normalize } from "node:path";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { chromium } from "playwright-core";

export const SITE = process.env.PLANSITE_SITE;
export const ARTIFACTS = process.env.PLANSITE_ARTIFACTS || join(process.cwd(), "artifacts");
const BROWSER = process.env.PLANSITE_CHROMIUM || "/usr/bin/chromium";

if (!SITE || !existsSync(join(SITE, "index.html"))) {
  throw new Error(`PLANSITE_SITE must name a built site (got ${SITE}); run the tests through cargo test`);
}
if (!existsSync(BROWSER)) {
  throw new Error(`Chromium not found at ${BROWSER}: install Debian's chromium (apt-get install chromium) or set PLANSITE_CHROMIUM`);
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
};

export async function artifacts() {
  await mkdir(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** Serves the site like a static web server: directories answer with index.html. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(SITE, path);
    if (!file.startsWith(SITE)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end(await readFile(join(SITE, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

/** Chromium as this machine allows it: headless, no sandbox as root, no background traffic. */
export async function browser() {
  return chromium.launch({
    executablePath: BROWSER,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * The served site and a browser for the tests of one file: started before
 * them, closed after them. Read `site.server` and `site.chrome` inside tests.
 */
export function useSite() {
  const site = {};
  before(async () => {
    site.server = await serve();
    site.chrome = await browser();
  });
  after(async () => {
    await site.chrome.close();
    await site.server.close();
  });
  return site;
}

/** The plans of the built site, as "city/plan" paths (each has a print view). */
export async function plans() {
  const out = [];
  for (const city of (await readdir(SITE, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const plan of (await readdir(join(SITE, city), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      if (existsSync(join(SITE, city, plan, "print", "index.html"))) out.push(`${city}/${plan}`);
    }
  }
  if (out.length === 0) throw new Error(`no plans in ${SITE}`);
  return out;
}

/**
 * Reads `read()` until it deep-equals `want`, and fails with the last value
 * read if it does not within `timeout` ms: Playwright's `expect.poll`, which
 * playwright-core lacks. What a page does after an event may land a task
 * later (plan.js filters after a form's reset in a timer; Paged.js lays
 * pages out over many), so a test waits for the state the reader would see,
 * never for a fixed time, and a slow machine only makes it wait longer.
 */
export async function eventually(read, want, message, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const got = await read();
    if (isDeepStrictEqual(got, want)) return got;
    if (Date.now() > deadline) assert.deepEqual(got, want, `${message} (still so after ${timeout} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every plan's data.json with its folder ("city/plan"), for tests that check pages against the data. */
export async function planData() {
  const out = [];
  for (const city of (await readdir(SITE, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    for (const plan of await readdir(join(SITE, city.name), { withFileTypes: true })) {
      const file = join(SITE, city.name, plan.name, "data.json");
      if (plan.isDirectory() && existsSync(file)) {
        out.push({ dir: `${city.name}/${plan.name}`, data: JSON.parse(await readFile(file, "utf8")) });
      }
    }
  }
  if (out.length < 5) throw new Error(`the demo's plans, found ${out.length} in ${SITE}`);
  return out;
}
